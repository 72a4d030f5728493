/** Browser-test geometry, written independently of the client: where to click so that a parcel is hit. */

export type Ring = [number, number][]
export type MultiPolygonCoords = Ring[][]

export function pointInRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Distance from p to segment ab in degrees of latitude, longitudes scaled by kx = cos(latitude). */
function distanceToSegment(p: [number, number], a: [number, number], b: [number, number], kx: number): number {
  const [px, py] = [p[0] * kx, p[1]]
  const [ax, ay] = [a[0] * kx, a[1]]
  const [bx, by] = [b[0] * kx, b[1]]
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/**
 * A point well inside the parcel: of a 25×25 grid over its bbox, the point inside a polygon (and outside its
 * holes) farthest from any edge. Pure geometry on the server's coordinates; nothing from the client.
 */
export function interiorPoint(coords: MultiPolygonCoords): [number, number] {
  const all = coords.flat(2)
  const xs = all.map((p) => p[0])
  const ys = all.map((p) => p[1])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180)
  let best: [number, number] | null = null
  let bestDistance = -1
  const n = 25
  for (let i = 1; i < n; i++) {
    for (let j = 1; j < n; j++) {
      const p: [number, number] = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n]
      const polygon = coords.find((poly) => pointInRing(p, poly[0]!) && !poly.slice(1).some((hole) => pointInRing(p, hole)))
      if (!polygon) continue
      let d = Infinity
      for (const ring of polygon) for (let k = 1; k < ring.length; k++) d = Math.min(d, distanceToSegment(p, ring[k - 1]!, ring[k]!, kx))
      if (d > bestDistance) {
        bestDistance = d
        best = p
      }
    }
  }
  if (!best) throw new Error('no interior point found')
  return best
}
