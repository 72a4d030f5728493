/**
 * Hearing requests (听证申请, issue 6): the public files one on a notice that invites hearings while it is open
 * (POST /api/public/notices/:id/hearing-requests, no login); the legal section lists them with names and phones
 * in full and answers them (legal and admin).
 * - Name and phone are encrypted here, before anything reaches the database, like households' personal data
 *   (server/auth/pii-cipher.ts); the phone's blind index makes "one request per phone per notice" checkable.
 * - The sender's address is kept only as a keyed hash (client_key), for the abuse limits of
 *   sql/functions/zd_public_hearing_file.sql, which decides everything else (open, collective, limits, duplicates).
 * - No answer and no error echoes the submitted name or phone.
 */
import type { Request } from 'express'
import { hearingClientKey, hearingRequestFields as fields, sealHearingRequest } from '../auth/hearing-request-pii.ts'
import { decryptPii, loadPiiKeys, PiiDecryptError, type PiiKeys } from '../auth/pii-cipher.ts'
import { logOperation } from '../db/operation-log.ts'
import { asPublic } from '../db/public-reads.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import { parseHearingAnswer, parseHearingRequest } from '../schemas/hearing-request.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('hearing-requests', ['file', 'notice_exists', 'list', 'by_collective', 'answer', 'status_of'])

interface RequestRow {
  id: number
  collective: string
  name_enc: string
  phone_enc: string
  reason: string
  filed_at: Date
  status: 'received' | 'answered'
  answer: string | null
  answered_by: string | null
  answered_at: Date | null
}

/** The answer of zd_public_hearing_file (sql/functions/zd_public_hearing_file.sql). */
type FileRow =
  | { outcome: 'filed'; id: number; filed_at: Date }
  | { outcome: 'duplicate' | 'rate_limited'; id: null; filed_at: null }

/** The keyed hash of the sender's address (hearing-request-pii.ts). */
function clientKey(keys: PiiKeys, req: Request): string {
  return hearingClientKey(keys, req.ip ?? 'unknown')
}

export const fileHearingRequest: Handler = async (ctx, req, res) => {
  const noticeId = parseId(req.params.id as string, 'path')
  const { value, issues } = parseHearingRequest(req.body)
  if (!value) throw invalid(issues)
  const keys = loadPiiKeys(ctx.config)
  const sealed = sealHearingRequest(keys, value)
  const params = [noticeId, value.collective, sealed.name_enc, sealed.phone_enc, sealed.phone_index, value.reason, clientKey(keys, req)]
  // The attempt is committed whatever its outcome, so a refusal counts against the limits as a filing does.
  const [row] = await asPublic(ctx.db, (tx) => tx.query<FileRow>(q.file, params))
  if (row?.outcome === 'duplicate') throw new Problem('HEARING_DUPLICATE')
  if (row?.outcome === 'rate_limited') throw new Problem('HEARING_RATE_LIMITED')
  if (row?.outcome !== 'filed') throw new Error(`zd_public_hearing_file answered ${JSON.stringify(row)}`)
  res.status(201).json({ id: row.id, filed_at: row.filed_at })
}

function decrypt(keys: PiiKeys, field: string, stored: string, id: number): string {
  try {
    return decryptPii(keys, field, stored)
  } catch (err) {
    if (err instanceof PiiDecryptError) {
      console.error(`[pii] hearing request ${id}: ${field}: ${err.message}`)
      throw new Problem('PERSONAL_DATA_UNREADABLE')
    }
    throw err
  }
}

function present(keys: PiiKeys, r: RequestRow) {
  return {
    id: r.id,
    collective: r.collective,
    name: decrypt(keys, fields.name, r.name_enc, r.id),
    phone: decrypt(keys, fields.phone, r.phone_enc, r.id),
    reason: r.reason,
    filed_at: r.filed_at,
    status: r.status,
    answer: r.answer,
    answered_by: r.answered_by,
    answered_at: r.answered_at,
  }
}

async function logRead(ctx: Ctx, req: Request, target: string, ids: number[]) {
  await logOperation(ctx.db, {
    username: ctx.user!.username, action: 'hearing_request.read_personal_data', target, result: 'ok', status: 200, ip: req.ip,
    detail: { hearing_request_ids: ids.slice(0, 1000), fields: ['name', 'phone'] },
  })
}

/** GET /notices/:id/hearing-requests: every request on the notice in full, and the count per collective. */
export const listHearingRequests: Handler = async (ctx, req, res) => {
  const noticeId = parseId(req.params.id as string, 'path')
  const [notice] = await ctx.db.query(q.notice_exists, [noticeId])
  if (!notice) throw new Problem('NOT_FOUND')
  const rows = await ctx.db.query<RequestRow>(q.list, [noticeId])
  const byCollective = await ctx.db.query<{ collective: string; requests: number }>(q.by_collective, [noticeId])
  const keys = loadPiiKeys(ctx.config)
  const items = rows.map((r) => present(keys, r))
  if (items.length) await logRead(ctx, req, `notice:${noticeId}`, items.map((i) => i.id))
  res.json({ items, by_collective: byCollective })
}

/** POST /hearing-requests/:id/answer {answer}: once; a second answer is 409 HEARING_ALREADY_ANSWERED. */
export const answerHearingRequest: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const { value, issues } = parseHearingAnswer(req.body)
  if (value === undefined) throw invalid(issues)
  // The answer and its operation-log row commit together or not at all (fail-closed audit).
  const row = await ctx.db.transaction(async (tx) => {
    const [answered] = await tx.query<RequestRow & { notice_id: number }>(q.answer, [id, value, ctx.user!.username])
    if (!answered) {
      const [existing] = await tx.query(q.status_of, [id])
      throw new Problem(existing ? 'HEARING_ALREADY_ANSWERED' : 'NOT_FOUND')
    }
    await logOperation(tx, {
      username: ctx.user!.username, action: 'hearing_request.answer', target: `hearing_request:${id}`, result: 'ok', status: 200,
      ip: req.ip, detail: { notice_id: answered.notice_id },
    })
    return answered
  })
  const keys = loadPiiKeys(ctx.config)
  res.json(present(keys, row))
}
