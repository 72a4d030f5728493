import type { EditState } from '../state.ts'

/** Drops the ring or line being drawn (Esc); finished parts stay. */
export function actionCancelDrawing(state: EditState): EditState {
  return state.drawing ? { ...state, drawing: null } : state
}
