import type { MultiPolygon, Polygon, Position } from 'geojson'

/**
 * The editing state of the planner's workbench: the parcel geometry being drawn or edited, as plain data. Every
 * edit is a pure action from one state to the next (client/edit/actions/), and undo/redo is a stack of these
 * states (client/edit/history.ts). The map's drawing tool (client/map/draw.ts) only shows a state and reports
 * the user's gestures; it never owns the geometry.
 *
 * Positions are CGCS2000 [lon, lat] degrees, as the API takes them. Rings are closed (first = last).
 */
export interface EditState {
  /** The parcel's polygons: each is [exterior, ...holes], every ring closed. Empty while nothing is drawn. */
  parts: Position[][][]
  /** A ring or line being drawn right now, or null. */
  drawing: Drawing | null
  /** A finished split line (at least 2 positions), or null. */
  line: Position[] | null
}

export interface Drawing {
  /** 'ring': the exterior of a new polygon; 'line': a split line. */
  kind: 'ring' | 'line'
  /** The clicked vertices in order; the ring is open here (it is closed when finished). */
  vertices: Position[]
  /** For a ring: add it as one more part of a multipolygon, or replace the parts drawn so far. */
  target: 'replace' | 'add'
}

/** A vertex of a finished part: polygon `part`, ring `ring` (0 = exterior), position `index` in the open ring. */
export interface VertexRef {
  part: number
  ring: number
  index: number
}

export const emptyEditState: EditState = Object.freeze({ parts: [], drawing: null, line: null }) as EditState

/** A state holding an existing parcel's geometry. */
export function editStateOf(geometry: Polygon | MultiPolygon | null): EditState {
  if (!geometry) return emptyEditState
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return { parts: polygons.map((p) => p.map((r) => r.map(copyPosition))), drawing: null, line: null }
}

/**
 * Decimal places kept for a position the user placed (a click, a drag, a rectangle corner): 9 places of a degree
 * are 0.1 mm on the ground. Positions snapped to a neighbour keep the neighbour's exact numbers instead.
 */
export const coordinateDecimals = 9

export function roundPosition(p: Position): Position {
  const k = 10 ** coordinateDecimals
  return [Math.round(p[0]! * k) / k, Math.round(p[1]! * k) / k]
}

export function copyPosition(p: Position): Position {
  return [p[0]!, p[1]!]
}

export function samePosition(a: Position | undefined, b: Position | undefined): boolean {
  return !!a && !!b && a[0] === b[0] && a[1] === b[1]
}

/** The ring without its closing position. */
export function openRing(ring: Position[]): Position[] {
  return ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice()
}

/** The ring with its closing position (a copy of the first) appended. */
export function closeRing(vertices: Position[]): Position[] {
  if (!vertices.length) return []
  return [...vertices.map(copyPosition), copyPosition(vertices[0]!)]
}

/**
 * The parcel geometry of a state as the API takes it: null when no part is finished, a Polygon for one part, a
 * MultiPolygon for several. With `includeDrawing`, a ring being drawn that already has 3 vertices counts as a part
 * (for the live readout and the overlap preview while drawing).
 */
export function geometryOf(state: EditState, includeDrawing = false): Polygon | MultiPolygon | null {
  const parts = state.parts.slice()
  const d = state.drawing
  if (includeDrawing && d && d.kind === 'ring' && d.vertices.length >= 3) {
    const ring = closeRing(d.vertices)
    if (d.target === 'replace') parts.length = 0
    parts.push([ring])
  }
  if (!parts.length) return null
  if (parts.length === 1) return { type: 'Polygon', coordinates: parts[0]! }
  return { type: 'MultiPolygon', coordinates: parts }
}

/** Number of distinct vertices (closing positions not counted) of the parts, plus the ring being drawn. */
export function vertexCount(state: EditState): number {
  let n = 0
  for (const part of state.parts) for (const ring of part) n += openRing(ring).length
  if (state.drawing?.kind === 'ring') n += state.drawing.vertices.length
  return n
}

export function statesEqual(a: EditState, b: EditState): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Twice the signed area of a closed ring in the lon/lat plane: positive when counter-clockwise. */
export function signedArea2(ring: Position[]): number {
  let s = 0
  for (let i = 1; i < ring.length; i++) {
    const [x0, y0] = ring[i - 1]!
    const [x1, y1] = ring[i]!
    s += (x0! - ring[0]![0]!) * (y1! - ring[0]![1]!) - (x1! - ring[0]![0]!) * (y0! - ring[0]![1]!)
  }
  return s
}

/**
 * The ring turned counter-clockwise (an exterior, RFC 7946) or clockwise (a hole) as asked. The drawing tool
 * applies the same right-hand rule, so vertex indices here and on the map agree.
 */
export function orientRing(ring: Position[], counterClockwise: boolean): Position[] {
  const a = signedArea2(ring)
  if (a === 0 || a > 0 === counterClockwise) return ring
  return ring.slice().reverse()
}

/** A copy of the state with one ring replaced. */
export function withRing(state: EditState, part: number, ring: number, coordinates: Position[]): EditState {
  const parts = state.parts.map((p, i) => (i === part ? p.map((r, j) => (j === ring ? coordinates : r)) : p))
  return { ...state, parts }
}

/** The ring a vertex reference points into, or undefined when it points nowhere. */
export function ringAt(state: EditState, ref: Pick<VertexRef, 'part' | 'ring'>): Position[] | undefined {
  return state.parts[ref.part]?.[ref.ring]
}
