import { z } from 'zod'
import { parseDecimal, parseYuan } from '../domain/money.ts'
import type { FieldIssue } from '../problem.ts'
import { decimalField, id, notAnObject, optionalDate, optionalId, optionalText, optionalYuan, reason, recordIssues } from './record-fields.ts'

/** The nine item types of compensation_item_types (土地补偿费 … 坟墓迁移费). */
export const compensationItemTypes = [
  'land', 'resettlement_subsidy', 'young_crops', 'attachments', 'house', 'relocation', 'transition', 'delayed_transition',
  'grave_relocation',
] as const
export const compensationUnits = ['mu', 'm2', 'unit', 'person_month', 'household', 'coffin'] as const

/** compensation_items.quantity numeric(16, 4), 0 ≤ q < 1e10. */
export const quantityColumn = { scale: 4, max: 10000000000, zero: true }

const body = z.strictObject({
  project_id: id,
  item_type: z.enum(compensationItemTypes),
  household_id: optionalId,
  parcel_id: optionalId,
  quantity: z.unknown().optional(),
  unit: z.enum(compensationUnits),
  rate_yuan: z.unknown().optional(),
  amount_yuan: z.unknown().optional(),
  paid_on: optionalDate('1990-01-01'),
  notes: optionalText(2000),
  reason,
})

export interface CompensationItemInput {
  projectId: number
  itemType: (typeof compensationItemTypes)[number]
  householdId: number | null
  parcelId: number | null
  /** Exact decimal text, 4 decimals. */
  quantity: string
  unit: (typeof compensationUnits)[number]
  /** Yuan per unit, 2 decimals; null for a lump sum. */
  rateYuan: string | null
  /** As sent; with a rate the server computes it (and compares), without one it is required. */
  amountYuan: string | null
  paidOn: string | null
  notes: string | null
  reason: string | null
  /** A computed item (only paid_on and notes change): its stored rate set. */
  computed?: { rateSetId: number }
}

/** A stored item as for_update reads it. */
export interface StoredItem {
  id: number
  version: number
  project_id: number
  origin: 'computed' | 'manual'
  item_type: string
  household_id: number | null
  parcel_id: number | null
  quantity: string
  unit: string
  rate_yuan: string | null
  amount_yuan: string
  rate_set_id: number | null
  paid_on: string | null
  notes: string | null
}

/**
 * Checks a manual item body (POST/PUT /api/compensation-items): `{ project_id, item_type, household_id?, parcel_id?,
 * quantity ("12.3456", ≥ 0), unit, rate_yuan? ("120.00", ≥ 0), amount_yuan? (required without a rate), paid_on?,
 * notes?, reason? }`. For a computed item (`stored.origin` 'computed') only paid_on, notes and reason may differ
 * from what is stored: another field sent with a different value is 422 READ_ONLY_FIELD.
 */
export function parseCompensationItemBody(value: unknown, stored?: StoredItem): { value?: CompensationItemInput; issues: FieldIssue[] } {
  const notObject = notAnObject(value)
  if (notObject) return { issues: notObject }
  if (stored?.origin === 'computed') return parseComputedChange(value as Record<string, unknown>, stored)
  const issues: FieldIssue[] = []
  const r = body.safeParse(value)
  if (!r.success) issues.push(...recordIssues(r.error, ''))
  const v = value as Record<string, unknown>
  const quantity = decimalField(v.quantity, 'quantity', quantityColumn, issues)
  const rate = optionalYuan(v.rate_yuan, 'rate_yuan', 'nonnegative', 9, issues)
  const amount = optionalYuan(v.amount_yuan, 'amount_yuan', 'nonnegative', 12, issues)
  if (rate === null && amount === null && (v.rate_yuan === undefined || v.rate_yuan === null) && (v.amount_yuan === undefined || v.amount_yuan === null)) {
    issues.push({ path: 'amount_yuan', code: 'FIELD_REQUIRED' })
  }
  if (issues.length || !r.success || quantity === undefined) return { issues }
  const b = r.data
  return {
    value: {
      projectId: b.project_id, itemType: b.item_type, householdId: b.household_id, parcelId: b.parcel_id, quantity, unit: b.unit,
      rateYuan: rate, amountYuan: amount, paidOn: b.paid_on, notes: b.notes, reason: b.reason,
    },
    issues: [],
  }
}

const computedChange = body.partial().extend({ paid_on: optionalDate('1990-01-01'), notes: optionalText(2000), reason })

/** PUT of a computed item: paid_on and notes as sent; every other field sent must equal the stored value. */
function parseComputedChange(v: Record<string, unknown>, s: StoredItem): { value?: CompensationItemInput; issues: FieldIssue[] } {
  const r = computedChange.safeParse(v)
  if (!r.success) return { issues: recordIssues(r.error, '') }
  const issues: FieldIssue[] = []
  const readOnly = (name: string) => issues.push({ path: name, code: 'READ_ONLY_FIELD', params: { name } })
  const same: Record<string, (x: unknown) => boolean> = {
    project_id: (x) => x === s.project_id,
    item_type: (x) => x === s.item_type,
    household_id: (x) => (x ?? null) === s.household_id,
    parcel_id: (x) => (x ?? null) === s.parcel_id,
    unit: (x) => x === s.unit,
    quantity: (x) => { const d = parseDecimal(x, 'quantity', quantityColumn); return 'value' in d && d.value === s.quantity },
    rate_yuan: (x) => { const y = parseYuan(x, 'rate_yuan', 'nonnegative'); return 'yuan' in y && y.yuan === s.rate_yuan },
    amount_yuan: (x) => { const y = parseYuan(x, 'amount_yuan', 'nonnegative'); return 'yuan' in y && y.yuan === s.amount_yuan },
  }
  for (const [name, eq] of Object.entries(same)) if (name in v && !eq(v[name])) readOnly(name)
  if (issues.length) return { issues }
  return {
    value: {
      projectId: s.project_id, itemType: s.item_type as CompensationItemInput['itemType'], householdId: s.household_id, parcelId: s.parcel_id,
      quantity: s.quantity, unit: s.unit as CompensationItemInput['unit'], rateYuan: s.rate_yuan, amountYuan: s.amount_yuan,
      paidOn: r.data.paid_on, notes: r.data.notes, reason: r.data.reason, computed: { rateSetId: s.rate_set_id! },
    },
    issues: [],
  }
}
