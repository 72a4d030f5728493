import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parcelFeature } from '../helpers/fixtures.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

// P1, property-based: valid parcels (star-shaped rings of 4–9 vertices, with or without a hole, one or two parts,
// either winding, sometimes a repeated vertex) and the mutations of hostile-inputs.md §2.1 are POSTed. Every answer
// is either 201, and then the stored geometry and the GET's equal the input (ST_Equals: the documented normalisation
// — counter-clockwise shells, repeated points removed, Polygon as MultiPolygon — changes no shape), with exterior
// rings counter-clockwise; or a 4xx problem with a stable code that wrote nothing. An unmutated parcel is always 201.
const w = useWorld()

type Pos = number[]
type Ring = Pos[]

/** Coordinates on a 1e-7° grid (about 1 cm), so that the GET's 9 decimals give them back exactly. */
const grid = (v: number) => Math.round(v * 1e7) / 1e7

/** A simple ring around (cx, cy): vertices at increasing angles, each at its own radius, closed, counter-clockwise. */
function starRing(cx: number, cy: number, radii: number[], scale = 1): Ring {
  const ring = radii.map((r, i) => {
    const a = (2 * Math.PI * i) / radii.length
    return [grid(cx + Math.cos(a) * r * scale), grid(cy + Math.sin(a) * r * scale)]
  })
  return [...ring, ring[0]!]
}

const mutations = [
  'none', 'unclosed', 'three_positions', 'bowtie', 'hole_outside', 'swap_axes', 'longitude_plus_180', 'string_coordinate',
  'third_dimension', 'collection', 'empty', 'extra_nesting', 'crs', 'collapse', 'spike',
] as const
type Mutation = (typeof mutations)[number]

const parcelArb = fc.record({
  radii: fc.array(fc.double({ min: 0.0002, max: 0.0008, noNaN: true }), { minLength: 4, maxLength: 9 }),
  hole: fc.boolean(),
  twoParts: fc.boolean(),
  clockwise: fc.boolean(),
  repeatVertex: fc.option(fc.nat(8), { nil: undefined }),
  mutation: fc.constantFrom(...mutations),
})

type Parcel = typeof parcelArb extends fc.Arbitrary<infer T> ? T : never

/** The GeoJSON geometry of parcel `p` centred at (cx, cy), with its mutation applied. */
function geometryOf(p: Parcel, cx: number, cy: number) {
  const polygonAt = (x: number): Ring[] => {
    const shell = starRing(x, cy, p.radii)
    const rings = p.hole ? [shell, starRing(x, cy, p.radii.map(() => Math.min(...p.radii)), 0.4)] : [shell]
    return rings.map((r, i) => {
      // Holes go clockwise unless the whole polygon is wound the other way (both are accepted and normalised).
      const ccw = (i === 0) !== p.clockwise
      const wound = ccw ? r : [...r].reverse()
      if (i === 0 && p.repeatVertex !== undefined) {
        const k = p.repeatVertex % (wound.length - 1)
        wound.splice(k, 0, wound[k]!)
      }
      return wound
    })
  }
  const parts = p.twoParts ? [polygonAt(cx), polygonAt(cx + 0.002)] : [polygonAt(cx)]
  let geometry: Record<string, unknown> = parts.length === 1
    ? { type: 'Polygon', coordinates: parts[0] }
    : { type: 'MultiPolygon', coordinates: parts }
  const shell = parts[0]![0]!
  const setShell = (ring: unknown) => {
    geometry = { type: 'Polygon', coordinates: [ring, ...parts[0]!.slice(1)] }
  }
  switch (p.mutation) {
    case 'none': break
    case 'unclosed': setShell(shell.slice(0, -1)); break
    case 'three_positions': setShell([shell[0], shell[1], shell[0]]); break
    case 'bowtie': setShell([shell[0], shell[2], shell[1], shell[3], shell[0]]); break
    case 'hole_outside': geometry = { type: 'Polygon', coordinates: [shell, starRing(cx + 0.01, cy, [0.0001, 0.0001, 0.0001, 0.0001])] }; break
    case 'swap_axes': setShell(shell.map(([x, y]) => [y, x])); break
    case 'longitude_plus_180': setShell(shell.map(([x, y]) => [x! + 180, y])); break
    case 'string_coordinate': setShell(shell.map(([x, y], i) => (i === 1 ? [String(x), y] : [x, y]))); break
    case 'third_dimension': setShell(shell.map(([x, y]) => [x, y, 100])); break
    case 'collection': geometry = { type: 'GeometryCollection', geometries: [geometry] }; break
    case 'empty': geometry = { type: 'Polygon', coordinates: [] }; break
    case 'extra_nesting': geometry = { type: 'Polygon', coordinates: [parts[0]] }; break
    case 'crs': geometry = { ...geometry, crs: { type: 'name', properties: { name: 'EPSG:4490' } } }; break
    case 'collapse': setShell(shell.map(([x]) => [x, cy])); break
    case 'spike': setShell([shell[0], shell[1], [grid(shell[1]![0]! + 0.003), shell[1]![1]], shell[1], ...shell.slice(2)]); break
  }
  return geometry
}

// A fuzzer: run once, on the server database (CI's embedded suite is the longer one).
describe.skipIf(testDbKind !== 'server')('P1: no silent geometry corruption (property-based)', () => {
  it('stores exactly the normalised input or answers 4xx with a code and writes nothing', async () => {
    const planner = await w.api.as('planner')
    let n = 0
    const outcomes = new Map<string, number>()
    await fc.assert(fc.asyncProperty(parcelArb, async (p) => {
      // Each run in its own place on a 0.01° grid inside Huaihua, so accepted parcels never overlap each other.
      const i = n++
      const cx = 110 + (i % 40) * 0.01
      const cy = 27 + Math.floor(i / 40) * 0.01
      const geometry = geometryOf(p, cx, cy)
      const [before] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel_history')
      const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, w.projectId, { code: `PBT-${i}` }) })
      outcomes.set(`${p.mutation} ${r.status}`, (outcomes.get(`${p.mutation} ${r.status}`) ?? 0) + 1)
      if (p.mutation === 'none') expect(r.status).toBe(201)
      if (r.status === 201) {
        const got = await planner.request('GET', `/api/parcels/${r.body.id}`)
        const [check] = await w.db.query<{ stored: boolean; answered: boolean; ccw: boolean; type: string }>(
          `SELECT ST_Equals(p.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4490)) AS stored,
                  ST_Equals(ST_SetSRID(ST_GeomFromGeoJSON($3), 4490), ST_SetSRID(ST_GeomFromGeoJSON($2), 4490)) AS answered,
                  ST_IsPolygonCCW(p.geom) AS ccw, GeometryType(p.geom) AS type
           FROM parcels p WHERE p.id = $1`, [r.body.id, JSON.stringify(geometry), JSON.stringify(got.body.geometry)])
        expect(check).toEqual({ stored: true, answered: true, ccw: true, type: 'MULTIPOLYGON' })
      } else {
        expect(r.status, r.text).toBeGreaterThanOrEqual(400)
        expect(r.status, r.text).toBeLessThan(500)
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
        expect(r.body.code).toMatch(/^[A-Z][A-Z0-9_]+$/)
        const [after] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel_history')
        expect(after!.n).toBe(before!.n)
      }
    }), { numRuns: 120, seed: Number(process.env.ZD_PBT_SEED ?? 20261126) })
    // Every mutation was tried, and the valid parcels got in.
    expect([...outcomes.keys()].filter((k) => k.startsWith('none ')).sort()).toEqual(['none 201'])
  })
})
