import { attributesOf, coordinatesOf, type ExportRow, type MultiPolygonCoords } from './rows.ts'

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

function ring(coords: [number, number][]): string {
  // Shortest round-trip decimal of each double: reading it back gives the same number.
  return `<LinearRing><coordinates>${coords.map(([x, y]) => `${x},${y}`).join(' ')}</coordinates></LinearRing>`
}

function polygons(parts: MultiPolygonCoords): string {
  const polys = parts.map(([outer, ...holes]) =>
    `<Polygon><outerBoundaryIs>${ring(outer!)}</outerBoundaryIs>${holes.map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`)
  return polys.length === 1 ? polys[0]! : `<MultiGeometry>${polys.join('')}</MultiGeometry>`
}

/**
 * KML 2.2: a Placemark per parcel named by its code, every exported attribute as ExtendedData, the geometry in
 * CGCS2000 longitude/latitude (taken as WGS84 by KML readers), counter-clockwise outer rings as KML asks.
 */
export function writeKml(rows: ExportRow[], name: string): string {
  const placemarks = rows.map((r) => {
    const data = Object.entries(attributesOf(r))
      .map(([k, v]) => `<Data name="${k}"><value>${v === null ? '' : escapeXml(String(v))}</value></Data>`)
      .join('')
    return `<Placemark id="parcel-${r.id}"><name>${escapeXml(r.code)}</name><ExtendedData>${data}</ExtendedData>${polygons(coordinatesOf(r.geometry_json))}</Placemark>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${escapeXml(name)}</name>\n${placemarks.join('\n')}\n</Document></kml>\n`
}
