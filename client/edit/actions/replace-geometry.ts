import type { Position } from 'geojson'
import type { EditState } from '../state.ts'

/**
 * Replaces every part with the given polygons, as a drawing tool delivers them (a finished polygon or
 * rectangle that starts the parcel over). The split line and any drawing are kept as they are.
 */
export function actionReplaceGeometry(state: EditState, polygons: Position[][][]): EditState {
  return { ...state, parts: polygons.map((poly) => poly.map((r) => r.map((p) => [p[0]!, p[1]!]))) }
}
