/**
 * The figures of the office's report (绩效自评): per project and for all projects together, computed in one SQL
 * function (zd_summary) from the records: areas from zd_area, floor areas, households, persons, graves,
 * agreements, compensation and funds, every area and amount an exact decimal string. Everyone logged in reads them.
 */
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('summary', ['project', 'all'])

/** GET /projects/:id/summary → `{ project_id, project_code, project_name, ...figures }` (see zd_summary). */
export const projectSummary: Handler = async (ctx, req, res) => {
  const [row] = await ctx.db.query<{ project_id: number; project_code: string; project_name: string; figures: Record<string, unknown> }>(
    q.project, [parseId(req.params.id as string, 'path')])
  if (!row) throw new Problem('NOT_FOUND')
  res.json({ project_id: row.project_id, project_code: row.project_code, project_name: row.project_name, ...row.figures })
}

/** GET /summary → the figures of all projects together (`project_id: null`) and `projects`, each project's own. */
export const overallSummary: Handler = async (ctx, _req, res) => {
  const [row] = await ctx.db.query<{ figures: Record<string, unknown>; projects: unknown[] }>(q.all)
  res.json({ project_id: null, ...row!.figures, projects: row!.projects })
}
