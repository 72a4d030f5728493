/**
 * The attribute form of a parcel as pure data: its values, where they come from, how they are checked and what
 * is sent. The rules are those of server/schemas/parcel-feature.ts and server/schemas/json-body.ts, so a form the
 * client accepts is one the server accepts, and the issues carry the server's codes and field paths
 * (`properties.code`, …) so that a server answer and a client check are shown the same way.
 */

export const parcelStatuses = ['draft', 'surveyed', 'approved', 'acquired'] as const
export type ParcelFormStatus = (typeof parcelStatuses)[number]

/** What the form edits. Texts as typed; `claimed_area_mu` is decimal text (never a float), '' for none. */
export interface ParcelFormValues {
  project_id: number | null
  code: string
  /** GB/T 21010-2017 second-level code, e.g. '0101'; '' when not chosen yet. */
  land_class: string
  /** The owning collective (权属单位). */
  owner: string
  /** Declared area in mu, decimal text with at most 4 places; '' when none is declared. */
  claimed_area_mu: string
  status: ParcelFormStatus
}

/** The codes the form can find; the same strings as server/domain/issue-codes.ts. */
export type ParcelFormIssueCode =
  | 'FIELD_REQUIRED'
  | 'FIELD_TOO_LONG'
  | 'FIELD_INVALID'
  | 'UNKNOWN_LAND_CLASS'
  | 'UNKNOWN_PROJECT'
  | 'INVALID_CHARACTER'
  | 'INVALID_UNICODE'

/**
 * Why a FIELD_INVALID was found, as a stable token the UI turns into a sentence: `decimal` (claimed area not a
 * non-negative decimal with at most 4 places and 10 integer digits), `land_class_format` (not 4 digits),
 * `status` (not one of parcelStatuses), `project` (not a positive integer id).
 */
export type ParcelFormInvalidWhy = 'decimal' | 'land_class_format' | 'status' | 'project'

export interface ParcelFormIssue {
  /** The server's path of the field, e.g. `properties.code`. */
  path: `properties.${keyof ParcelFormValues}`
  code: ParcelFormIssueCode
  params?: { max?: number; code?: string; id?: number; why?: ParcelFormInvalidWhy }
}

/** Length limits in Unicode code points after NFC and trimming, as the server counts them. */
export const parcelFieldLimits = { code: 64, owner: 200 } as const

/** The server's claimed-area rule: numeric(14,4), non-negative, written without exponent or sign. */
const decimalMu = /^\d{1,10}(\.\d{1,4})?$/
const landClassFormat = /^[0-9]{4}$/
// NUL and the C0 controls other than tab, line feed and carriage return; lone UTF-16 surrogates.
const controlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Text as the server stores it: Unicode NFC, trimmed. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').trim()
}

/** An empty form for a new parcel in `projectId` (a drawn polygon starts as a draft). */
export function emptyParcelForm(projectId: number | null = null, status: ParcelFormStatus = 'draft'): ParcelFormValues {
  return { project_id: projectId, code: '', land_class: '', owner: '', claimed_area_mu: '', status }
}

/** Properties as a parcel Feature from the API or a feature of an import preview may carry them. */
export interface ParcelFormSource {
  properties?: {
    project_id?: unknown
    code?: unknown
    land_class?: unknown
    owner?: unknown
    claimed_area_mu?: unknown
    status?: unknown
  } | null
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : ''
}

/**
 * The form values of an existing parcel (GET /api/parcels/:id) or of an imported feature (whose properties
 * are defaults read from the file). Missing or malformed values become empty fields for the user to fill;
 * `fallback` supplies the project and status when the feature has none.
 */
export function parcelFormFromFeature(
  feature: ParcelFormSource,
  fallback: { project_id?: number | null; status?: ParcelFormStatus } = {},
): ParcelFormValues {
  const p = feature.properties ?? {}
  const projectId =
    typeof p.project_id === 'number' && Number.isInteger(p.project_id) && p.project_id > 0
      ? p.project_id
      : (fallback.project_id ?? null)
  const status = (parcelStatuses as readonly unknown[]).includes(p.status)
    ? (p.status as ParcelFormStatus)
    : (fallback.status ?? 'draft')
  return {
    project_id: projectId,
    code: textOf(p.code),
    land_class: textOf(p.land_class),
    owner: textOf(p.owner),
    claimed_area_mu: p.claimed_area_mu === null || p.claimed_area_mu === undefined ? '' : textOf(p.claimed_area_mu),
    status,
  }
}

function textIssue(path: ParcelFormIssue['path'], raw: string, max: number): ParcelFormIssue | null {
  if (controlChar.test(raw)) return { path, code: 'INVALID_CHARACTER' }
  if (loneSurrogate.test(raw)) return { path, code: 'INVALID_UNICODE' }
  const s = normalizeText(raw)
  if (s.length === 0) return { path, code: 'FIELD_REQUIRED' }
  if ([...s].length > max) return { path, code: 'FIELD_TOO_LONG', params: { max } }
  return null
}

/**
 * Checks the form as the server would, guard clauses first, one issue per field at most, in the form's order.
 * `landClasses` is the list from GET /api/land-classes; when it is empty (not loaded yet) only the format of
 * the land class is checked. `projectIds`, when given, are the projects the user may choose from.
 */
export function validateParcelForm(
  values: ParcelFormValues,
  landClasses: readonly { code: string }[],
  projectIds?: readonly number[],
): ParcelFormIssue[] {
  const issues: ParcelFormIssue[] = []
  const add = (issue: ParcelFormIssue | null) => {
    if (issue) issues.push(issue)
  }

  const pid = values.project_id
  if (pid === null) add({ path: 'properties.project_id', code: 'FIELD_REQUIRED' })
  else if (!Number.isInteger(pid) || pid <= 0) add({ path: 'properties.project_id', code: 'FIELD_INVALID', params: { why: 'project' } })
  else if (projectIds && !projectIds.includes(pid)) add({ path: 'properties.project_id', code: 'UNKNOWN_PROJECT', params: { id: pid } })

  add(textIssue('properties.code', values.code, parcelFieldLimits.code))

  const lc = values.land_class.trim()
  if (lc === '') add({ path: 'properties.land_class', code: 'FIELD_REQUIRED' })
  else if (!landClassFormat.test(lc)) add({ path: 'properties.land_class', code: 'FIELD_INVALID', params: { why: 'land_class_format' } })
  else if (landClasses.length > 0 && !landClasses.some((c) => c.code === lc)) {
    add({ path: 'properties.land_class', code: 'UNKNOWN_LAND_CLASS', params: { code: lc } })
  }

  add(textIssue('properties.owner', values.owner, parcelFieldLimits.owner))

  const area = values.claimed_area_mu.trim()
  if (area !== '' && !decimalMu.test(area)) {
    add({ path: 'properties.claimed_area_mu', code: 'FIELD_INVALID', params: { why: 'decimal' } })
  }

  if (!(parcelStatuses as readonly string[]).includes(values.status)) {
    add({ path: 'properties.status', code: 'FIELD_INVALID', params: { why: 'status' } })
  }
  return issues
}

/** The `properties` member of a parcel Feature body for POST/PUT /api/parcels. */
export interface ParcelPropertiesBody {
  project_id: number
  code: string
  land_class: string
  owner: string
  /** Decimal text exactly as typed (trimmed); null for none. */
  claimed_area_mu: string | null
  status: ParcelFormStatus
  survey_zone?: number | null
}

/**
 * The properties to send for valid form values. `keep.survey_zone` carries the survey zone of an existing
 * parcel through an attribute edit (a PUT replaces every property, and the form does not show the zone).
 * Throws when the values do not pass validateParcelForm: call that first.
 */
export function toParcelProperties(
  values: ParcelFormValues,
  keep: { survey_zone?: number | null } = {},
): ParcelPropertiesBody {
  const formatIssues = validateParcelForm(values, [])
  if (formatIssues.length || values.project_id === null) {
    throw new Error(`the parcel form is not valid: ${formatIssues.map((i) => `${i.path} ${i.code}`).join(', ')}`)
  }
  const area = values.claimed_area_mu.trim()
  return {
    project_id: values.project_id,
    code: normalizeText(values.code),
    land_class: values.land_class.trim(),
    owner: normalizeText(values.owner),
    claimed_area_mu: area === '' ? null : area,
    status: values.status,
    ...(keep.survey_zone !== undefined ? { survey_zone: keep.survey_zone } : {}),
  }
}

/** The field a server error path names, for errors such as `properties.code` or `features[2].properties.code`. */
export function fieldOfPath(path: string | undefined): keyof ParcelFormValues | null {
  if (!path) return null
  const m = /(?:^|\.)properties\.(project_id|code|land_class|owner|claimed_area_mu|status)$/.exec(path)
  return m ? (m[1] as keyof ParcelFormValues) : null
}
