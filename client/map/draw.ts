import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type HexColor,
  type SnapToCustom,
  type TerraDrawMouseEvent,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Map as MapLibreMap, MapMouseEvent } from './maplibre.ts'
import { snapPoint, type SnapEdge, type SnapResult, type SnapVertex } from '../edit/snap.ts'
import { openRing, roundPosition, samePosition, type EditState, type VertexRef } from '../edit/state.ts'

/**
 * The drawing seam between the pure editing state (client/edit) and terra-draw on the MapLibre map. It shows a
 * state and reports the user's gestures as DrawEvents; the workbench turns each into a pure action, and the next
 * state comes back through `update`. terra-draw never owns the geometry:
 * - a finished part is a terra-draw Polygon with id `zd-part-<index>` (its exterior; holes are drawn as marks);
 * - a ring or line being drawn is terra-draw's own drawing, and when the state's drawing differs (undo, redo,
 *   Delete), the drawing is restarted and its vertices are replayed as clicks, so any state can be shown;
 * - terra-draw's own keyboard handling and undo/redo are off: the workbench handles the keys.
 */

/**
 * 'none' shows the parts without editing them; 'line' draws a split line; 'select' edits vertices; 'point' places
 * one point (a click) and moves it (a drag), e.g. a grave.
 */
export type DrawTool = 'none' | 'polygon' | 'rectangle' | 'select' | 'line' | 'point'

export interface DrawView {
  state: EditState
  tool: DrawTool
  snapping: { enabled: boolean; tolerancePx: number }
  /** The one point of the 'point' tool, [lon, lat], or null/absent before it is placed. */
  point?: Position | null
}

export type DrawEvent =
  /** A vertex was clicked while drawing a ring or a line (already snapped or rounded). */
  | { type: 'vertex'; position: Position }
  /** The tool finished the drawing itself (a click on the first vertex of a ring or the last vertex of a line). */
  | { type: 'closed'; vertices: Position[] }
  /** A rectangle was drawn: its closed ring. */
  | { type: 'rectangle'; ring: Position[] }
  /** The select tool changed part `part` (vertex drag, midpoint insert, vertex delete, move): its new exterior. */
  | { type: 'ring'; part: number; ring: Position[] }
  /** The drawing as it follows the pointer (for the live readout); null when nothing is being drawn. */
  | { type: 'cursor'; vertices: Position[] | null; kind: 'ring' | 'line' }
  /** A click in the select tool: the vertex it hit, or null. */
  | { type: 'pick'; ref: VertexRef | null }
  /** The 'point' tool placed its point (a click) or moved it (a drag): the new position, rounded to 9 places. */
  | { type: 'point'; position: Position }

/** What the map shows for the workbench (client/panels/EditToolbar.svelte hands it to App, App to ParcelMap). */
export interface WorkbenchView {
  drawing: DrawView | null
  marks: import('../edit/marks.ts').EditMarks | null
  /** The parcel being edited, hidden from the parcel layers and never a snap target. */
  hiddenId: number | null
  overlays: import('./overlays.ts').OverlayFeature[]
}

/** What the pointer can snap to besides the parts being edited: the parcels in view. */
export type SnapTarget = Feature<Polygon | MultiPolygon | null>

export interface DrawController {
  update(view: DrawView): void
  destroy(): void
  /** The last snap, for tests and the status line. */
  lastSnap(): SnapResult | null
}

const partPrefix = 'zd-part-'
/** The id of the 'point' tool's one point. */
const pointId = 'zd-point'
export const partId = (index: number) => `${partPrefix}${index}`
function partIndex(id: unknown): number | null {
  return typeof id === 'string' && id.startsWith(partPrefix) ? Number(id.slice(partPrefix.length)) : null
}

const blue = '#1d4ed8' as HexColor
const white = '#ffffff' as HexColor
const amber = '#f59e0b' as HexColor

/** Vertex pick and closing-point distance, px. */
const pointerDistance = 12

export function createDrawController(
  map: MapLibreMap,
  options: {
    onEvent: (e: DrawEvent) => void
    /** The parcels to snap to (the one being edited left out). */
    snapTargets: () => readonly SnapTarget[]
    /** terra-draw's layers go below this layer (the edit marks stay on top). */
    beforeLayerId?: string
  },
): DrawController {
  let view: DrawView | null = null
  let replaying = false
  let snap: SnapResult | null = null
  let idCounter = 0
  let cursorFrame = 0
  let destroyed = false

  const customSnap: SnapToCustom = (event, context) => snapEvent(event, context.currentId)
  const snapping = { toCustom: customSnap }

  const polygon = new TerraDrawPolygonMode({
    snapping,
    keyEvents: null,
    pointerDistance,
    styles: {
      fillColor: blue, fillOpacity: 0.22, outlineColor: blue, outlineWidth: 2,
      closingPointColor: white, closingPointOutlineColor: blue, closingPointWidth: 5, closingPointOutlineWidth: 2,
      snappingPointColor: amber, snappingPointOutlineColor: white, snappingPointOutlineWidth: 2,
      // The pointer's guidance point shows only on a real snap (off the candidates it only rounds the position).
      snappingPointWidth: (f: GeoJSONStoreFeatures) => (snap && isSnapPoint(f) ? 6 : 0),
    },
  })
  const rectangle = new TerraDrawRectangleMode({
    keyEvents: null,
    styles: { fillColor: blue, fillOpacity: 0.22, outlineColor: blue, outlineWidth: 2 },
  })
  const linestring = new TerraDrawLineStringMode({
    snapping,
    keyEvents: null,
    pointerDistance,
    styles: {
      lineStringColor: '#b91c1c' as HexColor, lineStringWidth: 3,
      closingPointColor: white, closingPointOutlineColor: '#b91c1c' as HexColor, closingPointWidth: 5, closingPointOutlineWidth: 2,
      snappingPointColor: amber, snappingPointOutlineColor: white, snappingPointOutlineWidth: 2,
      snappingPointWidth: (f: GeoJSONStoreFeatures) => (snap && isSnapPoint(f) ? 6 : 0),
    },
  })
  const select = new TerraDrawSelectMode({
    keyEvents: null,
    pointerDistance,
    flags: {
      polygon: {
        feature: {
          draggable: true,
          // The live hint shows a self-intersection; the server refuses it. Refusing the drag would hide why.
          selfIntersectable: true,
          coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping },
        },
      },
    },
    styles: {
      selectedPolygonColor: blue, selectedPolygonFillOpacity: 0.3, selectedPolygonOutlineColor: '#1e3a8a' as HexColor,
      selectedPolygonOutlineWidth: 2.5,
      selectionPointColor: white, selectionPointOutlineColor: '#1e3a8a' as HexColor, selectionPointWidth: 5, selectionPointOutlineWidth: 2,
      midPointColor: '#93c5fd' as HexColor, midPointOutlineColor: '#1e3a8a' as HexColor, midPointWidth: 3.5, midPointOutlineWidth: 1,
    },
  })

  // A click places a new point (the form keeps only the last), a drag moves the one shown; a right click does not
  // delete it (the form owns the point).
  const point = new TerraDrawPointMode({
    editable: true,
    pointerDistance,
    pointerEvents: { leftClick: true, rightClick: false, contextMenu: false, onDragStart: true, onDrag: true, onDragEnd: true },
    styles: {
      pointColor: '#7c3aed' as HexColor, pointWidth: 7, pointOutlineColor: white, pointOutlineWidth: 2,
      editedPointColor: amber, editedPointWidth: 8, editedPointOutlineColor: white, editedPointOutlineWidth: 2,
    },
  })

  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({
      map,
      prefixId: 'zd-draw',
      renderBelowLayerId: options.beforeLayerId,
      // Positions the user places are rounded to 9 places by the snapping step; a neighbour's vertex keeps its
      // full precision so that shared corners are identical, hence a precision terra-draw never has to cut.
      coordinatePrecision: 20,
    }),
    modes: [polygon, rectangle, linestring, select, point],
    idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `zd-${++idCounter}` },
  })
  draw.start()

  function isSnapPoint(f: GeoJSONStoreFeatures): boolean {
    return f.geometry.type === 'Point' && !!snap && samePosition(f.geometry.coordinates as Position, snap.position)
  }

  /**
   * The position a pointer event stands for: the exact position of a candidate vertex or a point on an edge
   * within the tolerance, else the pointer's position rounded to 9 places. Replayed clicks keep theirs.
   */
  function snapEvent(event: TerraDrawMouseEvent, currentId: unknown): Position {
    if (replaying) return [event.lng, event.lat]
    const raw = roundPosition([event.lng, event.lat])
    const s = view?.snapping
    if (!s?.enabled) {
      snap = null
      return raw
    }
    const pointer = { x: event.containerX, y: event.containerY }
    snap = snapPoint(pointer, candidatesNear(pointer, s.tolerancePx, partIndex(currentId)), s.tolerancePx)
    return snap ? snap.position : raw
  }

  /** Candidate vertices and edges within the tolerance box around the pointer, projected to the screen. */
  function candidatesNear(pointer: { x: number; y: number }, tolerancePx: number, skipPart: number | null) {
    const box = lonLatBox(pointer, tolerancePx + 1)
    const vertices: SnapVertex[] = []
    const edges: SnapEdge[] = []
    const project = (p: Position): SnapVertex => {
      const { x, y } = map.project([p[0]!, p[1]!])
      return { x, y, position: p }
    }
    const addRing = (ring: Position[]) => {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!
        if (inBox(a, box) && i < ring.length - 1) vertices.push(project(a))
        const b = ring[i + 1]
        if (b && segmentMeetsBox(a, b, box)) edges.push({ a: project(a), b: project(b) })
      }
    }
    for (const f of options.snapTargets()) {
      const g = f.geometry
      if (!g) continue
      for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) for (const ring of poly) addRing(ring)
    }
    view?.state.parts.forEach((poly, i) => {
      if (i !== skipPart) for (const ring of poly) addRing(ring)
    })
    return { vertices, edges }
  }

  function lonLatBox(p: { x: number; y: number }, px: number): [number, number, number, number] {
    const a = map.unproject([p.x - px, p.y + px])
    const b = map.unproject([p.x + px, p.y - px])
    return [Math.min(a.lng, b.lng), Math.min(a.lat, b.lat), Math.max(a.lng, b.lng), Math.max(a.lat, b.lat)]
  }

  // ---- events from terra-draw ----

  /** Committed vertices of the drawing in progress, with its pointer-following version. */
  function currentDrawing(): { kind: 'ring' | 'line'; committed: Position[]; live: Position[] } | null {
    for (const f of draw.getSnapshot()) {
      if (!f.properties.currentlyDrawing) continue
      if (f.geometry.type === 'Polygon') {
        const coords = f.geometry.coordinates[0] ?? []
        const n = Number(f.properties.committedCoordinateCount ?? 0)
        return { kind: 'ring', committed: coords.slice(0, n), live: coords.slice(0, -1) }
      }
      if (f.geometry.type === 'LineString') {
        const coords = f.geometry.coordinates
        return { kind: 'line', committed: coords.slice(0, -1), live: coords }
      }
    }
    return null
  }

  let lastCommitted: Position[] = []

  draw.on('change', () => {
    if (replaying || destroyed) return
    const d = currentDrawing()
    const committed = d?.committed ?? []
    if (committed.length === lastCommitted.length + 1 && committed.slice(0, -1).every((p, i) => samePosition(p, lastCommitted[i]))) {
      options.onEvent({ type: 'vertex', position: committed[committed.length - 1]! })
    }
    lastCommitted = committed
    if (!cursorFrame) {
      cursorFrame = requestAnimationFrame(() => {
        cursorFrame = 0
        if (destroyed) return
        const now = currentDrawing()
        options.onEvent({ type: 'cursor', vertices: now ? now.live : null, kind: now?.kind ?? 'ring' })
      })
    }
  })

  draw.on('finish', (id, context) => {
    if (replaying || destroyed) return
    const f = draw.getSnapshotFeature(id)
    if (!f) return
    const g = f.geometry
    if (context.mode === 'point') {
      if (g.type === 'Point') options.onEvent({ type: 'point', position: roundPosition(g.coordinates as Position) })
      return
    }
    if (context.action === 'draw') {
      lastCommitted = []
      if (context.mode === 'rectangle' && g.type === 'Polygon') options.onEvent({ type: 'rectangle', ring: g.coordinates[0] ?? [] })
      else if (g.type === 'Polygon') options.onEvent({ type: 'closed', vertices: openRing(g.coordinates[0] ?? []) })
      else if (g.type === 'LineString') options.onEvent({ type: 'closed', vertices: g.coordinates })
      return
    }
    const part = partIndex(id)
    if (part !== null && g.type === 'Polygon') options.onEvent({ type: 'ring', part, ring: g.coordinates[0] ?? [] })
  })

  // A click in the select tool on one of the parts' vertices chooses it (for the Delete key).
  const onMapClick = (e: MapMouseEvent) => {
    if (!view || view.tool !== 'select') return
    let best: { ref: VertexRef; d: number } | null = null
    view.state.parts.forEach((poly, part) =>
      poly.forEach((ring, r) =>
        openRing(ring).forEach((p, index) => {
          const q = map.project([p[0]!, p[1]!])
          const d = Math.hypot(q.x - e.point.x, q.y - e.point.y)
          if (d <= pointerDistance && (!best || d < best.d)) best = { ref: { part, ring: r, index }, d }
        }),
      ),
    )
    options.onEvent({ type: 'pick', ref: (best as { ref: VertexRef } | null)?.ref ?? null })
  }
  map.on('click', onMapClick)

  // ---- showing a state ----

  const modeOf: Record<DrawTool, string> = {
    none: 'static', polygon: 'polygon', rectangle: 'rectangle', select: 'select', line: 'linestring', point: 'point',
  }

  function syncParts(state: EditState) {
    const wanted = new Set(state.parts.map((_, i) => partId(i)))
    const stale: string[] = []
    for (const f of draw.getSnapshot()) {
      const id = String(f.id)
      if (wanted.has(id) || f.properties.currentlyDrawing) continue
      // Finished drawings (now parts under our ids) and parts that no longer exist; not guidance points.
      const isShape = f.properties.mode === 'polygon' || f.properties.mode === 'rectangle' || f.properties.mode === 'linestring'
      if (isShape && !isGuidance(f)) stale.push(id)
    }
    if (stale.length) draw.removeFeatures(stale)
    const added: GeoJSONStoreFeatures[] = []
    state.parts.forEach((poly, i) => {
      const id = partId(i)
      const ring = poly[0]!
      const existing = draw.hasFeature(id) ? draw.getSnapshotFeature(id) : undefined
      if (existing && existing.geometry.type === 'Polygon') {
        if (!ringsEqual(existing.geometry.coordinates[0] ?? [], ring)) {
          try {
            draw.updateFeatureGeometry(id, { type: 'Polygon', coordinates: [ring] })
          } catch {
            draw.removeFeatures([id])
            added.push(partFeature(id, ring))
          }
        }
      } else {
        if (existing) draw.removeFeatures([id])
        added.push(partFeature(id, ring))
      }
    })
    if (added.length) {
      const results = draw.addFeatures(added)
      for (const r of results) if (!r.valid) console.warn('zd: part not shown by the drawing tool', r.id, r.reason)
    }
  }

  function syncDrawing(state: EditState, tool: DrawTool) {
    if (tool !== 'polygon' && tool !== 'line') return
    const kind = tool === 'polygon' ? 'ring' : 'line'
    const wanted = state.drawing?.kind === kind ? state.drawing.vertices : []
    const current = currentDrawing()?.committed ?? []
    if (current.length === wanted.length && current.every((p, i) => samePosition(p, wanted[i]))) return
    // Restart the tool and replay the vertices as clicks far from any closing point, without snapping.
    replaying = true
    try {
      draw.setMode('static')
      draw.setMode(modeOf[tool])
      const mode = tool === 'polygon' ? polygon : linestring
      for (const p of wanted) {
        mode.onClick({ lng: p[0]!, lat: p[1]!, containerX: -1e7, containerY: -1e7, button: 'left', heldKeys: [], isContextMenu: false })
      }
    } finally {
      replaying = false
    }
    lastCommitted = currentDrawing()?.committed ?? []
  }

  /** The view's one point as the feature `zd-point`; points the tool added on a click go (the view has the new one). */
  function syncPoint(position: Position | null | undefined) {
    const extra = draw.getSnapshot().filter((f) => f.properties.mode === 'point' && f.id !== pointId).map((f) => String(f.id))
    if (extra.length) draw.removeFeatures(extra)
    const shown = draw.hasFeature(pointId) ? draw.getSnapshotFeature(pointId) : undefined
    if (!position) {
      if (shown) draw.removeFeatures([pointId])
      return
    }
    if (shown && shown.geometry.type === 'Point' && samePosition(shown.geometry.coordinates as Position, position)) return
    if (shown) draw.removeFeatures([pointId])
    const [r] = draw.addFeatures([{ type: 'Feature', id: pointId, geometry: { type: 'Point', coordinates: position }, properties: { mode: 'point' } }])
    if (r && !r.valid) console.warn('zd: point not shown by the drawing tool', r.reason)
  }

  function apply(v: DrawView) {
    const previous = view
    view = v
    if (!previous || previous.tool !== v.tool) {
      draw.setMode(modeOf[v.tool])
      lastCommitted = []
    }
    syncParts(v.state)
    syncDrawing(v.state, v.tool)
    syncPoint(v.point)
    if (v.tool === 'select' && v.state.parts.length === 1 && !draw.getSnapshot().some((f) => f.properties.selected)) {
      draw.selectFeature(partId(0))
    }
  }

  return {
    update(v) {
      if (destroyed) return
      // Never re-enter terra-draw from one of its own callbacks.
      queueMicrotask(() => {
        if (!destroyed) apply(v)
      })
    },
    destroy() {
      destroyed = true
      cancelAnimationFrame(cursorFrame)
      map.off('click', onMapClick)
      try {
        draw.stop()
      } catch {
        // the map is already gone
      }
    },
    lastSnap: () => snap,
  }
}

function partFeature(id: string, ring: Position[]): GeoJSONStoreFeatures {
  return { type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { mode: 'polygon' } }
}

function isGuidance(f: GeoJSONStoreFeatures): boolean {
  const p = f.properties
  return !!(p.selectionPoint || p.midPoint || p.closingPoint || p.snappingPoint || p.coordinatePoint || p.edited)
}

function ringsEqual(a: Position[], b: Position[]): boolean {
  return a.length === b.length && a.every((p, i) => samePosition(p, b[i]))
}

function inBox(p: Position, box: [number, number, number, number]): boolean {
  return p[0]! >= box[0] && p[0]! <= box[2] && p[1]! >= box[1] && p[1]! <= box[3]
}

function segmentMeetsBox(a: Position, b: Position, box: [number, number, number, number]): boolean {
  return !(
    Math.max(a[0]!, b[0]!) < box[0] || Math.min(a[0]!, b[0]!) > box[2] ||
    Math.max(a[1]!, b[1]!) < box[1] || Math.min(a[1]!, b[1]!) > box[3]
  )
}
