import type { Feature, Geometry, MultiPolygon } from 'geojson'
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'

/**
 * The approval layers (报批与范围): the permanent basic farmland layer (永久基本农田) hatched in green under the
 * parcels, switched on from the legend; and above the parcels the project's acquisition scope (拟征收范围) as a
 * dashed outline, a proposed scope not saved yet dashed in blue, and the parcels of the batch being looked at.
 */

export const farmlandSourceId = 'basic-farmland'
export const approvalSourceId = 'approval'

export const approvalLayerIds = {
  farmlandFill: 'basic-farmland-fill',
  farmlandLine: 'basic-farmland-line',
  batchFill: 'approval-batch-fill',
  scopeCasing: 'approval-scope-casing',
  scopeLine: 'approval-scope-line',
} as const

/** The layers the legend's farmland toggle shows or hides. */
export const farmlandLayerIds: readonly string[] = [approvalLayerIds.farmlandFill, approvalLayerIds.farmlandLine]

/** Farmland green (outline and hatch), the scope's dark line, a proposal's blue, a batch's parcels amber. */
export const approvalColors = { farmland: '#15803d', scope: '#111827', proposal: '#2563eb', batch: '#d97706' } as const

/** The name of the hatch image (map.addImage) of the farmland fill. */
export const farmlandHatchImage = 'zd-farmland-hatch'

/** What an approval feature is: the saved scope, a proposal, or a parcel of the chosen batch. */
export interface ApprovalFeatureProperties {
  kind: 'scope' | 'proposal' | 'batch_parcel'
}

export type ApprovalFeature = Feature<Geometry, ApprovalFeatureProperties>

/**
 * A 16 × 16 px tile of green diagonal lines (45°, 2 px wide, every 8 px) on a transparent ground, as RGBA bytes:
 * repeated, it hatches the farmland without hiding the parcels drawn above it.
 */
export function hatchImage(size = 16, spacing = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4)
  const [r, g, b] = [0x15, 0x80, 0x3d]
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + y) % spacing
      if (d === 0 || d === 1) {
        const i = (y * size + x) * 4
        data[i] = r
        data[i + 1] = g
        data[i + 2] = b
        data[i + 3] = 200
      }
    }
  }
  return { width: size, height: size, data }
}

/** The farmland layers, to go below the parcels. */
export function farmlandLayers(): LayerSpecification[] {
  return [
    {
      id: approvalLayerIds.farmlandFill,
      type: 'fill',
      source: farmlandSourceId,
      layout: { visibility: 'none' },
      paint: { 'fill-pattern': farmlandHatchImage, 'fill-opacity': 0.9 },
    },
    {
      id: approvalLayerIds.farmlandLine,
      type: 'line',
      source: farmlandSourceId,
      layout: { visibility: 'none' },
      paint: { 'line-color': approvalColors.farmland, 'line-width': 1.5 },
    },
  ]
}

/** The scope, proposal and batch layers, to go above the parcels. */
export function approvalLayers(): LayerSpecification[] {
  const isKind = (k: ApprovalFeatureProperties['kind']) => ['==', ['get', 'kind'], k] as ['==', ['get', string], string]
  const lines = ['in', ['get', 'kind'], ['literal', ['scope', 'proposal']]] as unknown as ['in', unknown, unknown]
  return [
    {
      id: approvalLayerIds.batchFill,
      type: 'fill',
      source: approvalSourceId,
      filter: isKind('batch_parcel'),
      paint: { 'fill-color': approvalColors.batch, 'fill-opacity': 0.45, 'fill-outline-color': approvalColors.batch },
    },
    {
      id: approvalLayerIds.scopeCasing,
      type: 'line',
      source: approvalSourceId,
      filter: lines as never,
      paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
    },
    {
      id: approvalLayerIds.scopeLine,
      type: 'line',
      source: approvalSourceId,
      filter: lines as never,
      paint: {
        'line-color': ['match', ['get', 'kind'], 'proposal', approvalColors.proposal, approvalColors.scope],
        'line-width': 2.5,
        'line-dasharray': ['literal', [4, 2]],
      },
    },
  ]
}

/**
 * Adds the farmland source, hatch and layers below `parcelLayerId`, and the approval source and layers on top, to
 * a map whose style has loaded.
 */
export function installApprovalLayers(map: MapLibreMap, parcelLayerId: string): void {
  if (map.getSource(farmlandSourceId)) return
  if (!map.hasImage(farmlandHatchImage)) map.addImage(farmlandHatchImage, hatchImage())
  map.addSource(farmlandSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  for (const layer of farmlandLayers()) map.addLayer(layer, map.getLayer(parcelLayerId) ? parcelLayerId : undefined)
  map.addSource(approvalSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  for (const layer of approvalLayers()) map.addLayer(layer)
}

/** Shows or hides the farmland layers. */
export function setFarmlandVisible(map: MapLibreMap, visible: boolean): void {
  for (const id of farmlandLayerIds) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
}

export function showFarmland(map: MapLibreMap, features: readonly Feature<MultiPolygon>[]): void {
  map.getSource<GeoJSONSource>(farmlandSourceId)?.setData({ type: 'FeatureCollection', features: [...features] })
}

export function showApprovalFeatures(map: MapLibreMap, features: readonly ApprovalFeature[]): void {
  map.getSource<GeoJSONSource>(approvalSourceId)?.setData({ type: 'FeatureCollection', features: [...features] })
}
