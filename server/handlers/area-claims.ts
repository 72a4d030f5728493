import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { areaVerdict } from '../domain/audit/area-verdict.ts'
import type { ParcelAreaFacts } from '../domain/audit/geometry-facts.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { parseAreaClaimBody, type AreaClaimInput } from '../schemas/area-claim.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'
import { recordHandlers, type StoredRecord } from './record-crud.ts'

const q = loadQueries('area-claims', ['select_one', 'list', 'for_update', 'parcel_project', 'parcel_of', 'of_parcel', 'outline_issues', 'insert', 'update', 'delete'])
const facts = loadQueries('audit-geometry', ['parcels'])

/**
 * The parcel is active (422 AREA_CLAIM_UNKNOWN_PARCEL) and gives the claim its project; it has no other claim
 * (409 AREA_CLAIM_EXISTS naming it); a claimed outline passes zd_geometry_issues except the jurisdiction test
 * (422 with the GEOM_* code and PostGIS's reason at `claimed_geom`).
 */
async function prepare(tx: Queryable, c: AreaClaimInput, current: StoredRecord | undefined): Promise<unknown[]> {
  const [parcel] = await tx.query<{ project_id: number }>(q.parcel_project, [c.parcelId])
  if (!parcel) throw invalid([{ path: 'parcel_id', code: 'AREA_CLAIM_UNKNOWN_PARCEL', params: { id: c.parcelId } }])
  c.projectId = parcel.project_id
  if (c.claimedGeom !== null) {
    const rows = await tx.query<{ code: FieldIssue['code']; reason: string; lon: number | null; lat: number | null }>(q.outline_issues, [c.claimedGeom])
    if (rows.length) {
      throw invalid(rows.map((g) => ({
        path: 'claimed_geom', code: g.code, params: { why: g.reason },
        ...(g.lon !== null && g.lat !== null ? { at: [g.lon, g.lat] as [number, number] } : {}),
      })))
    }
  }
  const [other] = await tx.query<{ id: number }>(q.of_parcel, [c.parcelId, current?.id ?? null])
  if (other) throw new Problem('AREA_CLAIM_EXISTS', { parcel: c.parcelId }, [], { existing_id: other.id })
  return [c.projectId, c.parcelId, c.basis, c.decimals, c.pointErrorM, c.claimedGeom, c.source]
}

/** /api/area-claims: 申报面积口径, one per parcel, written by planner and admin; read by the audit. */
export const areaClaims = recordHandlers<AreaClaimInput>({
  type: 'area_claim',
  queries: q,
  format: 'json',
  parse: (body) => parseAreaClaimBody(body),
  prepare,
  compensation: false,
  unique: { area_claims_parcel_id_key: (c) => new Problem('AREA_CLAIM_EXISTS', { parcel: c.parcelId }) },
})

/**
 * GET /api/parcels/:id/area-verdict: the audit's per-parcel area row (server/domain/audit/area-verdict.ts, the
 * ParcelVerdictRow of GET /api/projects/:id/audit's `parcels`) for one parcel, without running the other rules:
 * the parcel's areas come from the audit's own facts query. 404 for a parcel that is not active.
 */
export const getAreaVerdict: Handler = async (ctx, req, res) => {
  const parcelId = parseId(req.params.id as string, 'path')
  const [parcel] = await ctx.db.query<{ project_id: number }>(q.parcel_of, [parcelId])
  if (!parcel) throw new Problem('NOT_FOUND')
  const rows = await ctx.db.query<ParcelAreaFacts>(facts.parcels, [parcel.project_id])
  const p = rows.find((r) => r.id === parcelId)
  if (!p) throw new Problem('NOT_FOUND')
  const verdict = areaVerdict({ ...p, claimed_outline: p.claimed_outline ?? null })
  res.json({ id: p.id, code: p.code, owner: p.owner, land_class: p.land_class, project_id: parcel.project_id, ...verdict })
}
