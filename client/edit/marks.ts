import type { Feature, FeatureCollection, LineString, Point, Position } from 'geojson'
import { formatDecimal } from '../i18n/format.ts'
import { stateSegments } from './measure.ts'
import { openRing, type EditState, type VertexRef } from './state.ts'
import type { GeometryIssue } from './validations/index.ts'

/**
 * What the map draws over an editing session besides the editable shapes themselves:
 * - 'segment': a segment length label at the segment's midpoint;
 * - 'issue': where a validity issue is (a self-intersection, a spike), with its code;
 * - 'vertex': the chosen vertex (the Delete key removes it);
 * - 'hole': a hole of a polygon (holes are kept, shown, but not edited by the drawing tool);
 * - 'line': the finished split line.
 */
export type MarkKind = 'segment' | 'issue' | 'vertex' | 'hole' | 'line'

export interface MarkProperties {
  kind: MarkKind
  label?: string
  code?: string
}

export type EditMarks = FeatureCollection<Point | LineString, MarkProperties>

/** A length for a label: metres with 2 decimals below 1 km, else km with 3, rounded on the decimal text. */
export function formatLength(m: number): string {
  return m < 1000 ? `${formatDecimal(m, 2, '')} m` : `${formatDecimal(m / 1000, 3, '')} km`
}

/** The marks of a state: segment lengths, issue places, the chosen vertex, holes and the split line. */
export function editMarks(state: EditState, issues: readonly GeometryIssue[], activeVertex: VertexRef | null): EditMarks {
  const features: Feature<Point | LineString, MarkProperties>[] = []
  const point = (coordinates: Position, properties: MarkProperties): Feature<Point, MarkProperties> => ({
    type: 'Feature', geometry: { type: 'Point', coordinates }, properties,
  })
  for (const s of stateSegments(state)) features.push(point(s.mid, { kind: 'segment', label: formatLength(s.lengthM) }))
  for (const i of issues) if (i.at) features.push(point(i.at, { kind: 'issue', code: i.code }))
  if (activeVertex) {
    const p = openRing(state.parts[activeVertex.part]?.[activeVertex.ring] ?? [])[activeVertex.index]
    if (p) features.push(point(p, { kind: 'vertex' }))
  }
  for (const part of state.parts) {
    for (const hole of part.slice(1)) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: hole }, properties: { kind: 'hole' } })
  }
  if (state.line) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: state.line }, properties: { kind: 'line' } })
  return { type: 'FeatureCollection', features }
}
