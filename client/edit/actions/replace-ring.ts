import type { Position } from 'geojson'
import { closeRing, openRing, ringAt, withRing, type EditState } from '../state.ts'

/**
 * Replaces one ring with the drawing tool's version of it, when a change is not a single vertex move, insert,
 * delete or translation (see ring-change.ts). Fewer than 3 distinct vertices are refused (state unchanged).
 */
export function actionReplaceRing(state: EditState, part: number, ring: number, coordinates: Position[]): EditState {
  if (!ringAt(state, { part, ring })) return state
  const open = openRing(coordinates)
  if (open.length < 3) return state
  return withRing(state, part, ring, closeRing(open))
}
