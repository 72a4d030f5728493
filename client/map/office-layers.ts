import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import type { BasemapConfig } from '../api/config.ts'
import { installApprovalLayers } from './approval-layers.ts'
import { installAuditLayers } from './audit-layers.ts'
import { editMarkLayers, editMarksSourceId } from './edit-style.ts'
import type { LonLatBBox } from './geometry.ts'
import { attributionText } from './maplibre.ts'
import { overlayLabelPoints, overlayLabelSourceId, overlayLayers, overlaySourceId, type OverlayFeature } from './overlays.ts'
import { installParcelLayers, parcelLayerIds } from './parcel-layers.ts'
import { recordLayers, recordSources } from './record-layers.ts'
import { basemapSource, layerIds, outlineFillOpacity, sourceIds } from './style.ts'

/** Room taken by panels over the map, in pixels. */
export interface MapPadding {
  top: number
  right: number
  bottom: number
  left: number
}

const emptyCollection = { type: 'FeatureCollection' as const, features: [] }

/**
 * Adds the office map's sources and layers to the offline style, bottom to top: the farmland, the parcel tiles
 * (below the district label), the records, the overlays, the audit and approval shapes, the edit marks.
 */
export function installOfficeLayers(m: MapLibreMap, texts: { unitMu: string }): void {
  installParcelLayers(m, location.origin, texts, layerIds.outlineLabel)
  for (const [id, source] of Object.entries(recordSources())) m.addSource(id, source)
  for (const layer of recordLayers()) m.addLayer(layer, parcelLayerIds.label)
  m.addSource(overlaySourceId, { type: 'geojson', data: emptyCollection })
  m.addSource(overlayLabelSourceId, { type: 'geojson', data: emptyCollection })
  for (const layer of overlayLayers()) m.addLayer(layer)
  installAuditLayers(m)
  installApprovalLayers(m, parcelLayerIds.fill)
  m.addSource(editMarksSourceId, { type: 'geojson', data: emptyCollection })
  for (const layer of editMarkLayers()) m.addLayer(layer)
}

/** Shows the overlays above the parcels, with their labels. */
export function showOverlays(m: MapLibreMap, features: OverlayFeature[]): void {
  m.getSource<GeoJSONSource>(overlaySourceId)?.setData({ type: 'FeatureCollection', features })
  m.getSource<GeoJSONSource>(overlayLabelSourceId)?.setData({ type: 'FeatureCollection', features: overlayLabelPoints(features) })
}

/** The optional online basemap, below everything but the background; without one the district's pale fill shows. */
export function showBasemap(m: MapLibreMap, basemap: BasemapConfig | null): void {
  if (m.getLayer(layerIds.basemap)) m.removeLayer(layerIds.basemap)
  if (m.getSource(sourceIds.basemap)) m.removeSource(sourceIds.basemap)
  // The district's pale fill would hide the basemap: keep only its dashed outline then.
  m.setPaintProperty(layerIds.outlineFill, 'fill-opacity', basemap ? 0 : outlineFillOpacity)
  if (!basemap) return
  m.addSource(sourceIds.basemap, basemapSource(basemap.url, attributionText(basemap.attribution)))
  m.addLayer({ id: layerIds.basemap, type: 'raster', source: sourceIds.basemap }, layerIds.outlineFill)
}

/** A point clicked under a panel is panned into the free area between the panels (not on a narrow screen). */
export function keepInSight(m: MapLibreMap, p: { x: number; y: number }, pad: MapPadding): void {
  const c = m.getContainer()
  const freeLeft = pad.left
  const freeRight = c.clientWidth - pad.right
  if (freeRight - freeLeft < 160) return // narrow screen: the panel sits at the bottom instead
  const margin = 24
  if (p.x > freeRight - margin || p.x < freeLeft + margin) {
    m.panBy([p.x - (freeLeft + freeRight) / 2, 0], { duration: 400 })
  }
}

/** Fits the view to a bbox, keeping it clear of the panels when they leave room. */
export function fitClearOf(m: MapLibreMap, bbox: LonLatBBox, padding: MapPadding): void {
  const c = m.getContainer()
  const fits = c.clientWidth - padding.left - padding.right > 120 && c.clientHeight - padding.top - padding.bottom > 120
  const pad = 24
  m.fitBounds(
    [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ],
    {
      padding: fits
        ? { top: padding.top + pad, right: padding.right + pad, bottom: padding.bottom + pad, left: padding.left + pad }
        : pad,
      maxZoom: 17,
      duration: 600,
    },
  )
}
