import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import type { Database } from '../../server/db/database.ts'
import { setActor } from '../../server/db/parcel-writes.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { TestApi } from '../helpers/api.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

// GET /api/parcels reads the stored figures (area, label_point: migration 017) and groups the statuses over the
// page (sql/queries/parcels.sql list); GET /api/parcels/:id computes them (view parcel_features). They must agree to
// the last digit, on the demo data, whose parcels are in every agreement and payment state.
const PII_KEY = Buffer.alloc(32, 7).toString('base64')
let db: Database
let api: TestApi
let cookie = ''
/** GET as the demo user legal (password `legal-demo`, data/demo). */
const get = (path: string) => api.request('GET', path, { headers: { cookie } })

beforeAll(async () => {
  db = await testDb()
  api = await new TestApi(db, { ZD_PII_KEY: PII_KEY }).start()
  await resetData(db)
  expect(await loadDemo(db, piiKeysFrom(PII_KEY))).toBe(true)
  const login = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'legal', password: 'legal-demo' }),
  })
  expect(login.status).toBe(200)
  cookie = login.headers.get('set-cookie')!.split(';')[0]!
})
afterAll(async () => {
  await api.stop()
})

interface Feature { id: number; properties: Record<string, unknown>; geometry: unknown }

/** Each listed feature, as text and parsed, equals GET /api/parcels/:id of the same parcel. */
async function expectSameAsById(features: Feature[]) {
  for (const f of features) {
    const one = await get(`/api/parcels/${f.id}`)
    expect(one.status).toBe(200)
    expect(f, `parcel ${f.id}`).toEqual(one.body)
    // Areas as the numbers JSON carries them, digit for digit.
    expect(JSON.stringify(f.properties.area), `parcel ${f.id}`).toBe(JSON.stringify(one.body.properties.area))
  }
}

describe('GET /api/parcels from stored figures', () => {
  it('answers every feature as GET /api/parcels/:id does: areas, label point, statuses, geometry', async () => {
    const r = await get('/api/parcels?limit=50000')
    expect(r.status).toBe(200)
    expect(r.body.numberReturned).toBe(r.body.features.length)
    expect(r.body.features.length).toBeGreaterThan(40)
    const props = r.body.features.map((f: Feature) => f.properties)
    expect(new Set(props.map((p: Record<string, unknown>) => p.agreement_status))).toEqual(new Set(['no_households', 'none_signed', 'partly_signed', 'all_signed']))
    expect(new Set(props.map((p: Record<string, unknown>) => p.payment_status))).toEqual(new Set(['no_items', 'unpaid', 'partly_paid', 'paid']))
    await expectSameAsById(r.body.features)
  })

  it('answers a bbox and a project the same way, in id order, with the limit and truncated as before', async () => {
    const all = (await get('/api/parcels?limit=50000')).body.features as Feature[]
    const project = all[0]!.properties.project_id as number
    const byProject = await get(`/api/parcels?project=${project}&limit=5`)
    expect(byProject.body.truncated).toBe(all.filter((f) => f.properties.project_id === project).length > 5)
    expect(byProject.body.features.map((f: Feature) => f.id)).toEqual(all.filter((f) => f.properties.project_id === project).slice(0, 5).map((f) => f.id))
    await expectSameAsById(byProject.body.features)
    const [box] = await db.query<{ w: number; s: number; e: number; n: number }>(
      `SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
       FROM (SELECT ST_Extent(geom)::box2d AS b FROM (SELECT geom FROM parcels ORDER BY id LIMIT 10) x) y`)
    const inBox = await get(`/api/parcels?bbox=${box!.w},${box!.s},${box!.e},${box!.n}`)
    expect(inBox.status).toBe(200)
    const ids = inBox.body.features.map((f: Feature) => f.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(ids.length).toBeGreaterThanOrEqual(10)
    await expectSameAsById(inBox.body.features)
  })

  it('keeps the stored figures equal to zd_area and zd_label_point through edits of shape and survey zone', async () => {
    const stale = async () => (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels p
       WHERE p.area IS DISTINCT FROM zd_area(p.geom, p.survey_zone)
          OR NOT ST_Equals(p.label_point, zd_label_point(p.geom)) OR ST_SRID(p.label_point) <> 4490
          OR NOT ST_Equals(p.label_3857, ST_Transform(zd_label_point(p.geom), 3857))
          OR NOT ST_Equals(p.geom_3857, ST_Transform(p.geom, 3857))`))[0]!.n
    expect(await stale()).toBe(0)
    const [p] = await db.query<{ id: number; zone: number | null }>('SELECT id, survey_zone AS zone FROM parcels ORDER BY id LIMIT 1')
    // The survey zone alone changes the planar area; a new shape changes all of them.
    await db.transaction(async (tx) => {
      await setActor(tx, 'planner', '复核')
      await tx.query('UPDATE parcels SET survey_zone = $2, version = version + 1 WHERE id = $1', [p!.id, p!.zone === 38 ? 37 : 38])
      await tx.query('UPDATE parcels SET geom = ST_Multi(ST_Scale(geom, ST_MakePoint(1.0001, 1.0001), ST_Centroid(geom))), version = version + 1 WHERE id = $1', [p!.id + 1])
    })
    expect(await stale()).toBe(0)
    const edited = (await get('/api/parcels?limit=50000')).body.features as Feature[]
    await expectSameAsById(edited.filter((f) => f.id === p!.id || f.id === p!.id + 1))
  })
})
