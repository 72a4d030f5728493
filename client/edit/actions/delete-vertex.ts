import { closeRing, openRing, ringAt, withRing, type EditState, type VertexRef } from '../state.ts'

/**
 * Deletes one vertex of a finished ring (the Delete key on the chosen vertex). A ring keeps at least 3
 * vertices: deleting one more returns the state unchanged, since the server would refuse the parcel.
 */
export function actionDeleteVertex(state: EditState, ref: VertexRef): EditState {
  const ring = ringAt(state, ref)
  if (!ring) return state
  const open = openRing(ring)
  if (ref.index < 0 || ref.index >= open.length || open.length <= 3) return state
  open.splice(ref.index, 1)
  return withRing(state, ref.part, ref.ring, closeRing(open))
}
