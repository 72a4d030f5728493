import { describe, expect, it } from 'vitest'
import { issueCodes, issueMessage } from '../../server/domain/issue-codes.ts'
import { en } from '../../client/i18n/en.ts'
import { zhCN } from '../../client/i18n/zh-CN.ts'
import { validateGeometry, type GeometryIssueCode } from '../../client/edit/validations/index.ts'
import { validationFixtures } from '../helpers/edit-fixtures.ts'

// The live hint while drawing: the code of the first fault the server would refuse, in its order, marked where it
// is. The same fixtures run against zd_geometry_issues in tests/db/edit-validations.test.ts.
describe('validateGeometry', () => {
  for (const f of validationFixtures()) {
    it(`${f.code ? `finds ${f.code}` : 'finds nothing'} in ${f.name}`, () => {
      const issues = validateGeometry(f.geometry)
      if (!f.code) {
        expect(issues).toEqual([])
        return
      }
      expect(issues.length).toBeGreaterThan(0)
      expect(new Set(issues.map((i) => i.code))).toEqual(new Set([f.code]))
      if (f.at) {
        const marked = issues.map((i) => i.at!)
        expect(marked.some((p) => Math.abs(p[0] - f.at![0]) < 1e-12 && Math.abs(p[1] - f.at![1]) < 1e-12), JSON.stringify(marked)).toBe(true)
      }
    })
  }

  it('marks each crossing of a ring that crosses itself twice once', () => {
    const zigzag = {
      type: 'Polygon' as const,
      coordinates: [[[110, 27.55], [110.003, 27.55], [110.003, 27.551], [110.002, 27.549], [110.001, 27.551], [110, 27.549], [110, 27.55]]],
    }
    const issues = validateGeometry(zigzag)
    expect(issues.every((i) => i.code === 'GEOM_SELF_INTERSECTION')).toBe(true)
    expect(issues.length).toBeGreaterThanOrEqual(2)
    expect(new Set(issues.map((i) => String(i.at))).size).toBe(issues.length)
  })

  it('finds nothing without a geometry', () => {
    expect(validateGeometry(null)).toEqual([])
  })
})

describe('the hint texts', () => {
  const codes: GeometryIssueCode[] = [
    'GEOM_TOO_FEW_POINTS', 'GEOM_DEGENERATE', 'GEOM_RING_SELF_INTERSECTION', 'GEOM_SELF_INTERSECTION',
    'GEOM_MULTIPART_OVERLAP', 'GEOM_MULTIPART_TOUCHING', 'GEOM_AREA_TOO_SMALL',
  ]
  it('are the server’s own messages for the same codes, in both languages', () => {
    for (const code of codes) {
      expect(code in issueCodes).toBe(true)
      expect(zhCN[`issue.${code}`]).toBe(issueMessage(code, 'zh-CN'))
      expect(en[`issue.${code}`]).toBe(issueMessage(code, 'en'))
    }
  })
})
