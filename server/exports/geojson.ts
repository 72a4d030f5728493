import { attributesOf, type ExportRow } from './rows.ts'

/**
 * A GeoJSON FeatureCollection (RFC 7946: CGCS2000 longitude/latitude, counter-clockwise exteriors, no crs
 * member). The geometry text from PostGIS (15 decimals, exact) is spliced in, not re-serialised.
 */
export function writeGeojson(rows: ExportRow[], name: string): string {
  const features = rows.map((r) => `{"type":"Feature","id":${r.id},"geometry":${r.geometry_json},"properties":${JSON.stringify(attributesOf(r))}}`)
  return `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n${features.join(',\n')}\n]}\n`
}
