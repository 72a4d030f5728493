import { issueCodes, issueMessage, type IssueCode, type Lang } from './domain/issue-codes.ts'

/** One fault in a request body: where it is, its stable code, and for geometry where on the map. */
export interface FieldIssue {
  path: string
  code: IssueCode
  params?: Record<string, unknown>
  /** [lon, lat] of a geometry fault such as a self-intersection. */
  at?: [number, number]
}

/**
 * An error that becomes an RFC 9457 problem+json answer. Thrown anywhere below a handler; the error
 * middleware in app.ts renders it in the caller's language.
 */
export class Problem extends Error {
  readonly status: number
  constructor(
    readonly code: IssueCode,
    readonly params: Record<string, unknown> = {},
    readonly errors: FieldIssue[] = [],
    /** Extension members, e.g. conflicts of a 409. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code)
    this.status = issueCodes[code].status
  }
}

/** A 422 listing the faults found in a body. */
export function invalid(errors: FieldIssue[]): Problem {
  const first = errors[0]
  // One geometry fault answers with its own code (G01…G41 in hostile-inputs.md), several with VALIDATION_FAILED.
  if (errors.length === 1 && first) return new Problem(first.code, first.params ?? {}, errors)
  return new Problem('VALIDATION_FAILED', {}, errors)
}

export function renderProblem(p: Problem, lang: Lang, instance: string) {
  return {
    type: `https://zhengdi.example/problems/${p.code.toLowerCase().replace(/_/g, '-')}`,
    title: issueMessage(p.code, lang, p.params),
    status: p.status,
    detail: p.errors.length
      ? p.errors.map((e) => `${e.path}: ${issueMessage(e.code, lang, e.params)}`).join('；')
      : issueMessage(p.code, lang, p.params),
    code: p.code,
    instance,
    messages: { 'zh-CN': issueMessage(p.code, 'zh-CN', p.params), en: issueMessage(p.code, 'en', p.params) },
    ...(p.errors.length
      ? {
          errors: p.errors.map((e) => ({
            path: e.path,
            code: e.code,
            message: issueMessage(e.code, lang, e.params),
            ...(e.at ? { at: e.at } : {}),
          })),
        }
      : {}),
    ...p.extra,
  }
}
