import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintSqlFiles, repoRoot, tsFilesUnder } from '../lint/sql-lint.ts'
import { sqlName, sqlNames, sqlText, withSqlNames } from '../../server/db/sql-text.ts'

const fixtures = path.join(repoRoot, 'tests/fixtures/sql-lint')

describe('P8 lint: no SQL built at run time', () => {
  it('finds no SQL text built by concatenation or substitution anywhere in server/', () => {
    const findings = lintSqlFiles(tsFilesUnder(path.join(repoRoot, 'server')), repoRoot)
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.text}`)).toEqual([])
  }, 60_000) // parsing 180 files takes about 2 s on an idle core, far longer on a busy one

  for (const file of tsFilesUnder(path.join(fixtures, 'bad'))) {
    const expected = /^\/\/ expect: ([a-z-]+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]
    it(`fails on the planted example ${path.basename(file)} with ${expected}`, () => {
      const rules = lintSqlFiles([file], repoRoot).map((f) => f.rule)
      expect(rules).toContain(expected)
    })
  }

  it('lets bound parameters, allow-listed names through sqlText, and RegExp#exec pass', () => {
    expect(lintSqlFiles(tsFilesUnder(path.join(fixtures, 'good')), repoRoot)).toEqual([])
  })
})

describe('sqlText: only allow-listed names enter SQL text', () => {
  it('splices a listed name and refuses an unlisted one, or one that could carry a quote', () => {
    expect(sqlText`ORDER BY ${sqlName('code', ['code', 'area_m2'])}`).toBe('ORDER BY code')
    expect(() => sqlName("code; DROP TABLE parcels--", ['code'])).toThrow(/not allowed/)
    expect(() => sqlName("x' OR '1'='1", /^x.*$/)).toThrow(/not allowed/)
    expect(() => sqlName('bulk_import_rows_7 ', /^bulk_import_rows_\d+/)).toThrow(/not allowed/)
    expect(sqlText`COPY ${sqlName('bulk_import_rows_7', /^bulk_import_rows_\d+$/)} (${sqlNames(['a', 'b'], ['a', 'b'])})`).toBe('COPY bulk_import_rows_7 (a, b)')
    expect(withSqlNames('SELECT 1 FROM {rows} WHERE x = \'{a,b}\'', { rows: sqlName('bulk_import_rows_3', /^bulk_import_rows_\d+$/) }))
      .toBe("SELECT 1 FROM bulk_import_rows_3 WHERE x = '{a,b}'")
  })
})
