import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Queryable } from '../db/database.ts'
import { logOperation } from '../db/operation-log.ts'
import {
  findConflicts, geometryIssues, insertParcel, landClassIssues, lockParcels, outsideScopeIssues, projectIssues, setActor,
  withParcelWrite, type ParcelConflict,
} from '../db/parcel-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { issueMessage, warningMessage, type Lang } from '../domain/issue-codes.ts'
import type { ParsedFeature, ParseResult } from '../imports/index.ts'
import { parsePoolFor } from '../imports/parse-pool.ts'
import { encodingLabel, sanitiseFilename } from '../imports/text.ts'
import { importFormats, importLimits, type ImportFormat } from '../imports/types.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { parseClaimFields, type AreaClaimFields } from '../schemas/area-claim.ts'
import { checkParcelGeometry } from '../schemas/geojson-intake.ts'
import { parseParcelFeature, zodIssues, type ParcelInput } from '../schemas/parcel-feature.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('imports', ['zone_candidates', 'preview', 'batch_overlaps', 'codes_taken', 'by_key', 'insert', 'set_parcels'])
const claimQ = loadQueries('area-claims', ['insert_many'])

type Area = Record<string, number | string>

/** A fault as problem+json lists it (server/problem.ts): path, code, message in the caller's language, at. */
function renderIssue(issue: FieldIssue, lang: Lang) {
  return {
    ...(issue.path ? { path: issue.path } : {}),
    code: issue.code,
    message: issueMessage(issue.code, lang, issue.params),
    ...(issue.at ? { at: issue.at } : {}),
  }
}

function parseFormat(raw: string | undefined): ImportFormat | 'auto' {
  if (raw === undefined || raw === 'auto') return 'auto'
  if ((importFormats as readonly string[]).includes(raw)) return raw as ImportFormat
  throw new Problem('INVALID_PARAMETER', { name: 'format', why: `auto | ${importFormats.join(' | ')}` })
}

function parseZone(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const n = /^\d{2}$/.test(raw) ? Number(raw) : NaN
  if (!(n >= 25 && n <= 45)) throw new Problem('INVALID_PARAMETER', { name: 'zone', why: 'a CGCS2000 3° zone, 25…45' })
  return n
}

function parseEncoding(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '' || raw === 'auto') return undefined
  const label = encodingLabel(raw)
  if (!label) throw new Problem('INVALID_PARAMETER', { name: 'encoding', why: 'utf-8 | gbk | gb18030 | utf-16le | utf-16be' })
  return label
}

const noneFits = { 'zh-CN': '没有一个带能使坐标落在辖区内', en: 'none puts the coordinates inside the jurisdiction' }

/**
 * Decides the zone of GK coordinates that carry no prefix and came with no `zone` parameter: the one 3° zone in
 * which they land inside the jurisdiction; 422 ZONE_REQUIRED when several zones fit (or none).
 */
async function resolvePendingZones(db: Queryable, result: ParseResult) {
  const open = result.features.filter((f) => f.crs.srid === null)
  if (!open.length) return
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
  for (const f of open) {
    for (const part of f.parts) {
      for (const ring of part) {
        for (const [x, y] of ring) {
          box.minX = Math.min(box.minX, x)
          box.maxX = Math.max(box.maxX, x)
          box.minY = Math.min(box.minY, y)
          box.maxY = Math.max(box.maxY, y)
        }
      }
    }
  }
  const zones = (await db.query<{ zone: number }>(q.zone_candidates, [box.minX, box.minY, box.maxX, box.maxY])).map((r) => r.zone)
  if (zones.length !== 1) throw new Problem('ZONE_REQUIRED', { zones: zones.length ? zones.join(', ') : noneFits })
  const zone = zones[0]!
  for (const f of open) {
    f.crs = { srid: 4509 + zone, zone }
    f.properties.survey_zone = zone
  }
  result.warnings.push({ code: 'ZONE_INFERRED', params: { zone } })
}

interface PreviewRow {
  i: number
  geometry_json: string
  area: Area
  issues: { code: FieldIssue['code']; reason: string; lon: number | null; lat: number | null }[]
  conflicts: Record<string, unknown>[]
}

const crsName = (srid: number | null) => (srid === null ? null : `EPSG:${srid}`)

/**
 * POST /api/imports/preview: reads a file (raw body) or pasted text into parcels without writing anything:
 * each feature in EPSG:4490 with its original attributes, the parcel properties found among them, zd_area's
 * figures in the survey zone, the issues zd_geometry_issues finds, its overlaps with stored parcels and with the
 * other features of the file, and for 报盘 the stated area against the computed Gauss-Krüger area.
 */
export const previewImport: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const format = parseFormat(singleParam(query, 'format'))
  const filename = sanitiseFilename(singleParam(query, 'filename'))
  const projectRaw = singleParam(query, 'project')
  const project = projectRaw === undefined || projectRaw === '' ? null : parseId(projectRaw, 'query', 'project')
  const zone = parseZone(singleParam(query, 'zone'))
  const encoding = parseEncoding(singleParam(query, 'encoding'))
  if (project !== null) {
    const issues = await projectIssues(ctx.db, project, 'project')
    if (issues.length) throw invalid(issues)
  }
  const body: Uint8Array = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length) : new Uint8Array(0)
  // Parsed in a worker thread with time and memory limits (hostile-inputs.md F05): the event loop stays free.
  const parsed = await parsePoolFor(ctx.config).parse(body, format, { zone, encoding, filename: filename ?? undefined })
  await resolvePendingZones(ctx.db, parsed)

  const ready = parsed.features.map((f, i) => ({ f, i })).filter(({ f }) => f.issues.length === 0)
  const rows = ready.length
    ? await ctx.db.query<PreviewRow>(q.preview, [JSON.stringify(ready.map(({ f, i }) => ({
        i, gj: JSON.stringify({ type: 'MultiPolygon', coordinates: f.parts }), srid: f.crs.srid, zone: f.crs.zone,
      })))])
    : []
  const byIndex = new Map(rows.map((r) => [r.i, r]))
  // The geometries as stored, checked by the same TypeScript intake as a drawn parcel (vertex cap, inside China).
  const issuesOf = new Map<number, FieldIssue[]>()
  for (const r of rows) {
    const geometry = JSON.parse(r.geometry_json)
    const intake = checkParcelGeometry(geometry, 'geometry').issues
    const sql = r.issues.map((g): FieldIssue => ({
      path: 'geometry', code: g.code, params: { why: g.reason }, ...(g.lon !== null && g.lat !== null ? { at: [g.lon, g.lat] } : {}),
    }))
    issuesOf.set(r.i, [...intake, ...sql])
  }
  const pairs = rows.length > 1
    ? await ctx.db.query<{ a: number; b: number; overlap_m2: number; overlap_mu: number; geometry: unknown }>(
        q.batch_overlaps, [JSON.stringify(rows.map((r) => ({ i: r.i, gj: r.geometry_json })))])
    : []
  const inFile = new Map<number, Record<string, unknown>[]>()
  for (const p of pairs) {
    const c = { overlap_m2: p.overlap_m2, overlap_mu: p.overlap_mu, geometry: p.geometry }
    inFile.set(p.a, [...(inFile.get(p.a) ?? []), { index: p.b, code: parsed.features[p.b]!.properties.code ?? null, ...c }])
    inFile.set(p.b, [...(inFile.get(p.b) ?? []), { index: p.a, code: parsed.features[p.a]!.properties.code ?? null, ...c }])
  }
  const codeIssues = await codeCollisions(ctx.db, project, parsed.features.map((f) => f.properties.code))

  const warnings = [...parsed.warnings]
  const features = parsed.features.map((f, i) => {
    const row = byIndex.get(i)
    const issues = [...f.issues, ...(issuesOf.get(i) ?? []), ...(codeIssues.get(i) ?? [])]
    const stated = row && f.stated ? statedArea(f, row.area) : undefined
    if (stated && !stated.consistent) {
      warnings.push({ code: 'STATED_AREA_DIFFERS', params: { code: f.properties.code ?? String(i + 1), stated_m2: stated.stated_m2.toFixed(2), computed_m2: stated.computed_m2.toFixed(2), diff_m2: stated.diff_m2.toFixed(2) } })
    }
    return {
      index: i,
      geometry: row ? JSON.parse(row.geometry_json) : null,
      properties: f.properties,
      attributes: f.attributes,
      source_crs: crsName(f.crs.srid),
      area: row?.area ?? null,
      issues: issues.map((x) => renderIssue(x, ctx.lang)),
      conflicts: [...(row?.conflicts ?? []), ...(inFile.get(i) ?? [])],
      ...(stated ? { stated_area: stated } : {}),
      ...(f.claim ? { area_claim: { basis: f.claim.basis, decimals: f.claim.decimals, point_error_m: f.claim.point_error_m, source: filename } } : {}),
    }
  })
  const crsSet = [...new Set(parsed.features.map((f) => crsName(f.crs.srid)))]
  const zones = [...new Set(parsed.features.map((f) => f.crs.zone))]
  res.json({
    format: parsed.format,
    filename,
    source_crs: crsSet.length === 1 ? crsSet[0] : crsSet.join(','),
    encoding: parsed.encoding,
    zone: zones.length === 1 ? zones[0] : null,
    warnings: warnings.map((w) => ({ code: w.code, message: warningMessage(w.code, ctx.lang, w.params), ...(w.params ? { params: plainParams(w.params, ctx.lang) } : {}) })),
    features,
  })
}

/** Params with any two-language value reduced to the caller's language, for the JSON answer. */
function plainParams(params: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) =>
    [k, typeof v === 'object' && v !== null && 'en' in v ? (v as Record<string, string>)[lang] : v]))
}

/**
 * The 报盘 stated area against the computed planar Gauss-Krüger area of zd_area (the same basis), with the
 * verdict of area.md §3.2 for rounding only: consistent when |Δ| ≤ half a unit of the stated last digit + 10 ppm.
 */
function statedArea(f: ParsedFeature, area: Area) {
  const computed = Number(area.planar_m2)
  const stated = f.stated!.area_m2
  const diff = stated - computed
  return {
    stated_m2: stated,
    computed_m2: computed,
    basis: 'planar',
    planar_crs: area.planar_crs,
    diff_m2: diff,
    diff_ppm: computed > 0 ? (diff / computed) * 1e6 : null,
    rounding_m2: f.stated!.rounding_m2,
    consistent: Math.abs(diff) <= f.stated!.rounding_m2 + 1e-5 * computed,
  }
}

/** PARCEL_CODE_TAKEN for codes repeated within the file or already used in the project, by feature index. */
async function codeCollisions(db: Queryable, project: number | null, codes: (string | undefined)[]): Promise<Map<number, FieldIssue[]>> {
  const out = new Map<number, FieldIssue[]>()
  const add = (i: number, code: string) => out.set(i, [...(out.get(i) ?? []), { path: 'properties.code', code: 'PARCEL_CODE_TAKEN', params: { code } }])
  const first = new Map<string, number>()
  codes.forEach((c, i) => {
    if (c === undefined) return
    if (first.has(c)) add(i, c)
    else first.set(c, i)
  })
  if (project !== null && first.size) {
    const taken = new Set((await db.query<{ code: string }>(q.codes_taken, [project, [...first.keys()]])).map((r) => r.code))
    codes.forEach((c, i) => {
      if (c !== undefined && taken.has(c) && first.get(c) === i) add(i, c)
    })
  }
  return out
}

const commitBody = z.strictObject({
  project_id: z.number().int().positive().max(2147483647),
  features: z.array(z.unknown()).min(1).max(importLimits.maxFeatures),
  source: z.strictObject({
    format: z.enum(importFormats).optional(),
    filename: z.string().max(1000).optional(),
    source_crs: z.string().regex(/^EPSG:\d{4,5}(,EPSG:\d{4,5})*$/).max(200).optional(),
    encoding: z.string().max(32).optional(),
  }).optional(),
  reason: z.string().max(500).optional(),
})

/**
 * Each feature of a commit body checked as a parcel Feature of the body's project, with the area claim its file
 * states (`area_claim`, as the preview gave it: { basis, decimals, point_error_m, source? }) or null; paths
 * `features[i]…`.
 */
function parseFeatures(projectId: number, features: unknown[]): { inputs: ParcelInput[]; claims: (AreaClaimFields | null)[]; issues: FieldIssue[] } {
  const inputs: ParcelInput[] = []
  const claims: (AreaClaimFields | null)[] = []
  const issues: FieldIssue[] = []
  features.forEach((raw, i) => {
    const at = `features[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ path: at, code: 'FIELD_INVALID', params: { why: 'a feature object { geometry, properties }' } })
      return
    }
    const f = raw as Record<string, unknown>
    for (const key of Object.keys(f)) {
      if (!['type', 'geometry', 'properties', 'area_claim'].includes(key)) issues.push({ path: `${at}.${key}`, code: 'UNKNOWN_PROPERTY', params: { name: key } })
    }
    let claim: AreaClaimFields | null = null
    if (f.area_claim !== undefined && f.area_claim !== null) {
      const c = parseClaimFields(f.area_claim, `${at}.area_claim`)
      issues.push(...c.issues)
      claim = c.value ?? null
    }
    const props = f.properties
    if (typeof props === 'object' && props !== null && !Array.isArray(props) && 'project_id' in props) {
      issues.push({ path: `${at}.properties.project_id`, code: 'UNKNOWN_PROPERTY', params: { name: 'project_id' } })
    }
    const properties = typeof props === 'object' && props !== null && !Array.isArray(props) ? { ...props, project_id: projectId } : props
    const { value, issues: found } = parseParcelFeature({ type: 'Feature', geometry: f.geometry, properties })
    issues.push(...found.map((x) => ({ ...x, path: `${at}.${x.path}` })))
    if (value) {
      inputs.push(value)
      claims.push(claim)
    }
  })
  return { inputs, claims, issues }
}

const idempotencyKey = /^[\x21-\x7E]{1,200}$/

interface ImportRecord {
  id: number
  parcel_ids: number[]
  request_hash: string | null
}

/** The answer to a commit already made with this Idempotency-Key: the same 201, or 422 for a different body. */
function replay(found: ImportRecord, hash: string) {
  if (found.request_hash !== hash) throw new Problem('IDEMPOTENCY_KEY_REUSED')
  return { import_id: found.id, parcel_ids: found.parcel_ids }
}

/**
 * POST /api/imports/commit: the features a preview showed (as the planner completed them), saved in one
 * transaction or not at all, under the parcels lock and the same checks as POST /api/parcels (db/parcel-writes.ts),
 * plus overlaps between the features themselves. One `imports` row records the provenance; every parcel's history
 * says "import <id>: <file>"; a feature with an `area_claim` (a 报盘's stated area: GK planar, its mu digits, m_j
 * from 精度) gets its area_claims row in the same transaction, source = the file name. With an Idempotency-Key, a repeat by the same user answers with the first import.
 */
export const commitImport: Handler = async (ctx, req, res) => {
  const parsed = commitBody.safeParse(req.body)
  if (!parsed.success) throw invalid(zodIssues(parsed.error, ''))
  const body = parsed.data
  const key = req.get('idempotency-key')
  if (key !== undefined && !idempotencyKey.test(key)) {
    throw new Problem('INVALID_PARAMETER', { name: 'Idempotency-Key', why: '1…200 visible ASCII characters' })
  }
  const hash = createHash('sha256').update(JSON.stringify(req.body)).digest('hex')
  const user = ctx.user!.username
  if (key !== undefined) {
    const [found] = await ctx.db.query<ImportRecord>(q.by_key, [user, key])
    if (found) return void res.status(201).json(replay(found, hash))
  }
  const { inputs, claims, issues } = parseFeatures(body.project_id, body.features)
  if (issues.length) throw invalid(issues)
  const filename = sanitiseFilename(body.source?.filename)
  const answer = await withParcelWrite(ctx, async (tx, touch) => {
    await lockParcels(tx)
    if (key !== undefined) {
      // A concurrent retry with the same key waited for the lock; it now sees the committed first import.
      const [found] = await tx.query<ImportRecord>(q.by_key, [user, key])
      if (found) return replay(found, hash)
    }
    await checkBatch(tx, body.project_id, inputs)
    const [record] = await tx.query<{ id: number }>(q.insert, [
      body.project_id, body.source?.format ?? null, filename, body.source?.source_crs ?? null,
      body.source?.encoding?.trim() || null, inputs.length, key ?? null, hash, user,
    ])
    const importId = record!.id
    const why = `import ${importId}: ${filename ?? body.source?.format ?? 'coordinates'}${body.reason?.trim() ? `; ${body.reason.trim()}` : ''}`
    await setActor(tx, user, why)
    const ids: number[] = []
    for (const input of inputs) ids.push(await insertParcel(tx, input, JSON.stringify(input.geometry), user))
    await refuseBatchOverlaps(tx, inputs, ids)
    await tx.query(q.set_parcels, [importId, ids])
    // The area claims the file states (how its areas were obtained), with the parcels or not at all.
    const stated = claims.flatMap((c, i) => c ? [{
      parcel_id: ids[i], basis: c.basis, decimals: c.decimals, point_error_m: c.pointErrorM,
      source: (c.source ?? filename ?? `import ${importId}`).slice(0, 200),
    }] : [])
    if (stated.length) await tx.query(claimQ.insert_many, [body.project_id, JSON.stringify(stated), user])
    touch(body.project_id)
    await logOperation(tx, {
      username: user, action: 'import.commit', target: `import:${importId}`, result: 'ok', status: 201, ip: req.ip,
      detail: { parcels: ids.length, format: body.source?.format ?? null },
    })
    return { import_id: importId, parcel_ids: ids }
  })
  res.status(201).json(answer)
}

/**
 * 422 for an unknown project, land class, invalid geometry or a geometry wholly outside the project's acquisition
 * scope (OUTSIDE_PROJECT_BOUNDARY) of any feature; 409 for codes taken or repeated.
 */
async function checkBatch(tx: Queryable, projectId: number, inputs: ParcelInput[]) {
  const project = await projectIssues(tx, projectId, 'project_id')
  if (project.length) throw invalid(project)
  const issues: FieldIssue[] = []
  const classes = new Map<string, boolean>()
  for (let i = 0; i < inputs.length; i++) {
    const p = inputs[i]!.properties
    if (!classes.has(p.land_class)) classes.set(p.land_class, (await landClassIssues(tx, p.land_class, '')).length === 0)
    if (!classes.get(p.land_class)) issues.push({ path: `features[${i}].properties.land_class`, code: 'UNKNOWN_LAND_CLASS', params: { code: p.land_class } })
    const geojson = JSON.stringify(inputs[i]!.geometry)
    const faults = await geometryIssues(tx, geojson, `features[${i}].geometry`)
    // Only a valid geometry can be measured against the scope.
    issues.push(...(faults.length ? faults : await outsideScopeIssues(tx, projectId, geojson, null, `features[${i}].geometry`)))
  }
  if (issues.length) throw invalid(issues)
  const taken = await codeCollisions(tx, projectId, inputs.map((x) => x.properties.code))
  if (taken.size) {
    const errors = [...taken.entries()].flatMap(([i, list]) => list.map((x) => ({ ...x, path: `features[${i}].${x.path}` })))
    throw new Problem('PARCEL_CODE_TAKEN', errors[0]!.params, errors)
  }
}

/**
 * 409 PARCEL_OVERLAP when any new parcel overlaps a stored parcel or another feature of the batch by more than
 * 1 m²: run after inserting the batch (the caller holds the lock and the transaction rolls back), so that
 * zd_parcel_conflicts, the rule POST /api/parcels applies, sees the batch too. Conflicts carry the feature's
 * `index`; one with another feature names it as `other_index` instead of an id.
 */
async function refuseBatchOverlaps(tx: Queryable, inputs: ParcelInput[], ids: number[]) {
  const indexOf = new Map(ids.map((id, i) => [id, i]))
  const conflicts: Record<string, unknown>[] = []
  for (let i = 0; i < inputs.length; i++) {
    for (const c of await findConflicts(tx, JSON.stringify(inputs[i]!.geometry), ids[i]!)) {
      const other = indexOf.get(c.id)
      if (other === undefined) conflicts.push({ index: i, ...c })
      else {
        const { id: _id, project_id: _p, ...rest } = c as ParcelConflict
        conflicts.push({ index: i, other_index: other, ...rest })
      }
    }
  }
  if (conflicts.length) throw new Problem('PARCEL_OVERLAP', {}, [], { conflicts })
}
