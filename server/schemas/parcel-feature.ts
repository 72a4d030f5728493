import { z } from 'zod'
import type { FieldIssue } from '../problem.ts'
import { parseFeatureEnvelope } from './feature-envelope.ts'
import { checkParcelGeometry, type ParcelGeometry } from './geojson-intake.ts'
import { unknownFieldIssue } from './unknown-field.ts'

export const parcelStatuses = ['draft', 'surveyed', 'approved', 'acquired'] as const

const maxProperties = 50

/** Text that counts length in code points and is stored in Unicode NFC, so equal names compare equal. */
export const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => s.length > 0, { message: 'required' })
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })

const decimalMu = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = typeof v === 'number' ? String(v) : v.trim()
  if (!/^\d{1,10}(\.\d{1,4})?$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'a decimal with at most 4 places, e.g. "12.3456"' })
    return z.NEVER
  }
  return s
})

export const parcelProperties = z.strictObject({
  project_id: z.number().int().positive(),
  code: text(64),
  land_class: z.string().regex(/^[0-9]{4}$/, 'a 4-digit GB/T 21010-2017 code'),
  owner: text(200),
  claimed_area_mu: decimalMu.nullable().optional(),
  survey_zone: z.number().int().min(25).max(45).nullable().optional(),
  status: z.enum(parcelStatuses).optional(),
})
export type ParcelProperties = z.output<typeof parcelProperties>

export interface ParcelInput {
  geometry: ParcelGeometry
  properties: ParcelProperties
  /** Why the change was made, kept in the history. */
  reason: string | null
}

/**
 * The message zod gives a value that is absent (undefined or null) where a value is required. zod 4 drops the
 * input from its issues, so "missing" and "of the wrong type" both arrive as invalid_type; only the error map sees
 * the input while the issue is being made, so it marks the missing case here, once for every schema. The marker is
 * plain words because some handlers (auth, projects) show zod's message as it is.
 */
const requiredMessage = 'required'

z.config({
  customError: (issue) =>
    ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue.code ?? '') && (issue.input === undefined || issue.input === null)
      ? requiredMessage
      : undefined,
})

/** What a value of the wrong type should have been, for FIELD_INVALID's `why`. */
const expectedTypes: Record<string, string> = {
  string: 'text expected',
  number: 'a number expected',
  int: 'a whole number expected',
  boolean: 'true or false expected',
  object: 'an object expected',
  array: 'a list expected',
}

/**
 * Zod issues as the API's field issues under `base` (e.g. `properties`), with the same codes everywhere: an absent
 * value is FIELD_REQUIRED, a value of the wrong type FIELD_INVALID saying which type is expected.
 */
export function zodIssues(error: z.ZodError, base: string): FieldIssue[] {
  // `properties.code`, `parcels[1].version`; an empty base gives top-level paths.
  const join = (parts: PropertyKey[]) =>
    parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '')
  return error.issues.flatMap((i): FieldIssue | FieldIssue[] => {
    const path = join([base, ...i.path])
    // One zod issue names every unknown key of an object: each is reported.
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => unknownFieldIssue(join([base, ...i.path, key]), key))
    if (i.message === requiredMessage) return { path, code: 'FIELD_REQUIRED' }
    if (i.code === 'invalid_type') return { path, code: 'FIELD_INVALID', params: { why: expectedTypes[i.expected] ?? `${i.expected} expected` } }
    if (i.code === 'invalid_value') {
      return { path, code: 'FIELD_INVALID', params: { why: i.values.length === 1 ? `must be ${String(i.values[0])}` : `one of ${i.values.join(', ')}` } }
    }
    if (i.message.startsWith('too_long:')) return { path, code: 'FIELD_TOO_LONG', params: { max: i.message.slice(9) } }
    return { path, code: 'FIELD_INVALID', params: { why: i.message } }
  })
}

/** Checks a parcel Feature body (POST/PUT /api/parcels) at the edge: structure, properties and geometry. */
export function parseParcelFeature(body: unknown): { value?: ParcelInput; issues: FieldIssue[] } {
  const { envelope, issues } = parseFeatureEnvelope(body)
  if (!envelope) return { issues }
  const props = envelope.properties
  let properties: ParcelProperties | undefined
  if (props && Object.keys(props).length > maxProperties) {
    issues.push({ path: 'properties', code: 'TOO_MANY_PROPERTIES', params: { max: maxProperties } })
  } else if (props) {
    const parsed = parcelProperties.safeParse(props)
    if (parsed.success) properties = parsed.data
    else issues.push(...zodIssues(parsed.error, 'properties'))
  }
  const geo = checkParcelGeometry(envelope.geometry)
  issues.push(...geo.issues)
  if (issues.length || !properties || !geo.geometry) return { issues }
  return { value: { geometry: geo.geometry, properties, reason: envelope.reason }, issues: [] }
}
