import geographiclib from 'geographiclib-geodesic'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import proj4 from 'proj4'
import { liveAreaM2, m2ToMu } from './live-area.ts'
import { openRing, type EditState } from './state.ts'

/** The CGCS2000 ellipsoid (GRS80), on which segment lengths are measured as geodesics. */
const cgcs2000 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101)

export interface Segment {
  from: Position
  to: Position
  /** Where the length label goes: the segment's midpoint in lon/lat. */
  mid: Position
  /** Geodesic length on the CGCS2000 ellipsoid, metres. */
  lengthM: number
}

/** Geodesic length between two positions, metres. */
export function geodesicLengthM(a: Position, b: Position): number {
  return cgcs2000.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12 ?? 0
}

/** The segments of a path of vertices; `closed` adds the segment from the last vertex back to the first. */
export function segmentsOf(vertices: Position[], closed: boolean): Segment[] {
  const out: Segment[] = []
  const n = vertices.length
  const count = closed && n > 2 ? n : n - 1
  for (let i = 0; i < count; i++) {
    const from = vertices[i]!
    const to = vertices[(i + 1) % n]!
    out.push({ from, to, mid: [(from[0]! + to[0]!) / 2, (from[1]! + to[1]!) / 2], lengthM: geodesicLengthM(from, to) })
  }
  return out
}

/** Every segment of a state: each ring of each part, the ring or line being drawn, and the split line. */
export function stateSegments(state: EditState): Segment[] {
  const out: Segment[] = []
  for (const part of state.parts) for (const ring of part) out.push(...segmentsOf(openRing(ring), true))
  if (state.drawing) out.push(...segmentsOf(state.drawing.vertices, false))
  if (state.line) out.push(...segmentsOf(state.line, false))
  return out
}

/**
 * The CGCS2000 3° Gauss-Krüger zone of a longitude, ⌊(lon + 1.5) / 3⌋ (zd_gk3_zone): central meridian 3·zone,
 * so 109.5°E, a border, belongs to zone 37 (111°E) as on the server.
 */
export function gk3ZoneOf(lon: number): number {
  return Math.floor((lon + 1.5) / 3)
}

/** The EPSG code of a CGCS2000 3° zone with the zone number in the easting (EPSG:4513 = zone 25 … 4533 = 45). */
export function gk3Crs(zone: number): string {
  return `EPSG:${4488 + zone}`
}

function polygons(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
}

/** Signed shoelace area of a closed ring of planar points, relative to its first point for precision. */
function shoelace(ring: Position[]): number {
  let s = 0
  const [x0, y0] = [ring[0]![0]!, ring[0]![1]!]
  for (let i = 1; i < ring.length; i++) {
    s += (ring[i - 1]![0]! - x0) * (ring[i]![1]! - y0) - (ring[i]![0]! - x0) * (ring[i - 1]![1]! - y0)
  }
  return s / 2
}

/**
 * The area-weighted centroid longitude in the lon/lat plane, as PostGIS ST_Centroid of the 4490 geometry
 * finds it; the server picks the zone from it when the survey declared none.
 */
export function centroidLon(geometry: Polygon | MultiPolygon): number {
  let sumA = 0
  let sumX = 0
  for (const poly of polygons(geometry)) {
    poly.forEach((ring, r) => {
      const [x0, y0] = [ring[0]![0]!, ring[0]![1]!]
      let a2 = 0
      let cx = 0
      for (let i = 1; i < ring.length; i++) {
        const xa = ring[i - 1]![0]! - x0, ya = ring[i - 1]![1]! - y0
        const xb = ring[i]![0]! - x0, yb = ring[i]![1]! - y0
        const cross = xa * yb - xb * ya
        a2 += cross
        cx += (xa + xb) * cross
      }
      // Holes subtract whatever their orientation.
      const sign = (r === 0 ? 1 : -1) * Math.sign(a2 || 1)
      sumA += sign * a2
      sumX += sign * (cx / 3 + x0 * a2)
    })
  }
  if (sumA === 0) {
    const first = polygons(geometry)[0]?.[0]
    return first ? first.reduce((s, p) => s + p[0]!, 0) / first.length : 0
  }
  return sumX / sumA
}

/** proj4 definitions of the CGCS2000 3° zones, keyed by zone number (no false-easting prefix: same areas). */
const gkProjections = new Map<number, proj4.Converter>()
function gkProjection(zone: number): proj4.Converter {
  let p = gkProjections.get(zone)
  if (!p) {
    p = proj4(`+proj=tmerc +lat_0=0 +lon_0=${3 * zone} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`)
    gkProjections.set(zone, p)
  }
  return p
}

/**
 * The Gauss-Krüger planar area (勘测定界口径), m²: the geometry projected to the CGCS2000 3° zone `zone` with
 * proj4 and measured by the shoelace formula, exteriors minus holes, as PostGIS ST_Area(ST_Transform(g, 4488 +
 * zone)) does on the server.
 */
export function gkPlanarAreaM2(geometry: Polygon | MultiPolygon, zone: number): number {
  const projection = gkProjection(zone)
  let total = 0
  for (const poly of polygons(geometry)) {
    poly.forEach((ring, r) => {
      const a = Math.abs(shoelace(ring.map((p) => projection.forward([p[0]!, p[1]!]))))
      total += r === 0 ? a : -a
    })
  }
  return total
}

export interface Measurement {
  /** The live estimate of the authoritative ellipsoidal area, m² (live-area.ts). */
  areaM2: number
  areaMu: number
  vertices: number
  /** In 勘测定界 mode: the GK planar area in `zone`. */
  planar?: { zone: number; crs: string; areaM2: number; areaMu: number }
}

/**
 * What the readout shows for a geometry: the live area and, when `planarZone` is given ('auto' = the zone of
 * the centroid, as the server picks it), the Gauss-Krüger planar area.
 */
export function measureGeometry(
  geometry: Polygon | MultiPolygon,
  planarZone?: number | 'auto',
): Measurement {
  const areaM2 = liveAreaM2(geometry)
  let vertices = 0
  for (const poly of polygons(geometry)) for (const ring of poly) vertices += openRing(ring).length
  const m: Measurement = { areaM2, areaMu: m2ToMu(areaM2), vertices }
  if (planarZone !== undefined) {
    const zone = planarZone === 'auto' ? gk3ZoneOf(centroidLon(geometry)) : planarZone
    const planarM2 = gkPlanarAreaM2(geometry, zone)
    m.planar = { zone, crs: gk3Crs(zone), areaM2: planarM2, areaMu: m2ToMu(planarM2) }
  }
  return m
}
