import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S } from '../helpers/fixtures.ts'
import { labelPointFixtures, locateLabel } from '../helpers/label-point-fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const fixtures = labelPointFixtures()

/** Whether PostGIS puts the point in the interior of the stored parcel (ST_Contains: not even on its outline). */
async function inInterior(id: number, [lon, lat]: [number, number]): Promise<boolean> {
  const [row] = await w.db.query<{ inside: boolean }>(
    'SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4490)) AS inside FROM parcels WHERE id = $1::int',
    [id, lon, lat])
  return row!.inside
}

const nineDecimals = (v: number) => Number(v.toFixed(9)) === v

describe('parcel label points', () => {
  it('gives every parcel of GET /api/parcels and GET /api/parcels/:id a label point in its interior, also with a hole, a C, several parts and slivers', async () => {
    const planner = await w.api.as('planner')
    const ids = new Map<number, (typeof fixtures)[number] | null>()
    const plain = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S.map(([x, y]) => [x, y + 0.003] as [number, number])), w.projectId, { code: 'PLAIN' }) })
    expect(plain.status).toBe(201)
    ids.set(plain.body.id, null)
    for (const f of fixtures) {
      const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(f.geometry, w.projectId, { code: f.name }) })
      expect(r.status, `${f.name}: ${r.text}`).toBe(201)
      ids.set(r.body.id, f)
    }

    const list = await planner.request('GET', '/api/parcels')
    expect(list.status).toBe(200)
    expect(list.body.features).toHaveLength(ids.size)
    for (const feature of list.body.features) {
      const f = ids.get(feature.id)!
      const name = f?.name ?? 'plain square'
      const at = feature.properties.label_point as [number, number]
      expect(at, name).toHaveLength(2)
      expect(await inInterior(feature.id, at), `${name}: ${at} in the interior`).toBe(true)
      // The same answer from GET /api/parcels/:id.
      const one = await planner.request('GET', `/api/parcels/${feature.id}`)
      expect(one.body.properties.label_point).toEqual(at)
      if (!f) continue
      const where = locateLabel(f.geometry, at)
      expect(where.part, `${name}: the part that holds the label`).toBe(f.part ?? 0)
      if (f.clearanceDeg !== undefined) expect(where.clearanceDeg, `${name}: distance to the outline`).toBeGreaterThanOrEqual(f.clearanceDeg)
    }
  })

  it('rounds label points to 9 decimals, unless that would put a sliver’s label on its outline', async () => {
    const planner = await w.api.as('planner')
    for (const f of fixtures) {
      const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(f.geometry, w.projectId, { code: f.name }) })
      const at = r.body.properties.label_point as [number, number]
      // The sliver is 1e-9° high: a 9-decimal latitude is one of its two edges.
      const sliver = f.name === 'sliver-10km-by-0.1mm'
      expect(at.every(nineDecimals), `${f.name}: ${at}`).toBe(!sliver)
      expect(await inInterior(r.body.id, at)).toBe(true)
    }
  })

  it('gives a version of the history the label point of that version’s geometry', async () => {
    const planner = await w.api.as('planner')
    const hole = fixtures.find((f) => f.name === 'hole-centroid-in-hole')!
    const created = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) })
    const updated = await planner.request('PUT', `/api/parcels/${created.body.id}`, {
      json: parcelFeature(hole.geometry, w.projectId), headers: { 'if-match': '"v1"' },
    })
    expect(updated.status).toBe(200)
    const v1 = await planner.request('GET', `/api/parcels/${created.body.id}/history/1`)
    const v2 = await planner.request('GET', `/api/parcels/${created.body.id}/history/2`)
    expect(v1.body.properties.label_point).toEqual(created.body.properties.label_point)
    expect(v2.body.properties.label_point).toEqual(updated.body.properties.label_point)
    expect(locateLabel(hole.geometry, v2.body.properties.label_point).part).toBe(0)
    expect(locateLabel(polygon(S), v1.body.properties.label_point).part).toBe(0)
  })
})
