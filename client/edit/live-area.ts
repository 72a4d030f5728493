import turfArea from '@turf/area'
import type { MultiPolygon, Polygon } from 'geojson'

// CGCS2000 ellipsoid (GRS80) and the sphere @turf/area uses.
const a = 6378137
const f = 1 / 298.257222101
const e2 = f * (2 - f)
const turfRadius = 6371008.8

/**
 * The live area estimate shown while drawing, in m²: Turf's spherical area scaled by M(φ)·N(φ)/R² at the mean
 * latitude of the outer rings' vertices (area.md 3.3), which brings it within about 1 ppm of the server's
 * ellipsoidal 核定面积 for parcel-sized polygons; plain Turf reads about 1600 ppm high at 27.5°N.
 * Only an estimate: the server's zd_area() figure replaces it after save.
 */
export function liveAreaM2(geometry: Polygon | MultiPolygon): number {
  const shells = geometry.type === 'Polygon' ? [geometry.coordinates[0] ?? []] : geometry.coordinates.map((p) => p[0] ?? [])
  const lats = shells.flatMap((ring) => ring.slice(0, -1).map((pos) => pos[1] ?? 0))
  if (!lats.length) return 0
  const phi = ((lats.reduce((s, x) => s + x, 0) / lats.length) * Math.PI) / 180
  const w = 1 - e2 * Math.sin(phi) ** 2
  const m = (a * (1 - e2)) / w ** 1.5
  const n = a / Math.sqrt(w)
  return (turfArea(geometry) * m * n) / turfRadius ** 2
}

/** 1 mu = 10000/15 m². */
export const m2ToMu = (m2: number) => (m2 * 15) / 10000
