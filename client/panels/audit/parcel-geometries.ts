import type { BBox, ParcelFeature } from '../../api/parcels.ts'

/** How the cache fetches parcels: one by id, or a project's parcels inside its box. */
export interface ParcelFetchers {
  one: (id: number) => Promise<ParcelFeature>
  inProject: (bbox: BBox, projectId: number) => Promise<{ features?: ParcelFeature[] | null }>
}

/** A 404 of one parcel: deleted since the audit ran, so simply not drawn. */
export type IsGone = (err: unknown) => boolean

/**
 * The geometries of the parcels that findings name, fetched once each: a project's parcels in one request when a
 * finding names more than four of them not yet fetched, else one by one (at most 50 at a time).
 */
export class ParcelGeometries {
  readonly #byId = new Map<number, ParcelFeature>()
  readonly #projectsFetched = new Set<number>()
  readonly #fetch: ParcelFetchers
  readonly #isGone: IsGone

  constructor(fetch: ParcelFetchers, isGone: IsGone) {
    this.#fetch = fetch
    this.#isGone = isGone
  }

  /** The code of a parcel already fetched, else null. */
  code(id: number): string | null {
    return this.#byId.get(id)?.properties.code ?? null
  }

  /**
   * The parcels of `ids` that exist, in that order; missing ones are left out, and nothing when `stale()` says the
   * answer is no longer wanted. Failures other than a gone parcel are thrown.
   */
  async get(ids: readonly number[], project: { id: number; bbox?: BBox | null } | undefined, stale: () => boolean): Promise<ParcelFeature[]> {
    let missing = ids.filter((id) => !this.#byId.has(id))
    if (missing.length > 4 && project?.bbox && !this.#projectsFetched.has(project.id)) {
      this.#projectsFetched.add(project.id)
      const collection = await this.#fetch.inProject(project.bbox, project.id)
      for (const f of collection.features ?? []) this.#byId.set(f.properties.id, f)
      missing = missing.filter((id) => !this.#byId.has(id))
    }
    await Promise.all(
      missing.slice(0, 50).map(async (id) => {
        try {
          this.#byId.set(id, await this.#fetch.one(id))
        } catch (err) {
          if (!this.#isGone(err)) throw err
        }
      }),
    )
    if (stale()) return []
    return ids.flatMap((id) => {
      const f = this.#byId.get(id)
      return f ? [f] : []
    })
  }
}
