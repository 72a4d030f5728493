import type { Map as MapLibreMap } from 'maplibre-gl'
import { getParcelStates, type ParcelStateRow } from '../api/parcel-states.ts'
import { countParcels, type ParcelCounts } from './color-modes.ts'
import { parcelFeature, parcelSourceId, parcelSourceLayers } from './parcel-layers.ts'

/**
 * The agreement and payment status of the parcels of the projects in view (GET /api/projects/:id/parcel-states),
 * set on the tile features as feature-state `{ agreement, payment }`, which the status colour modes read
 * (client/map/color-modes.ts). Feature-state is kept by id in MapLibre, not in a tile, so it holds for tiles loaded
 * later and survives their reloads. Loaded per project and kept until a write makes it stale (`forget`).
 */
export class ParcelStateLayer {
  private readonly loaded = new Map<number, readonly ParcelStateRow[]>()
  private controller: AbortController | null = null

  constructor(private readonly map: MapLibreMap) {}

  /** True when the states of every one of these projects are set on the map. */
  has(projectIds: readonly number[]): boolean {
    return projectIds.every((id) => this.loaded.has(id))
  }

  /**
   * Loads the states of the projects not loaded yet and sets them on the map. Resolves false when a later call
   * took over (this one was aborted), true when every project's states are set; rejects on a failed request.
   */
  async show(projectIds: readonly number[]): Promise<boolean> {
    const missing = projectIds.filter((id) => !this.loaded.has(id))
    if (missing.length === 0) return true
    this.controller?.abort()
    const controller = new AbortController()
    this.controller = controller
    try {
      const answers = await Promise.all(missing.map((id) => getParcelStates(id, controller.signal)))
      if (controller.signal.aborted) return false
      for (const answer of answers) {
        for (const [id, agreement, payment] of answer.parcels) this.map.setFeatureState(parcelFeature(id), { agreement, payment })
        this.loaded.set(answer.project_id, answer.parcels)
      }
      return true
    } catch (err) {
      if (controller.signal.aborted) return false
      throw err
    } finally {
      if (this.controller === controller) this.controller = null
    }
  }

  /**
   * Marks every loaded project stale (after a write): the next `show` loads it again and overwrites its states. The
   * states on the map stay until then, so the colours do not blink.
   */
  forget(): void {
    this.controller?.abort()
    this.loaded.clear()
  }

  /** Drops every state, from memory and from the map (the session ended). */
  clear(): void {
    this.forget()
    this.map.removeFeatureState({ source: parcelSourceId, sourceLayer: parcelSourceLayers.parcels })
  }

  /**
   * The legend's counts over the whole of these projects: each project's states where loaded, else its parcel count
   * from the project list (the project colour mode loads no states).
   */
  counts(projects: readonly { id: number; parcels: number }[]): ParcelCounts {
    return countParcels(projects.map((p) => ({ project_id: p.id, parcels: p.parcels, states: this.loaded.get(p.id) ?? null })))
  }
}
