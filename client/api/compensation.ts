import { apiRequest } from './http.ts'
import { versionTag } from './parcels.ts'
import type { CompensationItem, CompensationUnit } from './records.ts'

/**
 * Compensation standards (补偿标准) and compensation items (补偿), as the README's "Compensation and rate sets"
 * describes them: GET/POST /api/projects/:id/rate-sets, POST /api/projects/:id/compensation/recompute and the
 * writes of /api/compensation-items (finance and admin). Every amount and quantity is a decimal string: the client
 * formats and adds them (decimal-sum.ts), never turns them into floats.
 */

/** One rate of a rate set: yuan per unit of its item type, for a key (a land class or group, a structure, an attachment name or kind, or '*'). */
export interface Rate {
  item_type: string
  key: string
  /** "24000.00" */
  rate_yuan: string
}

/** A version of a project's rate set; old versions never change. */
export interface RateSet {
  id: number
  version_no: number
  name: string
  basis: string | null
  /** YYYY-MM-DD */
  effective_from: string
  created_by: string
  created_at: string
  /** Why this version was made. */
  note: string | null
  /** The highest version: the one the computed items follow. */
  current: boolean
  rates: Rate[]
}

/** The body of POST /api/projects/:id/rate-sets. */
export interface RateSetBody {
  name: string
  basis?: string | null
  effective_from: string
  note?: string | null
  rates: Rate[]
}

/**
 * One difference between a project's computed items and what its records and current rate set give: `add`,
 * `update`, `remove`, or `held` (a paid item that would change and is left alone). `old_*` is null for an add,
 * `new_*` null for a remove.
 */
export interface CompensationChange {
  item_id: number | null
  item_type: string
  source_key: string
  change: 'add' | 'update' | 'remove' | 'held'
  household_id: number | null
  parcel_id: number | null
  unit: string
  old_quantity: string | null
  new_quantity: string | null
  old_rate_yuan: string | null
  new_rate_yuan: string | null
  old_amount_yuan: string | null
  new_amount_yuan: string | null
  rate_set_id: number | null
}

/** The answer of POST rate-sets: the new version, with what it changed in the project's computed items. */
export interface SavedRateSet extends RateSet {
  changes: CompensationChange[]
  /** The change of the project's total, e.g. "+1333.33" written as "1333.33" or "-120.50". */
  delta_yuan: string
}

export interface RecomputeAnswer {
  project_id: number
  dry_run: boolean
  changes: CompensationChange[]
  delta_yuan: string
  total_before_yuan: string
  total_after_yuan: string
}

/** A manual item as POST/PUT /api/compensation-items take it: a rate (amount = quantity × rate, by the server) or a lump sum. */
export interface CompensationItemBody {
  project_id: number
  item_type: string
  household_id: number | null
  parcel_id: number | null
  /** "2.5", up to 4 decimals */
  quantity: string
  unit: CompensationUnit
  rate_yuan: string | null
  /** Only for a lump sum (no rate). */
  amount_yuan?: string
  paid_on: string | null
  notes: string | null
  reason?: string | null
}

const enc = (id: number) => encodeURIComponent(String(id))

/** The project's rate sets, newest first (every logged-in role). */
export async function getRateSets(projectId: number, signal?: AbortSignal): Promise<RateSet[]> {
  return (await apiRequest<{ items: RateSet[] }>(`/projects/${enc(projectId)}/rate-sets`, { signal })).items
}

/** Saves a new version (finance, admin); the project's computed items are recomputed under it at once. */
export function createRateSet(projectId: number, body: RateSetBody): Promise<SavedRateSet> {
  return apiRequest<SavedRateSet>(`/projects/${enc(projectId)}/rate-sets`, { method: 'POST', body })
}

/** What a recompute would change (dry_run) or changes (finance, admin). */
export function recompute(projectId: number, dryRun: boolean, signal?: AbortSignal): Promise<RecomputeAnswer> {
  return apiRequest<RecomputeAnswer>(`/projects/${enc(projectId)}/compensation/recompute`, { method: 'POST', body: { dry_run: dryRun }, signal })
}

export function createCompensationItem(body: CompensationItemBody): Promise<CompensationItem> {
  return apiRequest<CompensationItem>('/compensation-items', { method: 'POST', body })
}

/** PUT with If-Match: a manual item in full; for a computed item only paid_on and notes count (send just those). */
export function updateCompensationItem(
  id: number,
  version: number,
  body: CompensationItemBody | { paid_on: string | null; notes: string | null; reason?: string | null },
): Promise<CompensationItem> {
  return apiRequest<CompensationItem>(`/compensation-items/${enc(id)}`, { method: 'PUT', body, headers: { 'If-Match': versionTag(version) } })
}

/** DELETE with If-Match and the reason kept in the item's history (manual items only: a computed one is 409). */
export function deleteCompensationItem(id: number, version: number, reason: string): Promise<void> {
  return apiRequest<void>(`/compensation-items/${enc(id)}`, { method: 'DELETE', body: { reason }, headers: { 'If-Match': versionTag(version) } })
}
