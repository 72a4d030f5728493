import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../lint/sql-lint.ts'

// hostile-inputs W01: names, codes and notes are user input. The client puts text into the page only as text:
// Svelte's {expression} (escaped), textContent, MapLibre's setText/setDOMContent; never {@html}, MapLibre's
// Popup.setHTML (which "does not perform HTML filtering"), or the DOM's HTML sinks. The CSP (script-src 'self',
// tests/api/security-headers.test.ts) is the second line; tests/e2e/parcel-tiles.e2e.test.ts shows a parcel
// owner written as markup and fails on any dialog.

/** The ways to turn a string into markup, by what they look like in source. */
const htmlSinks: [RegExp, string][] = [
  [/\{@html\b/, 'Svelte {@html}'],
  [/\.setHTML\s*\(/, 'MapLibre Popup.setHTML'],
  [/\.(?:inner|outer)HTML\b/, 'innerHTML/outerHTML'],
  [/\binsertAdjacentHTML\s*\(/, 'insertAdjacentHTML'],
  [/\bdocument\.write(?:ln)?\s*\(/, 'document.write'],
  [/\bcreateContextualFragment\s*\(/, 'Range.createContextualFragment'],
  [/\bparseFromString\s*\([^)]*text\/html/, 'DOMParser text/html'],
]

function clientFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : clientFiles(p)
    return /\.(svelte|ts|js|html)$/.test(e.name) ? [p] : []
  })
}

function sinksIn(file: string, source: string): string[] {
  return source.split('\n').flatMap((line, i) =>
    htmlSinks.filter(([re]) => re.test(line)).map(([, what]) => `${path.relative(repoRoot, file)}:${i + 1}: ${what}: ${line.trim().slice(0, 80)}`))
}

describe('W01: the client never renders data as HTML', () => {
  it('has no {@html}, setHTML, innerHTML, insertAdjacentHTML or document.write in client/', () => {
    const files = clientFiles(path.join(repoRoot, 'client'))
    expect(files.length).toBeGreaterThan(100)
    expect(files.flatMap((f) => sinksIn(f, fs.readFileSync(f, 'utf8')))).toEqual([])
  })

  it('finds each planted sink', () => {
    const planted = ['<p>{@html parcel.owner}</p>', 'new Popup().setHTML(`<b>${code}</b>`)', 'el.innerHTML = name', "el.insertAdjacentHTML('beforeend', s)", 'document.write(s)']
    for (const line of planted) expect(sinksIn('x.svelte', line), line).toHaveLength(1)
    expect(sinksIn('x.svelte', '<dd>{p.owner}</dd> el.textContent = name; popup.setDOMContent(el)')).toEqual([])
  })
})
