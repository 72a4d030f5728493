/**
 * The public portal's notices (issue 6), no login: a FeatureCollection of the published and expired notices with
 * filters, and one notice with its rates and contacts. Everything is read as the role zd_public through the view
 * public_notices (sql/views/public_notices.sql), so nothing unpublished and nothing personal can leave here.
 * Caching: each answer carries `ETag: "pub-<public version>"` (server/db/public-version.ts: it changes when a
 * notice is published, withdrawn or expires, and at Beijing midnight) and `Cache-Control: public, no-cache`; a
 * matching If-None-Match is answered 304 before the database is asked for anything else.
 */
import type { Request, Response } from 'express'
import { asPublic } from '../db/public-reads.ts'
import { publicVersion } from '../db/public-version.ts'
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { parseId, parseLimit, singleParam } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('public-notices', ['list', 'select_one'])

export const publicNoticeKinds = ['pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan'] as const
const statuses = ['current', 'expired', 'all'] as const

/** True when an If-None-Match header (a list of ETags, weak or strong, or *) names `etag`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare)
}

/**
 * Sets the public caching headers of an answer and, when the caller already holds this version, answers 304.
 * Returns true when the answer was sent.
 */
export async function answeredFromCache(ctx: Ctx, req: Request, res: Response): Promise<boolean> {
  const etag = `"pub-${await publicVersion(ctx.publicDb)}"`
  res.set({ ETag: etag, 'Cache-Control': 'public, no-cache' })
  if (etagMatches(req.get('if-none-match'), etag)) {
    res.status(304).end()
    return true
  }
  return false
}

interface NoticeRow {
  id: number
  title: string
  kind: string
  status: 'published' | 'expired'
  project_name: string
  project_name_en: string | null
  project_code: string
  township: string | null
  total_mu: string | null
  total_ha: string | null
  land_classes: unknown[]
  collectives: unknown[]
  published_at: Date
  starts_on: string
  ends_on: string
  hearing_deadline: string | null
  hearing_open: boolean
  body: string
  geometry_json: string
}

interface NoticeDetailRow extends NoticeRow {
  contacts: string | null
  period_days: number
  period_unit: 'days' | 'working_days'
  rates: unknown[]
}

function properties(r: NoticeRow) {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    project: r.project_name,
    project_en: r.project_name_en,
    project_code: r.project_code,
    township: r.township,
    total_mu: r.total_mu,
    total_ha: r.total_ha,
    land_classes: r.land_classes,
    collectives: r.collectives,
    published_at: r.published_at,
    starts_on: r.starts_on,
    ends_on: r.ends_on,
    hearing_deadline: r.hearing_deadline,
    hearing_open: r.hearing_open,
    text: r.body,
  }
}

/** A Feature as JSON text, the geometry spliced in as PostGIS wrote it (no float round trip through JS). */
function featureText(id: number, props: Record<string, unknown>, geometryJson: string): string {
  return `{"type":"Feature","id":${id},"geometry":${geometryJson},"properties":${JSON.stringify(props)}}`
}

function param(query: Record<string, unknown>, name: string, max: number): string | undefined {
  const raw = singleParam(query, name)
  if (raw === undefined) return undefined
  const v = raw.normalize('NFC').trim()
  if ([...v].length > max) throw new Problem('INVALID_PARAMETER', { name, why: `at most ${max} characters` })
  return v === '' ? undefined : v
}

function dateParam(query: Record<string, unknown>, name: string): string | null {
  const v = param(query, name, 10)
  if (v === undefined) return null
  const d = new Date(`${v}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(v)) {
    throw new Problem('INVALID_PARAMETER', { name, why: 'a date YYYY-MM-DD' })
  }
  return v
}

function muParam(query: Record<string, unknown>, name: string): string | null {
  const v = param(query, name, 20)
  if (v === undefined) return null
  if (!/^\d{1,10}(\.\d{1,4})?$/.test(v)) throw new Problem('INVALID_PARAMETER', { name, why: 'a non-negative decimal, e.g. 12.5' })
  return v
}

function enumParam<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const v = param(query, name, 40)
  if (v === undefined) return undefined
  if (!(allowed as readonly string[]).includes(v)) throw new Problem('INVALID_PARAMETER', { name, why: allowed.join(' | ') })
  return v as T
}

/**
 * GET /public/notices?q=&kind=&township=&status=current|expired|all&from=&to=&min_mu=&max_mu=&limit=
 * status defaults to all; from/to select notices whose posting period meets that span; min_mu/max_mu bound the
 * total area in 亩. Newest first.
 */
export const listPublicNotices: Handler = async (ctx, req, res) => {
  const query = req.query as Record<string, unknown>
  const filters = [
    param(query, 'q', 100) ?? null,
    enumParam(query, 'kind', publicNoticeKinds) ?? null,
    param(query, 'township', 100) ?? null,
    enumParam(query, 'status', statuses) ?? 'all',
    dateParam(query, 'from'),
    dateParam(query, 'to'),
    muParam(query, 'min_mu'),
    muParam(query, 'max_mu'),
  ]
  const limit = parseLimit(singleParam(query, 'limit'), 500, 2000)
  if (await answeredFromCache(ctx, req, res)) return
  const rows = await asPublic(ctx.publicDb, (tx) => tx.query<NoticeRow>(q.list, [...filters, limit + 1]))
  const truncated = rows.length > limit
  const features = rows.slice(0, limit).map((r) => featureText(r.id, properties(r), r.geometry_json)).join(',')
  res
    .type('application/geo+json')
    .send(`{"type":"FeatureCollection","numberReturned":${Math.min(rows.length, limit)},"truncated":${truncated},"features":[${features}]}`)
}

/** GET /public/notices/:id: one public notice, with rates, contacts and its period; 404 when it is not public. */
export const getPublicNotice: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  if (await answeredFromCache(ctx, req, res)) return
  const [row] = await asPublic(ctx.publicDb, (tx) => tx.query<NoticeDetailRow>(q.select_one, [id]))
  if (!row) {
    res.set('Cache-Control', 'no-store').removeHeader('ETag')
    throw new Problem('NOT_FOUND')
  }
  const props = { ...properties(row), rates: row.rates, contacts: row.contacts, period_days: row.period_days, period_unit: row.period_unit }
  res.type('application/geo+json').send(featureText(row.id, props, row.geometry_json))
}
