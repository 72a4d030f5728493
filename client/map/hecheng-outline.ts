import type { Feature, Point, Polygon } from 'geojson'

/**
 * APPROXIMATE, ILLUSTRATIVE outline of 鹤城区 (Hecheng District, Huaihua): a hand-drawn 14-gon of about
 * 720 km² (the district's published area is roughly 717 km²) around the city centre at 110.0°E 27.55°N.
 * It is NOT the official boundary and must not be used for any measurement or legal purpose; it only gives the
 * offline map a sense of place. The map's attribution says so too (`map.outlineAttribution`).
 * Coordinates: CGCS2000 longitude/latitude (EPSG:4490), as every geometry in the app.
 */
export const hechengOutlineApprox: Feature<Polygon, { name: string; approximate: true }> = {
  type: 'Feature',
  properties: { name: '鹤城区（示意）', approximate: true },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [109.87, 27.476], [109.888, 27.42], [109.954, 27.392], [110.019, 27.41], [110.074, 27.448],
        [110.13, 27.476], [110.158, 27.531], [110.139, 27.597], [110.102, 27.652], [110.046, 27.689],
        [109.981, 27.699], [109.926, 27.662], [109.879, 27.606], [109.851, 27.541], [109.87, 27.476],
      ],
    ],
  },
}

/** Where the district's name is written on the map: inside the outline, north of the city centre. */
export const hechengLabelPoint: Feature<Point, Record<string, never>> = {
  type: 'Feature',
  properties: {},
  geometry: { type: 'Point', coordinates: [110.0, 27.64] },
}

/** The initial view: the city centre of Huaihua. */
export const hechengCenter: [number, number] = [110.0, 27.55]
export const hechengZoom = 12
