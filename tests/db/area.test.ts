import geographiclib from 'geographiclib-geodesic'
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { S, square } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/test-db.ts'

// zd_area() against independent values: GeographicLib on the CGCS2000 (GRS80) ellipsoid for the
// authoritative area, and squares laid out by hand in Gauss-Krüger coordinates for the planar area.
const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

function geographicLibArea(ring: number[][]): number {
  const poly = new geographiclib.PolygonArea.PolygonArea(grs80, false)
  for (const [lon, lat] of ring.slice(0, -1) as [number, number][]) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}

const ppm = (a: number, b: number) => Math.abs(a / b - 1) * 1e6
let db: Database

async function area(geometry: unknown, zone: number | null = null) {
  const [row] = await db.query<{ area: Record<string, any> }>(
    'SELECT zd_area(zd_geometry_from_geojson($1), $2::int) AS area', [JSON.stringify(geometry), zone])
  return row!.area
}

beforeAll(async () => {
  db = await testDb()
})

describe('zd_area: the authoritative ellipsoidal area', () => {
  const demo = JSON.parse(fs.readFileSync('data/demo/parcels.geojson', 'utf8')).features as { geometry: { coordinates: number[][][] }; properties: { code: string } }[]
  const cases: [string, number[][]][] = [
    ['the base square S at 110.0°E 27.5°N', S],
    ['a 0.01° square west of the 109.5°E zone border', square(109.48, 27.5, 0.01)],
    ['a 0.01° square east of the 109.5°E zone border', square(109.51, 27.5, 0.01)],
    ...demo.slice(0, 5).map((f): [string, number[][]] => [`demo parcel ${f.properties.code}`, f.geometry.coordinates[0]!]),
  ]
  for (const [name, ring] of cases) {
    it(`agrees with GeographicLib to 1 ppm for ${name}`, async () => {
      const a = await area({ type: 'Polygon', coordinates: [ring] })
      expect(ppm(a.ellipsoidal_m2, geographicLibArea(ring))).toBeLessThan(1)
      expect(a.ellipsoidal_mu).toBeCloseTo((a.ellipsoidal_m2 * 15) / 10000, 10)
    })
  }

  it('gives 10949.47 m² for S, the figure of hostile-inputs.md (G41 pins the method)', async () => {
    expect((await area({ type: 'Polygon', coordinates: [S] })).ellipsoidal_m2).toBeCloseTo(10949.47, 2)
  })
})

describe('zd_area: the Gauss-Krüger planar area', () => {
  // A 100 m × 100 m square laid out in the plane of a 3° zone (easting with the zone prefix, northing), taken to
  // CGCS2000 lon/lat: its planar area in that zone is 10 000 m² by construction.
  async function handSquare(zone: number, easting: number, northing: number) {
    const [row] = await db.query<{ geojson: string }>(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakeEnvelope($1::float8, $2::float8, $1::float8 + 100, $2::float8 + 100), 4488 + $3::int), 4490), 15) AS geojson`,
      [easting, northing, zone])
    return JSON.parse(row!.geojson)
  }

  it('gives 10 000 m² for a hand-laid 100 m square in zone 37 (EPSG:4525), chosen by the centroid', async () => {
    const a = await area(await handSquare(37, 37401229.662, 3048973.311))
    expect(a.planar_crs).toBe('EPSG:4525')
    expect(a.planar_zone).toBe(37)
    expect(Math.abs(a.planar_m2 - 10000)).toBeLessThan(0.01) // 1 ppm
  })

  it('gives 10 000 m² in zone 36 (EPSG:4524) for a square just west of 109.5°E', async () => {
    // Zone 36 has its central meridian at 108°E; 109.49°E lies about 145 km east of it.
    const a = await area(await handSquare(36, 36645000, 3046000))
    expect(a.planar_crs).toBe('EPSG:4524')
    expect(Math.abs(a.planar_m2 - 10000)).toBeLessThan(0.01)
  })

  it('chooses zone 36 west and zone 37 east of the 109.5°E border by the centroid', async () => {
    expect((await area({ type: 'Polygon', coordinates: [square(109.49, 27.5)] })).planar_zone).toBe(36)
    expect((await area({ type: 'Polygon', coordinates: [square(109.501, 27.5)] })).planar_zone).toBe(37)
  })

  it('uses the zone the survey declared over the centroid rule', async () => {
    const a = await area({ type: 'Polygon', coordinates: [S] }, 36)
    expect(a.planar_crs).toBe('EPSG:4524')
    // The wrong zone (CM 108°E) reads about +963 ppm at 110°E (area.md).
    expect(ppm(a.planar_m2, (await area({ type: 'Polygon', coordinates: [S] })).ellipsoidal_m2)).toBeGreaterThan(900)
  })

  it('reads about +241 ppm over the ellipsoid at 110.0°E in zone 37, as area.md measured', async () => {
    const a = await area({ type: 'Polygon', coordinates: [square(110.0, 27.55, 0.005)] })
    const offset = (a.planar_m2 / a.ellipsoidal_m2 - 1) * 1e6
    expect(offset).toBeGreaterThan(236)
    expect(offset).toBeLessThan(246)
  })
})
