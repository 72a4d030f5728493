import { describe, expect, it } from 'vitest'
import { issueCodes, issueMessage, hints, type IssueCode } from '../../server/domain/issue-codes.ts'

describe('issue codes', () => {
  it('every code has a zh-CN and an en message with the same placeholders', () => {
    for (const [code, entry] of Object.entries(issueCodes)) {
      expect(entry.zh.length, code).toBeGreaterThan(0)
      expect(entry.en.length, code).toBeGreaterThan(0)
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(names(entry.zh), code).toEqual(names(entry.en))
      expect(entry.status, code).toBeGreaterThanOrEqual(400)
    }
  })

  it('fills placeholders, including hints that differ by language', () => {
    expect(issueMessage('FIELD_TOO_LONG', 'en', { max: 64 })).toBe('This field is too long (limit 64 characters).')
    expect(issueMessage('GEOM_COORD_OUT_OF_RANGE', 'zh-CN', { hint: hints.axisOrder })).toContain('经纬度顺序颠倒')
    expect(issueMessage('GEOM_COORD_OUT_OF_RANGE', 'en')).not.toContain('{hint}')
  })

  it('uses the statuses of hostile-inputs.md', () => {
    const status = (c: IssueCode) => issueCodes[c].status
    expect([status('MALFORMED_JSON'), status('BODY_TOO_LARGE'), status('UNSUPPORTED_MEDIA_TYPE'), status('GEOM_SELF_INTERSECTION'),
      status('PARCEL_OVERLAP'), status('PRECONDITION_FAILED'), status('PRECONDITION_REQUIRED'), status('DB_UNAVAILABLE')])
      .toEqual([400, 413, 415, 422, 409, 412, 428, 503])
  })
})
