import type { Feature, GeometryCollection, MultiPolygon, Point, Polygon, Position, LineString } from 'geojson'
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { largestPolygon, polygonLabelPoint } from './geometry.ts'
import { labelFont } from './style.ts'

/**
 * What an overlay shows, each in its own style above the parcels:
 * - 'conflict': an overlap with another parcel (red), from POST /api/parcels/check or a 409;
 * - 'preview': geometry not saved yet (an import preview, a split or merge result just made);
 * - 'version-a' / 'version-b': two versions of a parcel compared from its history.
 */
export type OverlayKind = 'conflict' | 'preview' | 'version-a' | 'version-b'

export const overlayKinds: readonly OverlayKind[] = ['conflict', 'preview', 'version-a', 'version-b']

export interface OverlayProperties {
  kind: OverlayKind
  /** Text drawn at the feature (e.g. the overlap area), plain text. */
  label?: string
  [extra: string]: unknown
}

/** A GeoJSON Feature for ParcelMap's `overlays` prop (lon/lat, CGCS2000). */
export type OverlayFeature = Feature<Polygon | MultiPolygon | LineString | Point | GeometryCollection, OverlayProperties>

export const overlaySourceId = 'overlays'
export const overlayLabelSourceId = 'overlay-labels'

export const overlayLayerIds = {
  fill: 'overlays-fill',
  line: 'overlays-line',
  label: 'overlays-label',
} as const

/** Colours per kind: conflict red, preview blue, version A orange, version B purple. */
export const overlayColors: Record<OverlayKind, string> = {
  conflict: '#dc2626',
  preview: '#2563eb',
  'version-a': '#ea580c',
  'version-b': '#7c3aed',
}

function byKind(values: Record<OverlayKind, string | number>, fallback: string | number): ExpressionSpecification {
  return ['match', ['get', 'kind'], ...overlayKinds.flatMap((k) => [k, values[k]]), fallback] as unknown as ExpressionSpecification
}

/** The overlay layers: fills and outlines coloured by kind, and the labels at one point of each feature. */
export function overlayLayers(): LayerSpecification[] {
  return [
    {
      id: overlayLayerIds.fill,
      type: 'fill',
      source: overlaySourceId,
      filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
      paint: {
        'fill-color': byKind(overlayColors, '#111827'),
        'fill-opacity': byKind({ conflict: 0.55, preview: 0.3, 'version-a': 0.25, 'version-b': 0.25 }, 0.3),
      },
    },
    {
      id: overlayLayerIds.line,
      type: 'line',
      source: overlaySourceId,
      paint: {
        'line-color': byKind(overlayColors, '#111827'),
        'line-width': byKind({ conflict: 2.5, preview: 2, 'version-a': 2.5, 'version-b': 2.5 }, 2),
      },
    },
    {
      id: overlayLayerIds.label,
      type: 'symbol',
      source: overlayLabelSourceId,
      layout: {
        'text-field': ['get', 'label'],
        'text-font': labelFont,
        'text-size': 13,
        'text-allow-overlap': true,
        // Two versions of one shape get the same label point: A's label goes above it, B's below, so both read.
        'text-offset': [
          'match', ['get', 'kind'],
          'version-a', ['literal', [0, -0.75]],
          'version-b', ['literal', [0, 0.75]],
          ['literal', [0, 0]],
        ] as unknown as ExpressionSpecification,
      },
      paint: {
        'text-color': byKind(overlayColors, '#111827'),
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.8,
      },
    },
  ]
}

/**
 * One point per labelled overlay, where its label goes: for polygons a point in the interior of the largest
 * polygon by area (`polygonLabelPoint`: never in a hole or in the gap of a C shape), for a point the point, for a
 * line the average of its vertices.
 */
export function overlayLabelPoints(features: readonly OverlayFeature[]): Feature<Point, OverlayProperties>[] {
  const out: Feature<Point, OverlayProperties>[] = []
  for (const f of features) {
    if (!f.properties?.label) continue
    const at = labelAnchor(f.geometry)
    if (at) out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: f.properties })
  }
  return out
}

function labelAnchor(g: OverlayFeature['geometry'] | null): Position | null {
  if (!g) return null
  switch (g.type) {
    case 'Point':
      return g.coordinates
    case 'LineString': {
      const pts = g.coordinates
      if (!pts.length) return null
      return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length]
    }
    case 'Polygon':
      return polygonLabelPoint(g.coordinates)
    case 'MultiPolygon': {
      const largest = largestPolygon(g.coordinates)
      return largest && polygonLabelPoint(largest)
    }
    case 'GeometryCollection': {
      // An overlap can come back from PostGIS as a collection: label its largest polygon, else its first part.
      const polygons = g.geometries.flatMap((part) =>
        part.type === 'Polygon' ? [part.coordinates] : part.type === 'MultiPolygon' ? part.coordinates : [])
      const largest = largestPolygon(polygons)
      if (largest) return polygonLabelPoint(largest)
      for (const part of g.geometries) {
        const at = part.type === 'GeometryCollection' ? null : labelAnchor(part as OverlayFeature['geometry'])
        if (at) return at
      }
      return null
    }
    default:
      return null
  }
}
