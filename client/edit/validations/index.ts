import type { MultiPolygon, Polygon } from 'geojson'
import { validationAreaTooSmall } from './area-too-small.ts'
import { validationDegenerate } from './degenerate.ts'
import type { GeometryIssue, Validation } from './issue.ts'
import { validationMultipart } from './multipart.ts'
import { validationSelfIntersection } from './self-intersection.ts'
import { validationSpike } from './spike.ts'
import { validationTooFewPoints } from './too-few-points.ts'

export type { GeometryIssue, GeometryIssueCode } from './issue.ts'

/** In the server's order (zd_geometry_issues): structure, validity, then size. */
const validations: Validation[] = [
  validationTooFewPoints,
  validationDegenerate,
  validationSpike,
  validationSelfIntersection,
  validationMultipart,
  validationAreaTooSmall,
]

/**
 * The live validity hint of a drawn geometry: the issues of the first validation that finds any, in the order
 * the server checks, so the code shown while drawing is the code a save would be refused with. Every issue here
 * is one the server refuses; an empty list means the server's own checks (jurisdiction, overlaps) come next.
 */
export function validateGeometry(geometry: Polygon | MultiPolygon | null): GeometryIssue[] {
  if (!geometry) return []
  for (const validation of validations) {
    const issues = validation(geometry)
    if (issues.length) return issues
  }
  return []
}
