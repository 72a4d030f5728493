import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import type { Database } from '../../server/db/database.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { TestApi } from '../helpers/api.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

// The audit (稽核) on the illustrative demo data (data/demo): it lists every planted discrepancy of README.md's
// "Planted audit findings" and nothing else, reproduces the 2021 audit totals (330.022 亩, 4699.13 ㎡, 16 人) from
// 城东物流园一期, whose December 2021 sign-off still stands, and finds the report's own 3.26 yuan.

const PII_KEY = Buffer.alloc(32, 5).toString('base64')
let db: Database
let api: TestApi
let cookie = ''
const projectIds = new Map<string, number>()

beforeAll(async () => {
  db = await testDb()
  api = await new TestApi(db, { ZD_PII_KEY: PII_KEY }).start()
  await resetData(db)
  api.forget()
  expect(await loadDemo(db, piiKeysFrom(PII_KEY))).toBe(true)
  // The demo auditor (password `auditor-demo`, server/demo/load-demo.ts).
  const login = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password: 'auditor-demo' }),
  })
  expect(login.status).toBe(200)
  cookie = login.headers.get('set-cookie')!.split(';')[0]!
  for (const p of await db.query<{ id: number; code: string }>('SELECT id, code FROM projects')) projectIds.set(p.code, p.id)
}, 180_000)
afterAll(async () => {
  await api.stop()
})

const get = (path: string) => api.request('GET', path, { headers: { cookie } })

/** The id of a row found by a code-like column; exactly one must match. */
async function idOf(sql: string, value: string): Promise<number> {
  const rows = await db.query<{ id: number }>(sql, [value])
  expect(rows, `${sql} ${value}`).toHaveLength(1)
  return rows[0]!.id
}
const parcel = (code: string) => idOf('SELECT id FROM parcels WHERE code = $1', code)
const building = (code: string) => idOf('SELECT id FROM buildings WHERE code = $1', code)
const batch = (code: string) => idOf('SELECT id FROM approval_batches WHERE code = $1', code)
/** A household by the number of its agreement (its head's name is personal data). */
const household = (agreement: string) => idOf('SELECT household_id AS id FROM agreements WHERE number = $1', agreement)
const agreementNumbers = (project: string, numbers: number[]) => numbers.map((n) => `${project}-XY-${String(n).padStart(4, '0')}`)

/** The planted discrepancies, by the codes README.md names them with; the keys follow from the loaded ids. */
async function plantedKeys(): Promise<Record<string, string[]>> {
  const manual = await db.query<{ id: number }>(`SELECT id FROM compensation_items WHERE origin = 'manual'`)
  expect(manual).toHaveLength(1)
  // ZQL-015: no household signed; HNSC-005: every third household unsigned (README.md, Records).
  const zql015 = await db.query<{ number: string }>(`
    SELECT a.number FROM agreements a JOIN household_parcels hp ON hp.household_id = a.household_id JOIN parcels p ON p.id = hp.parcel_id
    WHERE p.code = 'ZQL-015' ORDER BY a.number`)
  expect(zql015.map((a) => a.number)).toEqual(agreementNumbers('ZQL-2021', Array.from({ length: 25 }, (_, i) => 193 + i)))
  const hnsc005 = agreementNumbers('HNSC-2021', [301, 304, 307, 310, 313, 316])
  const unsigned = async (numbers: string[]) => Promise.all(numbers.map(async (n) => `HOUSEHOLD_WITHOUT_AGREEMENT:household:${await household(n)}`))
  return {
    'ZQL-2021': [
      `AREA_BASIS_DIFFERENCE:parcel:${await parcel('ZQL-005')}`,
      `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${await parcel('ZQL-012')}`,
      `PARCEL_OUTSIDE_SCOPE:parcel:${await parcel('ZQL-018')}`,
      `BUILDING_FLOOR_AREA_MISMATCH:building:${await building('ZQL-F121')}`,
      `APPROVAL_AUTHORITY_MISMATCH:batch:${await batch('鹤城2021-01')}`,
      ...(await unsigned(zql015.map((a) => a.number))),
    ].sort(),
    'HNSC-2021': [
      `AREA_BASIS_DIFFERENCE:parcel:${await parcel('HNSC-006')}`,
      `AREA_BASIS_DIFFERENCE:parcel:${await parcel('HNSC-011')}`,
      `RESETTLED_PERSONS_MISMATCH:household:${await household('HNSC-2021-XY-0335')}`,
      `COMPENSATION_AMOUNT_MISMATCH:compensation_item:${manual[0]!.id}`,
      ...(await unsigned(hnsc005)),
    ].sort(),
    'YF10-2021': [],
    'CDWL-2021': [],
  }
}

type AuditBody = {
  findings: { key: string; code: string; severity: string; parcels: number[]; params: Record<string, string | number> }[]
  parcels: { id: number; verdict: string; diagnosis: string | null }[]
  totals: Record<string, string | number>
  signoff: null | { stale: boolean }
}

describe('the audit of the demo data', () => {
  const audits = new Map<string, AuditBody>()
  beforeAll(async () => {
    for (const [code, id] of projectIds) {
      const r = await get(`/api/projects/${id}/audit`)
      expect(r.status).toBe(200)
      audits.set(code, r.body)
    }
  }, 120_000)

  it('lists exactly the planted discrepancies of each project, and none in 迎丰 or 城东物流园', async () => {
    const expected = await plantedKeys()
    expect(new Set(projectIds.keys())).toEqual(new Set(Object.keys(expected)))
    for (const [code, keys] of Object.entries(expected)) {
      expect(audits.get(code)!.findings.map((f) => f.key).sort(), code).toEqual(keys)
    }
  })

  it('documents every planted finding in data/demo/README.md with its key on a fresh database', async () => {
    const readme = fs.readFileSync(new URL('../../data/demo/README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('## Planted audit findings'))
    for (const keys of Object.values(await plantedKeys())) {
      for (const key of keys) {
        const [code, , id] = key.split(':')
        // Households without agreements are listed by subject in one row per parcel; every other key in full.
        if (code === 'HOUSEHOLD_WITHOUT_AGREEMENT') expect(table).toContain(`\`household:${id}\``)
        else expect(table).toContain(`\`${key}\``)
      }
    }
    expect(table).toContain('`FUNDS_REPORTED_PARTS_MISMATCH:office:2021-01-01..2021-12-31:disbursed_yuan`')
  })

  it('diagnoses the three off bases: Turf 7 on ZQL-005, GK planar on HNSC-006, a GCJ-02 outline on HNSC-011', async () => {
    const method = async (project: string, code: string) => {
      const key = `AREA_BASIS_DIFFERENCE:parcel:${await parcel(code)}`
      return audits.get(project)!.findings.find((f) => f.key === key)?.params.method
    }
    expect(await method('ZQL-2021', 'ZQL-005')).toBe('sphere_turf7')
    expect(await method('HNSC-2021', 'HNSC-006')).toBe('gk_planar')
    expect(await method('HNSC-2021', 'HNSC-011')).toBe('gcj02')
    const all = [...audits.values()].flatMap((a) => a.findings)
    expect(all.filter((f) => f.code === 'AREA_BASIS_DIFFERENCE').every((f) => f.severity === 'info')).toBe(true)
  })

  it('finds the planted building 30 % above footprint × floors, the household one person short, the item 10.00 yuan off', async () => {
    const zql = audits.get('ZQL-2021')!.findings
    const hnsc = audits.get('HNSC-2021')!.findings
    const floor = zql.find((f) => f.code === 'BUILDING_FLOOR_AREA_MISMATCH')!
    expect(floor.params.delta_percent).toBe('+30.0')
    const [b] = await db.query<{ ratio: string }>(`
      SELECT round(b.floor_area_m2 / (ST_Area(b.footprint::geography)::numeric * b.floors), 3)::text AS ratio FROM buildings b WHERE b.code = 'ZQL-F121'`)
    expect(b!.ratio).toBe('1.300')
    const [h] = await db.query<{ persons: number; flagged: number }>(`
      SELECT (SELECT sum(r.persons) FROM resettlements r WHERE r.household_id = a.household_id)::int AS persons,
             (SELECT count(*) FROM household_members m WHERE m.household_id = a.household_id AND m.is_resettled)::int AS flagged
      FROM agreements a WHERE a.number = 'HNSC-2021-XY-0335'`)
    expect(h).toEqual({ persons: 3, flagged: 2 })
    const [c] = await db.query<{ off: string }>(`SELECT (amount_yuan - round(quantity * rate_yuan, 2))::text AS off FROM compensation_items WHERE origin = 'manual'`)
    expect(c!.off).toBe('10.00')
  })

  it('keeps the project figures of the report while the planted ones are in (299 persons, 61534.77 m², 50410.84 m²)', async () => {
    expect(audits.get('ZQL-2021')!.totals).toMatchObject({ households: 266, houses_m2: '61534.77', persons: 299 })
    expect(audits.get('HNSC-2021')!.totals).toMatchObject({ buildings: 164, houses_m2: '50410.84', land_mu: '328.9999' })
    expect(audits.get('YF10-2021')!.totals).toMatchObject({ land_mu: '33.2880', houses_m2: '1078.00' })
  })

  it('reproduces the 2021 audit totals from 城东物流园一期: 330.022 mu, 4699.13 m², 16 persons, every claim consistent', async () => {
    const cd = audits.get('CDWL-2021')!
    expect(cd.totals).toMatchObject({ parcels: 17, land_mu: '330.0220', houses_m2: '4699.13', persons: 16, households: 7, buildings: 9 })
    // 3 decimals, half up, from the m² sum (the report's 330.022 亩), and the same from zd_audit_totals itself.
    const [row] = await db.query<{ totals: Record<string, string | number>; mu3: string }>(`
      SELECT zd_audit_totals($1) AS totals, round((zd_audit_totals($1) ->> 'land_m2')::numeric * 15 / 10000, 3)::text AS mu3`, [projectIds.get('CDWL-2021')])
    expect(row!.mu3).toBe('330.022')
    expect(row!.totals).toEqual(cd.totals)
    expect(cd.parcels).toHaveLength(17)
    expect(new Set(cd.parcels.map((p) => p.verdict))).toEqual(new Set(['consistent']))
  })

  it('keeps the December 2021 sign-off of 城东物流园一期 standing: by the demo auditor, no findings, not stale, its totals the current ones', async () => {
    const id = projectIds.get('CDWL-2021')!
    const r = await get(`/api/projects/${id}/audit/signoffs`)
    expect(r.status).toBe(200)
    expect(r.body).toHaveLength(1)
    const s = r.body[0]
    expect(s).toMatchObject({ project_id: id, signed_by: 'auditor', findings_count: 0, stale: false, changes: [], changes_total: 0 })
    expect(new Date(s.signed_at).toISOString().slice(0, 7)).toBe('2021-12')
    expect(s.totals).toEqual(audits.get('CDWL-2021')!.totals)
    expect(audits.get('CDWL-2021')!.signoff).toMatchObject({ id: s.id, stale: false })
    for (const code of ['ZQL-2021', 'HNSC-2021', 'YF10-2021']) expect(audits.get(code)!.signoff).toBeNull()
  })
})

describe('the office-wide audit of 2021', () => {
  it('finds the report off by 3.26 yuan: disbursements stated 135899624.72, their parts and the ledger 135899621.46', async () => {
    const r = await get('/api/audit/office?from=2021-01-01&to=2021-12-31')
    expect(r.status).toBe(200)
    expect(r.body.findings.map((f: { key: string }) => f.key)).toEqual(['FUNDS_REPORTED_PARTS_MISMATCH:office:2021-01-01..2021-12-31:disbursed_yuan'])
    expect(r.body.findings[0]).toMatchObject({
      code: 'FUNDS_REPORTED_PARTS_MISMATCH', project_id: null,
      params: { stated_yuan: '135899624.72', parts_yuan: '135899621.46', ledger_yuan: '135899621.46', difference_yuan: '+3.26' },
    })
    expect(r.body.findings[0].message.zh).toContain('3.26')
  })
})
