import type { Request } from 'express'
import {
  auditOffice, auditProject, auditSnapshot, projectExists, recordDecision, signOff, signoffFindings, signoffViews,
} from '../db/audit.ts'
import type { Queryable } from '../db/database.ts'
import { logOperation } from '../db/operation-log.ts'
import { Problem } from '../problem.ts'
import { decisionBody, parseAuditBody, parsePeriod, periodOfOfficeKey, signoffBody } from '../schemas/audit.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

// The audit workbench's API (稽核): a project's findings, decisions on them, sign-offs and their staleness, and the
// office-wide findings of a period. The engine is server/db/audit.ts; these handlers parse, run it in one
// transaction with the operation log, and answer.

const projectParam = (req: Request) => parseId(req.params.id as string, 'path')

/**
 * One audit write in a transaction with its operation_log row. A refusal (a Problem) rolls it back and is logged
 * as rejected with its code, except a 404.
 */
async function auditWrite<T>(ctx: Ctx, req: Request, action: string, target: string,
  fn: (tx: Queryable) => Promise<{ result: T; detail: Record<string, unknown> }>): Promise<T> {
  const user = ctx.user!.username
  try {
    return await ctx.db.transaction(async (tx) => {
      const { result, detail } = await fn(tx)
      await logOperation(tx, { username: user, action, target, result: 'ok', status: 201, ip: req.ip, detail })
      return result
    })
  } catch (err) {
    if (err instanceof Problem && err.status !== 404) {
      await logOperation(ctx.db, {
        username: user, action, target, result: 'rejected', status: err.status, ip: req.ip, detail: { code: err.code, ...err.params },
      })
    }
    throw err
  }
}

/** GET /projects/:id/audit: findings, per-parcel verdicts, totals and the latest sign-off, in one snapshot. */
export const getProjectAudit: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  res.json(await ctx.db.transaction(async (tx) => {
    await auditSnapshot(tx)
    return auditProject(tx, projectId)
  }))
}

/** POST /projects/:id/audit/decisions {finding_key, decision, reason} → 201 the decision. */
export const postProjectDecision: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const input = parseAuditBody(req.body, decisionBody)
  const decision = await auditWrite(ctx, req, 'audit.decision', `project:${projectId}`, async (tx) => {
    await auditSnapshot(tx)
    if (!(await projectExists(tx, projectId))) throw new Problem('NOT_FOUND')
    const row = await recordDecision(tx, { projectId }, input, ctx.user!.username)
    return { result: row, detail: { decision_id: row.id, finding_key: input.finding_key, decision: input.decision } }
  })
  res.status(201).json(decision)
}

/** POST /projects/:id/audit/signoffs {note?} → 201 the sign-off view; 409 AUDIT_OPEN_FINDINGS. */
export const postSignoff: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const input = parseAuditBody(req.body, signoffBody, true)
  const id = await auditWrite(ctx, req, 'audit.signoff', `project:${projectId}`, async (tx) => {
    const { id, findings } = await signOff(tx, projectId, ctx.user!.username, input.note)
    return { result: id, detail: { signoff_id: id, findings: findings.length } }
  })
  const [view] = await signoffViews(ctx.db, projectId, id)
  res.status(201).json(view)
}

async function requireProject(ctx: Ctx, projectId: number) {
  if (!(await projectExists(ctx.db, projectId))) throw new Problem('NOT_FOUND')
}

/** GET /projects/:id/audit/signoffs → SignoffView[] newest first. */
export const listSignoffs: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  await requireProject(ctx, projectId)
  res.json(await signoffViews(ctx.db, projectId))
}

/** GET /projects/:id/audit/signoffs/:signoffId → SignoffView with the findings as signed. */
export const getSignoff: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const signoffId = parseId(req.params.signoffId as string, 'path')
  const [view] = await signoffViews(ctx.db, projectId, signoffId)
  const findings = view && (await signoffFindings(ctx.db, projectId, signoffId))
  if (!view || !findings) throw new Problem('NOT_FOUND')
  res.json({ ...view, findings })
}

/** GET /audit/office?from&to → {from, to, findings}: the reported figures of the whole office vs the ledger. */
export const getOfficeAudit: Handler = async (ctx, req, res) => {
  const period = parsePeriod(req.query as Record<string, unknown>)
  res.json(await ctx.db.transaction(async (tx) => {
    await auditSnapshot(tx)
    return auditOffice(tx, period)
  }))
}

/**
 * POST /audit/office/decisions {finding_key, decision, reason} → 201. The period to re-run is the one the key
 * names (office findings carry it: `…:office:2021-01-01..2021-12-31:…`).
 */
export const postOfficeDecision: Handler = async (ctx, req, res) => {
  const input = parseAuditBody(req.body, decisionBody)
  const decision = await auditWrite(ctx, req, 'audit.decision', 'office', async (tx) => {
    const period = periodOfOfficeKey(input.finding_key)
    if (!period) throw new Problem('AUDIT_UNKNOWN_FINDING', { key: input.finding_key })
    await auditSnapshot(tx)
    const row = await recordDecision(tx, { period }, input, ctx.user!.username)
    return { result: row, detail: { decision_id: row.id, finding_key: input.finding_key, decision: input.decision } }
  })
  res.status(201).json(decision)
}
