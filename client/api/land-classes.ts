import { apiRequest } from './http.ts'
import type { LandClass } from '../edit/land-class-search.ts'

export type { LandClass }

let cached: Promise<LandClass[]> | null = null

/**
 * The GB/T 21010-2017 second-level classes (73) with zh and en names and their first-level group, from
 * GET /api/land-classes. Fetched once per page: the list is fixed by the standard. A failed load is not kept,
 * so the next call tries again.
 */
export function getLandClasses(): Promise<LandClass[]> {
  if (!cached) {
    const load = apiRequest<{ items: LandClass[] }>('/land-classes').then((answer) => answer.items)
    cached = load
    load.catch(() => {
      if (cached === load) cached = null
    })
  }
  return cached
}
