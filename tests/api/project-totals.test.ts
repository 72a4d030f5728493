import { describe, expect, it } from 'vitest'
import { setActor } from '../../server/db/parcel-writes.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// project_parcel_totals (migration 019) against the parcels themselves, after every kind of parcel write.
const w = useWorld()
const projects = loadQueries('projects', ['insert'])

/** What the stored totals must equal: the same figures computed afresh from every parcel. */
const FRESH_ROWS = `
  SELECT p.project_id,
         CASE WHEN GROUPING(p.land_class) = 0 THEN 'land_class' WHEN GROUPING(p.owner) = 0 THEN 'owner' ELSE 'project' END AS kind,
         CASE WHEN GROUPING(p.land_class) = 0 THEN p.land_class WHEN GROUPING(p.owner) = 0 THEN p.owner ELSE '' END AS key,
         count(*)::int AS parcels, sum((p.area ->> 'ellipsoidal_m2')::numeric) AS area_m2, ST_Extent(p.geom) AS box
  FROM parcels p
  GROUP BY GROUPING SETS ((p.project_id), (p.project_id, p.land_class), (p.project_id, p.owner))`

/** Stored rows that differ from the fresh ones (numbers compared as numbers, extents on 'project' rows only). */
const MISMATCHES = `
  SELECT coalesce(f.project_id, t.project_id) AS project_id, coalesce(f.kind, t.kind) AS kind, coalesce(f.key, t.key) AS key,
         f.parcels AS fresh_parcels, t.parcels, f.area_m2::text AS fresh_m2, t.area_m2::text AS m2
  FROM (${FRESH_ROWS}) f
  FULL JOIN project_parcel_totals t USING (project_id, kind, key)
  WHERE f.parcels IS DISTINCT FROM t.parcels OR f.area_m2 IS DISTINCT FROM t.area_m2
     OR (CASE WHEN f.kind = 'project' THEN ARRAY[ST_XMin(f.box), ST_YMin(f.box), ST_XMax(f.box), ST_YMax(f.box)] END)
        IS DISTINCT FROM (CASE WHEN t.kind = 'project' THEN ARRAY[t.west, t.south, t.east, t.north] END)`

/** GET /api/projects's figures as the list computed them from the parcels before the totals existed. */
const FRESH_LIST = `
  SELECT pr.id, coalesce(t.parcels, 0) AS parcels, round(coalesce(t.m2, 0) * 15 / 10000, 4)::text AS area_mu,
         CASE WHEN t.e IS NOT NULL THEN json_build_array(ST_XMin(t.e), ST_YMin(t.e), ST_XMax(t.e), ST_YMax(t.e)) END AS bbox
  FROM projects pr
  LEFT JOIN (SELECT project_id, count(*)::int AS parcels, sum((area ->> 'ellipsoidal_m2')::numeric) AS m2, ST_Extent(geom)::geometry AS e
             FROM parcels GROUP BY project_id) t ON t.project_id = pr.id
  ORDER BY pr.id`

/** The summary's parcel figures of project $1 computed from its parcels. */
const FRESH_SUMMARY = `
  WITH pa AS (SELECT land_class, owner, (area ->> 'ellipsoidal_m2')::numeric AS m2 FROM parcels WHERE project_id = $1)
  SELECT (SELECT count(*) FROM pa)::int AS parcels,
         (SELECT round(coalesce(sum(m2), 0) * 15 / 10000, 3)::text FROM pa) AS area_mu,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('land_class', land_class, 'parcels', n, 'area_mu', round(m2 * 15 / 10000, 3)::text)
                                    ORDER BY land_class), '[]')
          FROM (SELECT land_class, count(*)::int AS n, sum(m2) AS m2 FROM pa GROUP BY land_class) x) AS by_land_class,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('owner', owner, 'parcels', n, 'area_mu', round(m2 * 15 / 10000, 3)::text)
                                    ORDER BY owner COLLATE "C"), '[]')
          FROM (SELECT owner, count(*)::int AS n, sum(m2) AS m2 FROM pa GROUP BY owner) x) AS by_owner`

/** The stored rows equal the fresh ones (checked after every write). */
async function expectTotalsFresh(step: string) {
  expect(await w.db.query(MISMATCHES), step).toEqual([])
}

/** The project list and each project's summary answer the fresh figures. */
async function expectAnswersFresh(step: string) {
  const auditor = await w.api.as('auditor')
  const list = await auditor.request('GET', '/api/projects')
  expect(list.body.items.map((p: any) => ({ id: p.id, parcels: p.parcels, area_mu: p.area_mu, bbox: p.bbox })), step)
    .toEqual(await w.db.query(FRESH_LIST))
  for (const { id } of list.body.items) {
    const s = (await auditor.request('GET', `/api/projects/${id}/summary`)).body
    const [fresh] = await w.db.query<any>(FRESH_SUMMARY, [id])
    expect({
      parcels: s.parcels, area_mu: s.area_mu,
      by_land_class: s.area_mu_by_land_class.map(({ land_class, parcels, area_mu }: any) => ({ land_class, parcels, area_mu })),
      by_owner: s.area_mu_by_owner,
    }, step).toEqual(fresh)
  }
}

async function send(method: string, path: string, json?: unknown, version?: number) {
  const planner = await w.api.as('planner')
  const r = await planner.request(method, path, { json, headers: version ? { 'if-match': `"v${version}"` } : {} })
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`)
  return r.body
}

/** n squares of 0.0004° in a row at lon, lat, coded `${prefix}-i`, alternating two owners and land classes. */
const rowOfSquares = (n: number, lon: number, lat: number, prefix: string) => Array.from({ length: n }, (_, i) => ({
  type: 'Feature',
  geometry: polygon(square(lon + i * 0.0005, lat, 0.0004)),
  properties: { code: `${prefix}-${i}`, land_class: i % 2 ? '0103' : '0101', owner: i % 2 ? '盈口乡炉天冲村一组' : '盈口乡炉天冲村三组' },
}))

async function bulkImport(projectId: number, features: unknown[]) {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', `/api/imports/bulk?project=${projectId}`, {
    raw: JSON.stringify({ type: 'FeatureCollection', features }), headers: { 'content-type': 'application/geo+json' },
  })
  expect(r.status).toBe(202)
  for (let i = 0; i < 600; i++) {
    const job = (await planner.request('GET', `/api/imports/bulk/${r.body.id}`)).body
    if (job.phase === 'done' || job.phase === 'failed') return job
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error('the bulk import did not finish')
}

describe('project_parcel_totals', () => {
  it('equals a fresh computation from the parcels after creates, edits, splits, merges, restores, deletes and a bulk import', async () => {
    const [p2] = await w.db.query<{ id: number }>(projects.insert, ['P2', '第二项目', 'Second project', '鹤城区', null])
    const P1 = w.projectId
    const P2 = p2!.id
    await expectTotalsFresh('no parcels')

    const a = await send('POST', '/api/parcels', parcelFeature(polygon(S), P1, { code: 'A', owner: '甲组' }))
    const b = await send('POST', '/api/parcels', parcelFeature(polygon(square(110.001, 27.5)), P1, { code: 'B', owner: '乙组', land_class: '0103' }))
    const c = await send('POST', '/api/parcels', parcelFeature(polygon(square(110.003, 27.5)), P2, { code: 'C', owner: '甲组' }))
    // d is P1's eastern and northern rim.
    const d = await send('POST', '/api/parcels', parcelFeature(polygon(square(110.01, 27.51)), P1, { code: 'D', owner: '丙组', land_class: '0201' }))
    await expectTotalsFresh('creates')
    await expectAnswersFresh('creates')

    // Moving the rim parcel inwards shrinks the extent; a new owner and land class move its area between rows.
    await send('PUT', `/api/parcels/${d.id}`, { ...parcelFeature(polygon(square(110.005, 27.5)), P1, { code: 'D', owner: '丁组', land_class: '0101' }), reason: '界址复核' }, 1)
    await expectTotalsFresh('an edit at the rim')
    // A parcel moved to the other project leaves the second one without parcels.
    await send('PUT', `/api/parcels/${c.id}`, { ...parcelFeature(polygon(square(110.003, 27.5)), P1, { code: 'C', owner: '甲组' }), reason: '项目调整' }, 1)
    await expectTotalsFresh('a parcel moved to another project')

    const split = await send('POST', `/api/parcels/${a.id}/split`, { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] }, reason: '道路分割' }, 1)
    await expectTotalsFresh('a split')
    const [left, right] = split.children.features.map((f: any) => f.id)
    const merged = await send('POST', '/api/parcels/merge', { parcels: [{ id: left, version: 1 }, { id: right, version: 1 }, { id: b.id, version: 1 }], reason: '合并' })
    await expectTotalsFresh('a merge')
    // Restoring d's first version puts the rim back.
    await send('POST', `/api/parcels/${d.id}/restore`, { version: 1, reason: '恢复原界址' }, 2)
    await expectTotalsFresh('a restore')
    await send('DELETE', `/api/parcels/${merged.id}`, { reason: '误录' }, 1)
    await expectTotalsFresh('a delete')

    expect(await bulkImport(P2, rowOfSquares(30, 110.02, 27.52, 'BK'))).toMatchObject({ phase: 'done', inserted: 30 })
    await expectTotalsFresh('a bulk import')
    await expectAnswersFresh('a bulk import')
    const [row] = await w.db.query<{ parcels: number; owners: number }>(
      `SELECT (SELECT parcels FROM project_parcel_totals WHERE project_id = $1 AND kind = 'project') AS parcels,
              (SELECT count(*)::int FROM project_parcel_totals WHERE project_id = $1 AND kind = 'owner') AS owners`, [P2])
    expect(row).toEqual({ parcels: 30, owners: 2 })
  })

  it('is left as it was by imports that fail and by a write that rolls back', async () => {
    const P1 = w.projectId
    await bulkImport(P1, rowOfSquares(10, 110.02, 27.52, 'OK'))
    const before = await w.db.query('SELECT * FROM project_parcel_totals ORDER BY project_id, kind, key')
    expect(before).toHaveLength(5)

    // One feature outside the jurisdiction fails the whole file.
    const bad = rowOfSquares(5, 110.03, 27.52, 'BAD')
    ;(bad[4] as any).geometry = polygon(square(100, 27.5, 0.0004))
    expect(await bulkImport(P1, bad)).toMatchObject({ phase: 'failed', inserted: 0 })
    expect(await w.db.query('SELECT * FROM project_parcel_totals ORDER BY project_id, kind, key')).toEqual(before)

    // An import commit whose two features overlap each other inserts both, then refuses the batch: all rolls back.
    const planner = await w.api.as('planner')
    const overlapping = await planner.request('POST', '/api/imports/commit', { json: {
      project_id: P1,
      features: [square(110.04, 27.52, 0.0004), square(110.0402, 27.52, 0.0004)].map((ring, i) => ({
        geometry: polygon(ring), properties: { code: `OV-${i}`, land_class: '0101', owner: '盈口乡炉天冲村三组' },
      })),
    } })
    expect([overlapping.status, overlapping.body.code]).toEqual([409, 'PARCEL_OVERLAP'])
    expect(await w.db.query('SELECT * FROM project_parcel_totals ORDER BY project_id, kind, key')).toEqual(before)

    // A transaction that deleted and changed parcels, then failed: the totals' changes go with it.
    await expect(w.db.transaction(async (tx) => {
      await setActor(tx, 'planner', '测试回滚')
      await tx.query("UPDATE parcels SET owner = '别的组', version = version + 1 WHERE code = 'OK-0'")
      await tx.query("DELETE FROM parcels WHERE code = 'OK-9'")
      expect((await tx.query("SELECT parcels FROM project_parcel_totals WHERE kind = 'project'"))[0]).toEqual({ parcels: 9 })
      throw new Error('fails after the writes')
    })).rejects.toThrow('fails after the writes')
    expect(await w.db.query('SELECT * FROM project_parcel_totals ORDER BY project_id, kind, key')).toEqual(before)
    await expectTotalsFresh('after the rollback')
    await expectAnswersFresh('after the rollback')
  })
})
