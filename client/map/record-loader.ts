import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { listBuildings, type BuildingFeature } from '../api/buildings.ts'
import { listGraves, type GraveFeature } from '../api/graves.ts'
import { listBasicFarmland } from '../api/basic-farmland.ts'
import { isAbort } from '../api/http.ts'
import { showFarmland } from './approval-layers.ts'
import type { LonLatBBox } from './geometry.ts'
import {
  buildingMapFeatures, countRecords, graveMapFeatures, minRecordZoom, recordSourceIds,
  type MapRecordRef, type RecordCounts, type RecordLayerVisibility,
} from './record-layers.ts'
import { recordPopupContent } from './record-popup.ts'

/** The zoom from which the basic farmland of the view is loaded. */
export const minFarmlandZoom = 10

/**
 * The view's buildings and graves (GeoJSON by bbox, from `minRecordZoom` on, only the layers switched on) and its
 * basic farmland (from `minFarmlandZoom` on, while that layer is shown). Errors other than aborts go to `onerror`.
 */
export class RecordLoader {
  private buildings: BuildingFeature[] = []
  private graves: GraveFeature[] = []
  private loaded = false
  private controller: AbortController | null = null
  private farmlandController: AbortController | null = null

  constructor(
    private readonly map: MapLibreMap,
    private readonly onerror: (err: unknown) => void,
    private readonly onchange: () => void,
  ) {}

  /** What the legend counts of the loaded records; null below `minRecordZoom`. */
  counts(): RecordCounts | null {
    return this.loaded ? countRecords(this.buildings, this.graves) : null
  }

  /** Loads the records of the view `bbox`; below `minRecordZoom` empties them. */
  async load(bbox: LonLatBBox, zoom: number, shown: RecordLayerVisibility): Promise<void> {
    this.controller?.abort()
    if (zoom < minRecordZoom - 0.5) return this.clear()
    const controller = new AbortController()
    this.controller = controller
    try {
      const [buildings, graves] = await Promise.all([
        shown.buildings ? listBuildings({ bbox }, controller.signal) : null,
        shown.graves ? listGraves({ bbox }, controller.signal) : null,
      ])
      if (controller.signal.aborted) return
      this.buildings = buildings?.features ?? []
      this.graves = graves?.features ?? []
      this.loaded = true
      this.draw()
    } catch (err) {
      if (!isAbort(err)) this.onerror(err)
    }
  }

  clear(): void {
    this.controller?.abort()
    this.buildings = []
    this.graves = []
    this.loaded = false
    this.draw()
  }

  private draw() {
    this.map.getSource<GeoJSONSource>(recordSourceIds.buildings)?.setData({ type: 'FeatureCollection', features: buildingMapFeatures(this.buildings) })
    this.map.getSource<GeoJSONSource>(recordSourceIds.graves)?.setData({ type: 'FeatureCollection', features: graveMapFeatures(this.graves) })
    this.onchange()
  }

  /** The short card of a loaded building or grave, or null when it is not loaded. */
  popupContent(ref: MapRecordRef): HTMLElement | null {
    if (ref.kind === 'building') {
      const feature = this.buildings.find((f) => f.properties.id === ref.id)
      return feature ? recordPopupContent({ kind: 'building', feature }) : null
    }
    const feature = this.graves.find((f) => f.properties.id === ref.id)
    return feature ? recordPopupContent({ kind: 'grave', feature }) : null
  }

  /** Loads the basic farmland of the view `bbox`; below `minFarmlandZoom` empties it. */
  async loadFarmland(bbox: LonLatBBox, zoom: number): Promise<void> {
    this.farmlandController?.abort()
    if (zoom < minFarmlandZoom) return showFarmland(this.map, [])
    const controller = new AbortController()
    this.farmlandController = controller
    try {
      const fc = await listBasicFarmland(bbox, controller.signal)
      if (!controller.signal.aborted) showFarmland(this.map, fc.features)
    } catch (err) {
      if (!isAbort(err)) this.onerror(err)
    }
  }

  destroy(): void {
    this.controller?.abort()
    this.farmlandController?.abort()
  }
}
