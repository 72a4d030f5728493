import type { Position } from 'geojson'
import { copyPosition, samePosition, type Drawing, type EditState } from '../state.ts'

/**
 * Adds a clicked vertex to the ring or line being drawn; the first vertex starts a drawing of `start.kind` with
 * `start.target`. A click on the previous vertex again adds nothing (the same state is returned).
 */
export function actionAddVertex(
  state: EditState,
  position: Position,
  start: Pick<Drawing, 'kind' | 'target'> = { kind: 'ring', target: 'replace' },
): EditState {
  const d = state.drawing
  if (!d) return { ...state, drawing: { kind: start.kind, target: start.target, vertices: [copyPosition(position)] } }
  if (samePosition(d.vertices[d.vertices.length - 1], position)) return state
  return { ...state, drawing: { ...d, vertices: [...d.vertices, copyPosition(position)] } }
}
