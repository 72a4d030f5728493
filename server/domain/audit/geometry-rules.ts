import { areaVerdict, type AreaVerdict } from './area-verdict.ts'
import type { Finding } from './finding.ts'
import type { GeometryFacts } from './geometry-facts.ts'
import { ruleAreaClaim } from './rules/area-claim.ts'
import { ruleBuildingFloorArea } from './rules/building-floor-area.ts'
import { ruleBuildingOutsideParcel } from './rules/building-outside-parcel.ts'
import { ruleParcelGap } from './rules/parcel-gap.ts'
import { ruleParcelOutsideScope } from './rules/parcel-outside-scope.ts'
import { ruleParcelOverlap } from './rules/parcel-overlap.ts'
import { ruleProjectAreaClaim } from './rules/project-area-claim.ts'

/** The geometry rules, each a pure function of the facts (one per file in rules/). */
export const geometryRules = [
  ruleAreaClaim,
  ruleProjectAreaClaim,
  ruleBuildingFloorArea,
  ruleBuildingOutsideParcel,
  ruleParcelOverlap,
  ruleParcelGap,
  ruleParcelOutsideScope,
] as const

/** Every finding of the geometry rules on one project's facts, rule by rule in the order above. */
export function runGeometryRules(f: GeometryFacts): Finding[] {
  return geometryRules.flatMap((rule) => rule(f))
}

/** One row of the per-parcel area table (workbench, report): the parcel and its area.md §3.2 verdict. */
export type ParcelVerdictRow = { id: number; code: string; owner: string; land_class: string } & AreaVerdict

/** The area verdict of every parcel of the project, by id as the facts come. */
export function parcelVerdicts(f: GeometryFacts): ParcelVerdictRow[] {
  return f.parcels.map((p) => ({ id: p.id, code: p.code, owner: p.owner, land_class: p.land_class, ...areaVerdict(p) }))
}
