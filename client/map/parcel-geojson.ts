import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import { getParcel, getParcelsInBbox, type ParcelFeature } from '../api/parcels.ts'
import type { LonLatBBox } from './geometry.ts'

/**
 * The two places the office map still draws parcels from GeoJSON, at full precision: the selection (the parcels
 * chosen, each loaded by id) and, while someone edits, the edit set (the parcels around the view, what the drawing
 * tool snaps to). Everything else comes from the vector tiles (client/map/parcel-layers.ts).
 */
export const selectionSourceId = 'parcel-selection'
export const editSetSourceId = 'parcel-edit-set'

export const parcelGeoJsonLayerIds = {
  selectionLine: 'parcel-selection-line',
  editSetLine: 'parcel-edit-set-line',
} as const

/** Parcels in the edit set at most: a dense village's view, far more than anyone snaps to at once. */
export const editSetLimit = 3000

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** The selection's outline (dark, as a chosen tile parcel) and the edit set's (a faint dash: what snaps). */
export function parcelGeoJsonLayers(): LayerSpecification[] {
  return [
    {
      id: parcelGeoJsonLayerIds.editSetLine,
      type: 'line',
      source: editSetSourceId,
      paint: { 'line-color': '#1d4ed8', 'line-width': 1, 'line-opacity': 0.6, 'line-dasharray': [2, 2] },
    },
    {
      id: parcelGeoJsonLayerIds.selectionLine,
      type: 'line',
      source: selectionSourceId,
      paint: { 'line-color': '#111827', 'line-width': 3 },
    },
  ]
}

/** A bbox widened by `fraction` of its size on each side. */
function widen(b: LonLatBBox, fraction: number): LonLatBBox {
  const dx = (b[2] - b[0]) * fraction
  const dy = (b[3] - b[1]) * fraction
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy]
}

/** Keeps the two GeoJSON sources of a map; errors other than aborts go to `onerror`. */
export class ParcelGeoJson {
  private readonly selected = new Map<number, ParcelFeature>()
  private selectedIds: number[] = []
  private selectionController: AbortController | null = null
  private editSet: ParcelFeature[] = []
  private editController: AbortController | null = null
  /** The edit set is outlined only while someone edits; it is kept loaded between sessions, ready to snap to. */
  private editSetShown = false
  private hiddenId: number | null = null

  constructor(
    private readonly map: MapLibreMap,
    private readonly onerror: (err: unknown) => void,
    beforeId?: string,
  ) {
    map.addSource(selectionSourceId, { type: 'geojson', data: empty })
    map.addSource(editSetSourceId, { type: 'geojson', data: empty })
    for (const layer of parcelGeoJsonLayers()) map.addLayer(layer, beforeId)
  }

  /** Shows these parcels as the selection, loading by id those not loaded (`fresh`: load all again, after a write). */
  async select(ids: readonly number[], fresh = false): Promise<void> {
    this.selectedIds = [...new Set(ids)]
    if (fresh) this.selected.clear()
    for (const id of [...this.selected.keys()]) if (!this.selectedIds.includes(id)) this.selected.delete(id)
    this.drawSelection()
    const missing = this.selectedIds.filter((id) => !this.selected.has(id))
    if (missing.length === 0) return
    this.selectionController?.abort()
    const controller = new AbortController()
    this.selectionController = controller
    const settled = await Promise.allSettled(missing.map((id) => getParcel(id, controller.signal)))
    if (controller.signal.aborted) return
    for (const r of settled) {
      // A parcel deleted meanwhile (404) is simply not outlined; the panel says what happened to it.
      if (r.status === 'fulfilled' && this.selectedIds.includes(r.value.id)) this.selected.set(r.value.id, r.value)
    }
    this.drawSelection()
  }

  private drawSelection() {
    const features = this.selectedIds.flatMap((id) => {
      const f = this.selected.get(id)
      return f ? [{ type: 'Feature' as const, id, geometry: f.geometry, properties: { id } }] : []
    })
    this.map.getSource<GeoJSONSource>(selectionSourceId)?.setData({ type: 'FeatureCollection', features })
  }

  /** The parcels the drawing tool snaps to, `hiddenId` (the parcel being edited) left out. */
  snapTargets(hiddenId: number | null): readonly ParcelFeature[] {
    return hiddenId === null ? this.editSet : this.editSet.filter((f) => f.properties.id !== hiddenId)
  }

  /**
   * Loads the edit set for the view `bbox` (widened by a quarter each side); outlined (but `hiddenId`) while shown.
   * The set loaded before stays in use until this one arrives.
   */
  async loadEditSet(bbox: LonLatBBox, hiddenId: number | null): Promise<void> {
    this.editController?.abort()
    const controller = new AbortController()
    this.editController = controller
    try {
      const collection = await getParcelsInBbox(widen(bbox, 0.25), { limit: editSetLimit, signal: controller.signal })
      if (controller.signal.aborted) return
      this.editSet = collection.features ?? []
      this.drawEditSet(hiddenId)
    } catch (err) {
      if (!controller.signal.aborted) this.onerror(err)
    }
  }

  /** Outlines the edit set again, e.g. when another parcel is being edited (only while it is shown). */
  drawEditSet(hiddenId: number | null) {
    this.hiddenId = hiddenId
    const features = this.editSetShown
      ? this.snapTargets(hiddenId).map((f) => ({ type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: { id: f.id } }))
      : []
    this.map.getSource<GeoJSONSource>(editSetSourceId)?.setData({ type: 'FeatureCollection', features })
  }

  /** An editing session starts (true) or ends (false): the edit set's outline shows or goes; the set stays loaded. */
  showEditSet(shown: boolean) {
    this.editSetShown = shown
    this.drawEditSet(this.hiddenId)
  }

  /** Drops the edit set (the session ended). */
  clearEditSet() {
    this.editController?.abort()
    this.editSet = []
    this.editSetShown = false
    this.map.getSource<GeoJSONSource>(editSetSourceId)?.setData(empty)
  }

  /** Drops everything (the session ended). */
  clear() {
    this.selectionController?.abort()
    this.selected.clear()
    this.selectedIds = []
    this.drawSelection()
    this.clearEditSet()
  }
}
