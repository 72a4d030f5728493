import fs from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TestApi } from '../helpers/api.ts'
import { importFixturesDir as root, importRequests } from '../helpers/import-requests.ts'
import { useWorld } from '../helpers/world.ts'

// The import routes against hostile files (shared/design/hostile-inputs.md): XML entities and addresses are never
// followed (I12, I13), and the parser runs in a child process whose time, heap and stack limits end it, never the
// server (F05).
const w = useWorld()
const { preview, commit, importCounts } = importRequests(w)

describe('imports: external entities and addresses (hostile-inputs I12, I13)', () => {
  /** What /etc/passwd would put into an answer if an entity were expanded. */
  const passwdLine = /root:[^:\n]*:0:0:/

  it('I12: refuses a KML with an external entity (UTF-8, UTF-16, KMZ, parameter entity) with 422 XML_DOCTYPE_NOT_ALLOWED; no file content in any answer', async () => {
    const xxe = fs.readFileSync(path.join(root, 'bad/XML_DOCTYPE_NOT_ALLOWED/xxe.kml'), 'utf8')
    const parameterEntity = xxe.replace(/<!DOCTYPE[^\n]*>/, '<!DOCTYPE kml [<!ENTITY % p SYSTEM "http://169.254.169.254/latest/meta-data/"> %p;]>')
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(xxe, 'utf16le')])
    const files: [string, Uint8Array, Record<string, string>][] = [
      ['utf-8', new TextEncoder().encode(xxe), { filename: 'xxe.kml' }],
      ['utf-16', utf16, { filename: 'xxe.kml' }],
      ['kmz', zipSync({ 'doc.kml': new TextEncoder().encode(xxe) }), { filename: 'xxe.kmz' }],
      ['parameter entity', new TextEncoder().encode(parameterEntity), { format: 'kml' }],
    ]
    for (const [what, bytes, query] of files) {
      const r = await preview(bytes, query)
      expect([what, r.status, r.body?.code]).toEqual([what, 422, 'XML_DOCTYPE_NOT_ALLOWED'])
      expect(r.text).not.toMatch(passwdLine)
    }
    // The streamed bulk import reads GeoJSON only: XML is refused by its media type before a byte is parsed.
    const planner = await w.api.as('planner')
    const bulk = await planner.request('POST', `/api/imports/bulk?project=${w.projectId}`, { raw: xxe, headers: { 'content-type': 'application/vnd.google-earth.kml+xml' } })
    expect(bulk.status).toBe(415)
    expect(bulk.text).not.toMatch(passwdLine)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  it('I13: has no import from a URL: a url parameter or field is refused, and an address sent as the file is read as text, never fetched', async () => {
    // Nothing in server/ fetches a user-supplied address (tests/unit/no-outbound-requests.test.ts), so there is no
    // allow-list to get past: the three import routes refuse the name itself.
    const planner = await w.api.as('planner')
    const addresses = ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:5432', 'file:///etc/passwd']
    for (const url of addresses) {
      const q = `project=${w.projectId}&url=${encodeURIComponent(url)}`
      const previewUrl = await planner.request('POST', `/api/imports/preview?${q}`, { raw: url, headers: { 'content-type': 'text/plain' } })
      expect([previewUrl.status, previewUrl.body.code]).toEqual([400, 'UNKNOWN_PARAMETER'])
      const bulk = await planner.request('POST', `/api/imports/bulk?${q}`, { raw: '{"type":"FeatureCollection","features":[]}', headers: { 'content-type': 'application/geo+json' } })
      expect([bulk.status, bulk.body.code]).toEqual([400, 'UNKNOWN_PARAMETER'])
      const commitUrl = await commit({ project_id: w.projectId, url, features: [] })
      expect([commitUrl.status, commitUrl.body.code]).toEqual([422, 'VALIDATION_FAILED'])
      expect(commitUrl.body.errors).toContainEqual(expect.objectContaining({ path: 'url', code: 'UNKNOWN_PROPERTY' }))
      const asText = await planner.request('POST', `/api/imports/preview?project=${w.projectId}`, { raw: url, headers: { 'content-type': 'text/plain' } })
      expect(asText.status).toBe(422)
      expect(asText.text).not.toMatch(passwdLine)
    }
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })
})

/** A KML whose Folders nest `depth` levels (17 MB for a million): slow to read and huge once read. */
const deepFolders = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${'<Folder>'.repeat(depth)}${'</Folder>'.repeat(depth)}</Document></kml>`)
/** A KML whose MultiGeometry nests `depth` levels: read recursively, deeper than a parser's stack. */
const deepMultiGeometry = (depth: number) =>
  new TextEncoder().encode(`<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>${'<MultiGeometry>'.repeat(depth)}${'</MultiGeometry>'.repeat(depth)}</Placemark></kml>`)

describe('import preview: the parser runs in a child process with time and memory limits (hostile-inputs F05)', () => {
  // Apps over the same database with short limits, so that a test waits 2 s rather than the default 20 s.
  let timed: TestApi
  let small: TestApi
  beforeAll(async () => {
    timed = await new TestApi(w.db, { ZD_IMPORT_PARSE_TIMEOUT_MS: '2000', ZD_IMPORT_PARSE_WORKERS: '1' }).start()
    small = await new TestApi(w.db, { ZD_IMPORT_PARSE_MEMORY_MB: '64', ZD_IMPORT_PARSE_WORKERS: '1' }).start()
  })
  afterAll(async () => {
    await timed.stop()
    await small.stop()
  })
  beforeEach(() => {
    timed.forget()
    small.forget()
  })

  async function previewOn(api: TestApi, bytes: Uint8Array, lang = 'zh-CN') {
    const planner = await api.as('planner')
    return planner.request('POST', `/api/imports/preview?project=${w.projectId}`, {
      raw: bytes, headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
    })
  }
  const fixture = (file: string) => new Uint8Array(fs.readFileSync(path.join(root, file)))

  it('answers 422 IMPORT_PARSE_TIMEOUT for a KML nested a million levels deep, while /api/health answers at once', async () => {
    const fine = await previewOn(timed, fixture('in/points-prefixed.txt'))
    expect(fine.status, fine.text).toBe(200)

    const started = Date.now()
    let answeredAt = 0
    const slow = previewOn(timed, deepFolders(1_000_000)).then((r) => ((answeredAt = Date.now()), r))
    // Well inside the parse (the upload over loopback takes a few ms, the limit is 2 s): the event loop is free.
    await new Promise((r) => setTimeout(r, 700))
    const healthMs: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = Date.now()
      const health = await timed.request('GET', '/api/health')
      expect(health.status).toBe(200)
      healthMs.push(Date.now() - t)
    }
    const healthDoneAt = Date.now()
    const r = await slow
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_TIMEOUT'])
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(r.body.messages['zh-CN']).toContain('上限 2 秒')
    expect(r.body.messages.en).toContain('the allowed 2 s')
    expect(Math.max(...healthMs), healthMs.join(', ')).toBeLessThan(1000)
    expect(healthDoneAt).toBeLessThan(answeredAt)
    expect(answeredAt - started).toBeGreaterThanOrEqual(2000)
    expect(answeredAt - started).toBeLessThan(6000)

    // The process was killed; a fresh one reads the next file the same as before.
    const after = await previewOn(timed, fixture('in/points-prefixed.txt'))
    expect(after.status, after.text).toBe(200)
    expect(after.body).toEqual(fine.body)
    expect(await importCounts()).toEqual({ parcels: 0, history: 0, imports: 0 })
  })

  // A parser that reaches its heap limit aborts; only that process ends, never the server (as a worker thread could).
  it('answers 422 IMPORT_PARSE_RESOURCES when the parser process runs out of heap, and previews the next file', async () => {
    const r = await previewOn(small, deepFolders(1_000_000), 'en')
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_RESOURCES'])
    expect(r.body.title).toContain('64 MB of memory')
    expect(r.body.messages['zh-CN']).toContain('内存 64 MB')
    const after = await previewOn(small, fixture('in/kml-placemarks.kml'))
    expect([after.status, after.body.format], after.text).toEqual([200, 'kml'])
  })

  it('answers 422 IMPORT_PARSE_RESOURCES, not 500, for a KML nested deeper than the parser process stack', async () => {
    const r = await previewOn(w.api, deepMultiGeometry(100_000), 'en')
    expect([r.status, r.body?.code], r.text).toEqual([422, 'IMPORT_PARSE_RESOURCES'])
    expect(r.body.detail).toContain('4 MB of stack')
    const after = await previewOn(w.api, fixture('in/points-prefixed.txt'))
    expect(after.status, after.text).toBe(200)
  })

  it('carries a parser Problem across the process boundary intact: code, params and both languages', async () => {
    const r = await previewOn(w.api, fixture('bad/IMPORT_SYNTAX_ERROR/points-bad-number.txt'), 'en')
    expect([r.status, r.body.code]).toEqual([422, 'IMPORT_SYNTAX_ERROR'])
    expect(r.body.title).toMatch(/^Line \d+ cannot be read: /)
    expect(r.body.messages['zh-CN']).toMatch(/^第 \d+ 行无法解析：/)
  })
})
