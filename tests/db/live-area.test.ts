import fs from 'node:fs'
import turfArea from '@turf/area'
import { beforeAll, describe, expect, it } from 'vitest'
import { liveAreaM2 } from '../../client/edit/live-area.ts'
import type { Database } from '../../server/db/database.ts'
import { S, square } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/test-db.ts'

// The client's live estimate against the server's authoritative zd_area(): more than 10 ppm apart is a bug.
let db: Database
beforeAll(async () => {
  db = await testDb()
})

async function serverM2(geometry: unknown): Promise<number> {
  const [row] = await db.query<{ m2: number }>(
    "SELECT (zd_area(zd_geometry_from_geojson($1)) ->> 'ellipsoidal_m2')::float8 AS m2", [JSON.stringify(geometry)])
  return row!.m2
}

const ppm = (a: number, b: number) => Math.abs(a / b - 1) * 1e6

describe('liveAreaM2', () => {
  const demo = JSON.parse(fs.readFileSync('data/demo/parcels.geojson', 'utf8')).features as { geometry: any; properties: { code: string } }[]
  const cases: [string, any][] = [
    ['S', { type: 'Polygon', coordinates: [S] }],
    ['a 0.01° square at 109.5°E', { type: 'Polygon', coordinates: [square(109.5, 27.6, 0.01)] }],
    ['a two-part MultiPolygon', { type: 'MultiPolygon', coordinates: [[square(110, 27.5)], [square(110.01, 27.5)]] }],
    ...demo.map((f): [string, any] => [`demo parcel ${f.properties.code}`, f.geometry]),
  ]
  for (const [name, geometry] of cases) {
    it(`stays within 1 ppm of the server's ellipsoidal area for ${name}`, async () => {
      expect(ppm(liveAreaM2(geometry), await serverM2(geometry))).toBeLessThan(1)
    })
  }

  it('is a real correction: plain Turf is over 1500 ppm off at this latitude', async () => {
    const g = { type: 'Polygon' as const, coordinates: [S] }
    expect(ppm(turfArea(g), await serverM2(g))).toBeGreaterThan(1500)
  })
})
