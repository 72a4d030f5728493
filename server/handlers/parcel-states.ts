/**
 * GET /projects/:id/parcel-states (every role that reads parcels): `{"project_id":N,"parcels":[[id,
 * "agreement_status","payment_status"],…]}`, by parcel id, the statuses of the view parcel_features. The office map
 * draws parcels from vector tiles that carry no statuses and colours them from this list (client/map/parcel-states.ts).
 * 404 NOT_FOUND for a project that does not exist.
 */
import { loadQueries } from '../db/queries.ts'
import { Problem } from '../problem.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('parcel-states', ['by_project'])

export const getParcelStates: Handler = async (ctx, req, res) => {
  const [row] = await ctx.db.query<{ project_id: number; parcels: string }>(q.by_project, [parseId(req.params.id as string, 'path')])
  if (!row) throw new Problem('NOT_FOUND')
  // The list is JSON text from PostgreSQL, spliced in rather than parsed and serialised again.
  res.type('application/json').send(`{"project_id":${row.project_id},"parcels":${row.parcels}}`)
}
