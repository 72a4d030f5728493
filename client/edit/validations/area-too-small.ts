import { liveAreaM2 } from '../live-area.ts'
import { at, polygonsOf, type Validation } from './issue.ts'

/** The server's smallest parcel, m² of ellipsoidal area (zd_geometry_issues). */
export const minParcelAreaM2 = 1

/** GEOM_AREA_TOO_SMALL: under 1 m² by the live estimate (which is within 1 ppm of the server's area). */
export const validationAreaTooSmall: Validation = (geometry) => {
  if (liveAreaM2(geometry) >= minParcelAreaM2) return []
  const first = polygonsOf(geometry)[0]?.[0]?.[0]
  return [{ code: 'GEOM_AREA_TOO_SMALL', ...(first ? { at: at(first) } : {}) }]
}
