import type { Position } from 'geojson'
import { closeRing, copyPosition, openRing, ringAt, withRing, type EditState, type VertexRef } from '../state.ts'

/**
 * Inserts a vertex into a finished ring so that it becomes vertex `ref.index` of the open ring (between
 * `index - 1` and the vertex that was at `index`; `index` = the vertex count appends it before the closing
 * position), as a drag from an edge's midpoint does.
 */
export function actionInsertVertex(state: EditState, ref: VertexRef, position: Position): EditState {
  const ring = ringAt(state, ref)
  if (!ring) return state
  const open = openRing(ring)
  if (ref.index < 0 || ref.index > open.length) return state
  open.splice(ref.index, 0, copyPosition(position))
  return withRing(state, ref.part, ref.ring, closeRing(open))
}
