import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  Map as MapLibreMap,
  VectorSourceSpecification,
} from 'maplibre-gl'
import { fallbackParcelColor, labelFont } from './style.ts'

/**
 * The parcels as the server's vector tiles draw them (GET /api/tiles/parcels/{z}/{x}/{y}.mvt, server/tiles):
 * below z14 the source layer `parcels_overview` (grid cells shaded by parcel count, township and village points
 * named with their area), from z14 the layer `parcels` (feature id = parcel id; project_id, status, land_class,
 * code), from z16 the points `parcel_labels` (feature id = parcel id, code) where each parcel's one label goes.
 * Statuses are not in the tile: they come as feature-state (client/map/parcel-states.ts).
 */
export const parcelSourceId = 'parcels'

/** The tiles' layer names (the contract with sql/queries/parcel-tiles.sql). */
export const parcelSourceLayers = { overview: 'parcels_overview', parcels: 'parcels', labels: 'parcel_labels' } as const

/** The zoom from which tiles hold every parcel; below it the overview. */
export const parcelDetailMinZoom = 14
/** The zoom from which tiles hold the label points. */
export const parcelLabelMinZoom = 16
/**
 * The deepest zoom the map asks tiles for; deeper views overzoom them. A z18 tile is about 140 m across at Huaihua
 * and 4096 units wide: 3.5 cm per unit, finer than the map draws. Editing snaps to GeoJSON, never to tiles.
 */
export const parcelTileMaxZoom = 18

/** Layer ids; tests read the rendered parcels through `fill`, labels through `label`. */
export const parcelLayerIds = {
  overviewFill: 'parcels-overview-fill',
  overviewLine: 'parcels-overview-line',
  overviewLabel: 'parcels-overview-label',
  fill: 'parcels-fill',
  line: 'parcels-line',
  label: 'parcels-label',
} as const

/** The layers a parcel is hidden from while it is edited (their features' ids are parcel ids). */
export const parcelIdLayers: readonly string[] = [parcelLayerIds.fill, parcelLayerIds.line, parcelLayerIds.label]

/**
 * The vector source. MapLibre fetches tiles in a worker, where a relative URL has no base: the URL is made absolute
 * from the page's origin, so the session cookie goes along (same origin). Tile versions change with every write;
 * the server answers `no-cache` with an ETag, so a refresh (ParcelView.reload, client/map/parcel-view.ts) costs a 304 where
 * nothing changed.
 */
export function parcelSource(origin: string): VectorSourceSpecification {
  return {
    type: 'vector',
    tiles: [`${origin}/api/tiles/parcels/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: parcelTileMaxZoom,
  }
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

/** The overview's cells get darker with their parcel count (a cell of 16 px at its band's first zoom). */
const overviewFillColor: ExpressionSpecification = [
  'interpolate', ['linear'], ['to-number', ['get', 'parcels'], 0],
  1, '#b9d3a8',
  10, '#86b06f',
  100, '#557f42',
  1000, '#2f5424',
]

/** A township or village point's label: its name and, on a second line, its parcels' area in mu. */
export function overviewLabelExpression(unitMu: string): ExpressionSpecification {
  return ['concat', ['coalesce', ['get', 'name'], ''], '\n', ['get', 'area_mu'], ' ', unitMu]
}

/** A parcel's label: its code (the panel shows the rest). */
export const parcelLabelExpression: ExpressionSpecification = ['to-string', ['get', 'code']]

export interface ParcelLayerTexts {
  unitMu: string
}

/** The parcel layers in drawing order: overview fill and outline, parcel fill and outline, then the labels. */
export function parcelLayers(texts: ParcelLayerTexts): LayerSpecification[] {
  const source = parcelSourceId
  const grid: FilterSpecification = ['==', ['get', 'kind'], 'grid']
  return [
    {
      id: parcelLayerIds.overviewFill,
      type: 'fill',
      source,
      'source-layer': parcelSourceLayers.overview,
      maxzoom: parcelDetailMinZoom,
      filter: grid,
      paint: { 'fill-color': overviewFillColor, 'fill-opacity': 0.6 },
    },
    {
      id: parcelLayerIds.overviewLine,
      type: 'line',
      source,
      'source-layer': parcelSourceLayers.overview,
      maxzoom: parcelDetailMinZoom,
      filter: grid,
      paint: { 'line-color': '#5b7a4f', 'line-width': 0.5, 'line-opacity': 0.6 },
    },
    {
      id: parcelLayerIds.fill,
      type: 'fill',
      source,
      'source-layer': parcelSourceLayers.parcels,
      minzoom: parcelDetailMinZoom,
      paint: {
        'fill-color': fallbackParcelColor,
        'fill-opacity': ['case', selected, 0.75, hovered, 0.6, 0.4],
      },
    },
    {
      id: parcelLayerIds.line,
      type: 'line',
      source,
      'source-layer': parcelSourceLayers.parcels,
      minzoom: parcelDetailMinZoom,
      paint: {
        'line-color': ['case', selected, '#111827', '#374151'],
        'line-width': ['case', selected, 3, hovered, 2, 0.8],
      },
    },
    {
      id: parcelLayerIds.label,
      type: 'symbol',
      source,
      'source-layer': parcelSourceLayers.labels,
      minzoom: parcelLabelMinZoom,
      layout: {
        'text-field': parcelLabelExpression,
        'text-font': labelFont,
        'text-size': 12,
        'text-max-width': 12,
        'symbol-placement': 'point',
      },
      paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: parcelLayerIds.overviewLabel,
      type: 'symbol',
      source,
      'source-layer': parcelSourceLayers.overview,
      maxzoom: parcelDetailMinZoom,
      filter: ['in', ['get', 'kind'], ['literal', ['township', 'village']]],
      layout: {
        'text-field': overviewLabelExpression(texts.unitMu),
        'text-font': labelFont,
        'text-size': ['match', ['get', 'kind'], 'township', 14, 12],
        'text-max-width': 10,
      },
      paint: { 'text-color': '#1f2d1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ]
}

/** Adds the parcel source and its layers below `beforeId`. */
export function installParcelLayers(map: MapLibreMap, origin: string, texts: ParcelLayerTexts, beforeId?: string): void {
  map.addSource(parcelSourceId, parcelSource(origin))
  for (const layer of parcelLayers(texts)) map.addLayer(layer, beforeId)
}

/** Shows or hides every parcel layer; hidden layers fetch no tiles (the tiles need a session). */
export function setParcelLayersVisible(map: MapLibreMap, visible: boolean): void {
  for (const id of Object.values(parcelLayerIds)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
}

/** Feature-state of one parcel on the tiles (hover, selected, agreement, payment). */
export function parcelFeature(id: number | string) {
  return { source: parcelSourceId, sourceLayer: parcelSourceLayers.parcels, id }
}
