import type { Position } from 'geojson'
import { closeRing, copyPosition, openRing, ringAt, withRing, type EditState, type VertexRef } from '../state.ts'

/**
 * Moves one vertex of a finished part to `position` (a drag end). The first vertex is also the ring's closing
 * position, so both move together. A reference to no vertex changes nothing.
 */
export function actionMoveVertex(state: EditState, ref: VertexRef, position: Position): EditState {
  const ring = ringAt(state, ref)
  if (!ring) return state
  const open = openRing(ring)
  if (ref.index < 0 || ref.index >= open.length) return state
  open[ref.index] = copyPosition(position)
  return withRing(state, ref.part, ref.ring, closeRing(open))
}
