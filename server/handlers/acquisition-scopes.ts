import type { Queryable } from '../db/database.ts'
import { geometryIssues } from '../db/parcel-writes.ts'
import { loadQueries } from '../db/queries.ts'
import { invalid, Problem } from '../problem.ts'
import { parseAcquisitionScopeFeature, parseScopeFromParcels, type AcquisitionScopeInput } from '../schemas/acquisition-scope.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { bboxParams, checkReferences, recordHandlers } from './record-crud.ts'

const q = loadQueries('acquisition-scopes', ['select_one', 'list', 'for_update', 'insert', 'update', 'delete', 'project_exists', 'from_parcels'])

/** The project exists and the outline passes zd_geometry_issues, the validity rule of parcels. */
async function prepare(tx: Queryable, s: AcquisitionScopeInput): Promise<unknown[]> {
  await checkReferences(tx, s.projectId, {}, 'properties.')
  const faults = await geometryIssues(tx, s.geojson)
  if (faults.length) throw invalid(faults)
  return [s.projectId, s.geojson, s.source]
}

/**
 * /api/acquisition-scopes: the 拟征收范围 of a project as a GeoJSON Feature (one per project: a second is 409
 * SCOPE_EXISTS), written by planner and admin. Parcels outside it are the audit's PARCEL_OUTSIDE_SCOPE finding.
 */
export const acquisitionScopes = recordHandlers<AcquisitionScopeInput>({
  type: 'acquisition_scope',
  queries: q,
  format: 'feature',
  parse: (body) => parseAcquisitionScopeFeature(body),
  prepare,
  compensation: false,
  listParams: bboxParams,
  unique: { acquisition_scopes_project_id_key: (s) => new Problem('SCOPE_EXISTS', { project_id: s.projectId }) },
})

/**
 * POST /api/projects/:id/acquisition-scope/from-parcels `{ buffer_m, reason? }`: proposes, without storing it, the
 * union of the project's parcels grown by buffer_m (0–100 m) in the Gauss-Krüger plane and simplified to 1 m, as
 * a Feature `{ properties: { project_id, buffer_m, parcels, area_m2, area_mu, issues } }` (issues: what
 * zd_geometry_issues would refuse on saving, e.g. a buffer reaching outside the jurisdiction). 422
 * SCOPE_NO_PARCELS when the project has none; 404 for an unknown project.
 */
export const proposeScopeFromParcels: Handler = async (ctx, req, res) => {
  const projectId = parseId(req.params.id as string, 'path')
  const { value, issues } = parseScopeFromParcels(req.body)
  if (!value) throw invalid(issues)
  if (!(await ctx.db.query(q.project_exists, [projectId])).length) throw new Problem('NOT_FOUND')
  const [row] = await ctx.db.query<{ parcels: number; geometry_json: string; area_m2: string; area_mu: string; issues: unknown[] }>(
    q.from_parcels, [projectId, value.bufferM])
  if (!row) throw new Problem('SCOPE_NO_PARCELS', { id: projectId })
  res.type('application/geo+json').send(`{"type":"Feature","geometry":${row.geometry_json},"properties":${JSON.stringify({
    project_id: projectId, buffer_m: value.bufferM, parcels: row.parcels, area_m2: row.area_m2, area_mu: row.area_mu, issues: row.issues,
  })}}`)
}
