import type { CompensationItemBody } from '../../api/compensation.ts'
import type { CompensationItem, CompensationUnit } from '../../api/records.ts'
import { normalizeQuantity, normalizeYuan } from './rate-set.ts'

// Pure helpers of the compensation list: the body that marks an item paid or unpaid, and the manual item form
// (its values, its own checks, its body). Amounts stay decimal text; with a rate the server computes the amount.

export const compensationUnits: readonly CompensationUnit[] = ['mu', 'm2', 'unit', 'person_month', 'household', 'coffin']

/**
 * The PUT body that sets `paid_on` (a date, or null for unpaid) and keeps everything else: for a computed item
 * only paid_on and notes (the server refuses other changes); for a manual item the whole item as stored, the
 * amount sent only when it is a lump sum (with a rate the server computes it).
 */
export function paidBody(item: CompensationItem, paidOn: string | null, reason?: string): CompensationItemBody | { paid_on: string | null; notes: string | null; reason?: string } {
  const why = reason?.trim() ? { reason: reason.trim() } : {}
  if (item.origin === 'computed') return { paid_on: paidOn, notes: item.notes, ...why }
  return {
    project_id: item.project_id,
    item_type: item.item_type,
    household_id: item.household_id,
    parcel_id: item.parcel_id,
    quantity: item.quantity,
    unit: item.unit,
    rate_yuan: item.rate_yuan,
    ...(item.rate_yuan === null ? { amount_yuan: item.amount_yuan } : {}),
    paid_on: paidOn,
    notes: item.notes,
    ...why,
  }
}

/** The manual item form as typed. */
export interface ItemFormValues {
  item_type: string
  /** '' for none */
  household_id: string
  quantity: string
  unit: CompensationUnit
  pricing: 'rate' | 'lump_sum'
  rate: string
  amount: string
  /** '' for unpaid */
  paid_on: string
  notes: string
  reason: string
}

/** The form's values for a new item (of `itemType` in `unit`) or for editing `item`. */
export function itemFormValues(item: CompensationItem | null, itemType = 'attachments', unit: CompensationUnit = 'unit'): ItemFormValues {
  return {
    item_type: item?.item_type ?? itemType,
    household_id: item?.household_id == null ? '' : String(item.household_id),
    quantity: item?.quantity.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') ?? '1',
    unit: item?.unit ?? unit,
    pricing: item && item.rate_yuan === null ? 'lump_sum' : 'rate',
    rate: item?.rate_yuan ?? '',
    amount: item?.rate_yuan === null ? item.amount_yuan : '',
    paid_on: item?.paid_on ?? '',
    notes: item?.notes ?? '',
    reason: '',
  }
}

export type ItemFault = 'required' | 'quantity' | 'yuan'

/** The form's own checks, by field (item_type, quantity, rate, amount). */
export function checkItemForm(v: ItemFormValues): Record<string, ItemFault> {
  const faults: Record<string, ItemFault> = {}
  if (!v.item_type) faults.item_type = 'required'
  if (!v.quantity.trim()) faults.quantity = 'required'
  else if (normalizeQuantity(v.quantity) === null) faults.quantity = 'quantity'
  if (v.pricing === 'rate') {
    if (!v.rate.trim()) faults.rate = 'required'
    else if (normalizeYuan(v.rate) === null) faults.rate = 'yuan'
  } else if (!v.amount.trim()) faults.amount = 'required'
  else if (normalizeYuan(v.amount) === null || normalizeYuan(v.amount)!.split('.')[0]!.length > 9) faults.amount = 'yuan'
  return faults
}

/** The POST/PUT body of a checked form on `parcelId` of `projectId`. */
export function itemFormBody(v: ItemFormValues, projectId: number, parcelId: number): CompensationItemBody {
  return {
    project_id: projectId,
    item_type: v.item_type,
    household_id: v.household_id === '' ? null : Number(v.household_id),
    parcel_id: parcelId,
    quantity: normalizeQuantity(v.quantity)!,
    unit: v.unit,
    rate_yuan: v.pricing === 'rate' ? normalizeYuan(v.rate) : null,
    ...(v.pricing === 'lump_sum' ? { amount_yuan: normalizeYuan(v.amount)! } : {}),
    paid_on: v.paid_on || null,
    notes: v.notes.trim() || null,
    ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
  }
}
