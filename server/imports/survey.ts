import type { FieldIssue } from '../problem.ts'
import { resolveGkZones, surveyAxisOrder, type ZoneHint } from './gk.ts'
import { assembleRings, closeRing, isClosed } from './rings.ts'
import type { ImportProperties, ImportWarning, ParsedFeature, Ring } from './types.ts'

/** A parcel as a survey lists it: rings of (X northing, Y easting) pairs, in metres. */
export interface SurveyParcel {
  rings: [number, number][][]
  attributes: ParsedFeature['attributes']
  properties: ImportProperties
  stated?: ParsedFeature['stated']
  claim?: ParsedFeature['claim']
  /** A zone the parcel's own record states (a 带号 column), for unprefixed eastings. */
  zone?: number
}

/**
 * Features from survey parcels (界址点 tables, 报盘 files): rings closed where the closing point was left out,
 * the axis order checked (X northing, Y easting, else swapped with a warning), rings inside rings made holes, and
 * the GK zone decided from the prefix, the header, the `zone` parameter, or left pending for the jurisdiction test.
 */
export function surveyFeatures(
  parcels: SurveyParcel[],
  hint: ZoneHint,
  warnings: ImportWarning[],
): ParsedFeature[] {
  let closed = 0
  const { swapped } = surveyAxisOrder(
    (function* () {
      for (const p of parcels) for (const r of p.rings) yield* r
    })(),
  )
  if (swapped) warnings.push({ code: 'COORDS_SWAPPED' })
  const shaped = parcels.map((p) => {
    const issues: FieldIssue[] = []
    const rings: Ring[] = p.rings.map((raw, r) => {
      // Survey order (X north, Y east) becomes GIS order [easting, northing].
      const ring: Ring = raw.map(([x, y]) => (swapped ? [x, y] : [y, x]))
      if (!isClosed(ring) && ring.length > 0) closed++
      const done = closeRing(ring)
      if (done.length < 4) issues.push({ path: `rings[${r}]`, code: 'GEOM_TOO_FEW_POINTS' })
      return done
    })
    return { parcel: p, rings, issues }
  })
  if (closed) warnings.push({ code: 'RINGS_CLOSED', params: { count: closed } })
  const parts = shaped.map((s) => assembleRings(s.rings))
  const features: ParsedFeature[] = []
  // Parcels that state their own zone are resolved with it; the others with the file's hint.
  shaped.forEach((s, i) => {
    const own: ZoneHint = s.parcel.zone !== undefined ? { ...hint, header: { zone: s.parcel.zone, degrees: 3 } } : hint
    const crs = resolveGkZones([{ parts: parts[i]!, code: s.parcel.properties.code }], own, warnings)
    features.push({
      parts: parts[i]!,
      crs: crs[0]!,
      attributes: s.parcel.attributes,
      properties: crs[0]!.zone !== null ? { ...s.parcel.properties, survey_zone: crs[0]!.zone } : s.parcel.properties,
      ...(s.parcel.stated ? { stated: s.parcel.stated } : {}),
      ...(s.parcel.claim ? { claim: s.parcel.claim } : {}),
      issues: s.issues,
    })
  })
  return features
}
