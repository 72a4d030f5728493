import fs from 'node:fs'
import path from 'node:path'
import type { MultiPolygon, Polygon } from 'geojson'

/** One validation fixture: tests/fixtures/edit/validations/<CODE or valid>/<name>.geojson. */
export interface ValidationFixture {
  /** The issue code the folder names, or null for the `valid` folder. */
  code: string | null
  name: string
  geometry: Polygon | MultiPolygon
  /** Where the issue is marked, when the fixture says. */
  at?: [number, number]
}

const root = 'tests/fixtures/edit/validations'

/** Every validation fixture, shared by the client's unit test and the server's db test (the same codes). */
export function validationFixtures(): ValidationFixture[] {
  return fs.readdirSync(root).sort().flatMap((dir) =>
    fs.readdirSync(path.join(root, dir)).sort().filter((f) => f.endsWith('.geojson')).map((file) => {
      const f = JSON.parse(fs.readFileSync(path.join(root, dir, file), 'utf8'))
      return { code: dir === 'valid' ? null : dir, name: `${dir}/${file}`, geometry: f.geometry, at: f.properties?.at }
    }),
  )
}
