import type { Queryable } from '../db/database.ts'
import { logOperation } from '../db/operation-log.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import { parseReportedFigure, parseReportedFigureQuery, type ReportedFigureQuery } from '../schemas/reported-figure.ts'
import type { Handler } from './context.ts'

// Reported figures (报告数): what a report (a 年度审计报告, a 资金拨付情况报告…) states about deposits and
// disbursements for a period, of one project or of the whole office. The audit compares them with the ledger
// (FUNDS_REPORTED_TOTAL_MISMATCH, FUNDS_REPORTED_PARTS_MISMATCH). Append-only: a correction is a restatement, a new
// row; the latest per (project, period, figure) stands.

const q = loadQueries('reported-figures', ['project_exists', 'insert', 'list'])

/** A reported figure as the API gives it. */
export interface ReportedFigureView {
  id: number
  project_id: number | null
  project_code: string | null
  project_name: string | null
  period_start: string
  period_end: string
  figure: string
  stated_yuan: string
  source: string
  created_by: string
  created_at: Date
  /** True for the latest row of its (project, period, figure): the one the audit reads. */
  stands: boolean
}

async function listFigures(db: Queryable, query: ReportedFigureQuery, id: number | null = null): Promise<ReportedFigureView[]> {
  const scope = typeof query.scope === 'object' ? 'project' : query.scope
  const projectId = typeof query.scope === 'object' ? query.scope.project : null
  return db.query<ReportedFigureView>(q.list, [scope, projectId, query.period?.from ?? null, query.period?.to ?? null, id])
}

/** GET /api/reported-figures?project=<id>|office&from&to → ReportedFigureView[], newest period first. */
export const getReportedFigures: Handler = async (ctx, req, res) => {
  const query = parseReportedFigureQuery(req.query as Record<string, unknown>)
  res.json(await listFigures(ctx.db, query))
}

/** POST /api/reported-figures {project_id|null, period_start, period_end, figure, stated_yuan, source} → 201. */
export const postReportedFigure: Handler = async (ctx, req, res) => {
  const user = ctx.user!.username
  const target = (b: unknown) => {
    const p = (b as { project_id?: unknown } | null)?.project_id
    return typeof p === 'number' ? `project:${p}` : 'office'
  }
  let id: number
  try {
    const input = parseReportedFigure(req.body)
    id = await ctx.db.transaction(async (tx) => {
      if (input.project_id !== null) {
        const [row] = await tx.query<{ exists: boolean }>(q.project_exists, [input.project_id])
        if (!row?.exists) throw invalid([{ path: 'project_id', code: 'UNKNOWN_PROJECT', params: { id: input.project_id } }])
      }
      const [row] = await tx.query<{ id: number }>(q.insert, [
        input.project_id, input.period_start, input.period_end, input.figure, input.stated_yuan, input.source, user,
      ])
      await logOperation(tx, {
        username: user, action: 'reported_figure.create', target: target(input), result: 'ok', status: 201, ip: req.ip,
        detail: { id: row!.id, figure: input.figure, period: `${input.period_start}..${input.period_end}`, stated_yuan: input.stated_yuan },
      })
      return row!.id
    })
  } catch (err) {
    if (err instanceof Problem) {
      await logOperation(ctx.db, {
        username: user, action: 'reported_figure.create', target: target(req.body), result: 'rejected', status: err.status,
        ip: req.ip, detail: { code: err.code },
      })
    }
    throw err
  }
  const [view] = await listFigures(ctx.db, { scope: 'all', period: null }, id)
  res.status(201).json(view)
}
