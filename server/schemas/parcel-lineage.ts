import { z } from 'zod'
import { hints } from '../domain/issue-codes.ts'
import type { FieldIssue } from '../problem.ts'
import { checkParcelGeometry, checkPosition, maxVertices, type ParcelGeometry, type Position } from './geojson-intake.ts'
import { parcelProperties, text, zodIssues } from './parcel-feature.ts'

// Bodies of the parcel workbench endpoints (POST /api/parcels/check, /:id/split, /merge, /:id/restore), checked
// at the edge. Each parser returns the value or throws nothing: it hands back the field issues for invalid().

// Mainland China with its islands, as geojson-intake.ts checks polygons.
const inChina = ([lon, lat]: Position) => lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54

const id = z.number().int().positive().max(2147483647)
const version = z.number().int().positive().max(2147483647)

/** Why the change was made, kept in the history: NFC, trimmed, at most 500 code points; empty means none. */
const reason = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .refine((s) => [...s].length <= 500, { message: 'too_long:500' })
  .transform((s) => s || null)
  .nullable()
  .optional()

type Parsed<T> = { value: T; issues: [] } | { value?: undefined; issues: FieldIssue[] }

function parse<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.output<S>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { issues: [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object is expected' } }] }
  }
  const r = schema.safeParse(body)
  return r.success ? { value: r.data, issues: [] } : { issues: zodIssues(r.error, '') }
}

export interface SplitLine {
  type: 'LineString'
  coordinates: Position[]
}

/**
 * Checks a split line: a GeoJSON LineString (a geometry, not a Feature) of 2…maxVertices [lon, lat] positions,
 * each a finite 2D number pair inside China, with at least two distinct positions. Whether it cuts the parcel is
 * for PostGIS to say (zd_split_parcel).
 */
export function checkSplitLine(value: unknown, path = 'line'): { line?: SplitLine; issues: FieldIssue[] } {
  const fail = (issue: FieldIssue) => ({ issues: [issue] })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail({ path, code: 'SPLIT_LINE_INVALID' })
  const g = value as Record<string, unknown>
  if ('crs' in g) return fail({ path: `${path}.crs`, code: 'CRS_NOT_SUPPORTED' })
  if (g.type !== 'LineString' || !Array.isArray(g.coordinates)) return fail({ path, code: 'SPLIT_LINE_INVALID' })
  const coords = g.coordinates as unknown[]
  if (coords.length > maxVertices) return fail({ path: `${path}.coordinates`, code: 'GEOM_TOO_MANY_VERTICES', params: { max: maxVertices } })
  for (let i = 0; i < coords.length; i++) {
    const issue = checkPosition(coords[i], `${path}.coordinates[${i}]`, 'LineString')
    if (issue) return fail(issue)
  }
  const positions = coords as Position[]
  const outside = positions.find((p) => !inChina(p))
  if (outside) return fail({ path: `${path}.coordinates`, code: 'OUTSIDE_JURISDICTION', params: { hint: hints.outsideChina }, at: outside })
  const first = positions[0]
  if (!first || !positions.some((p) => p[0] !== first[0] || p[1] !== first[1])) {
    return fail({ path: `${path}.coordinates`, code: 'SPLIT_LINE_INVALID' })
  }
  return { line: { type: 'LineString', coordinates: positions }, issues: [] }
}

const checkBody = z.strictObject({
  // Left to checkParcelGeometry, so that a missing geometry gets GEOM_EMPTY as in POST /api/parcels.
  geometry: z.unknown().optional(),
  exclude_id: id.nullable().optional(),
  survey_zone: z.number().int().min(25).max(45).nullable().optional(),
})

export interface CheckInput {
  geometry: ParcelGeometry
  excludeId: number | null
  surveyZone: number | null
}

/** POST /api/parcels/check: `{ geometry, exclude_id?, survey_zone? }`; the geometry as POST /parcels checks it. */
export function parseCheckBody(body: unknown): Parsed<CheckInput> {
  const r = parse(checkBody, body)
  if (!r.value) return r
  const geo = checkParcelGeometry(r.value.geometry, 'geometry')
  if (!geo.geometry) return { issues: geo.issues }
  return { value: { geometry: geo.geometry, excludeId: r.value.exclude_id ?? null, surveyZone: r.value.survey_zone ?? null }, issues: [] }
}

const splitBody = z.strictObject({
  line: z.unknown(),
  codes: z
    .array(text(64))
    .min(2)
    .max(100)
    .refine((codes) => new Set(codes).size === codes.length, { message: 'each code once' })
    .optional(),
  reason,
})

export interface SplitInput {
  line: SplitLine
  codes: string[] | null
  reason: string | null
}

/** POST /api/parcels/:id/split: `{ line, codes?, reason? }`. */
export function parseSplitBody(body: unknown): Parsed<SplitInput> {
  const r = parse(splitBody, body)
  if (!r.value) return r
  const { line, issues } = checkSplitLine(r.value.line)
  if (!line) return { issues }
  return { value: { line, codes: r.value.codes ?? null, reason: r.value.reason ?? null }, issues: [] }
}

const mergeBody = z.strictObject({
  parcels: z
    .array(z.strictObject({ id, version }))
    .min(2)
    .max(100)
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, { message: 'each parcel once' }),
  code: parcelProperties.shape.code.optional(),
  land_class: parcelProperties.shape.land_class.optional(),
  owner: parcelProperties.shape.owner.optional(),
  reason,
})

export interface MergeInput {
  parcels: { id: number; version: number }[]
  code: string | null
  land_class: string | null
  owner: string | null
  reason: string | null
}

/** POST /api/parcels/merge: `{ parcels: [{ id, version }] (2…100), code?, land_class?, owner?, reason? }`. */
export function parseMergeBody(body: unknown): Parsed<MergeInput> {
  const r = parse(mergeBody, body)
  if (!r.value) return r
  const v = r.value
  return { value: { parcels: v.parcels, code: v.code ?? null, land_class: v.land_class ?? null, owner: v.owner ?? null, reason: v.reason ?? null }, issues: [] }
}

const restoreBody = z.strictObject({ version, reason })

/** POST /api/parcels/:id/restore: `{ version, reason? }`. */
export function parseRestoreBody(body: unknown): Parsed<{ version: number; reason: string | null }> {
  const r = parse(restoreBody, body)
  if (!r.value) return r
  return { value: { version: r.value.version, reason: r.value.reason ?? null }, issues: [] }
}
