/**
 * The start-up reads (project list, summary, parcel features) sum the stored `area` and read the stored
 * `label_point` of the parcels (migration 017) instead of computing zd_area and zd_label_point per row. This proves
 * the stored figures stay equal to the computed ones after edits of geometry and survey zone, and that the answers
 * equal sums of zd_area computed apart, to the last digit.
 */
import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

/** Parcels whose stored area or label point differs from zd_area / zd_label_point computed now. */
async function staleParcels() {
  const [row] = await w.db.query<{ n: number; total: number }>(
    `SELECT count(*) FILTER (WHERE area IS DISTINCT FROM zd_area(geom, survey_zone)
                              OR ST_AsEWKB(label_point) IS DISTINCT FROM ST_AsEWKB(zd_label_point(geom))
                              OR ST_AsEWKB(label_3857) IS DISTINCT FROM ST_AsEWKB(ST_Transform(zd_label_point(geom), 3857)))::int AS n,
            count(*)::int AS total
     FROM parcels`)
  return row!
}

/** Σ ellipsoidal mu of zd_area over the world's project, computed apart, rounded to `places`. */
async function computedMu(places: number) {
  const [row] = await w.db.query<{ mu: string }>(
    `SELECT round(coalesce(sum((zd_area(geom, survey_zone) ->> 'ellipsoidal_m2')::numeric), 0) * 15 / 10000, $2::int)::text AS mu
     FROM parcels WHERE project_id = $1::int`, [w.projectId, places])
  return row!.mu
}

describe('stored parcel figures behind the start-up reads', () => {
  it('stay equal to zd_area and zd_label_point after edits, and the project list and summary sum them exactly', async () => {
    const planner = await w.api.as('planner')
    const a = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) })
    const b = await planner.request('POST', '/api/parcels', {
      json: parcelFeature(polygon(square(110.01, 27.51, 0.0007)), w.projectId, { code: 'T-002' }),
    })
    expect([a.status, b.status]).toEqual([201, 201])

    // A new outline for one parcel, a declared survey zone for the other: both change the stored figures.
    const reshaped = await planner.request('PUT', `/api/parcels/${a.body.id}`, {
      json: { ...parcelFeature(polygon(square(110, 27.5, 0.0013)), w.projectId), reason: '界址复核' },
      headers: { 'if-match': '"v1"' },
    })
    expect(reshaped.status).toBe(200)
    const rezoned = await planner.request('PUT', `/api/parcels/${b.body.id}`, {
      json: { ...parcelFeature(polygon(square(110.01, 27.51, 0.0007)), w.projectId, { code: 'T-002', survey_zone: 36 }), reason: '换带' },
      headers: { 'if-match': '"v1"' },
    })
    expect(rezoned.status).toBe(200)
    expect(rezoned.body.properties.survey_zone).toBe(36)

    expect(await staleParcels()).toEqual({ n: 0, total: 2 })

    const list = await (await w.api.as('auditor')).request('GET', '/api/projects')
    const mine = list.body.items.find((p: { id: number }) => p.id === w.projectId)
    expect(mine).toMatchObject({ parcels: 2, area_mu: await computedMu(4) })

    const summary = await (await w.api.as('auditor')).request('GET', `/api/projects/${w.projectId}/summary`)
    expect(summary.status).toBe(200)
    expect([summary.body.parcels, summary.body.area_mu]).toEqual([2, await computedMu(3)])

    // The feature reads the stored figures too: the same as zd_area of its geometry.
    const feature = await planner.request('GET', `/api/parcels/${b.body.id}`)
    const [direct] = await w.db.query<{ area: unknown }>('SELECT zd_area(geom, survey_zone) AS area FROM parcels WHERE id = $1::int', [b.body.id])
    expect(feature.body.properties.area).toEqual(direct!.area)
  })
})
