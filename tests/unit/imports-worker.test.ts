import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { issueMessage } from '../../server/domain/issue-codes.ts'
import { parseImport } from '../../server/imports/index.ts'
import { ParsePool } from '../../server/imports/parse-pool.ts'
import type { ImportFormat, ParseOptions } from '../../server/imports/types.ts'
import { Problem } from '../../server/problem.ts'

// The import parsers run in child processes (server/imports/parse-pool.ts): the same answers as on the calling
// thread, and a hostile file costs its process, never the caller's event loop (hostile-inputs.md F05).

const root = path.resolve('tests/fixtures/imports')
const params: Record<string, Record<string, string>> = JSON.parse(fs.readFileSync(path.join(root, 'params.json'), 'utf8'))
const listDir = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listDir(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort()
const fixtures = [...listDir(path.join(root, 'in')), ...listDir(path.join(root, 'bad'))].map((f) => path.relative(root, f))

/** A KML whose Folders nest `depth` levels: xmldom reads it iteratively, slowly, into a huge tree. */
const deepFolders = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${'<Folder>'.repeat(depth)}${'</Folder>'.repeat(depth)}</Document></kml>`)
/** A KML whose MultiGeometry nests `depth` levels: togeojson walks it recursively, past any parser stack. */
const deepMultiGeometry = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>${'<MultiGeometry>'.repeat(depth)}${'</MultiGeometry>'.repeat(depth)}</Placemark></kml>`)

/** The outcome of a parse as plain data: the result, or a Problem's code, params, errors and extension members. */
async function outcome(run: () => unknown) {
  try {
    return { result: await run() }
  } catch (e) {
    if (!(e instanceof Problem)) throw e
    return { problem: { code: e.code, status: e.status, params: e.params, errors: e.errors, extra: e.extra } }
  }
}

function problemOf(p: Promise<unknown>): Promise<Problem> {
  return p.then(
    () => { throw new Error('expected a Problem') },
    (e: unknown) => {
      if (e instanceof Problem) return e
      throw e
    },
  )
}

/** The longest gap between 20 ms ticks of this thread's event loop while `p` runs. */
async function longestStall<T>(p: Promise<T>): Promise<{ value: PromiseSettledResult<T>; stallMs: number; ticks: number }> {
  let last = performance.now()
  let stallMs = 0
  let ticks = 0
  const timer = setInterval(() => {
    const now = performance.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
    ticks++
  }, 20)
  const [value] = await Promise.allSettled([p])
  clearInterval(timer)
  return { value: value!, stallMs, ticks }
}

describe('import parser processes', () => {
  const pool = new ParsePool({ workers: 2, timeoutMs: 20_000, memoryMb: 512 })
  afterAll(() => pool.close())

  it('read every fixture file to the same features, or the same Problem with its code, params and errors', async () => {
    for (const file of fixtures) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(root, file)))
      const p = params[file] ?? {}
      const format = (p.format ?? 'auto') as ImportFormat | 'auto'
      const opts: ParseOptions = { filename: path.basename(file), ...(p.zone ? { zone: Number(p.zone) } : {}) }
      const here = await outcome(() => parseImport(bytes, format, opts))
      const there = await outcome(() => pool.parse(bytes, format, opts))
      expect(there, file).toEqual(here)
    }
  }, 120_000)

  it('rebuild a Problem as a Problem, with its two-language params intact', async () => {
    const wgs84Metres = new Uint8Array(fs.readFileSync(path.join(root, 'bad/GEOM_COORD_OUT_OF_RANGE/wgs84-prj-metres.zip')))
    const p = await problemOf(pool.parse(wgs84Metres, 'auto'))
    expect([p.code, p.status]).toEqual(['GEOM_COORD_OUT_OF_RANGE', 422])
    expect(issueMessage(p.code, 'en', p.params)).toBe(issueMessage(p.code, 'en', (await outcome(() => parseImport(wgs84Metres, 'auto'))).problem!.params))
  })
})

describe('import parser limits', () => {
  it('kill a process past the time limit with IMPORT_PARSE_TIMEOUT while this thread stays free, then read the next file', async () => {
    const pool = new ParsePool({ workers: 1, timeoutMs: 1500, memoryMb: 512 })
    try {
      const fine = fs.readFileSync(path.join(root, 'in/points-prefixed.txt'))
      const before = await pool.parse(fine, 'auto')
      expect(before.features).toHaveLength(1)
      const started = performance.now()
      const { value, stallMs, ticks } = await longestStall(pool.parse(deepFolders(1_000_000), 'auto'))
      const took = performance.now() - started
      expect(value.status).toBe('rejected')
      const p = (value as PromiseRejectedResult).reason
      expect(p).toBeInstanceOf(Problem)
      expect([p.code, p.status, p.params]).toEqual(['IMPORT_PARSE_TIMEOUT', 422, { seconds: 1.5 }])
      expect(issueMessage(p.code, 'en', p.params)).toContain('1.5 s')
      expect(took).toBeGreaterThanOrEqual(1490)
      expect(took).toBeLessThan(4000)
      // Reading the 17 MB file on this thread took about 15 s with no tick at all; in a parser process the loop ticks on.
      expect(ticks).toBeGreaterThan(20)
      expect(stallMs).toBeLessThan(1000)
      expect(await pool.parse(fine, 'auto')).toEqual(before)
    } finally {
      await pool.close()
    }
  }, 60_000)

  // A parser that reaches its heap limit aborts; only that process ends, never the server (as a worker thread could).
  it('answer IMPORT_PARSE_RESOURCES when the process runs out of heap, and go on with a fresh process', async () => {
    const pool = new ParsePool({ workers: 1, timeoutMs: 30_000, memoryMb: 64 })
    try {
      const p = await problemOf(pool.parse(deepFolders(1_000_000), 'auto'))
      expect([p.code, p.status]).toEqual(['IMPORT_PARSE_RESOURCES', 422])
      expect(issueMessage(p.code, 'zh-CN', p.params)).toContain('内存 64 MB')
      expect(issueMessage(p.code, 'en', p.params)).toContain('64 MB of memory')
      const fine = fs.readFileSync(path.join(root, 'in/kml-placemarks.kml'))
      expect((await pool.parse(fine, 'auto')).format).toBe('kml')
    } finally {
      await pool.close()
    }
  }, 60_000)

  it('answer IMPORT_PARSE_RESOURCES for nesting deeper than the parser stack (a RangeError, a 500, on the calling thread)', async () => {
    const pool = new ParsePool({ workers: 1, timeoutMs: 30_000, memoryMb: 512 })
    try {
      const deep = deepMultiGeometry(100_000)
      expect(() => parseImport(deep, 'auto')).toThrow(RangeError)
      const p = await problemOf(pool.parse(deep, 'auto'))
      expect([p.code, p.status]).toEqual(['IMPORT_PARSE_RESOURCES', 422])
      expect(issueMessage(p.code, 'en', p.params)).toContain('4 MB of stack')
      // The process survived its stack overflow and reads the next file.
      expect(pool.size).toBe(1)
      expect((await pool.parse(fs.readFileSync(path.join(root, 'in/points-prefixed.txt')), 'auto')).features).toHaveLength(1)
    } finally {
      await pool.close()
    }
  }, 60_000)

  it('make files wait for a free process, at most `workers` processes at a time', async () => {
    const pool = new ParsePool({ workers: 2, timeoutMs: 20_000, memoryMb: 512 })
    try {
      const fine = fs.readFileSync(path.join(root, 'in/points-prefixed.txt'))
      const results = await Promise.all(Array.from({ length: 6 }, () => pool.parse(fine, 'auto')))
      expect(results.map((r) => r.features.length)).toEqual([1, 1, 1, 1, 1, 1])
      expect(pool.size).toBeLessThanOrEqual(2)
    } finally {
      await pool.close()
    }
  }, 60_000)
})
