import type { Position } from 'geojson'
import type { EditState } from '../state.ts'

/** Adds one polygon ([exterior, ...holes], closed rings) as a further part: the parcel becomes a multipolygon. */
export function actionAddPart(state: EditState, polygon: Position[][]): EditState {
  return { ...state, parts: [...state.parts, polygon.map((r) => r.map((p) => [p[0]!, p[1]!]))] }
}
