import { ApiError, errorMessage, type ProblemError } from '../../api/http.ts'
import type {
  AttachmentUnit,
  BuildingStructure,
  BuildingUse,
  CompensationUnit,
  LegalStatus,
  ResettlementMethod,
} from '../../api/records.ts'
import { t } from '../../i18n/i18n.svelte.ts'
export { sumDecimals } from './decimal-sum.ts'
import type { MessageKey } from '../../i18n/zh-CN.ts'

/** The words of the API's codes (the codes stay English in the API; the office reads 砖混, 货币安置, …). */
export const structureKeys: Record<BuildingStructure, MessageKey> = {
  brick_concrete: 'records.structure.brick_concrete',
  brick_wood: 'records.structure.brick_wood',
  frame: 'records.structure.frame',
  simple: 'records.structure.simple',
}
export const legalStatusKeys: Record<LegalStatus, MessageKey> = {
  licensed: 'records.legal.licensed',
  recognised: 'records.legal.recognised',
  temporary: 'records.legal.temporary',
  unlicensed: 'records.legal.unlicensed',
}
export const useKeys: Record<BuildingUse, MessageKey> = {
  residential: 'records.use.residential',
  commercial: 'records.use.commercial',
  industrial: 'records.use.industrial',
  public: 'records.use.public',
  other: 'records.use.other',
}
export const methodKeys: Record<ResettlementMethod, MessageKey> = {
  cash: 'records.method.cash',
  property_swap: 'records.method.property_swap',
  homestead: 'records.method.homestead',
}
const kindKeys: Record<string, MessageKey> = {
  tree: 'records.kind.tree',
  crop: 'records.kind.crop',
  well: 'records.kind.well',
  shed: 'records.kind.shed',
  fence: 'records.kind.fence',
  pond: 'records.kind.pond',
  other: 'records.kind.other',
}
const unitKeys: Record<AttachmentUnit | CompensationUnit, MessageKey> = {
  plant: 'records.unit.plant',
  unit: 'records.unit.unit',
  m2: 'records.unit.m2',
  m: 'records.unit.m',
  m3: 'records.unit.m3',
  mu: 'records.unit.mu',
  person_month: 'records.unit.person_month',
  household: 'records.unit.household',
  coffin: 'records.unit.coffin',
}

/** The word of a code, or the code itself when this client does not know it (a newer server). */
export function label(keys: Record<string, MessageKey>, code: string): string {
  const key = keys[code]
  return key ? t(key) : code
}
export const kindLabel = (code: string) => label(kindKeys, code)
export const unitLabel = (code: string) => label(unitKeys, code)

/** What a failed save of a record shows: 412 → "changed by someone else" with a reload; 422 → by field. */
export interface SaveFailure {
  stale: boolean
  /** A sentence above the form (the problem's detail), or null when the field errors say it all. */
  message: string | null
  /** problem+json `errors`, shown next to the fields their `path` names. */
  errors: ProblemError[]
  /** Not a fault of the input (401, 5xx, network): the app should see it too. */
  unexpected: boolean
}

export function saveFailure(err: unknown): SaveFailure {
  if (err instanceof ApiError && err.status === 412) return { stale: true, message: t('records.stale'), errors: [], unexpected: false }
  // Every error is shown by its field (or in the form's list of the others): the detail would only repeat them.
  if (err instanceof ApiError && err.problem.errors?.length) return { stale: false, message: null, errors: err.problem.errors, unexpected: false }
  if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
    return { stale: false, message: errorMessage(err), errors: [], unexpected: false }
  }
  return { stale: false, message: errorMessage(err), errors: [], unexpected: true }
}

/** Client-side checks of a record form, before the server's: a message per field name, empty when fine. */
export type FieldChecks = Record<string, string>

export function checkRequired(checks: FieldChecks, field: string, value: string) {
  if (!value.trim()) checks[field] = t('form.issue.required')
}

export function checkInteger(checks: FieldChecks, field: string, value: string, min: number, max: number) {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) checks[field] = t('records.issue.integer', { min, max })
}

/** A positive decimal with at most 2 fraction digits (floor areas, m²), as the server's numeric(12, 2) takes it. */
export function checkDecimal2(checks: FieldChecks, field: string, value: string) {
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(value.trim()) || Number(value) <= 0) checks[field] = t('records.issue.decimal2')
}

/** Trimmed text, or null when empty (the API's "not given"). */
export const textOrNull = (s: string) => (s.trim() === '' ? null : s.trim())
