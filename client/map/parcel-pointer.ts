import type { Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl'
import { parcelFeature, parcelLayerIds } from './parcel-layers.ts'
import { recordLayerIds, type MapRecordRef } from './record-layers.ts'

/** What a click on the map hit: a building or grave on top, else a tile parcel (or nothing: `id` null). */
export type MapPick =
  | { kind: 'record'; record: MapRecordRef }
  | { kind: 'parcel'; id: number | null; additive: boolean }

/**
 * What is under a click. A building or grave wins over its parcel unless shift is held (shift gathers parcels);
 * a parcel is picked by its tile feature id, which is the parcel id.
 */
export function pickAt(map: MapLibreMap, e: MapMouseEvent): MapPick {
  const recordHitLayers = [recordLayerIds.graveCircle, recordLayerIds.buildingFill].filter((l) => map.getLayer(l))
  const record = recordHitLayers.length ? map.queryRenderedFeatures(e.point, { layers: recordHitLayers })[0] : undefined
  if (record && !e.originalEvent.shiftKey) {
    const p = record.properties as { id: number; parcel_id: number | null }
    return {
      kind: 'record',
      record: {
        kind: record.layer.id === recordLayerIds.graveCircle ? 'grave' : 'building',
        id: Number(p.id),
        parcel_id: p.parcel_id === null || p.parcel_id === undefined ? null : Number(p.parcel_id),
      },
    }
  }
  const id = map.queryRenderedFeatures(e.point, { layers: [parcelLayerIds.fill] })[0]?.id
  return {
    kind: 'parcel',
    id: typeof id === 'number' ? id : id !== undefined && id !== null ? Number(id) : null,
    additive: e.originalEvent.shiftKey,
  }
}

/** The parcel under the pointer, marked `hover` (feature-state) with a pointer cursor; buildings and graves too. */
export function installParcelHover(map: MapLibreMap): void {
  let hoveredId: number | string | null = null
  map.on('mousemove', parcelLayerIds.fill, (e: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
    const id = e.features?.[0]?.id
    if (id === undefined) return
    if (hoveredId !== null && hoveredId !== id) map.setFeatureState(parcelFeature(hoveredId), { hover: false })
    hoveredId = id
    map.setFeatureState(parcelFeature(id), { hover: true })
    map.getCanvas().style.cursor = 'pointer'
  })
  map.on('mouseleave', parcelLayerIds.fill, () => {
    if (hoveredId !== null) map.setFeatureState(parcelFeature(hoveredId), { hover: false })
    hoveredId = null
    map.getCanvas().style.cursor = ''
  })
  for (const layer of [recordLayerIds.buildingFill, recordLayerIds.graveCircle]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'))
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''))
  }
}
