import { apiRequest } from './http.ts'

/** A project as listed by `GET /api/projects`. */
export interface ProjectListItem {
  id: number
  code: string
  name: string
  name_en: string | null
  /** '#rrggbb', the fill of its parcels on the map. */
  color: string
  /** Number of active parcels. */
  parcels: number
  /** Sum of the parcels' authoritative (ellipsoidal) areas in mu, as a decimal string. */
  area_mu: string
  /** [minLon, minLat, maxLon, maxLat] of its parcels; null or absent when it has none or the server omits it. */
  bbox?: [number, number, number, number] | null
}

export async function listProjects(signal?: AbortSignal): Promise<ProjectListItem[]> {
  const answer = await apiRequest<{ items: ProjectListItem[] }>('/projects', { signal })
  return answer.items
}
