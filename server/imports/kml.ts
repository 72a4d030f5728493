import { kml as kmlToGeojson } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import { Problem } from '../problem.ts'
import { attributesOf, checkDegrees, polygonFeatures } from './geojson.ts'
import type { ImportWarning, ParseResult } from './types.ts'

/** What togeojson adds to properties from styles and view settings: presentation, not attributes of a parcel. */
const styleKeys = new Set([
  'styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity',
  'visibility', 'icon', 'icon-scale', 'icon-color', 'icon-opacity', 'icon-heading', 'icon-offset', 'icon-offset-units',
  'label-scale', 'label-color', 'label-opacity', 'open', 'timespan', 'timestamp',
])

/**
 * KML (and the doc.kml of a KMZ): Placemarks with Polygon or MultiGeometry of polygons, coordinates taken as
 * CGCS2000 longitude/latitude; ExtendedData (Data and SimpleData) and the name become attributes. A document with
 * a DOCTYPE or entity declaration is refused before parsing (no external entities, no entity expansion).
 */
export function parseKml(text: string): ParseResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Problem('XML_DOCTYPE_NOT_ALLOWED')
  let doc
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(text, 'text/xml')
  } catch (err) {
    throw new Problem('IMPORT_MALFORMED', { why: `XML: ${String((err as Error).message ?? err).split('\n')[0]!.slice(0, 160)}` })
  }
  const root = doc.documentElement
  if (!root || root.localName !== 'kml') throw new Problem('IMPORT_FORMAT_MISMATCH', { format: 'kml', why: `<${root?.localName ?? ''}>` })
  const collection = kmlToGeojson(doc)
  const warnings: ImportWarning[] = []
  const items = collection.features.map((f) => {
    const attributes = attributesOf(Object.fromEntries(Object.entries(f.properties ?? {}).filter(([k]) => !styleKeys.has(k))))
    if (typeof (f.properties as { description?: unknown } | null)?.description === 'object') delete attributes.description
    return { geometry: f.geometry, attributes }
  })
  const features = polygonFeatures(items, { srid: 4490, zone: null }, warnings)
  if (!features.length) throw new Problem('IMPORT_EMPTY')
  checkDegrees(features)
  return { format: 'kml', encoding: null, warnings, features }
}
