import { describe, expect, it } from 'vitest'
import type { AuditFinding, FindingDecision } from '../../client/api/audits.ts'
import {
  blockingCount,
  codesOf,
  decisionReason,
  emptyFilter,
  findingStatus,
  matchesFilter,
  nextSort,
  severityCounts,
  sortFindings,
  tableRows,
  type TableContext,
} from '../../client/panels/audit/finding-table.ts'
import { isIsoDate, yearPeriod } from '../../client/panels/audit/period.ts'
import { auditFindingFeatures, auditKindsPresent } from '../../client/map/audit-layers.ts'

// The audit workbench's table without the DOM: what each filter keeps, how each column sorts (ties in the
// server's order, so the order never depends on the sort), the counts above the table, which findings block a
// sign-off, and what the map draws for a finding.

function finding(code: string, severity: AuditFinding['severity'], subject: string, parcels: number[], extra: Partial<AuditFinding> = {}): AuditFinding {
  return {
    code,
    severity,
    key: `${code}:${subject}`,
    project_id: 1,
    parcels,
    records: [],
    params: {},
    message: { zh: `${code} 的说明`, en: `${code} message` },
    decision: null,
    ...extra,
  }
}

const decided = (decision: FindingDecision['decision'], reason: string): FindingDecision => ({
  decision,
  reason,
  decided_by: 'auditor',
  decided_at: '2026-11-26T01:00:00Z',
})

const areaError = finding('AREA_CLAIM_EXCEEDS_TOLERANCE', 'error', 'parcel:12', [12], {
  message: { zh: '地块 ZQL-012 申报 9.275 亩，超出限差', en: 'Parcel ZQL-012 claims 9.275 mu, beyond the tolerance' },
})
const basisInfo = finding('AREA_BASIS_DIFFERENCE', 'info', 'parcel:3', [3], {
  message: { zh: '地块 ZQL-003 口径差异', en: 'Parcel ZQL-003 basis difference' },
})
const overlap = finding('PARCEL_OVERLAP_IN_PROJECT', 'error', 'parcels:4,9', [4, 9], {
  decision: decided('accepted', '已现场核实，边界以测绘为准'),
})
const gap = finding('PARCEL_GAP_IN_PROJECT', 'warning', 'parcels:5,6', [5, 6], {
  decision: decided('returned', 'Please redraw the shared edge'),
})
const persons = finding('RESETTLED_PERSONS_MISMATCH', 'error', 'household:3', [])
const all = [basisInfo, gap, persons, overlap, areaError]

const codes: Record<number, string> = { 3: 'ZQL-003', 4: 'ZQL-004', 5: 'ZQL-005', 6: 'ZQL-006', 9: 'ZQL-009', 12: 'ZQL-012' }
const zh: TableContext = { lang: 'zh', parcelCode: (id) => codes[id] ?? null }
const en: TableContext = { ...zh, lang: 'en' }

const keys = (list: readonly AuditFinding[]) => list.map((f) => f.key)

describe('the audit finding table', () => {
  it('calls a finding open until it has a decision, then by the decision', () => {
    expect(findingStatus(areaError)).toBe('open')
    expect(findingStatus(overlap)).toBe('accepted')
    expect(findingStatus(gap)).toBe('returned')
  })

  it('filters by severity, code and status, each alone and together', () => {
    expect(keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, severity: 'error' }, zh)))).toEqual([persons.key, overlap.key, areaError.key])
    expect(keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, code: 'AREA_BASIS_DIFFERENCE' }, zh)))).toEqual([basisInfo.key])
    expect(keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, status: 'returned' }, zh)))).toEqual([gap.key])
    expect(keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, status: 'open' }, zh)))).toEqual([basisInfo.key, persons.key, areaError.key])
    expect(keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, severity: 'error', status: 'accepted' }, zh)))).toEqual([overlap.key])
  })

  it('searches the message in the UI language, the code, the parcel codes and the decision reason, every term', () => {
    const search = (text: string, ctx = zh) => keys(all.filter((f) => matchesFilter(f, { ...emptyFilter, text }, ctx)))
    expect(search('超出限差')).toEqual([areaError.key])
    expect(search('beyond')).toEqual([])
    expect(search('beyond', en)).toEqual([areaError.key])
    expect(search('zql-009')).toEqual([overlap.key])
    expect(search('ＺＱＬ－００９')).toEqual([overlap.key]) // full-width forms fold to ASCII
    expect(search('现场核实')).toEqual([overlap.key])
    expect(search('gap redraw')).toEqual([gap.key])
    expect(search('gap overlap')).toEqual([])
    expect(search('   ')).toEqual(keys(all))
  })

  it('sorts by each column both ways, ties in severity-then-code order', () => {
    expect(keys(sortFindings(all, { column: 'severity', direction: 'asc' }, zh))).toEqual([
      areaError.key, overlap.key, persons.key, gap.key, basisInfo.key,
    ])
    expect(keys(sortFindings(all, { column: 'severity', direction: 'desc' }, zh))).toEqual([
      basisInfo.key, gap.key, areaError.key, overlap.key, persons.key,
    ])
    expect(keys(sortFindings(all, { column: 'code', direction: 'asc' }, zh)).map((k) => k.split(':')[0])).toEqual([
      'AREA_BASIS_DIFFERENCE', 'AREA_CLAIM_EXCEEDS_TOLERANCE', 'PARCEL_GAP_IN_PROJECT', 'PARCEL_OVERLAP_IN_PROJECT', 'RESETTLED_PERSONS_MISMATCH',
    ])
    // Parcels by their codes; a finding without parcels last going up, first going down.
    expect(keys(sortFindings(all, { column: 'parcels', direction: 'asc' }, zh))).toEqual([
      basisInfo.key, overlap.key, gap.key, areaError.key, persons.key,
    ])
    expect(keys(sortFindings(all, { column: 'parcels', direction: 'desc' }, zh))[0]).toBe(persons.key)
    // Open first, then returned, then accepted; open ones in the server's order.
    expect(keys(sortFindings(all, { column: 'status', direction: 'asc' }, zh))).toEqual([
      areaError.key, persons.key, basisInfo.key, gap.key, overlap.key,
    ])
    // The message in the UI language, numbers in their numeric order (ZQL-003 before ZQL-012).
    const messages = (ctx: TableContext) => keys(sortFindings([areaError, basisInfo], { column: 'message', direction: 'asc' }, ctx))
    expect(messages(en)).toEqual([basisInfo.key, areaError.key])
    expect(keys(sortFindings(all, { column: 'message', direction: 'desc' }, zh))).toEqual(
      keys(sortFindings(all, { column: 'message', direction: 'asc' }, zh)).reverse(),
    )
  })

  it('does not change the list it sorts, and turns the direction round on a second click', () => {
    const before = keys(all)
    sortFindings(all, { column: 'code', direction: 'desc' }, zh)
    expect(keys(all)).toEqual(before)
    expect(nextSort({ column: 'code', direction: 'asc' }, 'code')).toEqual({ column: 'code', direction: 'desc' })
    expect(nextSort({ column: 'code', direction: 'desc' }, 'status')).toEqual({ column: 'status', direction: 'asc' })
  })

  it('filters then sorts', () => {
    const rows = tableRows(all, { ...emptyFilter, severity: 'error' }, { column: 'parcels', direction: 'asc' }, zh)
    expect(keys(rows)).toEqual([overlap.key, areaError.key, persons.key])
  })

  it('counts findings per severity, all and open', () => {
    expect(severityCounts(all)).toEqual({ error: { total: 3, open: 2 }, warning: { total: 1, open: 0 }, info: { total: 1, open: 1 } })
    expect(severityCounts([])).toEqual({ error: { total: 0, open: 0 }, warning: { total: 0, open: 0 }, info: { total: 0, open: 0 } })
    expect(codesOf(all)).toEqual([...new Set(all.map((f) => f.code))].sort())
  })

  it('blocks a sign-off with every error or warning not accepted, returned ones included, never with an info', () => {
    expect(blockingCount(all)).toBe(3) // areaError, persons (open) and gap (returned)
    expect(blockingCount([basisInfo, overlap])).toBe(0)
  })

  it('takes a decision reason trimmed and refuses one that is only blanks', () => {
    expect(decisionReason('  已核实  \n')).toBe('已核实')
    expect(decisionReason(' \t\n ')).toBeNull()
    expect(decisionReason('')).toBeNull()
  })
})

describe('the audit report period', () => {
  it('spans a whole year and accepts only real dates', () => {
    expect(yearPeriod(2021)).toEqual({ from: '2021-01-01', to: '2021-12-31' })
    expect(isIsoDate('2021-02-28')).toBe(true)
    expect(isIsoDate('2021-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2021-13-01')).toBe(false)
    expect(isIsoDate('2021-1-01')).toBe(false)
    expect(isIsoDate('')).toBe(false)
  })
})

describe('what the map draws for a finding', () => {
  const square = (x: number): GeoJSON.MultiPolygon => ({
    type: 'MultiPolygon',
    coordinates: [[[[x, 27.5], [x + 0.001, 27.5], [x + 0.001, 27.501], [x, 27.501], [x, 27.5]]]],
  })

  it('draws each parcel measured and each shape in its kind, all in the finding severity', () => {
    const features = auditFindingFeatures(
      {
        severity: 'error',
        shapes: [
          { kind: 'claimed_outline', geometry: square(110.0002) },
          { kind: 'overlap', geometry: square(110.0005) },
        ],
      },
      [{ id: 12, geometry: square(110) }, { id: 13, geometry: null }],
    )
    expect(features.map((f) => [f.properties.kind, f.properties.severity, f.properties.parcel_id])).toEqual([
      ['measured', 'error', 12],
      ['claimed_outline', 'error', null],
      ['overlap', 'error', null],
    ])
    expect(auditKindsPresent(features)).toEqual(['measured', 'claimed_outline', 'overlap'])
  })

  it('draws nothing for a finding without parcels or shapes', () => {
    expect(auditFindingFeatures({ severity: 'warning' }, [])).toEqual([])
  })
})
