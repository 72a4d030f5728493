import type { EditState } from '../state.ts'

/** Takes back the last vertex of the drawing; removing the only vertex ends the drawing. */
export function actionRemoveLastVertex(state: EditState): EditState {
  const d = state.drawing
  if (!d) return state
  if (d.vertices.length <= 1) return { ...state, drawing: null }
  return { ...state, drawing: { ...d, vertices: d.vertices.slice(0, -1) } }
}
