import geographiclib from 'geographiclib-geodesic'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadOfficeFacts, loadRecordFacts } from '../../server/db/audit-record-facts.ts'
import type { Database, Queryable } from '../../server/db/database.ts'
import { auditMessage } from '../../server/domain/audit/codes.ts'
import { runOfficeRules, runRecordRules } from '../../server/domain/audit/record-rules.ts'
import { square } from '../helpers/fixtures.ts'
import { asOwner, resetData, testDb, tolerateViolations } from '../helpers/test-db.ts'

// The facts of the record rules from the real database, and the findings the rules make of them. Areas are checked
// against GeographicLib on the CGCS2000 (GRS80) ellipsoid, money against sums worked out here by hand.
const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

function geographicLibArea(ring: [number, number][]): number {
  const poly = new geographiclib.PolygonArea.PolygonArea(grs80, false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}

const rect = (lon: number, lat: number, w: number, h: number): [number, number][] =>
  [[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]

let db: Database
let p1: number
let p2: number
let p3: number

beforeAll(async () => {
  db = await testDb()
})
beforeEach(async () => {
  await resetData(db)
  const rows = await db.query<{ id: number }>(
    "INSERT INTO projects (code, name) VALUES ('A', '稽核甲'), ('B', '稽核乙'), ('C', '稽核丙') RETURNING id")
  ;[p1, p2, p3] = rows.map((r) => r.id) as [number, number, number]
})

/** Runs fn in a transaction with an actor for the history triggers, as the handlers do. */
function as<T>(actor: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('zd.actor', $1, true), set_config('zd.reason', '', true)", [actor])
    return fn(tx)
  })
}

async function parcel(project: number, code: string, ring: [number, number][], landClass: string) {
  return as('planner', async (tx) => {
    const [r] = await tx.query<{ id: number }>(
      `INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
       VALUES ($1, $2, $3, '盈口乡炉天冲村三组', zd_geometry_from_geojson($4), 'planner') RETURNING id`,
      [project, code, landClass, JSON.stringify({ type: 'Polygon', coordinates: [ring] })])
    return r!.id
  })
}

async function farmland(name: string, ring: [number, number][]) {
  await db.query("INSERT INTO basic_farmland (name, geom) VALUES ($1, zd_geometry_from_geojson($2))",
    [name, JSON.stringify({ type: 'Polygon', coordinates: [ring] })])
}

async function batch(project: number, code: string, declared: 'province' | 'state_council', parcelIds: number[]) {
  return as('planner', async (tx) => {
    const [b] = await tx.query<{ id: number }>(
      'INSERT INTO approval_batches (project_id, code, name, declared_authority, updated_by) VALUES ($1, $2, $3, $4, \'planner\') RETURNING id',
      [project, code, `批次 ${code}`, declared])
    await tx.query('INSERT INTO approval_batch_parcels (batch_id, parcel_id) SELECT $1, unnest($2::int[])', [b!.id, parcelIds])
    return b!.id
  })
}

/** A household with `members` members of whom `flagged` are resettled, a resettlement of `persons` (or none), an agreement. */
async function household(project: number, parcelId: number, members: number, flagged: number, persons: number | null,
  agreement: 'signed' | 'unsigned' | 'none') {
  return as('planner', async (tx) => {
    const [h] = await tx.query<{ id: number }>(
      "INSERT INTO households (project_id, head_name, village_group, updated_by) VALUES ($1, '张美玉', '炉天冲村三组', 'planner') RETURNING id", [project])
    const id = h!.id
    for (let i = 0; i < members; i++) {
      await tx.query("INSERT INTO household_members (household_id, position, name, relation, is_resettled) VALUES ($1, $2, $3, $4, $5)",
        [id, i, `成员${i}`, i === 0 ? '户主' : '子女', i < flagged])
    }
    await tx.query('INSERT INTO household_parcels (household_id, parcel_id) VALUES ($1, $2)', [id, parcelId])
    if (persons !== null) {
      await tx.query("INSERT INTO resettlements (project_id, household_id, persons, method, updated_by) VALUES ($1, $2, $3, 'cash', 'planner')", [project, id, persons])
    }
    if (agreement !== 'none') {
      await tx.query("INSERT INTO agreements (project_id, household_id, number, signed_on, updated_by) VALUES ($1, $2, $3, $4, 'planner')",
        [project, id, `XY-${id}`, agreement === 'signed' ? '2021-05-01' : null])
    }
    return id
  })
}

async function manualItem(project: number, itemType: string, unit: string, quantity: string, rate: string | null, amount: string, parcelId: number | null = null) {
  return as('finance', async (tx) => {
    const [c] = await tx.query<{ id: number }>(
      `INSERT INTO compensation_items (project_id, item_type, origin, parcel_id, quantity, unit, rate_yuan, amount_yuan, updated_by)
       VALUES ($1, $2, 'manual', $3, $4, $5, $6, $7, 'finance') RETURNING id`,
      [project, itemType, parcelId, quantity, unit, rate, amount])
    return c!.id
  })
}

async function deposit(project: number, yuan: string, at: string) {
  const [e] = await db.query<{ id: number }>(
    "INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by, entered_at) VALUES ($1, 'deposit', $2, '用地单位', 'finance', $3) RETURNING id",
    [project, yuan, at])
  return e!.id
}

/** A disbursement through the ledger's own rules: requested by finance, approved by auditor, entered and executed at `at`. */
async function disburse(project: number, part: string, yuan: string, at: string) {
  const [r] = await db.query<{ id: number }>(
    "INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by, requested_at) VALUES ($1, $2, $3, 'finance', $4::timestamptz - interval '5 days') RETURNING id",
    [project, part, yuan, at])
  await db.query("UPDATE disbursement_requests SET status = 'approved', decided_by = 'auditor', decided_at = $2::timestamptz - interval '3 days' WHERE id = $1", [r!.id, at])
  const [e] = await db.query<{ id: number }>(
    "INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by, entered_at) VALUES ($1, 'disbursement', $2, $3, $4, 'finance', $5) RETURNING id",
    [project, part, yuan, r!.id, at])
  await db.query("UPDATE disbursement_requests SET status = 'executed', executed_by = 'finance', executed_at = $2 WHERE id = $1", [r!.id, at])
  return e!.id
}

async function reported(project: number | null, start: string, end: string, figure: string, yuan: string, source = '怀化市征收事务中心2021年绩效自评报告') {
  await db.query(
    "INSERT INTO reported_figures (project_id, period_start, period_end, figure, stated_yuan, source, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'auditor')",
    [project, start, end, figure, yuan, source])
}

describe('record facts and findings on the real database', () => {
  it('compares resettled persons with the flagged members and finds households without a signed agreement', async () => {
    const parcelId = await parcel(p1, 'H-1', square(110.0, 27.5), '0702')
    const three = await household(p1, parcelId, 3, 2, 3, 'signed') // resettles 3, 2 flagged
    const unsigned = await household(p1, parcelId, 4, 2, 2, 'unsigned') // 4 members, 2 flagged, 2 resettled: consistent
    const none = await household(p1, parcelId, 2, 0, null, 'none') // no resettlement, nobody flagged: consistent

    const facts = await loadRecordFacts(db, p1)
    expect(facts.households).toEqual([
      { id: three, village_group: '炉天冲村三组', parcel_ids: [parcelId], parcel_codes: ['H-1'], persons: 3, resettlement_id: expect.any(Number), members: 3, flagged: 2, agreement_id: expect.any(Number), agreement_number: `XY-${three}`, agreement_signed: true },
      { id: unsigned, village_group: '炉天冲村三组', parcel_ids: [parcelId], parcel_codes: ['H-1'], persons: 2, resettlement_id: expect.any(Number), members: 4, flagged: 2, agreement_id: expect.any(Number), agreement_number: `XY-${unsigned}`, agreement_signed: false },
      { id: none, village_group: '炉天冲村三组', parcel_ids: [parcelId], parcel_codes: ['H-1'], persons: null, resettlement_id: null, members: 2, flagged: 0, agreement_id: null, agreement_number: null, agreement_signed: false },
    ])
    const findings = runRecordRules(facts)
    expect(findings.map((f) => f.key)).toEqual([
      `RESETTLED_PERSONS_MISMATCH:household:${three}`,
      `HOUSEHOLD_WITHOUT_AGREEMENT:household:${unsigned}`,
      `HOUSEHOLD_WITHOUT_AGREEMENT:household:${none}`,
    ])
    expect(auditMessage(findings[0]!.code, findings[0]!.params, 'zh')).toBe(
      `被征收户 #${three}（地块 H-1）安置人口 3 人，标记为安置的成员 2 人（成员共 3 人），相差 +1 人。`)
    expect(findings[0]!.parcels).toEqual([parcelId])
  })

  it('recomputes quantity × rate in numeric and finds wrong amounts and rate-bound items without a rate', async () => {
    const parcelId = await parcel(p1, 'C-1', square(110.0, 27.5), '0103')
    const wrong = await manualItem(p1, 'land', 'mu', '2.3455', '48000.00', '112594.00', parcelId) // 112584.00 + 10.00
    const halfFen = await manualItem(p1, 'house', 'm2', '12.5000', '10.01', '125.12') // 125.125 → 125.13
    await manualItem(p1, 'house', 'm2', '12.5000', '10.01', '125.13') // right: not a fact
    const noRate = await manualItem(p1, 'land', 'mu', '1.0000', null, '5000.00', parcelId)
    const lumpSum = await manualItem(p1, 'house', 'm2', '218.5000', null, '350000.00') // an appraised house: no finding

    const facts = await loadRecordFacts(db, p1)
    expect(facts.compensation_items.map((c) => [c.id, c.rate_yuan, c.amount_yuan, c.expected_yuan, c.difference_yuan])).toEqual([
      [wrong, '48000.00', '112594.00', '112584.00', '10.00'],
      [halfFen, '10.01', '125.12', '125.13', '-0.01'],
      [noRate, null, '5000.00', null, null],
      [lumpSum, null, '350000.00', null, null],
    ])
    const findings = runRecordRules(facts)
    expect(findings.map((f) => f.key)).toEqual([
      `COMPENSATION_ITEM_WITHOUT_RATE:compensation_item:${noRate}`,
      `COMPENSATION_AMOUNT_MISMATCH:compensation_item:${wrong}`,
      `COMPENSATION_AMOUNT_MISMATCH:compensation_item:${halfFen}`,
    ])
    expect(auditMessage(findings[1]!.code, findings[1]!.params, 'zh')).toBe(
      `补偿项 #${wrong}（土地补偿费）金额 112594.00 元，而数量 2.3455 亩 × 单价 48000.00 元 = 112584.00 元，相差 +10.00 元（+0.001 万元）。`)
  })

  it('weighs approval batches by Art. 46: 1 m² of basic farmland or 530 mu of 旱地 need the State Council, 524 mu does not', async () => {
    const paddy = square(110.0, 27.5) // 0101, its north-east corner 1 m² inside basic farmland
    const forest = square(110.002, 27.5) // 0301
    const a = await parcel(p1, 'A-1', paddy, '0101')
    const b = await parcel(p1, 'A-2', forest, '0301')
    const corner = rect(110.001 - 0.00001013, 27.501 - 0.00000902, 0.0005, 0.0005)
    await farmland('永久基本农田 1', corner)
    const dry530 = rect(110.02, 27.52, 0.006, 0.00538184) // 530.25 mu by GeographicLib
    const dry524 = rect(110.03, 27.52, 0.006, 0.00532094) // 524.25 mu
    const c = await parcel(p1, 'A-3', dry530, '0103')
    const d = await parcel(p1, 'A-4', dry524, '0103')
    const edge = square(110.01, 27.5)
    const e = await parcel(p1, 'A-5', edge, '0101')
    await farmland('永久基本农田 2', square(110.011, 27.5)) // shares the east edge of A-5 only
    const b1 = await batch(p1, 'PB-1', 'province', [a, b])
    const b2 = await batch(p1, 'PB-2', 'province', [c])
    const b3 = await batch(p1, 'PB-3', 'province', [d])
    const b4 = await batch(p1, 'PB-4', 'province', [e])
    const b5 = await batch(p1, 'PB-5', 'state_council', [d])

    const facts = await loadRecordFacts(db, p1)
    const byCode = Object.fromEntries(facts.batches.map((x) => [x.code, x]))
    const overlap = geographicLibArea(rect(110.001 - 0.00001013, 27.501 - 0.00000902, 0.00001013, 0.00000902))
    expect(overlap).toBeGreaterThan(0.995)
    expect(overlap).toBeLessThan(1.005)
    expect(byCode['PB-1']!.basic_farmland_m2).toBe('1.00')
    expect(Math.abs(Number(byCode['PB-1']!.cultivated_m2) - (geographicLibArea(paddy) - overlap))).toBeLessThan(0.02)
    expect(Math.abs(Number(byCode['PB-1']!.other_m2) - geographicLibArea(forest))).toBeLessThan(0.02)
    expect(byCode['PB-1']!.parcel_ids).toEqual([a, b].sort((x, y) => x - y))
    expect(byCode['PB-1']!.basic_farmland_geometry?.type).toBe('Polygon')
    expect(Math.abs(Number(byCode['PB-2']!.cultivated_m2) - geographicLibArea(dry530))).toBeLessThan(0.05)
    expect(Number(byCode['PB-2']!.cultivated_m2)).toBeGreaterThan(350000)
    expect(Math.abs(Number(byCode['PB-3']!.cultivated_m2) - geographicLibArea(dry524))).toBeLessThan(0.05)
    expect(Number(byCode['PB-3']!.cultivated_m2)).toBeLessThan(350000)
    expect(byCode['PB-4']!).toMatchObject({ basic_farmland_m2: '0.00', basic_farmland_geometry: null })

    const findings = runRecordRules(facts)
    expect(findings.map((f) => [f.key, f.params.clauses ?? ''])).toEqual([
      [`APPROVAL_AUTHORITY_MISMATCH:batch:${b1}`, 'basic_farmland'],
      [`APPROVAL_AUTHORITY_MISMATCH:batch:${b2}`, 'cultivated_over_35ha'],
      [`APPROVAL_AUTHORITY_HIGHER_THAN_NEEDED:batch:${b5}`, ''],
    ])
    expect(findings.some((f) => f.key.endsWith(`batch:${b3}`) || f.key.endsWith(`batch:${b4}`))).toBe(false)
    expect(findings[0]!.shapes?.[0]?.kind).toBe('overlap')
    expect(findings[1]!.params.cultivated_mu).toBe('530.250')
    expect(auditMessage(findings[1]!.code, findings[1]!.params, 'zh')).toContain('第一款第（二）项')
  })

  it('finds the office report 3.26 yuan off its own parts, which agree with the ledger of all projects in Beijing-time 2021', async () => {
    // Project 1: opening deposit in 2020, 110 000 000.00 in 2021; acquisition entered as 103 583 000.00 and corrected
    // by −4.90 in January 2022 (the correction counts with its 2021 entry); working funds.
    await deposit(p1, '5000000.00', '2020-12-20T10:00:00+08:00')
    await deposit(p1, '110000000.00', '2021-01-10T10:00:00+08:00')
    const acquisition = await disburse(p1, 'acquisition', '103583000.00', '2021-03-20T10:00:00+08:00')
    await disburse(p1, 'working', '10353326.36', '2021-06-20T10:00:00+08:00')
    await db.query(
      "INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, entered_at, note) VALUES ($1, 'correction', '-4.90', $2, 'finance', '2022-01-05T10:00:00+08:00', '多记')",
      [p1, acquisition])
    // Project 2: resettlement paid late on 31 December (Beijing time), and 1 000.00 just after midnight on 1 January
    // 2022 in Beijing, still 31 December in UTC: not 2021.
    await deposit(p2, '3000000.00', '2020-12-20T10:00:00+08:00')
    await deposit(p2, '20030764.00', '2021-02-01T10:00:00+08:00')
    await disburse(p2, 'resettlement', '21963300.00', '2021-12-31T23:30:00+08:00')
    await disburse(p2, 'working', '1000.00', '2022-01-01T00:30:00+08:00')

    await reported(null, '2021-01-01', '2021-12-31', 'disbursed_yuan', '135899000.00', '初稿') // restated below
    await reported(null, '2021-01-01', '2021-12-31', 'deposited_yuan', '130030764.00')
    await reported(null, '2021-01-01', '2021-12-31', 'disbursed_yuan', '135899624.72')
    await reported(null, '2021-01-01', '2021-12-31', 'disbursed_acquisition_yuan', '103582995.10')
    await reported(null, '2021-01-01', '2021-12-31', 'disbursed_resettlement_yuan', '21963300.00')
    await reported(null, '2021-01-01', '2021-12-31', 'disbursed_working_yuan', '10353326.36')
    await reported(null, '2022-01-01', '2022-12-31', 'disbursed_yuan', '1.00', '2022 年报') // another period
    await reported(p1, '2021-01-01', '2021-12-31', 'disbursed_acquisition_yuan', '103583000.00', '甲项目年报') // before the correction

    const office = await loadOfficeFacts(db, { from: '2021-01-01', to: '2021-12-31' })
    expect(office.reported.map((r) => [r.figure, r.stated_yuan, r.ledger_yuan, r.project_id])).toEqual([
      ['deposited_yuan', '130030764.00', '130030764.00', null],
      ['disbursed_acquisition_yuan', '103582995.10', '103582995.10', null],
      ['disbursed_resettlement_yuan', '21963300.00', '21963300.00', null],
      ['disbursed_working_yuan', '10353326.36', '10353326.36', null],
      ['disbursed_yuan', '135899624.72', '135899621.46', null],
    ])
    const findings = runOfficeRules(office)
    expect(findings.map((f) => [f.key, f.project_id, f.params.difference_yuan])).toEqual([
      ['FUNDS_REPORTED_PARTS_MISMATCH:office:2021-01-01..2021-12-31:disbursed_yuan', null, '+3.26'],
    ])
    const zh = auditMessage(findings[0]!.code, findings[0]!.params, 'zh')
    expect(zh).toContain('报告数 135899624.72 元（13589.962472 万元）')
    expect(zh).toContain('合计 135899621.46 元（13589.962146 万元），相差 +3.26 元（+0.000326 万元）')

    // The project's own report missed the correction: stated vs its ledger, 4.90 yuan.
    const projectFindings = runRecordRules(await loadRecordFacts(db, p1))
    expect(projectFindings.map((f) => [f.key, f.params.difference_yuan])).toEqual([
      [`FUNDS_REPORTED_TOTAL_MISMATCH:project:${p1}:2021-01-01..2021-12-31:disbursed_acquisition_yuan`, '+4.90'],
    ])
    expect(runRecordRules(await loadRecordFacts(db, p2))).toEqual([])
  })

  it('finds a legacy ledger that paid before the deposit and without a pre-check', async () => {
    // Legacy data the audit must find: a disbursement whose request was never executed.
    tolerateViolations('disbursement_unmatched')
    // The ledger's guard refuses both today; a ledger imported past it (trigger disabled) can hold them.
    const [req] = await db.query<{ id: number }>(
      "INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by, requested_at) VALUES ($1, 'acquisition', '2500000.00', 'finance', '2021-03-01T09:00:00+08:00') RETURNING id", [p3])
    const legacy = await asOwner(db, async (tx) => {
      await tx.query('ALTER TABLE fund_entries DISABLE TRIGGER fund_entries_guard')
      const [e] = await tx.query<{ id: number }>(
        "INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by, entered_at) VALUES ($1, 'disbursement', 'acquisition', '2500000.00', $2, 'import', '2021-03-20T10:00:00+08:00') RETURNING id",
        [p3, req!.id])
      await tx.query('ALTER TABLE fund_entries ENABLE TRIGGER fund_entries_guard')
      return e!.id
    })
    await deposit(p3, '3000000.00', '2021-04-01T10:00:00+08:00')
    await disburse(p3, 'working', '100000.00', '2021-05-20T10:00:00+08:00') // through the rules: no finding

    const facts = await loadRecordFacts(db, p3)
    expect(facts.ledger).toEqual({
      deposited_yuan: '3000000.00', disbursed_yuan: '2600000.00', lowest_balance_yuan: '-2500000.00', lowest_entry_id: legacy,
      lowest_at: '2021-03-20T10:00:00+08:00', lowest_date: '2021-03-20', lowest_deposited_yuan: '0.00', lowest_disbursed_yuan: '2500000.00',
    })
    const findings = runRecordRules(facts)
    expect(findings.map((f) => [f.key, f.params.faults ?? f.params.lowest_yuan])).toEqual([
      [`FUNDS_DISBURSED_EXCEEDS_DEPOSITS:project:${p3}`, '-2500000.00'],
      [`FUNDS_DISBURSEMENT_WITHOUT_PRECHECK:fund_entry:${legacy}`, 'not_prechecked'],
    ])
    expect(auditMessage(findings[0]!.code, findings[0]!.params, 'en')).toBe(
      `The project balance fell to -2500000.00 yuan (-250 万元) on 2021-03-20: 2500000.00 yuan disbursed by then exceeded the 0.00 yuan deposited (entry #${legacy}).`)
  })

  it('gives empty facts and no findings for a project without records', async () => {
    const facts = await loadRecordFacts(db, p2)
    expect(facts).toEqual({
      project_id: p2, households: [], compensation_items: [], disbursements: [], reported: [], batches: [],
      ledger: { deposited_yuan: '0.00', disbursed_yuan: '0.00', lowest_balance_yuan: '0.00', lowest_entry_id: null, lowest_at: null, lowest_date: null, lowest_deposited_yuan: '0.00', lowest_disbursed_yuan: '0.00' },
    })
    expect(runRecordRules(facts)).toEqual([])
  })
})
