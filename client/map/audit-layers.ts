import type { Feature, Geometry, MultiPolygon } from 'geojson'
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import type { FindingShape, Severity } from '../api/audits.ts'

/**
 * The audit finding chosen in the workbench, drawn above the parcels: the measured parcel outline solid, the
 * outline the claim came with dashed, and the faulty parts (overlaps, gaps, parts outside the scope or outside
 * the parcel) filled; all in the finding's severity colour, with a white casing so that the lines read over any
 * parcel fill.
 */

/** 'measured': a parcel's stored geometry (the server's outline); the others are the finding's shapes. */
export type AuditShapeKind = 'measured' | FindingShape['kind']

export const auditShapeKinds: readonly AuditShapeKind[] = ['measured', 'claimed_outline', 'overlap', 'gap', 'outside_scope', 'outside_parcel']

/** The kinds drawn as filled parts. */
export const filledAuditKinds: readonly AuditShapeKind[] = ['overlap', 'gap', 'outside_scope', 'outside_parcel']

/** Severity colours: error red, warning amber, info blue (each ≥ 3:1 against the pale map background). */
export const severityColors: Record<Severity, string> = {
  error: '#dc2626',
  warning: '#d97706',
  info: '#2563eb',
}

export interface AuditFeatureProperties {
  kind: AuditShapeKind
  severity: Severity
  /** The parcel a measured outline belongs to. */
  parcel_id: number | null
}

export type AuditFeature = Feature<Geometry, AuditFeatureProperties>

export const auditSourceId = 'audit-finding'

export const auditLayerIds = {
  fill: 'audit-finding-fill',
  casing: 'audit-finding-casing',
  measured: 'audit-finding-measured',
  claimed: 'audit-finding-claimed',
  partLine: 'audit-finding-part-line',
} as const

/**
 * The features of one finding: the measured outline of each of its parcels (when the map knows its geometry)
 * and its shapes. A shape whose kind is not known is drawn as a filled part rather than left out.
 */
export function auditFindingFeatures(
  finding: { severity: Severity; shapes?: readonly FindingShape[] },
  parcels: readonly { id: number; geometry: MultiPolygon | null }[],
): AuditFeature[] {
  const out: AuditFeature[] = []
  for (const p of parcels) {
    if (!p.geometry) continue
    out.push({ type: 'Feature', geometry: p.geometry, properties: { kind: 'measured', severity: finding.severity, parcel_id: p.id } })
  }
  for (const s of finding.shapes ?? []) {
    if (!s?.geometry) continue
    const kind: AuditShapeKind = auditShapeKinds.includes(s.kind) ? s.kind : 'overlap'
    out.push({ type: 'Feature', geometry: s.geometry, properties: { kind, severity: finding.severity, parcel_id: null } })
  }
  return out
}

/** The kinds present among features, in legend order. */
export function auditKindsPresent(features: readonly AuditFeature[]): AuditShapeKind[] {
  const present = new Set(features.map((f) => f.properties.kind))
  return auditShapeKinds.filter((k) => present.has(k))
}

const bySeverity = ['match', ['get', 'severity'], 'error', severityColors.error, 'warning', severityColors.warning, severityColors.info] as unknown as ExpressionSpecification
const isKind = (kinds: readonly AuditShapeKind[]): ExpressionSpecification => ['in', ['get', 'kind'], ['literal', [...kinds]]]
const polygonal: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]]

/** Dash of the claimed outline, in line widths. */
export const claimedDash = [3, 2]

export function auditLayers(): LayerSpecification[] {
  return [
    {
      id: auditLayerIds.fill,
      type: 'fill',
      source: auditSourceId,
      filter: ['all', polygonal, isKind(filledAuditKinds)],
      paint: { 'fill-color': bySeverity, 'fill-opacity': 0.45 },
    },
    {
      id: auditLayerIds.casing,
      type: 'line',
      source: auditSourceId,
      filter: isKind(['measured', 'claimed_outline']),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 },
    },
    {
      id: auditLayerIds.measured,
      type: 'line',
      source: auditSourceId,
      filter: isKind(['measured']),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': bySeverity, 'line-width': 2.5 },
    },
    {
      id: auditLayerIds.claimed,
      type: 'line',
      source: auditSourceId,
      filter: isKind(['claimed_outline']),
      paint: { 'line-color': bySeverity, 'line-width': 2.5, 'line-dasharray': ['literal', claimedDash] },
    },
    {
      id: auditLayerIds.partLine,
      type: 'line',
      source: auditSourceId,
      filter: isKind(filledAuditKinds),
      paint: { 'line-color': bySeverity, 'line-width': 1.5 },
    },
  ]
}

/** Adds the (empty) source and the layers to a map whose style has loaded, above everything added so far. */
export function installAuditLayers(map: MapLibreMap, beforeId?: string): void {
  if (map.getSource(auditSourceId)) return
  map.addSource(auditSourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
  for (const layer of auditLayers()) map.addLayer(layer, beforeId && map.getLayer(beforeId) ? beforeId : undefined)
}

/** Replaces what the audit layers draw (an empty list clears them). */
export function showAuditFeatures(map: MapLibreMap, features: readonly AuditFeature[]): void {
  map.getSource<GeoJSONSource>(auditSourceId)?.setData({ type: 'FeatureCollection', features: [...features] })
}
