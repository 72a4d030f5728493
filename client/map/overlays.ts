import type { Feature, GeometryCollection, MultiPolygon, Point, Polygon, Position, LineString } from 'geojson'
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
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
      },
      paint: {
        'text-color': byKind(overlayColors, '#111827'),
        'text-halo-color': '#ffffff',
        'text-halo-width': 1.8,
      },
    },
  ]
}

/** A point inside-ish each labelled overlay: the vertex average of its largest polygon's exterior. */
export function overlayLabelPoints(features: readonly OverlayFeature[]): Feature<Point, OverlayProperties>[] {
  const out: Feature<Point, OverlayProperties>[] = []
  for (const f of features) {
    if (!f.properties?.label) continue
    const ring = largestExterior(f.geometry)
    if (!ring?.length) continue
    const pts = ring.length > 1 ? ring.slice(0, -1) : ring
    const lon = pts.reduce((s, p) => s + p[0]!, 0) / pts.length
    const lat = pts.reduce((s, p) => s + p[1]!, 0) / pts.length
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: f.properties })
  }
  return out
}

function largestExterior(g: OverlayFeature['geometry'] | null): Position[] | null {
  if (!g) return null
  switch (g.type) {
    case 'Point':
      return [g.coordinates]
    case 'LineString':
      return g.coordinates
    case 'Polygon':
      return g.coordinates[0] ?? null
    case 'MultiPolygon': {
      let best: Position[] | null = null
      let bestSpan = -1
      for (const p of g.coordinates) {
        const r = p[0] ?? []
        const xs = r.map((q) => q[0]!), ys = r.map((q) => q[1]!)
        const span = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys))
        if (span > bestSpan) [best, bestSpan] = [r, span]
      }
      return best
    }
    case 'GeometryCollection': {
      for (const part of g.geometries) {
        if (part.type === 'Polygon' || part.type === 'MultiPolygon') return largestExterior(part as OverlayFeature['geometry'])
      }
      return null
    }
  }
}
