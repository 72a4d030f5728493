/**
 * /api/notices: the legal section's notices (公告) from draft to publication (issue 6). Everyone logged in reads;
 * legal and admin write (routes.ts). The workflow lives in server/domain/notices/workflow.ts and the writes in
 * server/db/notice-writes.ts (shared with the demo loader); this file parses, calls one write and answers with the
 * notice and its ETag "v<version>". Every write takes If-Match (428 without, 412 when stale).
 */
import { createHash } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Queryable } from '../db/database.ts'
import {
  approveNotice, createNoticeDraft, deadlinesFor, deleteNotice, editNotice, expireNotices, noticeStatusNames, publishNotice,
  regenerateNotice, withdrawNotice,
} from '../db/notice-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { addDays, beijingToday, isIsoDate } from '../domain/notices/deadlines.ts'
import { isNoticeKind, noticeKinds, type NoticeKind } from '../domain/notices/kinds.ts'
import { stepRefusal, type NoticeStatus } from '../domain/notices/workflow.ts'
import { invalid, Problem } from '../problem.ts'
import { maxPhotoBytes, photoContentType } from '../schemas/attachment.ts'
import { isNoticeStatus, parseNoticeAction, parseNoticeCreate, parseNoticePublish, parseNoticeText, parseNoticeWithdraw } from '../schemas/notice.ts'
import { parseId, singleParam } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { auditIn, expectedVersion } from './parcels.ts'
import { uploadHeaders } from '../http/upload-headers.ts'

const q = loadQueries('notices', [
  'select_one', 'list', 'lock_for_evidence', 'evidence_by_sha', 'insert_evidence', 'evidence_meta', 'evidence_bytes',
])

interface NoticeRow {
  id: number
  kind: NoticeKind
  status: NoticeStatus
  version: number
  hearing_requests: number
  hearing_open: boolean
  [column: string]: unknown
}

/** How far back a publication may be dated: a notice posted on paper first may be recorded up to a year later. */
const publicationWindowDays = 366

async function sendNotice(db: Queryable, res: Response, id: number, status = 200) {
  const [row] = await db.query<NoticeRow>(q.select_one, [id, beijingToday()])
  if (!row) throw new Problem('NOT_FOUND')
  const { hearing_requests, hearing_open, ...notice } = row
  const invites = noticeKinds[row.kind].invitesHearing
  res.status(status).set('ETag', `"v${row.version}"`).json({
    ...notice,
    hearing: { invites, open: invites && hearing_open, requests: hearing_requests },
  })
}

/** The If-Match comparison, run by the writes on the locked version. */
const ifMatch = (req: Request) => (version: number) => {
  expectedVersion(req, version)
}

function queryParam(req: Request, name: string): string | undefined {
  return singleParam(req.query as Record<string, unknown>, name)
}

export const listNotices: Handler = async (ctx, req, res) => {
  const projectRaw = queryParam(req, 'project_id')
  const project = projectRaw === undefined ? null : parseId(projectRaw, 'query', 'project_id')
  const status = queryParam(req, 'status') ?? null
  if (status !== null && !isNoticeStatus(status)) throw new Problem('INVALID_PARAMETER', { name: 'status', why: 'draft | approved | published | expired | withdrawn' })
  const kind = queryParam(req, 'kind') ?? null
  if (kind !== null && !isNoticeKind(kind)) throw new Problem('INVALID_PARAMETER', { name: 'kind', why: Object.keys(noticeKinds).join(' | ') })
  await expireNotices(ctx.db)
  const rows = await ctx.db.query<NoticeRow>(q.list, [project, status, kind, beijingToday()])
  res.json({
    items: rows.map(({ hearing_requests, hearing_open, ...n }) => {
      const invites = noticeKinds[n.kind].invitesHearing
      return { ...n, hearing: { invites, open: invites && hearing_open, requests: hearing_requests } }
    }),
  })
}

export const getNotice: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  await expireNotices(ctx.db)
  await sendNotice(ctx.db, res, id)
}

export const createNotice: Handler = async (ctx, req, res) => {
  const { value, issues } = parseNoticeCreate(req.body)
  if (!value) throw invalid(issues)
  const id = await ctx.db.transaction(async (tx) => {
    const created = await createNoticeDraft(tx, { projectId: value.project_id, kind: value.kind, actor: ctx.user!.username, contacts: ctx.config.noticeContacts })
    await auditIn(tx, ctx, req, 'notice.create', `notice:${created}`, 201, { project_id: value.project_id, kind: value.kind })
    return created
  })
  await sendNotice(ctx.db, res, id, 201)
}

export const updateNotice: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value, issues } = parseNoticeText(req.body)
  if (!value) throw invalid(issues)
  await ctx.db.transaction(async (tx) => {
    await editNotice(tx, id, value, ctx.user!.username, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.edit', `notice:${id}`, 200)
  })
  await sendNotice(ctx.db, res, id)
}

export const regenerateNoticeText: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { issues } = parseNoticeAction(req.body)
  if (issues.length) throw invalid(issues)
  await ctx.db.transaction(async (tx) => {
    await regenerateNotice(tx, id, ctx.user!.username, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.regenerate', `notice:${id}`, 200)
  })
  await sendNotice(ctx.db, res, id)
}

export const approveNoticeHandler: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { issues } = parseNoticeAction(req.body)
  if (issues.length) throw invalid(issues)
  await ctx.db.transaction(async (tx) => {
    await approveNotice(tx, id, ctx.user!.username, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.approve', `notice:${id}`, 200)
  })
  await sendNotice(ctx.db, res, id)
}

function checkStartsOn(startsOn: string) {
  const today = beijingToday()
  // Not in the future: a published notice is on the portal at once, so its period must have begun.
  if (startsOn < addDays(today, -publicationWindowDays) || startsOn > today) {
    throw invalid([{ path: 'starts_on', code: 'FIELD_INVALID', params: { why: `a date from ${addDays(today, -publicationWindowDays)} to today (${today})` } }])
  }
}

export const publishNoticeHandler: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value, issues } = parseNoticePublish(req.body)
  if (!value) throw invalid(issues)
  const startsOn = value.starts_on ?? beijingToday()
  checkStartsOn(startsOn)
  await ctx.db.transaction(async (tx) => {
    await publishNotice(tx, id, ctx.user!.username, startsOn, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.publish', `notice:${id}`, 200, { starts_on: startsOn })
  })
  await sendNotice(ctx.db, res, id)
}

export const withdrawNoticeHandler: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value, issues } = parseNoticeWithdraw(req.body)
  if (!value) throw invalid(issues)
  await ctx.db.transaction(async (tx) => {
    await withdrawNotice(tx, id, ctx.user!.username, value.reason, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.withdraw', `notice:${id}`, 200)
  })
  await sendNotice(ctx.db, res, id)
}

export const deleteNoticeHandler: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  await ctx.db.transaction(async (tx) => {
    await deleteNotice(tx, id, ifMatch(req))
    await auditIn(tx, ctx, req, 'notice.delete', `notice:${id}`, 204)
  })
  res.status(204).end()
}

/**
 * GET /api/notices/:id/deadline-preview?starts_on=YYYY-MM-DD (default today in Beijing) → `{ starts_on, ends_on,
 * hearing_deadline }` for the notice's current kind and period on the current calendar; nothing is saved.
 */
export const previewDeadlines: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const raw = queryParam(req, 'starts_on')
  if (raw !== undefined && !isIsoDate(raw)) throw new Problem('INVALID_PARAMETER', { name: 'starts_on', why: 'a date YYYY-MM-DD' })
  const [row] = await ctx.db.query<{ kind: NoticeKind; period_days: number; period_unit: 'days' | 'working_days' }>(q.select_one, [id, beijingToday()])
  if (!row) throw new Problem('NOT_FOUND')
  res.json(await deadlinesFor(ctx.db, row.kind, { days: row.period_days, unit: row.period_unit }, raw ?? beijingToday()))
}

function optionalQueryText(req: Request, name: string, max: number): string | null {
  const raw = queryParam(req, name)
  if (raw === undefined) return null
  const v = raw.normalize('NFC').trim()
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new Problem('INVALID_PARAMETER', { name, why: 'no control characters' })
  if ([...v].length > max) throw new Problem('INVALID_PARAMETER', { name, why: `at most ${max} characters` })
  return v || null
}

/**
 * POST /api/notices/:id/evidence?place=&taken_on=&caption=, raw body: a photo of the notice as posted (张贴拍照存档),
 * JPEG, PNG or WebP by its first bytes (422 PHOTO_TYPE_UNSUPPORTED), at most 5 MB; published or expired notices only
 * (409 NOTICE_NOT_PUBLISHED). 201 with the evidence row; the same bytes again answer 200 with the stored row.
 */
export const addEvidence: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const bytes: Uint8Array = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length) : new Uint8Array(0)
  const place = optionalQueryText(req, 'place', 200)
  const caption = optionalQueryText(req, 'caption', 200)
  const takenOn = queryParam(req, 'taken_on') ?? null
  if (takenOn !== null && (!isIsoDate(takenOn) || takenOn > beijingToday() || takenOn < '2000-01-01')) {
    throw new Problem('INVALID_PARAMETER', { name: 'taken_on', why: 'a date YYYY-MM-DD, not in the future' })
  }
  if (bytes.length > maxPhotoBytes) throw new Problem('BODY_TOO_LARGE', { max: '5 MB' })
  const contentType = photoContentType(bytes)
  if (!contentType) throw invalid([{ path: '(body)', code: 'PHOTO_TYPE_UNSUPPORTED' }])
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const { evidenceId, created } = await ctx.db.transaction(async (tx) => {
    const [notice] = await tx.query<{ status: NoticeStatus }>(q.lock_for_evidence, [id])
    if (!notice) throw new Problem('NOT_FOUND')
    const refusal = stepRefusal(notice.status, 'add_evidence')
    if (refusal) throw new Problem(refusal, { status: noticeStatusNames[notice.status] }, [], { notice_status: notice.status })
    const [same] = await tx.query<{ id: number }>(q.evidence_by_sha, [id, sha256])
    if (same) return { evidenceId: same.id, created: false }
    const [row] = await tx.query<{ id: number }>(q.insert_evidence, [id, contentType, bytes, sha256, place, takenOn, caption, ctx.user!.username])
    if (row) {
      await auditIn(tx, ctx, req, 'notice.evidence.create', `notice:${id}`, 201, { evidence_id: row.id, sha256, bytes: bytes.length })
      return { evidenceId: row.id, created: true }
    }
    const [raced] = await tx.query<{ id: number }>(q.evidence_by_sha, [id, sha256])
    return { evidenceId: raced!.id, created: false }
  })
  const [meta] = await ctx.db.query(q.evidence_meta, [id, evidenceId])
  res.status(created ? 201 : 200).json({ ...meta, url: `/api/notices/${id}/evidence/${evidenceId}` })
}

/** GET /api/notices/:id/evidence/:evidenceId: the bytes with their stored type, never sniffed. */
export const getEvidence: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const evidenceId = parseId(req.params.evidenceId as string, 'path')
  const [row] = await ctx.db.query<{ content_type: string; bytes: Uint8Array }>(q.evidence_bytes, [id, evidenceId])
  if (!row) throw new Problem('NOT_FOUND')
  res
    .status(200)
    .set(uploadHeaders(row.content_type))
    .end(Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength))
}
