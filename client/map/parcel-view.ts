import type { Map as MapLibreMap } from 'maplibre-gl'
import type { ProjectListItem } from '../api/projects.ts'
import type { ParcelColorMode, ParcelCounts } from './color-modes.ts'
import type { LonLatBBox } from './geometry.ts'
import { ParcelGeoJson } from './parcel-geojson.ts'
import { parcelDetailMinZoom, parcelLayerIds, parcelSourceId } from './parcel-layers.ts'
import { ParcelStateLayer } from './parcel-states.ts'
import { RecordLoader } from './record-loader.ts'
import type { RecordCounts, RecordLayerVisibility } from './record-layers.ts'

/** What of ParcelMap's props the loaded data depends on, read afresh at each refresh. */
export interface ParcelViewProps {
  active: boolean
  projects: readonly ProjectListItem[]
  colorMode: ParcelColorMode
  recordLayers: RecordLayerVisibility
  farmland: boolean
  /** Someone is editing: the edit set is kept for the view. */
  editing: boolean
  hiddenId: number | null
}

export interface ParcelViewCallbacks {
  onerror: (err: unknown) => void
  onstats?: (stats: { parcels: ParcelCounts; records: RecordCounts | null }) => void
  /** `loading`: statuses are being loaded; `zoomedOut`: the view shows the overview, not parcels. */
  onstatus: (status: { loading: boolean; zoomedOut: boolean }) => void
}

export function viewBbox(m: MapLibreMap): LonLatBBox {
  const b = m.getBounds()
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
}

/**
 * Everything the office map loads besides the tiles, kept in step with the view: the statuses of the projects in
 * view (client/map/parcel-states.ts), the selection and edit set (client/map/parcel-geojson.ts), the records and
 * the farmland (client/map/record-loader.ts), and the legend's counts.
 */
export class ParcelView {
  readonly states: ParcelStateLayer
  readonly geo: ParcelGeoJson
  readonly records: RecordLoader
  private loading = false

  constructor(
    private readonly map: MapLibreMap,
    private readonly props: () => ParcelViewProps,
    private readonly callbacks: ParcelViewCallbacks,
  ) {
    this.states = new ParcelStateLayer(map)
    this.geo = new ParcelGeoJson(map, callbacks.onerror, parcelLayerIds.label)
    this.records = new RecordLoader(map, callbacks.onerror, () => this.reportStats())
  }

  /** The projects whose parcels' bbox meets the view: whose statuses are loaded and whose parcels are counted. */
  projectsInView(): ProjectListItem[] {
    const { active, projects } = this.props()
    if (!active) return []
    const [w, s, e, n] = viewBbox(this.map)
    return projects.filter((p) => Array.isArray(p.bbox) && p.bbox[0] <= e && p.bbox[2] >= w && p.bbox[1] <= n && p.bbox[3] >= s)
  }

  /** What follows the view (the tiles follow it by themselves): statuses, records, farmland, the edit set. */
  refresh(): void {
    const p = this.props()
    if (!p.active) return
    const bbox = viewBbox(this.map)
    const zoom = this.map.getZoom()
    this.setStatus(this.loading)
    void this.refreshStates()
    void this.records.load(bbox, zoom, { ...p.recordLayers })
    if (p.farmland) void this.records.loadFarmland(bbox, zoom)
    if (p.editing) void this.geo.loadEditSet(bbox, p.hiddenId)
  }

  /** In a status mode, loads the statuses of the projects in view not loaded yet; then reports the legend's counts. */
  async refreshStates(): Promise<void> {
    const { active, colorMode } = this.props()
    if (!active) return
    const ids = this.projectsInView().map((p) => p.id)
    if (colorMode === 'project' || this.states.has(ids)) {
      this.reportStats()
      return
    }
    this.setStatus(true)
    try {
      if (!(await this.states.show(ids))) return
      this.setStatus(false)
      this.reportStats()
    } catch (err) {
      this.setStatus(false)
      this.callbacks.onerror(err)
    }
  }

  /**
   * Shows what a write changed (a save, a split, a merge, an import): the tiles in view are fetched again (new tiles
   * where the server's region versions moved, 304 elsewhere) and replace the old ones in place, without a blank;
   * statuses, the selection's outline, the edit set and the records are loaded again.
   */
  reload(selection: readonly number[]): void {
    if (!this.props().active) return
    this.map.refreshTiles(parcelSourceId)
    this.states.forget()
    void this.geo.select(selection, true)
    this.refresh()
    // The next editing session snaps to what was just saved, from its first click.
    const p = this.props()
    if (!p.editing) void this.geo.loadEditSet(viewBbox(this.map), p.hiddenId)
  }

  /** Drops everything loaded (the session ended). */
  clear(): void {
    this.states.clear()
    this.geo.clear()
    this.records.clear()
    this.setStatus(false)
  }

  destroy(): void {
    this.states.forget()
    this.records.destroy()
  }

  private setStatus(loading: boolean) {
    this.loading = loading
    this.callbacks.onstatus({ loading, zoomedOut: this.props().active && this.map.getZoom() < parcelDetailMinZoom })
  }

  private reportStats() {
    this.callbacks.onstats?.({ parcels: this.states.counts(this.projectsInView()), records: this.records.counts() })
  }
}
