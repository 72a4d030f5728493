import type { Request } from 'express'
import type { Queryable } from '../db/database.ts'
import { ledgerProblem } from '../db/ledger-errors.ts'
import { logOperation } from '../db/operation-log.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import {
  budgetBody, correctionBody, depositBody, executeBody, parseFundsBody, precheckBody, requestBody, taskLetterBody,
} from '../schemas/funds.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Ctx, Handler } from './context.ts'

// The funds ledger (资金台账) of a project. The rules (balance never negative, pre-check before execution, task
// letter only when deposits cover the budget, append-only) are in sql/functions/zd_fund*.sql and run under the
// project's funds lock; these handlers parse, call them in one transaction with the operation log, and answer.

const q = loadQueries('funds', [
  'lock', 'snapshot', 'totals', 'project_exists', 'entries', 'requests', 'task_letters', 'budgets', 'insert_budget',
  'insert_deposit', 'insert_correction', 'insert_request', 'request_for_update', 'precheck', 'execute', 'issue_task_letter',
])

interface Totals {
  budget_yuan: string | null
  deposited_yuan: string
  acquisition_yuan: string
  resettlement_yuan: string
  working_yuan: string
  disbursed_yuan: string
  balance_yuan: string
  deposits_cover_budget: boolean | null
}

/** The whole ledger of a project as the API gives it; money as decimal strings of yuan. */
async function fundsView(db: Queryable, projectId: number) {
  const [t] = await db.query<Totals>(q.totals, [projectId])
  return {
    project_id: projectId,
    budget_yuan: t!.budget_yuan,
    deposited_yuan: t!.deposited_yuan,
    disbursed_yuan: { acquisition: t!.acquisition_yuan, resettlement: t!.resettlement_yuan, working: t!.working_yuan, total: t!.disbursed_yuan },
    balance_yuan: t!.balance_yuan,
    deposits_cover_budget: t!.deposits_cover_budget,
    budgets: await db.query(q.budgets, [projectId]),
    entries: await db.query(q.entries, [projectId, null]),
    requests: await db.query(q.requests, [projectId, null]),
    task_letters: await db.query(q.task_letters, [projectId, null]),
  }
}

/**
 * Runs one ledger write in a transaction together with its operation_log row. A refusal (a Problem, or a rule
 * raised by the SQL functions) rolls everything back, is logged as rejected, and answers with its code.
 */
async function ledgerWrite<T>(ctx: Ctx, req: Request, action: string, target: string, status: number,
  fn: (tx: Queryable) => Promise<{ result: T; detail: Record<string, unknown> }>): Promise<T> {
  const user = ctx.user!.username
  try {
    return await ctx.db.transaction(async (tx) => {
      const { result, detail } = await fn(tx)
      await logOperation(tx, { username: user, action, target, result: 'ok', status, ip: req.ip, detail })
      return result
    })
  } catch (err) {
    const problem = err instanceof Problem ? err : ledgerProblem(err)
    if (!problem) throw err
    if (problem.status !== 404) {
      await logOperation(ctx.db, { username: user, action, target, result: 'rejected', status: problem.status, ip: req.ip, detail: { code: problem.code, ...problem.extra } })
    }
    throw problem
  }
}

const projectParam = (req: Request) => parseId(req.params.id as string, 'path')

export const getFunds: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const view = await ctx.db.transaction(async (tx) => {
    // One snapshot for the figures and the lists, so that they always add up.
    await tx.query(q.snapshot)
    const [p] = await tx.query<{ exists: boolean }>(q.project_exists, [projectId])
    if (!p?.exists) throw new Problem('NOT_FOUND')
    return fundsView(tx, projectId)
  })
  res.json(view)
}

export const setBudget: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const b = parseFundsBody(req.body, budgetBody)
  await ledgerWrite(ctx, req, 'funds.budget', `project:${projectId}`, 200, async (tx) => {
    await tx.query(q.lock, [projectId])
    const [row] = await tx.query<{ id: number }>(q.insert_budget, [projectId, b.budget_yuan, ctx.user!.username, b.note])
    return { result: row!.id, detail: { budget_yuan: b.budget_yuan } }
  })
  res.json(await fundsView(ctx.db, projectId))
}

async function sendEntry(ctx: Ctx, res: Parameters<Handler>[2], id: number) {
  const [entry] = await ctx.db.query(q.entries, [null, id])
  res.status(201).json(entry)
}

export const postDeposit: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const b = parseFundsBody(req.body, depositBody)
  const id = await ledgerWrite(ctx, req, 'funds.deposit', `project:${projectId}`, 201, async (tx) => {
    await tx.query(q.lock, [projectId])
    const [row] = await tx.query<{ id: number }>(q.insert_deposit, [projectId, b.amount_yuan, b.payer, ctx.user!.username, b.note])
    return { result: row!.id, detail: { entry_id: row!.id, amount_yuan: b.amount_yuan, payer: b.payer } }
  })
  await sendEntry(ctx, res, id)
}

export const postCorrection: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const b = parseFundsBody(req.body, correctionBody)
  const id = await ledgerWrite(ctx, req, 'funds.correction', `project:${projectId}`, 201, async (tx) => {
    await tx.query(q.lock, [projectId])
    const [row] = await tx.query<{ id: number }>(q.insert_correction, [projectId, b.amount_yuan, b.corrects_entry_id, ctx.user!.username, b.note])
    return { result: row!.id, detail: { entry_id: row!.id, corrects_id: b.corrects_entry_id, amount_yuan: b.amount_yuan } }
  })
  await sendEntry(ctx, res, id)
}

async function sendRequest(ctx: Ctx, res: Parameters<Handler>[2], id: number, status: number) {
  const [request] = await ctx.db.query(q.requests, [null, id])
  res.status(status).json(request)
}

export const postDisbursementRequest: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const b = parseFundsBody(req.body, requestBody)
  const id = await ledgerWrite(ctx, req, 'funds.request', `project:${projectId}`, 201, async (tx) => {
    await tx.query(q.lock, [projectId])
    const [row] = await tx.query<{ id: number }>(q.insert_request, [projectId, b.part, b.amount_yuan, b.payee, b.note, ctx.user!.username])
    return { result: row!.id, detail: { request_id: row!.id, part: b.part, amount_yuan: b.amount_yuan } }
  })
  await sendRequest(ctx, res, id, 201)
}

export const precheckDisbursement: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const b = parseFundsBody(req.body, precheckBody)
  if (!b.approve && b.reason === null) throw invalid([{ path: 'reason', code: 'FIELD_REQUIRED' }])
  await ledgerWrite(ctx, req, b.approve ? 'funds.precheck.approve' : 'funds.precheck.reject', `disbursement-request:${id}`, 200, async (tx) => {
    const [current] = await tx.query<{ status: string }>(q.request_for_update, [id])
    if (!current) throw new Problem('NOT_FOUND')
    if (current.status !== 'requested') throw new Problem('REQUEST_ALREADY_DECIDED', { status: current.status }, [], { status: current.status })
    await tx.query(q.precheck, [id, b.approve, ctx.user!.username, b.reason])
    return { result: id, detail: { approve: b.approve, reason: b.reason } }
  })
  await sendRequest(ctx, res, id, 200)
}

export const executeDisbursement: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const b = parseFundsBody(req.body, executeBody)
  const entryId = await ledgerWrite(ctx, req, 'funds.execute', `disbursement-request:${id}`, 201, async (tx) => {
    const [row] = await tx.query<{ entry_id: number }>(q.execute, [id, ctx.user!.username, b.note])
    return { result: row!.entry_id, detail: { entry_id: row!.entry_id } }
  })
  await sendEntry(ctx, res, entryId)
}

export const issueTaskLetter: Handler = async (ctx, req, res) => {
  const projectId = projectParam(req)
  const b = parseFundsBody(req.body, taskLetterBody)
  const id = await ledgerWrite(ctx, req, 'funds.task-letter', `project:${projectId}`, 201, async (tx) => {
    let letterId: number
    try {
      const [row] = await tx.query<{ id: number }>(q.issue_task_letter, [projectId, b.number, ctx.user!.username, b.note])
      letterId = row!.id
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new Problem('TASK_LETTER_NUMBER_TAKEN', { number: b.number })
      throw err
    }
    return { result: letterId, detail: { task_letter_id: letterId, number: b.number } }
  })
  const [letter] = await ctx.db.query(q.task_letters, [null, id])
  res.status(201).json(letter)
}
