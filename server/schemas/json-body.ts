import type { FieldIssue } from '../problem.ts'

/** Deepest nesting of arrays and objects a body may have: a MultiPolygon Feature needs 6. */
export const maxBodyDepth = 12
/** Keys that could reach an object's prototype when a body is merged or assigned. */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype'])

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// NUL and the C0 controls other than tab, line feed and carriage return.
const controlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/

function textIssue(text: string, path: string): FieldIssue | undefined {
  if (controlChar.test(text)) return { path, code: 'INVALID_CHARACTER' }
  if (loneSurrogate.test(text)) return { path, code: 'INVALID_UNICODE' }
  return undefined
}

/**
 * Walks a parsed JSON body without recursion (a 20,000-deep body must not overflow the stack) and finds
 * what no handler should ever see: nesting deeper than maxBodyDepth, prototype keys, NUL and other control
 * characters, lone surrogates. Returns 'too-deep' at once for nesting, else the issues found.
 */
export function scanJsonBody(body: unknown): 'too-deep' | FieldIssue[] {
  const issues: FieldIssue[] = []
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }]
  while (stack.length) {
    const { value, path, depth } = stack.pop()!
    if (typeof value === 'string') {
      const issue = textIssue(value, path || '(body)')
      if (issue) issues.push(issue)
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth + 1 > maxBodyDepth) return 'too-deep'
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 })
      continue
    }
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key
      if (forbiddenKeys.has(key)) {
        issues.push({ path: keyPath, code: 'FORBIDDEN_KEY', params: { name: key } })
        continue
      }
      const keyIssue = textIssue(key, keyPath)
      if (keyIssue) issues.push(keyIssue)
      stack.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 })
    }
    if (issues.length > 20) break
  }
  return issues
}
