import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../../server/db/database.ts'
import { applyCompensation, compensationChanges, type CompensationChange } from '../../server/db/compensation.ts'
import { square, twoAndAHalfMu } from '../helpers/fixtures.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

let db: Database
let project: number
beforeAll(async () => {
  db = await testDb()
})
beforeEach(async () => {
  await resetData(db)
  const [p] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('C', '补偿') RETURNING id")
  project = p!.id
})

/** Runs fn in a transaction with an actor for the history triggers, as the handlers do. */
function asFinance<T>(fn: (tx: Queryable) => Promise<T>, actor = 'finance'): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('zd.actor', $1, true), set_config('zd.reason', '', true)", [actor])
    return fn(tx)
  })
}

async function parcel(code: string, ring: [number, number][], landClass = '0101') {
  return asFinance(async (tx) => {
    const [r] = await tx.query<{ id: number }>(
      `INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
       VALUES ($1, $2, $3, '炉天冲村三组', zd_geometry_from_geojson($4), 'planner') RETURNING id`,
      [project, code, landClass, JSON.stringify({ type: 'Polygon', coordinates: [ring] })])
    return r!.id
  }, 'planner')
}

async function household() {
  return asFinance(async (tx) => {
    const [h] = await tx.query<{ id: number }>(
      "INSERT INTO households (project_id, head_name, village_group, updated_by) VALUES ($1, '张美玉', '板山村三组', 'planner') RETURNING id", [project])
    return h!.id
  }, 'planner')
}

async function building(parcelId: number, householdId: number | null, floorArea: string, structure = 'brick_concrete') {
  return asFinance(async (tx) => {
    const [b] = await tx.query<{ id: number }>(
      `INSERT INTO buildings (project_id, parcel_id, household_id, code, footprint, structure, floors, floor_area_m2, legal_status, updated_by)
       VALUES ($1, $2, $3, $6, ST_Multi(ST_GeomFromText('POLYGON((110.0001 27.5001, 110.0002 27.5001, 110.0002 27.5002, 110.0001 27.5002, 110.0001 27.5001))', 4490)),
               $5, 2, $4, 'licensed', 'planner') RETURNING id`,
      [project, parcelId, householdId, floorArea, structure, `B-${parcelId}-${structure}`])
    return b!.id
  }, 'planner')
}

async function rateSet(name: string, rates: [string, string, string][]) {
  return asFinance(async (tx) => {
    const [s] = await tx.query<{ id: number }>(
      `INSERT INTO rate_sets (project_id, version_no, name, effective_from, created_by)
       VALUES ($1, (SELECT coalesce(max(version_no), 0) + 1 FROM rate_sets WHERE project_id = $1), $2, '2024-01-01', 'finance')
       RETURNING id`, [project, name])
    for (const [item, key, yuan] of rates) {
      await tx.query('INSERT INTO rates (rate_set_id, item_type, key, rate_yuan) VALUES ($1, $2, $3, $4)', [s!.id, item, key, yuan])
    }
    return s!.id
  })
}

const apply = (reason?: string) => asFinance((tx) => applyCompensation(tx, project, reason))

async function items() {
  return db.query<{ id: number; item_type: string; source_key: string; quantity: string; rate_yuan: string; amount_yuan: string; household_id: number | null; parcel_id: number | null; unit: string; version: number; rate_set_id: number }>(
    `SELECT id, item_type, source_key, quantity::text, rate_yuan::text, amount_yuan::text, household_id, parcel_id, unit, version, rate_set_id
     FROM compensation_items WHERE project_id = $1 ORDER BY item_type, source_key`, [project])
}

const amounts = (rows: { item_type: string; source_key: string; amount_yuan: string }[]) =>
  Object.fromEntries(rows.map((r) => [`${r.item_type} ${r.source_key}`, r.amount_yuan]))

const brief = (cs: CompensationChange[]) => cs.map((c) => `${c.change} ${c.item_type} ${c.source_key} ${c.old_amount_yuan ?? '-'} → ${c.new_amount_yuan ?? '-'}`)

describe('compensation computed from the current rate set (zd_compensation_proposed / _apply)', () => {
  it('works the examples by hand: land, house, grave, relocation, transition and its delay', async () => {
    const p = await parcel('C-1', twoAndAHalfMu)
    const [area] = await db.query<{ m2: number; mu: string }>(
      "SELECT (zd_area(geom) ->> 'ellipsoidal_m2')::float8 AS m2, round((zd_area(geom) ->> 'ellipsoidal_mu')::numeric, 4)::text AS mu FROM parcels WHERE id = $1", [p])
    expect(area!.m2).toBeGreaterThan(1666.633)
    expect(area!.m2).toBeLessThan(1666.7)
    expect(area!.mu).toBe('2.5000')
    const h = await household()
    await building(p, h, '158.00')
    await asFinance(async (tx) => {
      await tx.query(`INSERT INTO graves (project_id, parcel_id, household_id, code, location, coffins, updated_by)
                      VALUES ($1, $2, $3, 'G-1', ST_SetSRID(ST_MakePoint(110.0003, 27.5003), 4490), 2, 'planner')`, [project, p, h])
      // 2024-01-01 → 2025-07-01: 18 whole months; then 7 months of delay.
      await tx.query(`INSERT INTO resettlements (project_id, household_id, persons, method, transition_start, transition_end, delay_months, updated_by)
                      VALUES ($1, $2, 3, 'property_swap', '2024-01-01', '2025-07-01', 7, 'planner')`, [project, h])
    }, 'planner')
    const set = await rateSet('怀化市 2024 标准', [
      ['land', '0101', '45000.00'], ['resettlement_subsidy', '*', '20000.00'], ['house', 'brick_concrete', '1350.00'],
      ['grave_relocation', '*', '2000.00'], ['relocation', '*', '1500.00'], ['transition', '*', '300.00'],
      ['delayed_transition', '*', '450.00'],
    ])
    const changes = await apply()
    expect(changes.every((c) => c.change === 'add')).toBe(true)
    const rows = await items()
    expect(amounts(rows)).toEqual({
      'land parcel:1': '112500.00', //                  2.5000 mu × 45 000.00 = 112 500.00
      'resettlement_subsidy parcel:1': '50000.00', //   2.5000 mu × 20 000.00 =  50 000.00 ('*')
      'house building:1': '213300.00', //             158.00 m² × 1 350.00 = 213 300.00
      'grave_relocation grave:1': '4000.00', //          2 coffins × 2 000.00 =   4 000.00
      'relocation household:1': '1500.00', //       1 household × 1 500.00 =   1 500.00
      'transition resettlement:1': '16200.00', // 3 persons × 18 months × 300.00 = 16 200.00
      'delayed_transition resettlement:1': '9450.00', // 3 persons × 7 months × 450.00 = 9 450.00
    })
    // young_crops has no rate in the set: no item.
    expect(rows.find((r) => r.item_type === 'young_crops')).toBeUndefined()
    expect(rows.find((r) => r.item_type === 'transition')).toMatchObject({ quantity: '54.0000', unit: 'person_month', household_id: h, parcel_id: null, rate_set_id: set })
    expect(rows.find((r) => r.item_type === 'house')).toMatchObject({ quantity: '158.0000', unit: 'm2', household_id: h, parcel_id: p })
    expect(rows.find((r) => r.item_type === 'land')).toMatchObject({ quantity: '2.5000', unit: 'mu', household_id: null, parcel_id: p, version: 1 })
    // Applying again finds nothing to do.
    expect(await apply()).toEqual([])
  })

  it('counts a started month of transition as whole and gives no item for cash resettlement', async () => {
    const [h1, h2] = [await household(), await household()]
    await asFinance(async (tx) => {
      // 2024-01-15 → 2024-03-16: 2 months and 1 day → 3 months.
      await tx.query(`INSERT INTO resettlements (project_id, household_id, persons, method, transition_start, transition_end, updated_by)
                      VALUES ($1, $2, 2, 'homestead', '2024-01-15', '2024-03-16', 'planner')`, [project, h1])
      await tx.query(`INSERT INTO resettlements (project_id, household_id, persons, method, updated_by) VALUES ($1, $2, 4, 'cash', 'planner')`, [project, h2])
    }, 'planner')
    await rateSet('过渡', [['transition', '*', '300.00'], ['delayed_transition', '*', '300.00']])
    await apply()
    // 2 persons × 3 months × 300.00 = 1 800.00; no delay (0 months), nothing for the cash household.
    expect(amounts(await items())).toEqual({ 'transition resettlement:1': '1800.00' })
  })

  it('takes the most specific key: land class over its group over *, structure over *, attachment name over kind', async () => {
    const p1 = await parcel('C-1', square(110, 27.5), '0101')
    const p2 = await parcel('C-2', square(110.002, 27.5), '0103')
    const p3 = await parcel('C-3', square(110.004, 27.5), '0301')
    await building(p1, null, '100.00', 'frame')
    await building(p2, null, '100.00', 'simple')
    await asFinance(async (tx) => {
      await tx.query(`INSERT INTO attachments (project_id, parcel_id, kind, name, quantity, unit, updated_by) VALUES
                      ($1, $2, 'tree', '杉树', '10.00', 'plant', 'planner'), ($1, $2, 'tree', '桂花树', '10.00', 'plant', 'planner'),
                      ($1, $2, 'well', '水井', '1.00', 'unit', 'planner')`, [project, p1])
    }, 'planner')
    await rateSet('分级', [
      ['land', '0101', '3.00'], ['land', '01', '2.00'], ['land', '*', '1.00'],
      ['house', 'frame', '1500.00'], ['house', '*', '800.00'],
      ['attachments', '杉树', '120.00'], ['attachments', 'tree', '50.00'],
    ])
    await apply()
    const rows = await items()
    const rate = (key: string) => rows.find((r) => `${r.item_type} ${r.source_key}` === key)?.rate_yuan
    expect([rate(`land parcel:${p1}`), rate(`land parcel:${p2}`), rate(`land parcel:${p3}`)]).toEqual(['3.00', '2.00', '1.00'])
    expect([rate('house building:1'), rate('house building:2')]).toEqual(['1500.00', '800.00'])
    expect([rate('attachments attachment:1'), rate('attachments attachment:2')]).toEqual(['120.00', '50.00'])
    // 水井 is a well: no rate for its name, its kind or '*', so no item.
    expect(rate('attachments attachment:3')).toBeUndefined()
    // No relocation rate and no household: no relocation items.
    expect(rows.filter((r) => r.item_type === 'relocation')).toEqual([])
  })

  it('rounds the amount half away from zero at the fen, in numeric', async () => {
    const p = await parcel('C-1', square(110, 27.5))
    await asFinance(async (tx) => {
      await tx.query(`INSERT INTO attachments (project_id, parcel_id, kind, name, quantity, unit, updated_by) VALUES
                      ($1, $2, 'fence', '围墙', '12.50', 'm', 'planner')`, [project, p])
    }, 'planner')
    await rateSet('围墙', [['attachments', 'fence', '10.01']])
    await apply()
    // 12.50 m × 10.01 = 125.125 → 125.13 (banker's rounding would give 125.12; a float gives 125.12499…).
    expect(amounts(await items())).toEqual({ 'attachments attachment:1': '125.13' })
  })

  it('recomputes under a new rate-set version, and the history names the version', async () => {
    const p = await parcel('C-1', twoAndAHalfMu)
    const v1 = await rateSet('2024 标准', [['land', '*', '45000.00']])
    await apply()
    const v2 = await rateSet('2025 标准', [['land', '*', '48000.50']])
    const changes = await apply()
    // 2.5000 × 48 000.50 = 120 001.25
    expect(brief(changes)).toEqual([`update land parcel:${p} 112500.00 → 120001.25`])
    const [item] = await items()
    expect(item).toMatchObject({ amount_yuan: '120001.25', rate_yuan: '48000.50', rate_set_id: v2, version: 2 })
    const history = await db.query<{ version: number; operation: string; reason: string; changed_by: string; rate_set_id: number }>(
      "SELECT version, operation, reason, changed_by, (data ->> 'rate_set_id')::int AS rate_set_id FROM record_history WHERE record_type = 'compensation_item' ORDER BY version")
    expect(history).toEqual([
      { version: 1, operation: 'create', reason: 'rate set v1 (2024 标准)', changed_by: 'finance', rate_set_id: v1 },
      { version: 2, operation: 'update', reason: 'rate set v2 (2025 标准)', changed_by: 'finance', rate_set_id: v2 },
    ])
  })

  it('holds a paid item that would change and removes an unpaid one whose source is gone', async () => {
    const p = await parcel('C-1', twoAndAHalfMu)
    const h = await household()
    const b = await building(p, h, '158.00')
    await rateSet('v1', [['land', '*', '45000.00'], ['house', '*', '1350.00'], ['relocation', '*', '1500.00']])
    await apply()
    await asFinance((tx) => tx.query("UPDATE compensation_items SET paid_on = '2025-03-01', version = version + 1 WHERE item_type = 'land'"))
    await rateSet('v2', [['land', '*', '46000.00'], ['house', '*', '1350.00']])
    const changes = await apply('新标准')
    expect(brief(changes)).toEqual([
      `held land parcel:${p} 112500.00 → 115000.00`,
      `update house building:${b} 213300.00 → 213300.00`,
      `remove relocation household:${h} 1500.00 → -`,
    ])
    const rows = await items()
    expect(amounts(rows)).toEqual({ 'land parcel:1': '112500.00', 'house building:1': '213300.00' })
    // The held item stays as it was paid; the house moved to v2 with the same amount.
    expect(rows.find((r) => r.item_type === 'land')).toMatchObject({ rate_yuan: '45000.00', version: 2 })
    const [tomb] = await db.query<{ operation: string; reason: string }>(
      "SELECT operation, reason FROM record_history WHERE record_type = 'compensation_item' AND data ->> 'item_type' = 'relocation' ORDER BY version DESC LIMIT 1")
    expect(tomb).toEqual({ operation: 'delete', reason: 'rate set v2 (v2): 新标准' })
    // A held item is reported again, never applied.
    expect(brief(await asFinance((tx) => compensationChanges(tx, project)))).toEqual([`held land parcel:${p} 112500.00 → 115000.00`])
  })

  it('refuses to apply without an actor and leaves nothing behind', async () => {
    await parcel('C-1', twoAndAHalfMu)
    await rateSet('v1', [['land', '*', '45000.00']])
    await expect(db.transaction((tx) => applyCompensation(tx, project))).rejects.toThrow(/actor/)
    expect(await items()).toEqual([])
  })
})
