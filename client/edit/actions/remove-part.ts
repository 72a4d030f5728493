import type { EditState } from '../state.ts'

/** Removes polygon `index` of a multipolygon; an index that does not exist changes nothing. */
export function actionRemovePart(state: EditState, index: number): EditState {
  if (index < 0 || index >= state.parts.length) return state
  return { ...state, parts: state.parts.filter((_, i) => i !== index) }
}
