import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptPii, piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import type { Database } from '../../server/db/database.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { normalizeIdNumber } from '../../server/domain/personal-data.ts'
import { TestApi } from '../helpers/api.ts'
import { S, square } from '../helpers/fixtures.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

const projects = loadQueries('projects', ['insert'])
const PII_KEY = Buffer.alloc(32, 7).toString('base64')
const keys = piiKeysFrom(PII_KEY)
let db: Database
let api: TestApi

beforeAll(async () => {
  db = await testDb()
  api = await new TestApi(db, { ZD_PII_KEY: PII_KEY }).start()
})
afterAll(async () => {
  await api.stop()
})

/** GET as a demo user (password `<name>-demo`, data/demo); `legal` sees the least and may read the summary. */
async function demoGet(path: string, username = 'legal') {
  const login = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }),
  })
  expect(login.status).toBe(200)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  return api.request('GET', path, { headers: { cookie } })
}

const money = /^\d+\.\d{2}$/

type Summary = Record<string, any>
type Records = {
  households: { key: string; project_code: string; members: { is_resettled: boolean }[] }[]
  buildings: { project_code: string; floor_area_m2: string; legal_status: string; demolished_on: string | null }[]
  graves: { project_code: string; coffins: number }[]
}
/** The generator's own output, read as data: an independent count of what the app must report. */
const records = JSON.parse(fs.readFileSync(new URL('../../data/demo/records.json', import.meta.url), 'utf8')) as Records
/** Floor areas summed in whole centi-m² and written with 2 decimals, without the database. */
const sumM2 = (xs: { floor_area_m2: string }[]) => {
  const c = xs.reduce((s, b) => s + Number(b.floor_area_m2.replace('.', '')), 0)
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`
}

describe('the demo data reproduces the figures of the 2021 report', () => {
  const byCode = new Map<string, Summary>()
  let all: Summary

  beforeAll(async () => {
    await resetData(db)
    api.forget()
    const started = Date.now()
    expect(await loadDemo(db, keys)).toBe(true)
    console.log(`[summary.test] loadDemo took ${Date.now() - started} ms`)
    const r = await demoGet('/api/summary')
    expect(r.status).toBe(200)
    all = r.body
    for (const p of all.projects) byCode.set(p.project_code, p)
  }, 120_000)

  it('正清路延长线: 266 households, 61534.77 m² of houses, 299 persons resettled', async () => {
    const zql = byCode.get('ZQL-2021')!
    expect(zql).toMatchObject({ households: 266, floor_area_m2: '61534.77', persons_resettled: 299, members_resettled: 299 })
    const [row] = await db.query<{ households: number; m2: string; persons: number; flagged: number }>(`
      SELECT (SELECT count(*) FROM households h JOIN projects p ON p.id = h.project_id WHERE p.code = 'ZQL-2021')::int AS households,
             (SELECT sum(b.floor_area_m2)::text FROM buildings b JOIN projects p ON p.id = b.project_id WHERE p.code = 'ZQL-2021') AS m2,
             (SELECT sum(r.persons) FROM resettlements r JOIN projects p ON p.id = r.project_id WHERE p.code = 'ZQL-2021')::int AS persons,
             (SELECT count(*) FROM household_members m JOIN households h ON h.id = m.household_id JOIN projects p ON p.id = h.project_id
              WHERE p.code = 'ZQL-2021' AND m.is_resettled)::int AS flagged`)
    expect(row).toEqual({ households: 266, m2: '61534.77', persons: 299, flagged: 299 })
    expect(records.households.filter((h) => h.project_code === 'ZQL-2021').length).toBe(266)
    expect(sumM2(records.buildings.filter((b) => b.project_code === 'ZQL-2021'))).toBe('61534.77')
    expect(records.households.filter((h) => h.project_code === 'ZQL-2021').flatMap((h) => h.members).filter((m) => m.is_resettled).length).toBe(299)
  })

  it('怀南水产品市场: 164 buildings, 50410.84 m² demolished in 2021, on 329 mu', async () => {
    const hnsc = byCode.get('HNSC-2021')!
    expect(hnsc).toMatchObject({ buildings: 164, buildings_demolished: 164, floor_area_m2: '50410.84', floor_area_demolished_m2: '50410.84', area_mu: '329.000' })
    const [row] = await db.query<{ n: number; m2: string; outside_2021: number; commercial: number; attachments: number }>(`
      SELECT count(*)::int AS n, sum(b.floor_area_m2) FILTER (WHERE b.demolished_on IS NOT NULL)::text AS m2,
             count(*) FILTER (WHERE b.demolished_on NOT BETWEEN '2021-01-01' AND '2021-12-31' OR b.demolished_on IS NULL)::int AS outside_2021,
             count(*) FILTER (WHERE b.use = 'commercial')::int AS commercial,
             (SELECT count(*) FROM attachments a WHERE a.project_id = b.project_id)::int AS attachments
      FROM buildings b JOIN projects p ON p.id = b.project_id WHERE p.code = 'HNSC-2021' GROUP BY b.project_id`)
    expect(row).toMatchObject({ n: 164, m2: '50410.84', outside_2021: 0 })
    expect(row!.commercial).toBeGreaterThan(164 / 2)
    expect(row!.attachments).toBeGreaterThan(0)
    const demolished = records.buildings.filter((b) => b.project_code === 'HNSC-2021' && b.demolished_on?.startsWith('2021'))
    expect([demolished.length, sumM2(demolished)]).toEqual([164, '50410.84'])
  })

  it('迎丰组团10#安置区二期: 33.288 mu, 4 temporary buildings of 920 m², 1 licensed house of 158 m², 54 coffins', async () => {
    const yf = byCode.get('YF10-2021')!
    expect(yf.area_mu).toBe('33.288')
    expect(yf.buildings_by_legal_status).toEqual([
      { legal_status: 'licensed', buildings: 1, floor_area_m2: '158.00' },
      { legal_status: 'recognised', buildings: 0, floor_area_m2: '0.00' },
      { legal_status: 'temporary', buildings: 4, floor_area_m2: '920.00' },
      { legal_status: 'unlicensed', buildings: 0, floor_area_m2: '0.00' },
    ])
    expect(yf.coffins).toBe(54)
    // Independently: the area straight from PostGIS's geodesic area, the graves from the table and the generator.
    const [row] = await db.query<{ mu: string; coffins: number; outside: number; house_owner: number }>(`
      SELECT (SELECT round(sum(ST_Area(pa.geom::geography))::numeric * 15 / 10000, 3)::text FROM parcels pa WHERE pa.project_id = p.id) AS mu,
             (SELECT sum(g.coffins) FROM graves g WHERE g.project_id = p.id)::int AS coffins,
             (SELECT count(*) FROM graves g JOIN parcels pa ON pa.id = g.parcel_id WHERE g.project_id = p.id AND NOT ST_Within(g.location, pa.geom))::int AS outside,
             (SELECT count(*) FROM buildings b WHERE b.project_id = p.id AND b.legal_status = 'licensed' AND b.household_id IS NOT NULL)::int AS house_owner
      FROM projects p WHERE p.code = 'YF10-2021'`)
    expect(row).toEqual({ mu: '33.288', coffins: 54, outside: 0, house_owner: 1 })
    expect(records.graves.filter((g) => g.project_code === 'YF10-2021').reduce((s, g) => s + g.coffins, 0)).toBe(54)
  })

  it('delayed transition: 109 households of 石门乡板山村 and 76 of 盈口乡炉天冲村', async () => {
    expect(all.delayed_transition_by_village).toEqual([
      { village: '盈口乡炉天冲村', households: 76 },
      { village: '石门乡板山村', households: 109 },
    ])
    expect(byCode.get('ZQL-2021')!.delayed_transition_by_village).toEqual([{ village: '石门乡板山村', households: 109 }])
    const rows = await db.query<{ village: string; n: number }>(`
      SELECT substring(h.village_group FROM '^(.*村)') AS village, count(*)::int AS n
      FROM resettlements r JOIN households h ON h.id = r.household_id WHERE r.delay_months > 0 GROUP BY 1 ORDER BY 1`)
    expect(rows).toEqual([{ village: '盈口乡炉天冲村', n: 76 }, { village: '石门乡板山村', n: 109 }])
  })

  it('funds of 2021: 13003.0764 万元 deposited; 10358.29951 + 2196.33 + 1035.332636 万元 disbursed; 5 task letters', async () => {
    const y2021 = all.funds.by_year.find((y: { year: number }) => y.year === 2021)
    expect(y2021).toEqual({
      year: 2021, deposited_yuan: '130030764.00', disbursed_yuan: '135899621.46',
      acquisition_yuan: '103582995.10', resettlement_yuan: '21963300.00', working_yuan: '10353326.36',
    })
    expect(all.funds.task_letters).toBe(5)
    expect(Number(all.funds.balance_yuan)).toBeGreaterThanOrEqual(0)
    // Independently, over the ledger: the 2021 sums, every disbursement pre-checked by auditor and executed, and no
    // project's running balance below zero at any moment.
    const [sums] = await db.query<{ dep: string; acq: string; res: string; work: string; unchecked: number; negative: number }>(`
      SELECT sum(amount_yuan) FILTER (WHERE kind = 'deposit' AND entered_at >= '2021-01-01T00:00+08' AND entered_at < '2022-01-01T00:00+08')::text AS dep,
             sum(amount_yuan) FILTER (WHERE part = 'acquisition')::text AS acq,
             sum(amount_yuan) FILTER (WHERE part = 'resettlement')::text AS res,
             sum(amount_yuan) FILTER (WHERE part = 'working')::text AS work,
             (SELECT count(*) FROM disbursement_requests r WHERE r.status <> 'executed' OR r.decided_by <> 'auditor')::int AS unchecked,
             (SELECT count(*) FROM (SELECT sum(CASE WHEN kind = 'deposit' THEN amount_yuan ELSE -amount_yuan END)
                                            OVER (PARTITION BY project_id ORDER BY entered_at, id) AS balance FROM fund_entries) x
              WHERE balance < 0)::int AS negative
      FROM fund_entries`)
    expect(sums).toEqual({ dep: '130030764.00', acq: '103582995.10', res: '21963300.00', work: '10353326.36', unchecked: 0, negative: 0 })
  })

  it('gives each project the same figures alone as in the list, money and areas as exact decimal strings', async () => {
    for (const p of all.projects) {
      const r = await demoGet(`/api/projects/${p.project_id}/summary`)
      expect(r.status).toBe(200)
      expect(r.body).toEqual(p)
      for (const k of ['compensation_total_yuan', 'compensation_paid_yuan']) expect(p[k]).toMatch(money)
      for (const c of p.compensation_by_item) expect([c.amount_yuan, c.paid_yuan]).toEqual([expect.stringMatching(money), expect.stringMatching(money)])
      expect(p.area_mu).toMatch(/^\d+\.\d{3}$/)
    }
    // Together = the sum of the projects, counted straight from the tables.
    const [row] = await db.query<{ households: number; buildings: number; persons: number; graves: number; signed: number; total: string }>(`
      SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM buildings)::int AS buildings,
             (SELECT count(*) FROM household_members)::int AS persons, (SELECT count(*) FROM graves)::int AS graves,
             (SELECT count(*) FROM agreements WHERE signed_on IS NOT NULL)::int AS signed,
             (SELECT sum(amount_yuan)::text FROM compensation_items) AS total`)
    expect(all).toMatchObject({ households: row!.households, buildings: row!.buildings, persons: row!.persons, graves: row!.graves, agreements_signed: row!.signed, compensation_total_yuan: row!.total })
    expect(all.households).toBe(all.projects.reduce((s: number, p: Summary) => s + p.households, 0))
  })

  it('colours the map: parcels in every agreement state and every payment state', async () => {
    const r = await demoGet('/api/parcels?limit=1000')
    expect(r.status).toBe(200)
    const props = r.body.features.map((f: { properties: Summary }) => f.properties)
    expect(new Set(props.map((p: Summary) => p.agreement_status))).toEqual(new Set(['no_households', 'none_signed', 'partly_signed', 'all_signed']))
    expect(new Set(props.map((p: Summary) => p.payment_status))).toEqual(new Set(['no_items', 'unpaid', 'partly_paid', 'paid']))
  })

  it('computes the compensation in SQL from the rate sets, and keeps ID numbers and phones encrypted', async () => {
    const [c] = await db.query<{ computed: number; wrong: string[]; sets: number }>(`
      SELECT count(*) FILTER (WHERE origin = 'computed')::int AS computed,
             coalesce(array_agg(origin || ' ' || (amount_yuan - round(quantity * rate_yuan, 2))::text)
                        FILTER (WHERE rate_yuan IS NULL OR amount_yuan <> round(quantity * rate_yuan, 2)), '{}') AS wrong,
             (SELECT count(DISTINCT project_id) FROM rate_sets)::int AS sets
      FROM compensation_items`)
    expect(c!.computed).toBeGreaterThan(0)
    // Every item is quantity × rate, except the one entered by hand 10.00 yuan off, planted for the audit (data/demo/README.md).
    expect([c!.wrong, c!.sets]).toEqual([['manual 10.00'], 4])
    const rows = await db.query<{ id_number_enc: string; id_number_masked: string; phone_enc: string }>('SELECT id_number_enc, id_number_masked, phone_enc FROM households ORDER BY id LIMIT 20')
    for (const h of rows) {
      const id = decryptPii(keys, 'household.id_number', h.id_number_enc)
      expect(normalizeIdNumber(id)).toEqual({ value: id })
      expect(id.startsWith('4300')).toBe(true)
      expect(h.id_number_masked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`)
      expect(decryptPii(keys, 'household.phone', h.phone_enc)).toMatch(/^1[3-9]\d{9}$/)
    }
    const [plain] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM households WHERE id_number_enc ~ '\\d{17}'`)
    expect(plain!.n).toBe(0)
  })
})

describe('the summary of a small project counted by hand', () => {
  let projectId: number

  beforeAll(async () => {
    await resetData(db)
    api.forget()
    const [p] = await db.query<{ id: number }>(projects.insert, ['T-SUM', '手算项目', null, null, null])
    projectId = p!.id
    await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('zd.actor', 'test', true)`)
      // Two squares of 0.001° side by side at 27.5°N: 10949.47 m² each (GeographicLib, tests/helpers/fixtures.ts).
      const [a] = await tx.query<{ id: number }>(`INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
        VALUES ($1, 'A', '0101', '石门乡板山村一组', zd_geometry_from_geojson($2), 'test') RETURNING id`, [projectId, JSON.stringify({ type: 'Polygon', coordinates: [S] })])
      await tx.query(`INSERT INTO parcels (project_id, code, land_class, owner, geom, updated_by)
        VALUES ($1, 'B', '1006', '盈口乡炉天冲村', zd_geometry_from_geojson($2), 'test')`, [projectId, JSON.stringify({ type: 'Polygon', coordinates: [square(110.001, 27.5)] })])
      const [h1] = await tx.query<{ id: number }>(`INSERT INTO households (project_id, head_name, village_group, updated_by) VALUES ($1, '向建国', '石门乡板山村一组', 'test') RETURNING id`, [projectId])
      const [h2] = await tx.query<{ id: number }>(`INSERT INTO households (project_id, head_name, village_group, updated_by) VALUES ($1, '舒秀英', '盈口乡炉天冲村三组', 'test') RETURNING id`, [projectId])
      await tx.query(`INSERT INTO household_members (household_id, position, name, relation, is_resettled) VALUES
        ($1, 0, '向建国', '户主', true), ($1, 1, '杨桂兰', '配偶', true), ($1, 2, '向小平', '子', false), ($2, 0, '舒秀英', '户主', false)`, [h1!.id, h2!.id])
      await tx.query(`INSERT INTO household_parcels VALUES ($1, $3), ($2, $3)`, [h1!.id, h2!.id, a!.id])
      const box = JSON.stringify({ type: 'Polygon', coordinates: [square(110.0002, 27.5002, 0.0001)] })
      const box2 = JSON.stringify({ type: 'Polygon', coordinates: [square(110.0005, 27.5005, 0.0001)] })
      await tx.query(`INSERT INTO buildings (project_id, parcel_id, household_id, code, footprint, structure, floors, floor_area_m2, legal_status, demolished_on, updated_by) VALUES
        ($1, $2, $3, 'F1', zd_geometry_from_geojson($4), 'brick_concrete', 2, 120.50, 'licensed', '2021-05-01', 'test'),
        ($1, $2, NULL, 'F2', zd_geometry_from_geojson($5), 'simple', 1, 79.25, 'temporary', NULL, 'test')`, [projectId, a!.id, h1!.id, box, box2])
      await tx.query(`INSERT INTO resettlements (project_id, household_id, persons, method, transition_start, transition_end, delay_months, updated_by) VALUES
        ($1, $2, 2, 'property_swap', '2020-01-01', '2020-12-31', 3, 'test'), ($1, $3, 1, 'property_swap', '2020-01-01', '2020-12-31', 0, 'test')`, [projectId, h1!.id, h2!.id])
      await tx.query(`INSERT INTO agreements (project_id, household_id, number, signed_on, updated_by) VALUES ($1, $2, 'XY-1', '2021-03-01', 'test'), ($1, $3, 'XY-2', NULL, 'test')`, [projectId, h1!.id, h2!.id])
      await tx.query(`INSERT INTO graves (project_id, parcel_id, code, location, coffins, updated_by) VALUES
        ($1, $2, 'G1', ST_SetSRID(ST_MakePoint(110.0008, 27.5001), 4490), 2, 'test'), ($1, $2, 'G2', ST_SetSRID(ST_MakePoint(110.0009, 27.5001), 4490), 3, 'test')`, [projectId, a!.id])
      await tx.query(`INSERT INTO compensation_items (project_id, item_type, origin, parcel_id, household_id, quantity, unit, amount_yuan, paid_on, updated_by) VALUES
        ($1, 'land', 'manual', $2, NULL, 1, 'mu', 1000.10, '2021-06-01', 'test'), ($1, 'house', 'manual', $2, $3, 1, 'm2', 500.05, NULL, 'test')`, [projectId, a!.id, h1!.id])
      // Funds: 5000.00 in 2020, 3000.00 in 2021 corrected by −100.00, 1234.56 of working funds disbursed in 2021.
      await tx.query(`INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by, entered_at) VALUES ($1, 'deposit', 5000.00, '用地单位', 'finance', '2020-12-31T23:30:00+08')`, [projectId])
      const [d2021] = await tx.query<{ id: number }>(`INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by, entered_at) VALUES ($1, 'deposit', 3000.00, '用地单位', 'finance', '2021-01-01T00:30:00+08') RETURNING id`, [projectId])
      await tx.query(`INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', -100.00, $2, 'finance', '多记')`, [projectId, d2021!.id])
      const [req] = await tx.query<{ id: number }>(`INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by) VALUES ($1, 'working', 1234.56, 'finance') RETURNING id`, [projectId])
      await tx.query(`UPDATE disbursement_requests SET status = 'approved', decided_by = 'auditor', decided_at = now() WHERE id = $1`, [req!.id])
      await tx.query(`SELECT zd_funds_execute($1, 'finance', NULL)`, [req!.id])
    })
  }, 60_000)

  it('adds up what was entered, as worked out by hand', async () => {
    const r = await (await api.as('auditor')).request('GET', `/api/projects/${projectId}/summary`)
    expect(r.status).toBe(200)
    // zd_funds_execute enters the disbursement now: this year in Beijing time.
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    expect(r.body).toEqual({
      project_id: projectId, project_code: 'T-SUM', project_name: '手算项目',
      parcels: 2,
      // 2 × 10949.47 m² × 15 / 10000 = 32.848 mu; each 16.424.
      area_mu: '32.848',
      area_mu_by_land_class: [
        { land_class: '0101', name_zh: '水田', name_en: 'Paddy field', parcels: 1, area_mu: '16.424' },
        { land_class: '1006', name_zh: '农村道路', name_en: 'Rural road', parcels: 1, area_mu: '16.424' },
      ],
      area_mu_by_owner: [
        { owner: '盈口乡炉天冲村', parcels: 1, area_mu: '16.424' },
        { owner: '石门乡板山村一组', parcels: 1, area_mu: '16.424' },
      ].sort((x, y) => (x.owner < y.owner ? -1 : 1)),
      buildings: 2, floor_area_m2: '199.75',
      buildings_by_legal_status: [
        { legal_status: 'licensed', buildings: 1, floor_area_m2: '120.50' },
        { legal_status: 'recognised', buildings: 0, floor_area_m2: '0.00' },
        { legal_status: 'temporary', buildings: 1, floor_area_m2: '79.25' },
        { legal_status: 'unlicensed', buildings: 0, floor_area_m2: '0.00' },
      ],
      buildings_demolished: 1, floor_area_demolished_m2: '120.50',
      households: 2, persons: 4, members_resettled: 2, persons_resettled: 3,
      graves: 2, coffins: 5,
      // One of the two households of parcel A signed: no parcel is wholly signed.
      agreements_signed: 1, agreements_signed_area_mu: '0.000',
      compensation_by_item: expect.any(Array),
      compensation_total_yuan: '1500.15', compensation_paid_yuan: '1000.10',
      delayed_transition_by_village: [{ village: '石门乡板山村', households: 1 }],
      funds: {
        deposited_yuan: '7900.00', disbursed_yuan: '1234.56', balance_yuan: '6665.44',
        acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '1234.56', task_letters: 0,
        by_year: [
          { year: 2020, deposited_yuan: '5000.00', disbursed_yuan: '0.00', acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '0.00' },
          { year: 2021, deposited_yuan: '2900.00', disbursed_yuan: '0.00', acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '0.00' },
          { year, deposited_yuan: '0.00', disbursed_yuan: '1234.56', acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '1234.56' },
        ],
      },
    })
    expect(r.body.compensation_by_item).toHaveLength(9)
    expect(r.body.compensation_by_item[0]).toEqual({ item_type: 'land', name_zh: '土地补偿费', name_en: 'Land compensation', unit: 'mu', amount_yuan: '1000.10', paid_yuan: '1000.10' })
    expect(r.body.compensation_by_item[4]).toEqual({ item_type: 'house', name_zh: '房屋补偿', name_en: 'House compensation', unit: 'm2', amount_yuan: '500.05', paid_yuan: '0.00' })
    expect(r.body.compensation_by_item.filter((c: Summary) => c.amount_yuan !== '0.00')).toHaveLength(2)
  })

  it('gives the same figures for all projects when there is only this one', async () => {
    const one = await (await api.as('legal')).request('GET', `/api/projects/${projectId}/summary`)
    const all = await (await api.as('legal')).request('GET', '/api/summary')
    expect(all.status).toBe(200)
    const { project_id: _id, project_code: _code, project_name: _name, ...figures } = one.body
    expect(all.body).toEqual({ project_id: null, ...figures, projects: [one.body] })
  })

  it('answers 404 (problem+json) for a project that does not exist or a malformed id, 401 without a session', async () => {
    const as = await api.as('planner')
    expect((await as.request('GET', '/api/projects/999999/summary')).status).toBe(404)
    const bad = await as.request('GET', '/api/projects/abc/summary')
    expect(bad.status).toBe(404)
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/)
    expect((await api.request('GET', '/api/summary')).status).toBe(401)
  })
})
