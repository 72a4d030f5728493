/** The base square S of hostile-inputs.md: 0.001° at 110.0°E 27.5°N, 10949.47 m² geodesic. */
export const S: [number, number][] = [[110.0, 27.5], [110.001, 27.5], [110.001, 27.501], [110.0, 27.501], [110.0, 27.5]]

/** A closed square ring of `size` degrees with its south-west corner at lon, lat (counter-clockwise). */
export function square(lon: number, lat: number, size = 0.001): [number, number][] {
  return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
}

export function polygon(...rings: [number, number][][]) {
  return { type: 'Polygon' as const, coordinates: rings }
}

/** A parcel Feature body for POST /api/parcels. */
export function parcelFeature(geometry: unknown, projectId: number, props: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry,
    properties: { project_id: projectId, code: 'T-001', land_class: '0101', owner: '盈口乡炉天冲村三组', ...props },
  }
}

/**
 * Rectangles at 110.0°E 27.5°N whose geodesic area (zd_area, GRS80) rounds to an exact number of mu at 4 decimals,
 * for hand-worked compensation: 0.0004° × 0.00038054° ≈ 1666.69 m² = 2.5000 mu (the band of 2.5000 mu is
 * 1666.633 … 1666.700 m²); 0.0008° × 0.000380535° ≈ 3333.33 m² = 5.0000 mu (3333.30 … 3333.37 m²).
 */
export const twoAndAHalfMu: [number, number][] = [[110, 27.5], [110.0004, 27.5], [110.0004, 27.50038054], [110, 27.50038054], [110, 27.5]]
export const fiveMu: [number, number][] = [[110, 27.5], [110.0008, 27.5], [110.0008, 27.500380535], [110, 27.500380535], [110, 27.5]]
