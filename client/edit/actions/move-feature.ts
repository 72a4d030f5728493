import { roundPosition, type EditState } from '../state.ts'

/**
 * Moves the whole parcel, or only polygon `part` of it, by `delta` = [Δlon, Δlat] degrees (a drag of the
 * feature). Moved positions are rounded like any position the user places (state.ts `coordinateDecimals`).
 */
export function actionMoveFeature(state: EditState, delta: [number, number], part?: number): EditState {
  if (delta[0] === 0 && delta[1] === 0) return state
  const parts = state.parts.map((poly, i) =>
    part === undefined || i === part ? poly.map((r) => r.map((p) => roundPosition([p[0]! + delta[0], p[1]! + delta[1]]))) : poly,
  )
  return { ...state, parts }
}
