import fs from 'node:fs'
import path from 'node:path'
import type { MultiPolygon, Polygon } from 'geojson'
import { pointInRing, type Ring } from './interior-point.ts'

/** One label-point fixture: tests/fixtures/label-points/<name>.geojson, a shape whose label is easy to misplace. */
export interface LabelPointFixture {
  name: string
  description: string
  geometry: Polygon | MultiPolygon
  /** For a MultiPolygon: the index of the part that must hold the label (the largest by area). */
  part?: number
  /** How far (in degrees, longitudes unscaled) the label must keep from the outline, when the fixture says. */
  clearanceDeg?: number
}

const root = 'tests/fixtures/label-points'

/** Every label-point fixture, shared by the client's unit test and the server's api test. */
export function labelPointFixtures(): LabelPointFixture[] {
  return fs.readdirSync(root).sort().filter((f) => f.endsWith('.geojson')).map((file) => {
    const f = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))
    return {
      name: file.replace(/\.geojson$/, ''),
      description: f.properties.description,
      geometry: f.geometry,
      part: f.properties.part,
      clearanceDeg: f.properties.clearance_deg,
    }
  })
}

/**
 * Where a point lies in a (Multi)Polygon, by plain ray casting written independently of the code under test:
 * the index of the part whose interior (outside its holes) holds it, or null; and its distance to the nearest
 * edge of the whole outline in degrees (longitudes unscaled).
 */
export function locateLabel(geometry: Polygon | MultiPolygon, [x, y]: [number, number]): { part: number | null; clearanceDeg: number } {
  const parts = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][]
  const part = parts.findIndex((rings) => pointInRing([x, y], rings[0]!) && !rings.slice(1).some((hole) => pointInRing([x, y], hole)))
  let clearance = Infinity
  for (const rings of parts) {
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [ax, ay] = ring[i - 1]!
        const [bx, by] = ring[i]!
        const [dx, dy] = [bx - ax, by - ay]
        const len2 = dx * dx + dy * dy
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2))
        clearance = Math.min(clearance, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)))
      }
    }
  }
  return { part: part === -1 ? null : part, clearanceDeg: clearance }
}
