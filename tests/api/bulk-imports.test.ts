import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bulkImportParcels } from '../../server/db/bulk-import.ts'
import { insertParcel, refreshParcelOverview, setActor } from '../../server/db/parcel-writes.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { asOwner, testDbKind, tolerateViolations } from '../helpers/test-db.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// POST /api/imports/bulk and its job: streamed GeoJSON → COPY → set-based checks → one insert transaction.
const w = useWorld()

const owner = '盈口乡炉天冲村三组'
/** n non-overlapping squares of 0.0004° on a grid at 110.0°E 27.5°N, coded B-0…, land class 0101. */
function gridFeatures(n: number, props: (i: number) => Record<string, unknown> = () => ({})) {
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    geometry: polygon(square(110 + (i % 50) * 0.0005, 27.5 + Math.floor(i / 50) * 0.0005, 0.0004)),
    properties: { code: `B-${i}`, land_class: '0101', owner, ...props(i) },
  }))
}
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

async function post(body: string, query = '', contentType = 'application/geo+json', role: 'planner' | 'auditor' = 'planner') {
  const user = await w.api.as(role)
  return user.request('POST', `/api/imports/bulk?project=${w.projectId}${query}`, { raw: body, headers: { 'content-type': contentType, 'accept-language': 'en' } })
}

/** The job once it has finished (done or failed). */
async function finished(id: number) {
  const planner = await w.api.as('planner')
  for (let i = 0; i < 600; i++) {
    const r = await planner.request('GET', `/api/imports/bulk/${id}`, { headers: { 'accept-language': 'en' } })
    if (r.body.phase === 'done' || r.body.phase === 'failed') return r.body
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error(`import ${id} did not finish`)
}

/** The import's operation-log row: written in the insert transaction, so it is there as soon as the job says done. */
async function importLogged(id: number) {
  const [log] = await w.db.query<{ action: string; result: string }>(
    "SELECT action, result FROM operation_log WHERE action = 'import.bulk' AND target = $1", [`bulk_import:${id}`])
  return log
}

/** A file of every kind of fault, each feature's expected issue codes by index. */
function faultyFile() {
  const features: unknown[] = gridFeatures(6)
  const f = (i: number) => features[i] as { geometry: unknown; properties: Record<string, unknown> }
  delete f(1).properties.owner
  f(2).properties.land_class = '9999'
  f(3).geometry = polygon([[110, 27.6], [110.001, 27.601], [110.001, 27.6], [110, 27.601], [110, 27.6]])
  f(4).geometry = { type: 'Point', coordinates: [110, 27.5] }
  f(5).geometry = polygon(square(100, 27.5, 0.0004))
  features.push({ ...gridFeatures(7)[6]!, geometry: polygon([[110.1, 27.5], [110.1004, 27.5], [110.1004, 27.5004], [110.1, 27.5004]]) })
  return {
    text: collection(features),
    expected: [
      [1, 'FIELD_REQUIRED'], [2, 'UNKNOWN_LAND_CLASS'], [3, 'GEOM_SELF_INTERSECTION'], [4, 'GEOM_TYPE_NOT_ALLOWED'],
      [5, 'OUTSIDE_JURISDICTION'], [6, 'GEOM_RING_NOT_CLOSED'],
    ],
  }
}

describe('POST /api/imports/bulk', () => {
  it('imports 2,000 features: 202 with the job, then done with every parcel, its history row and the overview', async () => {
    const r = await post(collection(gridFeatures(2000)), '&filename=survey.geojson')
    expect(r.status).toBe(202)
    expect(r.headers.get('location')).toBe(`/api/imports/bulk/${r.body.id}`)
    expect(r.body).toMatchObject({ project_id: w.projectId, phase: 'validating', received: 2000, filename: 'survey.geojson' })
    const job = await finished(r.body.id)
    expect(job).toMatchObject({ phase: 'done', received: 2000, valid: 2000, invalid: 0, inserted: 2000, problems: 0, error: null })
    expect(await writeCounts(w.db)).toEqual({ parcels: 2000, history: 2000 })
    const [h] = await w.db.query<{ reasons: string[]; ops: string[]; by: string[] }>(
      'SELECT array_agg(DISTINCT reason) AS reasons, array_agg(DISTINCT operation) AS ops, array_agg(DISTINCT changed_by) AS by FROM parcel_history')
    expect(h).toEqual({ reasons: [`bulk import ${r.body.id}: survey.geojson`], ops: ['create'], by: ['planner'] })
    const [o] = await w.db.query<{ parcels: number }>("SELECT sum(parcels)::int AS parcels FROM parcel_overview WHERE kind = 'grid' AND cell_zoom = 10")
    expect(o!.parcels).toBe(2000)
    expect(await importLogged(r.body.id)).toEqual({ action: 'import.bulk', result: 'ok' })
  })

  it('reads GeoJSON text sequences (NDJSON) as well', async () => {
    const text = gridFeatures(30).map((f) => `\u001e${JSON.stringify(f)}\n`).join('')
    const r = await post(text, '', 'application/geo+json-seq')
    expect(r.status).toBe(202)
    expect(await finished(r.body.id)).toMatchObject({ phase: 'done', inserted: 30 })
  })

  it('refuses the whole file when any feature is invalid, names each problem, and writes no parcel', async () => {
    const { text, expected } = faultyFile()
    const r = await post(text)
    expect(r.status).toBe(202)
    const job = await finished(r.body.id)
    expect(job).toMatchObject({ phase: 'failed', received: 7, valid: 1, invalid: 6, inserted: 0, error: { code: 'BULK_IMPORT_INVALID' } })
    expect(job.problem_list.map((p: { index: number; issue: string }) => [p.index, p.issue])).toEqual(expected)
    expect(job.problem_list[0]).toMatchObject({ code: 'B-1', path: 'properties.owner', message: 'This field is required.' })
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
    const planner = await w.api.as('planner')
    const csv = await planner.request('GET', `/api/imports/bulk/${r.body.id}/problems.csv`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('feature_index,code,issue,path,message_zh,message_en,lon,lat')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(expected.map(([i, c]) => `${i},B-${i},${c}`))
    expect(lines[1]).toContain('缺少必填字段。')
  })

  it('with skip_invalid=true inserts the valid features and leaves out the others', async () => {
    const r = await post(faultyFile().text, '&skip_invalid=true')
    const job = await finished(r.body.id)
    expect(job).toMatchObject({ phase: 'done', valid: 1, invalid: 6, inserted: 1, problems: 6 })
    const rows = await w.db.query<{ code: string }>('SELECT code FROM parcels')
    expect(rows).toEqual([{ code: 'B-0' }])
  })

  it('flags a code repeated in the file (after its first use) and a code the project already has', async () => {
    const planner = await w.api.as('planner')
    const existing = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.2, 27.5, 0.0004)), w.projectId, { code: 'B-3' }) })
    expect(existing.status).toBe(201)
    const features = gridFeatures(5, (i) => (i === 4 ? { code: 'B-1' } : {}))
    const job = await finished((await post(collection(features))).body.id)
    expect(job.problem_list.map((p: { index: number; issue: string; code: string }) => [p.index, p.code, p.issue])).toEqual([
      [3, 'B-3', 'PARCEL_CODE_TAKEN'], [4, 'B-1', 'PARCEL_CODE_TAKEN'],
    ])
    expect(await writeCounts(w.db)).toEqual({ parcels: 1, history: 1 })
  })

  it('answers 422 for a file cut off mid-stream, and writes nothing', async () => {
    const text = collection(gridFeatures(50))
    const r = await post(text.slice(0, Math.floor(text.length / 2)))
    expect(r.status).toBe(422)
    expect(r.body.code ?? r.body.type).toMatch(/import-malformed|IMPORT_MALFORMED/)
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
    const [job] = await w.db.query<{ phase: string }>('SELECT phase FROM bulk_imports')
    expect(job!.phase).toBe('failed')
  })

  it('cancels when the client goes away before the end of the body, and refuses a second import meanwhile (409)', async () => {
    const planner = await w.api.as('planner')
    const url = new URL(`${w.api.base}/api/imports/bulk?project=${w.projectId}`)
    const text = collection(gridFeatures(200))
    const req = http.request(url, {
      method: 'POST',
      headers: { cookie: planner.cookie, 'x-csrf-token': planner.csrf, 'content-type': 'application/geo+json', 'content-length': String(Buffer.byteLength(text)) },
    })
    req.on('error', () => {})
    req.write(text.slice(0, 20000))
    for (let i = 0; i < 100; i++) {
      if ((await w.db.query("SELECT 1 FROM bulk_imports WHERE phase = 'received'")).length) break
      await new Promise((ok) => setTimeout(ok, 50))
    }
    const second = await post(collection(gridFeatures(3)))
    expect(second.status).toBe(409)
    expect(second.body.errors ?? []).toEqual([])
    expect(second.body.title).toMatch(/already running/)
    req.destroy()
    let phase = ''
    for (let i = 0; i < 100 && phase !== 'failed'; i++) {
      await new Promise((ok) => setTimeout(ok, 50))
      phase = (await w.db.query<{ phase: string }>('SELECT phase FROM bulk_imports ORDER BY id LIMIT 1'))[0]!.phase
    }
    const [job] = await w.db.query<{ phase: string; error: { code: string } }>('SELECT phase, error FROM bulk_imports ORDER BY id LIMIT 1')
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'BULK_IMPORT_CANCELLED' } })
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
    // The project is free again.
    const again = await post(collection(gridFeatures(3)))
    expect(again.status).toBe(202)
    expect(await finished(again.body.id)).toMatchObject({ phase: 'done', inserted: 3 })
  })

  it('is for editors only, needs a GeoJSON content type, and a known project', async () => {
    expect((await post(collection(gridFeatures(1)), '', 'application/geo+json', 'auditor')).status).toBe(403)
    const anonymous = await w.api.request('POST', `/api/imports/bulk?project=${w.projectId}`, { raw: collection(gridFeatures(1)) })
    expect(anonymous.status).toBe(401)
    const wrongType = await post(collection(gridFeatures(1)), '', 'text/plain')
    expect([wrongType.status, wrongType.body.type]).toEqual([415, expect.stringMatching(/bulk-media-type$/)])
    const planner = await w.api.as('planner')
    const unknown = await planner.request('POST', '/api/imports/bulk?project=999', { raw: collection(gridFeatures(1)), headers: { 'content-type': 'application/geo+json' } })
    expect([unknown.status, unknown.body.type]).toEqual([422, expect.stringMatching(/unknown-project$/)])
    expect((await planner.request('GET', '/api/imports/bulk/999')).status).toBe(404)
    expect(await writeCounts(w.db)).toEqual({ parcels: 0, history: 0 })
  })

  it('lists, in the overlap step, an imported parcel overlapping a stored one and two imported parcels overlapping', async () => {
    // A bulk import inserts without the overlap check: its overlaps stand until the office resolves them.
    tolerateViolations('parcel_overlap')
    const planner = await w.api.as('planner')
    const stored = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.0002, 27.5002, 0.0002)), w.projectId, { code: 'OLD-1' }) })
    expect(stored.status).toBe(201)
    const features = gridFeatures(3)
    features.push({ type: 'Feature', geometry: polygon(square(110.0012, 27.5, 0.0004)), properties: { code: 'B-X', land_class: '0101', owner } })
    const r = await post(collection(features))
    const job = await finished(r.body.id)
    expect(job).toMatchObject({ phase: 'done', inserted: 4 })
    const o = await planner.request('POST', `/api/imports/bulk/${r.body.id}/overlaps`)
    expect(o.status).toBe(200)
    const pairs = o.body.pairs.map((p: Record<string, unknown>) => [p.code, p.other_code, p.other_imported])
    expect(pairs).toEqual([['B-0', 'OLD-1', false], ['B-2', 'B-X', true]])
    expect(o.body.pairs[0].overlap_m2).toBeGreaterThan(1)
  })

  it('writes the same history rows and overview as inserting the same parcels one by one', async () => {
    const features = gridFeatures(120, (i) => ({ owner: i % 2 ? owner : '城东街道樟树湾村一组', claimed_area_mu: i % 3 ? '2.5' : undefined }))
    const snapshot = async () => ({
      history: await w.db.query(`SELECT parcel_id, version, operation, project_id, code, land_class, owner, claimed_area_mu::text,
          survey_zone, status, ST_AsEWKB(geom)::text AS geom, changed_by, reason, parent_ids, child_ids, restored_from
        FROM parcel_history ORDER BY parcel_id`),
      parcels: await w.db.query(`SELECT id, code, ST_AsEWKB(geom_3857)::text AS g3857, ST_AsEWKB(label_3857)::text AS l3857, area::text
        FROM parcels ORDER BY id`),
      overview: await w.db.query(`SELECT kind, cell_zoom, cell_x, cell_y, name, parcels, area_m2::text, sum_x::text, sum_y::text, ST_AsEWKB(geom_3857)::text AS g
        FROM parcel_overview ORDER BY kind, cell_zoom, cell_x, cell_y, name`),
    })
    const report = await bulkImportParcels(w.db, [collection(features)], { projectId: w.projectId, actor: 'planner', format: 'geojson', filename: 'same.geojson' })
    expect(report).toMatchObject({ phase: 'done', inserted: 120 })
    const bulk = await snapshot()
    // The same parcels, one INSERT each through the per-row path, after emptying the tables as their owner (ids
    // restart at 1).
    await asOwner(w.db, async (tx) => {
      await tx.query('SELECT zd_append_only_guards(false)')
      await tx.query('TRUNCATE parcel_history, parcel_overview, parcel_overview_pending, parcels RESTART IDENTITY CASCADE')
      await tx.query('SELECT zd_append_only_guards(true)')
    })
    await w.db.transaction(async (tx) => {
      await setActor(tx, 'planner', `bulk import ${report.id}: same.geojson`)
      for (const f of features) {
        await insertParcel(tx, { type: 'Feature', geometry: f.geometry, properties: { ...f.properties, project_id: w.projectId } } as never, JSON.stringify(f.geometry), 'planner')
      }
      await refreshParcelOverview(tx)
    })
    const perRow = await snapshot()
    expect(bulk.history).toHaveLength(120)
    expect(bulk.history).toEqual(perRow.history)
    expect(bulk.parcels).toEqual(perRow.parcels)
    expect(bulk.overview.length).toBeGreaterThan(0)
    expect(bulk.overview).toEqual(perRow.overview)
  })
})

describe('bulk import into a small table', () => {
  /** The GiST indexes of parcels: name, definition and the index's own oid (a new one when it was built again). */
  const spatialIndexes = () => w.db.query<{ name: string; def: string; oid: number }>(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, c.oid::int AS oid
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE i.indrelid = 'parcels'::regclass AND a.amname = 'gist' ORDER BY c.relname`)

  it('builds the spatial indexes again around a load at least as large as the table, and keeps them for a smaller one', async () => {
    const features = gridFeatures(15)
    const options = { projectId: w.projectId, actor: 'planner', format: 'geojson' as const }
    const before = await spatialIndexes()
    expect(before.map((i) => i.name)).toEqual(['parcels_geom_3857_gist', 'parcels_geom_gist'])
    expect(await bulkImportParcels(w.db, [collection(features.slice(0, 10))], options)).toMatchObject({ phase: 'done', inserted: 10 })
    const rebuilt = await spatialIndexes()
    expect(rebuilt.map(({ name, def }) => ({ name, def }))).toEqual(before.map(({ name, def }) => ({ name, def })))
    expect(rebuilt.map((i) => i.oid)).not.toEqual(before.map((i) => i.oid))
    expect(await bulkImportParcels(w.db, [collection(features.slice(10))], options)).toMatchObject({ phase: 'done', inserted: 5 })
    expect(await spatialIndexes()).toEqual(rebuilt)
    // The rebuilt index finds the parcels of the first load: the box around B-0…B-9 (B-10 starts 0.0001° east of it).
    const [hits] = await w.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off')
      return tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels
        WHERE geom && (SELECT ST_SetSRID(ST_Extent(geom), 4490) FROM parcels WHERE code = ANY ($1::text[]))`, [features.slice(0, 10).map((f) => f.properties.code)])
    })
    expect(hits!.n).toBe(10)
  })
})

describe.skipIf(testDbKind !== 'server')('npm run import:bulk', () => {
  it('imports a file on the configured database and prints progress and the report', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bulk-cli-')), 'cli.geojsonl')
    fs.writeFileSync(file, gridFeatures(300).map((f) => JSON.stringify(f)).join('\n') + '\n')
    const out = execFileSync('npx', ['tsx', 'server/cli/bulk-import.ts', '--project', String(w.projectId), '--actor', 'planner', file], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    })
    expect(out).toMatch(/import \d+: received .* 300 features/)
    const report = JSON.parse(out.slice(out.indexOf('{')))
    expect(report).toMatchObject({ phase: 'done', received: 300, valid: 300, invalid: 0, inserted: 300, error: null })
    expect(await writeCounts(w.db)).toEqual({ parcels: 300, history: 300 })
    fs.rmSync(path.dirname(file), { recursive: true })
  })
})

describe('POST /api/imports/bulk with an Idempotency-Key', () => {
  it('F11: the same upload sent again with the same key is answered with the first job, and no parcel is written twice', async () => {
    const user = await w.api.as('planner')
    const send = () => user.request('POST', `/api/imports/bulk?project=${w.projectId}&filename=survey.geojson`, {
      raw: collection(gridFeatures(5)), headers: { 'content-type': 'application/geo+json', 'idempotency-key': 'survey-upload-1' },
    })
    const first = await send()
    expect(first.status, first.text).toBe(202)
    expect(await finished(first.body.id)).toMatchObject({ phase: 'done', inserted: 5 })
    const again = await send()
    expect([again.status, again.body.id, again.headers.get('location'), again.headers.get('idempotent-replayed')])
      .toEqual([202, first.body.id, `/api/imports/bulk/${first.body.id}`, 'true'])
    const [jobs] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bulk_imports')
    expect(jobs!.n).toBe(1)
    expect(await writeCounts(w.db)).toEqual({ parcels: 5, history: 5 })
  })
})
