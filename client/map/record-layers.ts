import type { Feature, MultiPolygon, Point } from 'geojson'
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { BuildingFeature, BuildingLegalStatus } from '../api/buildings.ts'
import type { GraveFeature } from '../api/graves.ts'
import { labelFont } from './style.ts'

/**
 * The record layers drawn over the parcels: building footprints (房屋) and graves (坟墓). Both are loaded for the
 * view's bbox from `minRecordZoom` on (at a district-wide view they would be specks), and each can be switched off.
 */
export type RecordLayer = 'buildings' | 'graves'

export const recordLayerNames: readonly RecordLayer[] = ['buildings', 'graves']

/** Which record layers are shown. */
export type RecordLayerVisibility = Record<RecordLayer, boolean>

/** A building or grave chosen on the map; `parcel_id` is the parcel it stands on (null: a grave on none). */
export interface MapRecordRef {
  kind: 'building' | 'grave'
  id: number
  parcel_id: number | null
}

/** Records are loaded and drawn from this zoom on (a building of 10 m is then about 4 px wide). */
export const minRecordZoom = 15
/** Building codes and coffin counts are written from this zoom on. */
export const recordLabelZoom = 17

export const recordSourceIds = { buildings: 'buildings', graves: 'graves' } as const

export const recordLayerIds = {
  buildingFill: 'buildings-fill',
  buildingLine: 'buildings-line',
  buildingLineDemolished: 'buildings-line-demolished',
  buildingLabel: 'buildings-label',
  graveCircle: 'graves-circle',
  graveLabel: 'graves-label',
} as const

/** The layers of each toggle. */
export const layersOf: Record<RecordLayer, readonly string[]> = {
  buildings: [recordLayerIds.buildingFill, recordLayerIds.buildingLine, recordLayerIds.buildingLineDemolished, recordLayerIds.buildingLabel],
  graves: [recordLayerIds.graveCircle, recordLayerIds.graveLabel],
}

/** A building's class on the map: its legal status while it stands, 'demolished' once it is gone. */
export type BuildingClass = BuildingLegalStatus | 'demolished'

export const buildingClasses: readonly BuildingClass[] = ['licensed', 'recognised', 'temporary', 'unlicensed', 'demolished']

/**
 * Building fills, chosen so that every pair stays apart (CIE76 ΔE ≥ 20) for protan, deutan and tritan vision too
 * (tests/unit/map-record-style.test.ts): licensed sky blue, recognised dark green, temporary orange, unlicensed
 * wine; a demolished building is white with a dashed outline, so it reads as "gone" without relying on colour.
 * Every footprint has a dark outline, which keeps it apart from the parcel fill beneath.
 */
export const buildingColors: Record<BuildingClass, string> = {
  licensed: '#56b4e9',
  recognised: '#117733',
  temporary: '#e69f00',
  unlicensed: '#882255',
  demolished: '#ffffff',
}

/** Graves: a dark disc with a white rim; a relocated grave (迁出) a white disc with a dark rim. */
export const graveColors = { standing: '#1f2937', relocated: '#ffffff' } as const

export function buildingClass(p: { legal_status: BuildingLegalStatus; demolished_on: string | null }): BuildingClass {
  return p.demolished_on ? 'demolished' : p.legal_status
}

/** What the building layers read of a building: its id, parcel, code and class. */
export interface BuildingMapProperties {
  id: number
  parcel_id: number
  code: string
  class: BuildingClass
}

/** What the grave layers read of a grave. */
export interface GraveMapProperties {
  id: number
  parcel_id: number | null
  code: string
  /** The coffin count as label text. */
  coffins: string
  relocated: boolean
}

export function buildingMapFeatures(features: readonly BuildingFeature[]): Feature<MultiPolygon, BuildingMapProperties>[] {
  return features.map((f) => ({
    type: 'Feature',
    geometry: f.geometry,
    properties: { id: f.properties.id, parcel_id: f.properties.parcel_id, code: f.properties.code, class: buildingClass(f.properties) },
  }))
}

export function graveMapFeatures(features: readonly GraveFeature[]): Feature<Point, GraveMapProperties>[] {
  return features.map((f) => ({
    type: 'Feature',
    geometry: f.geometry,
    properties: {
      id: f.properties.id,
      parcel_id: f.properties.parcel_id,
      code: f.properties.code,
      coffins: String(f.properties.coffins),
      relocated: f.properties.relocated_on !== null,
    },
  }))
}

/** Counts of what is loaded in the view, for the legend. */
export interface RecordCounts {
  buildings: Record<BuildingClass, number>
  graves: number
  coffins: number
}

export function countRecords(buildings: readonly BuildingFeature[], graves: readonly GraveFeature[]): RecordCounts {
  const byClass = Object.fromEntries(buildingClasses.map((c) => [c, 0])) as Record<BuildingClass, number>
  for (const b of buildings) byClass[buildingClass(b.properties)] += 1
  let coffins = 0
  for (const g of graves) coffins += g.properties.coffins
  return { buildings: byClass, graves: graves.length, coffins }
}

/** Empty sources; feature ids from the record id, so feature-state (selected) follows the record. */
export function recordSources(): Record<string, SourceSpecification> {
  const empty = (): SourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' })
  return { [recordSourceIds.buildings]: empty(), [recordSourceIds.graves]: empty() }
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false]
const demolished: ExpressionSpecification = ['==', ['get', 'class'], 'demolished']

function byBuildingClass(): ExpressionSpecification {
  return ['match', ['get', 'class'], ...buildingClasses.flatMap((c) => [c, buildingColors[c]]), '#9ca3af'] as unknown as ExpressionSpecification
}

export function recordLayers(): LayerSpecification[] {
  return [
    {
      id: recordLayerIds.buildingFill,
      type: 'fill',
      source: recordSourceIds.buildings,
      minzoom: minRecordZoom,
      paint: { 'fill-color': byBuildingClass(), 'fill-opacity': ['case', demolished, 0.55, 0.92] },
    },
    {
      id: recordLayerIds.buildingLine,
      type: 'line',
      source: recordSourceIds.buildings,
      minzoom: minRecordZoom,
      filter: ['!', demolished],
      paint: { 'line-color': ['case', selected, '#000000', '#1f2937'], 'line-width': ['case', selected, 3, 1.2] },
    },
    {
      id: recordLayerIds.buildingLineDemolished,
      type: 'line',
      source: recordSourceIds.buildings,
      minzoom: minRecordZoom,
      filter: demolished,
      paint: {
        'line-color': ['case', selected, '#000000', '#374151'],
        'line-width': ['case', selected, 3, 1.4],
        'line-dasharray': ['literal', [2, 1.5]],
      },
    },
    {
      id: recordLayerIds.buildingLabel,
      type: 'symbol',
      source: recordSourceIds.buildings,
      minzoom: recordLabelZoom,
      layout: { 'text-field': ['get', 'code'], 'text-font': labelFont, 'text-size': 11, 'text-max-width': 8 },
      paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: recordLayerIds.graveCircle,
      type: 'circle',
      source: recordSourceIds.graves,
      minzoom: minRecordZoom,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], minRecordZoom, 4, recordLabelZoom, 8, 19, 11],
        'circle-color': ['case', ['get', 'relocated'], graveColors.relocated, graveColors.standing],
        'circle-stroke-color': ['case', ['get', 'relocated'], graveColors.standing, '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, 1.5],
      },
    },
    {
      id: recordLayerIds.graveLabel,
      type: 'symbol',
      source: recordSourceIds.graves,
      minzoom: recordLabelZoom,
      layout: {
        'text-field': ['get', 'coffins'],
        'text-font': labelFont,
        'text-size': 11,
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': ['case', ['get', 'relocated'], graveColors.standing, '#ffffff'] },
    },
  ]
}
