import type {
  BuildingFacts, GapFacts, GeometryFacts, OutsideScopeFacts, OverlapFacts, ParcelAreaFacts,
} from '../domain/audit/geometry-facts.ts'
import { Problem } from '../problem.ts'
import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

export type { GeometryFacts } from '../domain/audit/geometry-facts.ts'

const q = loadQueries('audit-geometry', ['project', 'parcels', 'buildings', 'overlaps', 'gaps', 'outside_scope'])

/**
 * The geometry facts of one project (sql/queries/audit-geometry.sql): every parcel's areas in every basis, its
 * buildings, its overlaps, the slivers between its parcels and the parts outside its acquisition scope. Run it in
 * one transaction (a snapshot) when the facts must agree with each other. 404 NOT_FOUND for an unknown project.
 */
export async function loadGeometryFacts(db: Queryable, projectId: number): Promise<GeometryFacts> {
  const [project] = await db.query<{ id: number; code: string; scope_id: number | null }>(q.project, [projectId])
  if (!project) throw new Problem('NOT_FOUND')
  const parcels = await db.query<ParcelAreaFacts>(q.parcels, [projectId])
  const buildings = await db.query<BuildingFacts>(q.buildings, [projectId])
  const overlaps = await db.query<OverlapFacts>(q.overlaps, [projectId])
  const gaps = await db.query<GapFacts>(q.gaps, [projectId])
  const outsideScope = project.scope_id !== null ? await db.query<OutsideScopeFacts>(q.outside_scope, [projectId]) : []
  return {
    project_id: project.id,
    project_code: project.code,
    parcels: parcels.map((p) => ({ ...p, claimed_outline: p.claimed_outline ?? null })),
    buildings: buildings.map((b) => ({ ...b, outside_parcel_geometry: b.outside_parcel_geometry ?? null })),
    overlaps,
    gaps,
    has_scope: project.scope_id !== null,
    scope_id: project.scope_id,
    outside_scope: outsideScope,
  }
}
