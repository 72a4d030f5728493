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
