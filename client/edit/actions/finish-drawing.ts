import type { Position } from 'geojson'
import { closeRing, openRing, orientRing, type EditState } from '../state.ts'
import { actionAddPart } from './add-part.ts'
import { actionReplaceGeometry } from './replace-geometry.ts'

/**
 * Finishes the drawing (Enter, or a click on the first vertex). A ring needs 3 vertices and becomes a polygon,
 * counter-clockwise, that replaces the parts or is added to them as the drawing's target says; a line needs 2
 * vertices and becomes the split line. With too few vertices the state is returned unchanged.
 * `vertices` are the drawing tool's own, when it closed the ring itself (its last position may repeat the first).
 */
export function actionFinishDrawing(state: EditState, vertices?: Position[]): EditState {
  const d = state.drawing
  if (!d) return state
  if (d.kind === 'line') {
    const line = vertices ?? d.vertices
    if (line.length < 2) return state
    return { ...state, drawing: null, line: line.map((p) => [p[0]!, p[1]!]) }
  }
  const open = openRing(vertices ?? d.vertices)
  if (open.length < 3) return state
  const ring = orientRing(closeRing(open), true)
  const done = { ...state, drawing: null }
  return d.target === 'add' ? actionAddPart(done, [ring]) : actionReplaceGeometry(done, [[ring]])
}
