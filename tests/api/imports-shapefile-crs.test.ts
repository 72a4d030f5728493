import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { issueCodes } from '../../server/domain/issue-codes.ts'
import { writeDbf, writeShpShx } from '../../server/exports/shapefile.ts'
import { importRequests } from '../helpers/import-requests.ts'
import { useWorld } from '../helpers/world.ts'

// A Shapefile imported from another CRS than the parcels' own (reprojected, the source CRS recorded) and one valid
// under the ESRI ring rule but not OGC's (listed with its PostGIS reason, refused at commit, never repaired).
const w = useWorld()
const { preview, commit, commitFrom, importCounts } = importRequests(w)

describe('imports: the source CRS and OGC validity of a Shapefile (hostile-inputs F07, F10)', () => {
  const prj4546 = 'PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
  /** A zipped Shapefile in EPSG:4546 (metres east of CM 111°E with 500 km false easting), one ring per record as given. */
  function shp4546(rings: [number, number][][]) {
    const { shp, shx } = writeShpShx(rings.map((ring, i) => ({ parts: [[ring]], values: [`F-${i + 1}`] })))
    const dbf = writeDbf([{ name: 'DKBH', type: 'C' }], rings.map((_r, i) => [`F-${i + 1}`]), 'utf-8')
    return zipSync({ 'a.shp': shp, 'a.shx': shx, 'a.dbf': dbf, 'a.prj': new TextEncoder().encode(prj4546), 'a.cpg': new TextEncoder().encode('UTF-8') })
  }
  /** A clockwise square of `side` metres at easting e, northing n (a Shapefile outer ring). */
  const square = (e: number, n: number, side: number): [number, number][] => [[e, n], [e, n + side], [e + side, n + side], [e + side, n], [e, n]]

  it('F07: reprojects a CM 111°E (EPSG:4546) file from metres, records the source CRS, and gives areas within 0.01 % of the independent figures', async () => {
    const p = await preview(shp4546([square(405000, 3051000, 100)]), { filename: 'cm111.zip' })
    expect([p.status, p.body.source_crs], p.text).toEqual([200, 'EPSG:4546'])
    const area = p.body.features[0].area
    // Planar: the square is 100 m × 100 m in this very projection (zone 37 is CM 111°E too).
    expect(area.planar_crs).toBe('EPSG:4525')
    expect(Math.abs(area.planar_m2 - 10000) / 10000).toBeLessThan(1e-4)
    // Ellipsoidal: the Gauss-Krüger scale k = 1 + x²/2R² + x⁴/24R⁴ at x = 94 950 m west of the central meridian
    // (R² = M·N at 27.5°N on the CGCS2000 ellipsoid); the projection is conformal, so the area shrinks by k².
    const a = 6378137
    const f = 1 / 298.257222101
    const e2 = f * (2 - f)
    const s2 = Math.sin((27.5 * Math.PI) / 180) ** 2
    const r2 = ((a * (1 - e2)) / (1 - e2 * s2) ** 1.5) * (a / Math.sqrt(1 - e2 * s2))
    const x = 405050 - 500000
    const k = 1 + (x * x) / (2 * r2) + x ** 4 / (24 * r2 * r2)
    expect(Math.abs(area.ellipsoidal_m2 - 10000 / (k * k)) / (10000 / (k * k))).toBeLessThan(1e-4)
    const r = await commit(commitFrom(p.body))
    expect(r.status, r.text).toBe(201)
    const [row] = await w.db.query<{ source_crs: string; filename: string }>('SELECT source_crs, filename FROM imports')
    expect(row).toEqual({ source_crs: 'EPSG:4546', filename: 'cm111.zip' })
  })

  it('F10: lists a ring valid under the ESRI rule but not OGC (self-touching, an inverted hole) with its PostGIS reason and place; the commit is all or nothing; never repaired', async () => {
    // One clockwise ring that comes back to its corner to cut out a diamond: one ring for ESRI, a self-touching ring
    // for OGC (PostGIS isvaliddetail.sql cases 5 and 6).
    const [e, n] = [405300, 3051300]
    const inverted: [number, number][] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0], [5, 2], [8, 5], [5, 8], [2, 5], [0, 0]]
      .map(([dx, dy]) => [e + dx! * 10, n + dy! * 10])
    const p = await preview(shp4546([square(405000, 3051000, 100), inverted]), { filename: 'esri.zip' })
    expect(p.status, p.text).toBe(200)
    expect(p.body.features[0].issues).toEqual([])
    const [issue] = p.body.features[1].issues
    expect(issue.code).toBe('GEOM_RING_SELF_INTERSECTION')
    expect(issue.message).toBe(issueCodes.GEOM_RING_SELF_INTERSECTION.zh)
    expect(issue.at).toHaveLength(2)
    // The place is the corner the ring touches twice: the first vertex of the ring as previewed.
    const corner = p.body.features[1].geometry.coordinates[0][0][0]
    expect(issue.at[0]).toBeCloseTo(corner[0], 9)
    expect(issue.at[1]).toBeCloseTo(corner[1], 9)
    // Not repaired: the ten vertices as sent.
    expect(p.body.features[1].geometry.coordinates[0][0]).toHaveLength(10)
    const r = await commit(commitFrom(p.body))
    expect([r.status, r.body.code]).toEqual([422, 'GEOM_RING_SELF_INTERSECTION'])
    expect(r.body.errors.map((x: any) => [x.path, x.code])).toEqual([['features[1].geometry', 'GEOM_RING_SELF_INTERSECTION']])
    expect(r.body.errors[0].at).toEqual(issue.at)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })
})
