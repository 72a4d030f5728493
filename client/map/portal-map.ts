/**
 * The public portal's maps: the overview of published notices (vector tiles, coloured by kind) and the scope map
 * of one notice. They share the main map's offline background, the illustrative district outline and the optional
 * basemap (style.ts); nothing of the internal map (parcels, records) is drawn, and no label names anyone.
 */
import type { ExpressionSpecification, FilterSpecification, LngLatBoundsLike, StyleSpecification } from 'maplibre-gl'
import type { Geometry } from 'geojson'
import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl, attributionText } from './maplibre.ts'
import { hechengCenter, hechengZoom } from './hecheng-outline.ts'
import { basemapSource, layerIds, offlineStyle, outlineFillOpacity, sourceIds } from './style.ts'
import type { NoticeKind } from '../api/public-notices.ts'

export const portalSourceIds = { notices: 'public-notices', scope: 'notice-scope' } as const

export const portalLayerIds = {
  noticeFill: 'public-notices-fill',
  noticeLine: 'public-notices-line',
  scopeFill: 'notice-scope-fill',
  scopeLine: 'notice-scope-line',
} as const

/** The vector tiles' layer name (server/tiles/): one feature per notice, feature id = notice id. */
export const noticeSourceLayer = 'notices'

/**
 * One colour per notice kind, on the map and in the legend (a swatch beside the kind's name, so colour is never
 * the only cue). Each is at least 4.5:1 against white, so the same colour can also write text.
 */
export const noticeKindColors: Record<NoticeKind, string> = {
  pre_announcement: '#0369a1',
  compensation_plan: '#c2410c',
  acquisition: '#6d28d9',
  legacy_notification: '#be185d',
  legacy_plan: '#4d7c0f',
}

function kindColor(): ExpressionSpecification {
  return [
    'match', ['get', 'kind'],
    ...Object.entries(noticeKindColors).flat(),
    '#4b5563',
  ] as unknown as ExpressionSpecification
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

/** The texts the maps draw or announce, in the portal's language. */
export interface PortalMapTexts {
  title: string
  districtLabel: string
  outlineAttribution: string
  zoomIn: string
  zoomOut: string
  resetBearing: string
  toggleAttribution: string
  /** Said over a map in a scrolling page when it is dragged with one finger (or scrolled without Ctrl/⌘). */
  twoFingers: string
  ctrlScroll: string
}

export interface Basemap {
  url: string
  attribution: string
}

/** The main map's offline style without its parcel sources and layers: background, district outline, its label. */
function baseStyle(districtLabel: string): StyleSpecification {
  const full = offlineStyle({ districtLabel })
  const keepSources = new Set<string>([sourceIds.outline, sourceIds.outlineLabel])
  const keepLayers = new Set<string>([layerIds.background, layerIds.outlineFill, layerIds.outlineLine, layerIds.outlineLabel])
  return {
    ...full,
    sources: Object.fromEntries(Object.entries(full.sources).filter(([id]) => keepSources.has(id))),
    layers: full.layers.filter((l) => keepLayers.has(l.id)),
  }
}

/** [west, south, east, north] of some GeoJSON geometries, or null when they hold no coordinate. */
export function bboxOf(geometries: readonly (Geometry | null | undefined)[]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1])
      return
    }
    for (const x of c) visit(x)
  }
  for (const g of geometries) {
    if (!g) continue
    if (g.type === 'GeometryCollection') g.geometries.forEach((x) => visit('coordinates' in x ? x.coordinates : null))
    else visit(g.coordinates)
  }
  return Number.isFinite(w) ? [w, s, e, n] : null
}

/** What both portal maps share: the map, its controls in the current language, the basemap. */
class PortalMapBase {
  readonly map: MapLibreMap
  protected ready: Promise<void>
  private controls: { nav: NavigationControl; scale: ScaleControl; attribution: AttributionControl } | null = null
  private basemap: Basemap | null = null
  private texts: PortalMapTexts

  constructor(container: HTMLElement, texts: PortalMapTexts, cooperative = false) {
    this.texts = texts
    this.map = new MapLibreMap({
      container,
      style: baseStyle(texts.districtLabel),
      center: hechengCenter,
      zoom: hechengZoom - 2,
      attributionControl: false,
      maplibreLogo: false,
      boxZoom: false,
      // On a notice page the map sits in a scrolling page: one finger scrolls the page, two move the map.
      cooperativeGestures: cooperative,
      dragRotate: false,
      pitchWithRotate: false,
      locale: this.locale(texts),
    })
    this.map.touchZoomRotate.disableRotation()
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()))
    this.installControls()
  }

  private locale(t: PortalMapTexts): Record<string, string> {
    return {
      'Map.Title': t.title,
      'NavigationControl.ZoomIn': t.zoomIn,
      'NavigationControl.ZoomOut': t.zoomOut,
      'NavigationControl.ResetBearing': t.resetBearing,
      'AttributionControl.ToggleAttribution': t.toggleAttribution,
      'CooperativeGesturesHandler.WindowsHelpText': t.ctrlScroll,
      'CooperativeGesturesHandler.MacHelpText': t.ctrlScroll,
      'CooperativeGesturesHandler.MobileHelpText': t.twoFingers,
    }
  }

  private installControls(): void {
    const m = this.map
    if (this.controls) {
      m.removeControl(this.controls.nav)
      m.removeControl(this.controls.scale)
      m.removeControl(this.controls.attribution)
    }
    this.controls = {
      nav: new NavigationControl({ showCompass: false }),
      scale: new ScaleControl({ unit: 'metric' }),
      attribution: new AttributionControl({ compact: true, customAttribution: [attributionText(this.texts.outlineAttribution)] }),
    }
    m.addControl(this.controls.nav, 'top-right')
    m.addControl(this.controls.attribution, 'bottom-right')
    m.addControl(this.controls.scale, 'bottom-left')
  }

  /** Switches every text the map shows or announces to another language. */
  async setTexts(texts: PortalMapTexts): Promise<void> {
    this.texts = texts
    Object.assign((this.map as unknown as { _locale: Record<string, string> })._locale, this.locale(texts))
    this.map.getCanvas().setAttribute('aria-label', texts.title)
    this.installControls()
    await this.ready
    this.map.setLayoutProperty(layerIds.outlineLabel, 'text-field', texts.districtLabel)
  }

  /** The office's optional online basemap under everything but the background (style.ts explains the datum). */
  async setBasemap(basemap: Basemap | null): Promise<void> {
    this.basemap = basemap
    await this.ready
    const m = this.map
    if (m.getLayer(layerIds.basemap)) m.removeLayer(layerIds.basemap)
    if (m.getSource(sourceIds.basemap)) m.removeSource(sourceIds.basemap)
    m.setPaintProperty(layerIds.outlineFill, 'fill-opacity', this.basemap ? 0 : outlineFillOpacity)
    if (!this.basemap) return
    m.addSource(sourceIds.basemap, basemapSource(this.basemap.url, attributionText(this.basemap.attribution)))
    m.addLayer({ id: layerIds.basemap, type: 'raster', source: sourceIds.basemap }, layerIds.outlineFill)
  }

  /**
   * Shows a box. `reserved` is room kept free of it (pixels at each side), e.g. under the legend; the rest gets a
   * margin that grows with the map's size.
   */
  fitTo(bbox: [number, number, number, number] | null, maxZoom = 15, reserved: Partial<Record<'top' | 'right' | 'bottom' | 'left', number>> = {}): void {
    if (!bbox) return
    const { clientWidth, clientHeight } = this.map.getContainer()
    if (clientWidth === 0 || clientHeight === 0) return
    const margin = Math.max(8, Math.min(48, Math.floor(Math.min(clientWidth, clientHeight) / 8)))
    const side = (k: 'top' | 'right' | 'bottom' | 'left') => margin + (reserved[k] ?? 0)
    const padding = { top: side('top'), right: side('right'), bottom: side('bottom'), left: side('left') }
    // A map too small for the reserved room falls back to the plain margin.
    const fits = padding.left + padding.right < clientWidth - 40 && padding.top + padding.bottom < clientHeight - 40
    this.map.fitBounds(bbox as LngLatBoundsLike, { padding: fits ? padding : margin, maxZoom, duration: 0 })
  }

  resize(): void {
    this.map.resize()
  }

  destroy(): void {
    this.map.remove()
  }
}

export interface NoticesMapOptions {
  texts: PortalMapTexts
  /** The tile URL template (absolute), from client/api/public-notices.ts. */
  tilesUrl: string
  /** Notice polygons were clicked or tapped: every notice under the point, the topmost first (notices of one
   * project share their scope, so a tap often hits several). */
  onSelect: (ids: number[]) => void
}

/** The overview: every public notice from the vector tiles, coloured by kind; the list's results highlighted. */
export class NoticesMap extends PortalMapBase {
  private hoveredId: number | null = null
  private selectedId: number | null = null

  constructor(container: HTMLElement, options: NoticesMapOptions) {
    super(container, options.texts)
    const m = this.map
    m.once('load', () => {
      m.addSource(portalSourceIds.notices, { type: 'vector', tiles: [options.tilesUrl], minzoom: 0, maxzoom: 16 })
      m.addLayer({
        id: portalLayerIds.noticeFill,
        type: 'fill',
        source: portalSourceIds.notices,
        'source-layer': noticeSourceLayer,
        paint: {
          'fill-color': kindColor(),
          'fill-opacity': ['case', selected, 0.65, hovered, 0.55, ['==', ['get', 'status'], 'expired'], 0.18, 0.38],
        },
      })
      m.addLayer({
        id: portalLayerIds.noticeLine,
        type: 'line',
        source: portalSourceIds.notices,
        'source-layer': noticeSourceLayer,
        paint: {
          'line-color': kindColor(),
          'line-width': ['case', selected, 4, hovered, 3, 2],
        },
      })
    })
    m.on('click', portalLayerIds.noticeFill, (e) => {
      const ids = [...new Set((e.features ?? []).map((f) => Number(f.id)).filter((id) => Number.isInteger(id)))]
      if (ids.length) options.onSelect(ids)
    })
    m.on('mousemove', portalLayerIds.noticeFill, (e) => {
      m.getCanvas().style.cursor = 'pointer'
      const id = Number(e.features?.[0]?.id)
      if (id === this.hoveredId) return
      this.state(this.hoveredId, { hover: false })
      this.hoveredId = Number.isInteger(id) ? id : null
      this.state(this.hoveredId, { hover: true })
    })
    m.on('mouseleave', portalLayerIds.noticeFill, () => {
      m.getCanvas().style.cursor = ''
      this.state(this.hoveredId, { hover: false })
      this.hoveredId = null
    })
  }

  private state(id: number | null, state: Record<string, boolean>): void {
    if (id === null || !this.map.getSource(portalSourceIds.notices)) return
    this.map.setFeatureState({ source: portalSourceIds.notices, sourceLayer: noticeSourceLayer, id }, state)
  }

  /** Draws only these notices (the list's results); null draws every notice the tiles hold. */
  async showOnly(ids: readonly number[] | null): Promise<void> {
    await this.ready
    const filter: FilterSpecification | null = ids ? ['in', ['id'], ['literal', [...ids]]] : null
    this.map.setFilter(portalLayerIds.noticeFill, filter)
    this.map.setFilter(portalLayerIds.noticeLine, filter)
  }

  /** Outlines one notice more strongly (the one whose page is open), or none. */
  async select(id: number | null): Promise<void> {
    await this.ready
    this.state(this.selectedId, { selected: false })
    this.selectedId = id
    this.state(id, { selected: true })
  }
}

export interface ScopeMapOptions {
  texts: PortalMapTexts
  geometry: Geometry
  kind: NoticeKind
}

/** One notice's scope from its GeoJSON (4326), fitted to the view: the map of a notice page. */
export class ScopeMap extends PortalMapBase {
  constructor(container: HTMLElement, options: ScopeMapOptions) {
    super(container, options.texts, true)
    const color = noticeKindColors[options.kind] ?? '#4b5563'
    this.map.once('load', () => {
      this.map.addSource(portalSourceIds.scope, { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: options.geometry } })
      this.map.addLayer({ id: portalLayerIds.scopeFill, type: 'fill', source: portalSourceIds.scope, paint: { 'fill-color': color, 'fill-opacity': 0.35 } })
      this.map.addLayer({ id: portalLayerIds.scopeLine, type: 'line', source: portalSourceIds.scope, paint: { 'line-color': color, 'line-width': 2.5 } })
    })
    this.fitTo(bboxOf([options.geometry]), 16)
  }
}
