import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { issueCodes, type IssueCode } from '../../server/domain/issue-codes.ts'
import { importFixtureParams as params, importFixturesDir as root, importRequests } from '../helpers/import-requests.ts'
import { useWorld } from '../helpers/world.ts'

// POST /api/imports/preview on the fixture files (tests/fixtures/imports, made by make-fixtures.ts): every in/<case>
// previews to its golden out/<case>.json (REGEN=1 rewrites them; review the diff like code), every bad/<CODE>/<case>
// is refused with that code and writes nothing.
const w = useWorld()
const { preview, importCounts } = importRequests(w)

const listDir = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listDir(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort()
const inCases = listDir(path.join(root, 'in')).map((f) => path.relative(root, f))
const badCases = listDir(path.join(root, 'bad')).map((f) => path.relative(root, f))

/** Numbers rounded so that goldens do not depend on the last bits of one PostGIS build: 10 decimals below 1000. */
function rounded(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.abs(v) < 1000 ? Number(v.toFixed(10)) : Number(v.toPrecision(13))
  if (Array.isArray(v)) return v.map(rounded)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]))
  return v
}

/**
 * Deep equality with numbers equal within 1e-9 below 1000 (0.1 mm in degrees) and 1e-9 relative above
 * (0.01 mm² on 10 000 m²). Areas (`*_m2`, `*_mu`) may differ by 1e-8 relative and ppm figures by 0.01 ppm:
 * PGlite's PostGIS 3.6 and Debian's 3.3 agree on geodesic areas to about 1e-9, not to the last bit.
 */
function toleranceFor(where: string, expected: number): number {
  if (/_ppm$/.test(where)) return 0.01
  if (/_(m2|mu)$/.test(where)) return Math.max(1e-6, 1e-8 * Math.abs(expected))
  return Math.abs(expected) < 1000 ? 1e-9 : 1e-9 * Math.abs(expected)
}

function expectClose(actual: unknown, expected: unknown, where = '$') {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number')
    const tolerance = toleranceFor(where, expected)
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance)
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true)
    expect((actual as unknown[]).length, `${where}.length`).toBe(expected.length)
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`))
  } else if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', where).toBeTruthy()
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(expected).sort())
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, `${where}.${k}`)
  } else expect(actual, where).toEqual(expected)
}

describe('import preview: fixture files', () => {
  for (const file of inCases) {
    it(`previews ${file} as recorded in out/`, async () => {
      const r = await preview(file, params[file])
      expect(r.status, r.text).toBe(200)
      const golden = path.join(root, 'out', `${path.basename(file).replace(/\.[^.]+$/, '')}.json`)
      if (process.env.REGEN === '1' || !fs.existsSync(golden)) {
        fs.mkdirSync(path.dirname(golden), { recursive: true })
        fs.writeFileSync(golden, JSON.stringify(rounded(r.body), null, 1) + '\n')
      }
      expectClose(r.body, JSON.parse(fs.readFileSync(golden, 'utf8')))
      expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
    })
  }

  /** The hostile-inputs.md catalogue case each kind of bad file stands for, named in its test's title. */
  const catalogueId: Partial<Record<IssueCode, string>> = {
    ARCHIVE_UNSAFE_PATH: 'F02', ARCHIVE_SYMLINK: 'F03', ARCHIVE_TOO_LARGE: 'F04', ARCHIVE_NESTED: 'F04',
    ARCHIVE_TOO_MANY_ENTRIES: 'F04', SHAPEFILE_CORRUPT: 'F05', SHAPEFILE_INCOMPLETE: 'F05', CRS_REQUIRED: 'F06',
    GEOM_COORD_OUT_OF_RANGE: 'F08', IMPORT_FORMAT_MISMATCH: 'F12', XML_DOCTYPE_NOT_ALLOWED: 'I12',
  }
  for (const file of badCases) {
    const code = file.split(path.sep)[1] as IssueCode
    const id = catalogueId[code] ? `${catalogueId[code]}: ` : ''
    it(`${id}refuses ${file} with ${issueCodes[code].status} ${code} and writes nothing`, async () => {
      const r = await preview(file, params[file])
      expect([r.status, r.body?.code], r.text).toEqual([issueCodes[code].status, code])
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
    })
  }
})
