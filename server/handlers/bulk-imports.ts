import type { Request } from 'express'
import { bulkImportParcels, type BulkImportReport } from '../db/bulk-import.ts'
import { logOperation } from '../db/operation-log.ts'
import { loadQueries } from '../db/queries.ts'
import { issueMessage, type IssueCode, type Lang } from '../domain/issue-codes.ts'
import type { BulkFormat } from '../imports/bulk/geojson-stream.ts'
import { sanitiseFilename } from '../imports/text.ts'
import { Problem } from '../problem.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('bulk-imports', ['get', 'problem_rows', 'parcel_ids', 'no_timeout', 'overlaps'])

/** Problems listed in the JSON of a job; the CSV holds them all. */
const problemsInJson = 1000
/** Overlapping pairs listed in the answer of the overlap step (the total is always given). */
const pairsInJson = 5000

/** The streamed format the Content-Type names; 415 BULK_MEDIA_TYPE for anything else. */
function formatOf(req: Request): BulkFormat {
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/geo+json' || type === 'application/json') return 'geojson'
  if (type === 'application/geo+json-seq' || type === 'application/json-seq' || type === 'application/x-ndjson') return 'geojsonseq'
  throw new Problem('BULK_MEDIA_TYPE')
}

/** The request body as it arrives; a client that goes away before the end is BULK_IMPORT_CANCELLED. */
async function* uploadOf(req: Request): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of req) yield chunk as Uint8Array
  } catch {
    throw new Problem('BULK_IMPORT_CANCELLED')
  }
  if (!req.complete) throw new Problem('BULK_IMPORT_CANCELLED')
}

interface JobRow {
  id: number
  project_id: number
  actor: string
  filename: string | null
  format: string
  skip_invalid: boolean
  phase: string
  bytes_received: string
  received: number
  valid: number | null
  invalid: number | null
  inserted: number
  problems: number
  error: { code: IssueCode; params?: Record<string, unknown> } | null
  started_at: string
  updated_at: string
  finished_at: string | null
}

/** A job as the API shows it: counts, phase, and the failure's code and message in the caller's language. */
function jobBody(job: JobRow, lang: Lang) {
  const { error, bytes_received, ...rest } = job
  return {
    ...rest,
    bytes_received: Number(bytes_received),
    error: error ? { code: error.code, message: issueMessage(error.code, lang, error.params ?? {}) } : null,
  }
}

async function jobOf(ctx: Parameters<Handler>[0], raw: string | undefined): Promise<JobRow> {
  const [job] = await ctx.db.query<JobRow>(q.get, [parseId(raw, 'path')])
  if (!job) throw new Problem('NOT_FOUND')
  return job
}

/**
 * POST /api/imports/bulk?project=N[&skip_invalid=true][&filename=…]: a GeoJSON FeatureCollection
 * (application/geo+json or application/json) or GeoJSON text sequences / NDJSON (application/geo+json-seq,
 * application/x-ndjson) streamed into a bulk import job (server/db/bulk-import.ts). Answers 202 with the job once
 * the whole body is read and staged; the checks and the insert go on, GET /api/imports/bulk/:id follows them. A
 * failure while reading (malformed, too large, cut off) answers its problem directly; nothing is written.
 */
export const postBulkImport: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const format = formatOf(req)
  const projectId = parseId(singleParam(query, 'project'), 'query', 'project')
  const skip = singleParam(query, 'skip_invalid')
  if (skip !== undefined && skip !== 'true' && skip !== 'false') throw new Problem('INVALID_PARAMETER', { name: 'skip_invalid', why: 'true | false' })
  const filename = sanitiseFilename(singleParam(query, 'filename')) ?? undefined
  const maxBytes = ctx.config.bulkImportMaxMb * 1024 * 1024
  if (Number(req.get('content-length') ?? 0) > maxBytes) throw new Problem('BODY_TOO_LARGE', { max: `${ctx.config.bulkImportMaxMb} MB` })
  const user = ctx.user!.username
  const lang = ctx.lang

  let answered = false
  const job = bulkImportParcels(ctx.db, uploadOf(req), {
    projectId, actor: user, format, skipInvalid: skip === 'true', filename, maxBytes,
    onReceived: (p) => {
      answered = true
      res.status(202).location(`/api/imports/bulk/${p.id}`).json({
        id: p.id, project_id: projectId, actor: user, filename: filename ?? null, format, skip_invalid: skip === 'true',
        phase: p.phase, bytes_received: p.bytes, received: p.received, valid: p.valid, invalid: p.invalid, inserted: p.inserted,
        problems: 0, error: null,
      })
    },
    onCommit: (tx, done) => logOperation(tx, {
      username: user, action: 'import.bulk', target: `bulk_import:${done.id}`, result: 'ok', status: 202, ip: req.ip,
      detail: { project_id: projectId, received: done.received, valid: done.valid, invalid: done.invalid, inserted: done.inserted, error: null },
    }),
  })
  let report: BulkImportReport
  try {
    report = await job
  } catch (err) {
    if (!answered) throw err
    console.error('[bulk import]', err)
    return
  }
  // A done job's row went in with its parcels (onCommit); a failed one wrote nothing but its refusal, logged here.
  if (report.phase === 'failed') {
    await logOperation(ctx.db, {
      username: user, action: 'import.bulk', target: `bulk_import:${report.id}`, result: 'failed',
      status: report.error ? new Problem(report.error.code).status : 500, ip: req.ip,
      detail: { project_id: projectId, received: report.received, valid: report.valid, invalid: report.invalid, inserted: 0, error: report.error?.code ?? null },
    })
  }
  // Failed before the 202 (reading the file): the problem is the answer.
  if (!answered && report.error) throw new Problem(report.error.code, report.error.params, [], { import_id: report.id })
}

/** GET /api/imports/bulk/:id: the job's phase and counts, with its first problems (all of them in problems.csv). */
export const getBulkImport: Handler = async (ctx, req, res) => {
  const job = await jobOf(ctx, req.params.id as string)
  const rows = await ctx.db.query<ProblemRow>(q.problem_rows, [job.id, problemsInJson])
  res.json({ ...jobBody(job, ctx.lang), problem_list: rows.map((r) => problemBody(r, ctx.lang)) })
}

interface ProblemRow {
  feature_index: number
  code: string | null
  issue: IssueCode
  path: string | null
  params: Record<string, unknown> | null
  lon: number | null
  lat: number | null
}

function problemBody(r: ProblemRow, lang: Lang) {
  return {
    index: r.feature_index, code: r.code, issue: r.issue, path: r.path, message: issueMessage(r.issue, lang, r.params ?? {}),
    ...(r.lon !== null && r.lat !== null ? { at: [r.lon, r.lat] } : {}),
  }
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v)
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * GET /api/imports/bulk/:id/problems.csv: every problem, one line each: feature index (0-based, file order), the
 * feature's code, the issue code, the field, the messages in Chinese and English, and the location lon, lat when
 * PostGIS named one. UTF-8 with a BOM so that Excel reads the Chinese.
 */
export const getBulkImportProblemsCsv: Handler = async (ctx, req, res) => {
  const job = await jobOf(ctx, req.params.id as string)
  const rows = await ctx.db.query<ProblemRow>(q.problem_rows, [job.id, 2147483647])
  const lines = ['feature_index,code,issue,path,message_zh,message_en,lon,lat']
  for (const r of rows) {
    lines.push([
      r.feature_index, r.code, r.issue, r.path, issueMessage(r.issue, 'zh-CN', r.params ?? {}), issueMessage(r.issue, 'en', r.params ?? {}),
      r.lon, r.lat,
    ].map(csvCell).join(','))
  }
  res.type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="bulk-import-${job.id}-problems.csv"`)
    .send('\uFEFF' + lines.join('\r\n') + '\r\n')
}

/**
 * POST /api/imports/bulk/:id/overlaps: the overlap step after a bulk import (409 BULK_IMPORT_NOT_DONE before it
 * is done): every pair of an imported parcel and an active parcel (imported or not, any project) whose interiors
 * overlap by more than 1 m² (the rule of POST /api/parcels), each pair once, with the overlap in m² and mu.
 */
export const postBulkImportOverlaps: Handler = async (ctx, req, res) => {
  const job = await jobOf(ctx, req.params.id as string)
  if (job.phase !== 'done') throw new Problem('BULK_IMPORT_NOT_DONE', { phase: job.phase })
  const [{ parcel_ids: ids }] = (await ctx.db.query<{ parcel_ids: number[] }>(q.parcel_ids, [job.id])) as [{ parcel_ids: number[] }]
  const pairs = ids.length ? await ctx.db.transaction(async (tx) => {
    await tx.query(q.no_timeout)
    return tx.query<Record<string, unknown>>(q.overlaps, [ids])
  }) : []
  res.json({ import_id: job.id, parcels: ids.length, pairs_total: pairs.length, pairs: pairs.slice(0, pairsInJson) })
}
