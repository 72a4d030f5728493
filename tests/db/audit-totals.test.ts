import geographiclib from 'geographiclib-geodesic'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database, Queryable } from '../../server/db/database.ts'
import { S, square } from '../helpers/fixtures.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

// zd_audit_totals(project) against values worked out here: land from GeographicLib on the CGCS2000 (GRS80)
// ellipsoid, floor areas and persons summed from what the test inserts (exact, in hundredths).
const grs80 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

function geographicLibArea(ring: [number, number][]): number {
  const poly = new geographiclib.PolygonArea.PolygonArea(grs80, false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}

/** Σ of decimal strings with 2 places, exactly, as a decimal string. */
function sum2(values: string[]): string {
  const cents = values.reduce((acc, v) => acc + BigInt(v.replace('.', '')), 0n)
  const s = cents.toString().padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

let db: Database
let a: number
let b: number

beforeAll(async () => {
  db = await testDb()
})

beforeEach(async () => {
  await resetData(db)
  const [pa] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('A', '稽核甲') RETURNING id")
  const [pb] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('B', '稽核乙') RETURNING id")
  a = pa!.id
  b = pb!.id
})

function asPlanner<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('zd.actor', 'planner', true), set_config('zd.reason', '', true)")
    return fn(tx)
  })
}

async function parcel(project: number, code: string, ring: [number, number][], surveyZone: number | null = null) {
  return asPlanner(async (tx) => {
    const [r] = await tx.query<{ id: number }>(
      `INSERT INTO parcels (project_id, code, land_class, owner, survey_zone, geom, updated_by)
       VALUES ($1, $2, '0101', '炉天冲村三组', $4, zd_geometry_from_geojson($3), 'planner') RETURNING id`,
      [project, code, JSON.stringify({ type: 'Polygon', coordinates: [ring] }), surveyZone])
    return r!.id
  })
}

async function building(project: number, parcelId: number, code: string, floorArea: string) {
  await asPlanner((tx) => tx.query(
    `INSERT INTO buildings (project_id, parcel_id, code, footprint, structure, floors, floor_area_m2, legal_status, updated_by)
     VALUES ($1, $2, $3, (SELECT ST_Multi(ST_Buffer(ST_PointOnSurface(geom), 0.00005, 1)) FROM parcels WHERE id = $2),
             'brick_concrete', 2, $4, 'licensed', 'planner')`, [project, parcelId, code, floorArea]))
}

async function household(project: number, persons: number | null) {
  await asPlanner(async (tx) => {
    const [h] = await tx.query<{ id: number }>(
      "INSERT INTO households (project_id, head_name, village_group, updated_by) VALUES ($1, '张美玉', '板山村三组', 'planner') RETURNING id", [project])
    if (persons !== null) {
      await tx.query("INSERT INTO resettlements (project_id, household_id, persons, method, updated_by) VALUES ($1, $2, $3, 'cash', 'planner')",
        [project, h!.id, persons])
    }
  })
}

async function totals(project: number) {
  const [row] = await db.query<{ t: Record<string, unknown> }>('SELECT zd_audit_totals($1) AS t', [project])
  return row!.t
}

describe('zd_audit_totals', () => {
  it('gives zeros, with the decimals of each figure, for a project without records', async () => {
    expect(await totals(a)).toEqual({ parcels: 0, land_m2: '0.00', land_mu: '0.0000', buildings: 0, houses_m2: '0.00', households: 0, persons: 0 })
  })

  it('sums the ellipsoidal land area, the floor areas and the resettled persons of the project only', async () => {
    const rings: [number, number][][] = [S, square(110.002, 27.5, 0.002), square(110.005, 27.503, 0.0007)]
    const ids: number[] = []
    // The third parcel declares a GK zone: the audited land area is ellipsoidal whatever the zone.
    for (const [i, ring] of rings.entries()) ids.push(await parcel(a, `A-${i + 1}`, ring, i === 2 ? 36 : null))
    const other = await parcel(b, 'B-1', square(110.01, 27.51, 0.003))

    const floorAreas = ['120.55', '80.45', '33.33', '0.01']
    for (const [i, f] of floorAreas.entries()) await building(a, ids[i % ids.length]!, `F-${i + 1}`, f)
    await building(b, other, 'F-X', '999.99')
    for (const persons of [3, 4, 0]) await household(a, persons)
    await household(a, null)
    await household(b, 5)

    const t = await totals(a)
    const m2 = rings.reduce((acc, r) => acc + geographicLibArea(r), 0)
    expect(t).toMatchObject({ parcels: 3, buildings: 4, houses_m2: sum2(floorAreas), households: 4, persons: 7 })
    expect(t.land_m2).toMatch(/^\d+\.\d{2}$/)
    expect(t.land_mu).toMatch(/^\d+\.\d{4}$/)
    // zd_area agrees with GeographicLib to well under 1 ppm; the figures are that sum rounded once.
    expect(Math.abs(Number(t.land_m2) - m2)).toBeLessThan(0.005 + m2 * 1e-6)
    expect(Math.abs(Number(t.land_mu) - (m2 * 15) / 10000)).toBeLessThan(0.00005 + ((m2 * 15) / 10000) * 1e-6)
  })

  it('converts the unrounded sum to mu once, as the report does', async () => {
    for (const [i, ring] of [S, square(110.002, 27.5), square(110.004, 27.5)].entries()) await parcel(a, `A-${i + 1}`, ring)
    const [row] = await db.query<{ exact: string }>(
      `SELECT round(sum((zd_area(geom, survey_zone) ->> 'ellipsoidal_m2')::numeric) * 15 / 10000, 4)::text AS exact
       FROM parcels WHERE project_id = $1`, [a])
    expect((await totals(a)).land_mu).toBe(row!.exact)
  })

  it('no longer counts a deleted parcel or building', async () => {
    await parcel(a, 'A-1', S)
    const q = await parcel(a, 'A-2', square(110.002, 27.5))
    await building(a, q, 'F-1', '50.00')
    await asPlanner(async (tx) => {
      await tx.query('DELETE FROM buildings WHERE parcel_id = $1', [q])
      await tx.query('DELETE FROM parcels WHERE id = $1', [q])
    })
    const t = await totals(a)
    expect(t).toMatchObject({ parcels: 1, buildings: 0, houses_m2: '0.00' })
    const m2 = geographicLibArea(S)
    expect(Math.abs(Number(t.land_m2) - m2)).toBeLessThan(0.005 + m2 * 1e-6)
  })

  it('is documented in the catalogue', async () => {
    const [row] = await db.query<{ d: string }>("SELECT obj_description('zd_audit_totals(integer)'::regprocedure, 'pg_proc') AS d")
    expect(row!.d).toContain('land_mu')
  })
})
