// Footprints that fit inside the demo parcels: local metres around a parcel, a grid of cells along its long axis,
// rectangles centred in cells, and the scaling that makes Σ footprint × floors hit a project's floor-area total.

import geographiclib from 'geographiclib-geodesic'
import type { Position } from './demo-parcels.ts'
import { parcelByCode } from './demo-parcels.ts'

export const geod = geographiclib.Geodesic.WGS84
/** Unsigned geodesic area in m² of a closed lon/lat ring. */
export function ellipsoidalM2(ring: Position[]): number {
  const poly = geod.Polygon(false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}
const round8 = (v: number): number => Math.round(v * 1e8) / 1e8

/** Local metres (x east, y north) at a parcel's first vertex, and back to rounded lon/lat. */
function frameOf(lon0: number, lat0: number) {
  const a = 6378137, f = 1 / 298.257223563, e2 = f * (2 - f)
  const phi = (lat0 * Math.PI) / 180
  const w = 1 - e2 * Math.sin(phi) ** 2
  const kx = ((a / Math.sqrt(w)) * Math.cos(phi) * Math.PI) / 180
  const ky = ((a * (1 - e2)) / w ** 1.5 * Math.PI) / 180
  return {
    toXY: ([lon, lat]: Position): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky],
    toLonLat: (x: number, y: number): Position => [round8(lon0 + x / kx), round8(lat0 + y / ky)],
  }
}

const cross = (ax: number, ay: number, bx: number, by: number) => ax * by - ay * bx
function segmentsCross(p: number[], q: number[], r: number[], s: number[]): boolean {
  const d1 = cross(s[0]! - r[0]!, s[1]! - r[1]!, p[0]! - r[0]!, p[1]! - r[1]!)
  const d2 = cross(s[0]! - r[0]!, s[1]! - r[1]!, q[0]! - r[0]!, q[1]! - r[1]!)
  const d3 = cross(q[0]! - p[0]!, q[1]! - p[1]!, r[0]! - p[0]!, r[1]! - p[1]!)
  const d4 = cross(q[0]! - p[0]!, q[1]! - p[1]!, s[0]! - p[0]!, s[1]! - p[1]!)
  return d1 * d2 <= 0 && d3 * d4 <= 0
}
function insideRing(pt: number[], ring: number[][]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!
    if (yi! > pt[1]! !== yj! > pt[1]! && pt[0]! < ((xj! - xi!) * (pt[1]! - yi!)) / (yj! - yi!) + xi!) inside = !inside
  }
  return inside
}

type Pt = [number, number]
export interface Slot { parcel: string; corners: [Pt, Pt, Pt, Pt]; frame: ReturnType<typeof frameOf>; axis: [number, number] }

/**
 * Cells of `cellAlong` × `cellAcross` metres on a grid along the parcel's long axis, each kept when the cell
 * grown by `margin` lies wholly inside the parcel (corners inside, no parcel edge crossing it, no parcel vertex in
 * it). Deterministic order: along the axis, then across.
 */
export function slotsIn(code: string, cellAlong: number, cellAcross: number, margin: number): Slot[] {
  const ring = parcelByCode.get(code)!.geometry.coordinates[0]!
  const frame = frameOf(ring[0]![0], ring[0]![1])
  const xy = ring.map(frame.toXY)
  // The long axis: the principal direction of the vertices.
  const n = xy.length - 1
  const mx = xy.slice(0, n).reduce((s, p) => s + p[0], 0) / n, my = xy.slice(0, n).reduce((s, p) => s + p[1], 0) / n
  let sxx = 0, syy = 0, sxy = 0
  for (const [x, y] of xy.slice(0, n)) { sxx += (x - mx) ** 2; syy += (y - my) ** 2; sxy += (x - mx) * (y - my) }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy)
  const ux: [number, number] = [Math.cos(theta), Math.sin(theta)], vx: [number, number] = [-Math.sin(theta), Math.cos(theta)]
  const uv = xy.map(([x, y]) => [x * ux[0] + y * ux[1], x * vx[0] + y * vx[1]])
  const toXY = (u: number, v: number): [number, number] => [u * ux[0] + v * vx[0], u * ux[1] + v * vx[1]]
  const us = uv.map((p) => p[0]!), vs = uv.map((p) => p[1]!)
  const slots: Slot[] = []
  for (let u = Math.min(...us); u + cellAlong <= Math.max(...us); u += cellAlong) {
    for (let v = Math.min(...vs); v + cellAcross <= Math.max(...vs); v += cellAcross) {
      const grown = [[u - margin, v - margin], [u + cellAlong + margin, v - margin], [u + cellAlong + margin, v + cellAcross + margin], [u - margin, v + cellAcross + margin]]
      if (!grown.every((c) => insideRing(c, uv))) continue
      const edges = grown.map((c, i) => [c, grown[(i + 1) % 4]!])
      const crosses = edges.some(([p, q]) => uv.slice(0, n).some((r, i) => segmentsCross(p!, q!, r, uv[i + 1]!)))
      const holds = uv.slice(0, n).some(([x, y]) => x! >= grown[0]![0]! && x! <= grown[2]![0]! && y! >= grown[0]![1]! && y! <= grown[2]![1]!)
      if (crosses || holds) continue
      slots.push({ parcel: code, corners: [toXY(u, v), toXY(u + cellAlong, v), toXY(u + cellAlong, v + cellAcross), toXY(u, v + cellAcross)], frame, axis: ux })
    }
  }
  return slots
}

/** A rectangle of `along` × `across` metres centred in a slot, as a closed counter-clockwise lon/lat ring. */
export function footprintIn(slot: Slot, along: number, across: number): Position[] {
  const [c0, c1, , c3] = slot.corners
  const e1 = [(c1[0] - c0[0]), (c1[1] - c0[1])], e2 = [(c3[0] - c0[0]), (c3[1] - c0[1])]
  const l1 = Math.hypot(e1[0]!, e1[1]!), l2 = Math.hypot(e2[0]!, e2[1]!)
  const o = [c0[0] + e1[0]! / 2 + e2[0]! / 2, c0[1] + e1[1]! / 2 + e2[1]! / 2]
  const at2 = (s: number, t: number): Position =>
    slot.frame.toLonLat(o[0]! + (e1[0]! / l1) * s * along / 2 + (e2[0]! / l2) * t * across / 2, o[1]! + (e1[1]! / l1) * s * along / 2 + (e2[1]! / l2) * t * across / 2)
  const ring = [at2(-1, -1), at2(1, -1), at2(1, 1), at2(-1, 1)]
  // Counter-clockwise (RFC 7946): the shoelace sum in lon/lat is positive.
  let s = 0
  for (let i = 0; i < 4; i++) s += ring[i]![0] * ring[(i + 1) % 4]![1] - ring[(i + 1) % 4]![0] * ring[i]![1]
  if (s < 0) ring.reverse()
  return [...ring, ring[0]!]
}
export const slotCentre = (slot: Slot): Position => {
  const c = slot.corners
  return slot.frame.toLonLat((c[0][0] + c[2][0]) / 2, (c[0][1] + c[2][1]) / 2)
}

/** `count` slots spread evenly over `slots`, in their order. */
export function spread<T>(slots: T[], count: number): T[] {
  if (slots.length < count) throw new Error(`${count} needed, only ${slots.length} slots`)
  return Array.from({ length: count }, (_, i) => slots[Math.floor((i * slots.length) / count)]!)
}

/** Floor areas in centi-m² proportional to footprint × floors, adjusted by whole centi-m² to sum to `total`. */
function floorAreas(raw: number[], total: number): number[] {
  const k = total / raw.reduce((s, x) => s + x, 0)
  if (k < 0.85 || k > 1.15) throw new Error(`floor areas would be ${k.toFixed(3)} × footprint × floors: resize the footprints`)
  const out = raw.map((x) => Math.round(x * k))
  let diff = total - out.reduce((s, x) => s + x, 0)
  for (let i = 0; diff !== 0; i = (i + 1) % out.length) { const d = Math.sign(diff); out[i]! += d; diff -= d }
  return out
}

export interface Sized { along: number; across: number; floors: number }
/**
 * Footprints in `slots` of the given proportions, all scaled by one factor so that Σ footprint × floors (× the
 * factor of `off`, for buildings whose floor area is deliberately off) is `totalCm2`; then the floor areas in centi-m²:
 * footprint × floors for each (× its `off` factor), the others adjusted by whole centi-m² to the exact total.
 */
export function sizedToTotal(slots: Slot[], sizes: Sized[], totalCm2: number, off: Map<number, number> = new Map()) {
  let s = 1
  const footprint = (i: number) => footprintIn(slots[i]!, sizes[i]!.along * s, sizes[i]!.across * s)
  const raw = () => slots.map((_, i) => ellipsoidalM2(footprint(i)) * sizes[i]!.floors * 100)
  for (let n = 0; n < 3; n++) s *= Math.sqrt(totalCm2 / raw().reduce((sum, x, i) => sum + x * (off.get(i) ?? 1), 0))
  const r = raw()
  const areas = r.map((x, i) => (off.has(i) ? Math.round(x * off.get(i)!) : 0))
  const rest = r.map((_, i) => i).filter((i) => !off.has(i))
  const fitted = floorAreas(rest.map((i) => r[i]!), totalCm2 - areas.reduce((sum, x) => sum + x, 0))
  rest.forEach((i, k) => { areas[i] = fitted[k]! })
  return { footprints: slots.map((_, i) => footprint(i)), areas }
}
