import type { Geometry } from 'geojson'

/**
 * The facts the record, money and approval rules read: computed in SQL (sql/queries/audit-records.sql) by
 * server/db/audit-record-facts.ts, or read from fixture files (tests/fixtures/audit/<rule>/in). Every figure that
 * must not lose a digit is a decimal string: money in yuan with 2 decimals, areas in m² with 2 decimals, quantities
 * with the column's scale.
 */

/** One household of the project with its resettlement, members and agreement. */
export interface HouseholdFacts {
  id: number
  village_group: string | null
  parcel_ids: number[]
  /** Codes of the linked parcels, in the order of parcel_ids. */
  parcel_codes: string[]
  /** resettlements.persons (安置人口), null when the household has no resettlement record. */
  persons: number | null
  resettlement_id: number | null
  /** Members listed (the head among them when counted as a person). */
  members: number
  /** Members flagged is_resettled: the persons the resettlement should count. */
  flagged: number
  agreement_id: number | null
  agreement_number: string | null
  /** agreements.signed_on is set. */
  agreement_signed: boolean
}

/**
 * A compensation item that has no rate, or whose amount is not round(quantity × rate, 2) (the SQL keeps only those).
 * expected_yuan and difference_yuan (amount − expected) are computed in numeric; both null without a rate.
 */
export interface CompensationItemFacts {
  id: number
  item_type: string
  item_type_zh: string
  item_type_en: string
  origin: 'computed' | 'manual'
  household_id: number | null
  parcel_id: number | null
  parcel_code: string | null
  quantity: string
  unit: 'mu' | 'm2' | 'unit' | 'person_month' | 'household' | 'coffin'
  rate_yuan: string | null
  amount_yuan: string
  expected_yuan: string | null
  difference_yuan: string | null
}

/** The lowest point of a project's running balance (deposits − disbursements, each entry in time order). */
export interface LedgerFacts {
  /** Deposits and disbursements with their corrections, all time. */
  deposited_yuan: string
  disbursed_yuan: string
  /** The lowest running balance, '0.00' for an empty ledger; never above 0 when the ledger starts with a deposit. */
  lowest_balance_yuan: string
  /** The entry after which the balance was lowest (the first such), its time and Beijing date; null without entries. */
  lowest_entry_id: number | null
  lowest_at: string | null
  lowest_date: string | null
  /** Deposits and disbursements entered up to and including that entry (corrections counted when entered). */
  lowest_deposited_yuan: string
  lowest_disbursed_yuan: string
}

/** A disbursement entry of the ledger and the state of the request (pre-check) it executes. */
export interface DisbursementFacts {
  entry_id: number
  part: 'acquisition' | 'resettlement' | 'working'
  amount_yuan: string
  entered_at: string
  /** Beijing date of entered_at. */
  entered_date: string
  request_id: number
  request_status: 'requested' | 'approved' | 'rejected' | 'executed'
  requested_by: string
  decided_by: string | null
  decided_at: string | null
  /** decided_at is after entered_at: the pre-check came after the money left. */
  decided_after_entry: boolean
  /** The request names the same project, part and amount as the entry. */
  request_matches: boolean
}

export type ReportedFigureName =
  | 'deposited_yuan'
  | 'disbursed_yuan'
  | 'disbursed_acquisition_yuan'
  | 'disbursed_resettlement_yuan'
  | 'disbursed_working_yuan'

/**
 * A figure stated in a report (reported_figures; the latest row per scope, period and figure: a restatement
 * replaces the earlier one) and the ledger's figure of the same scope and period: entries dated (Beijing time)
 * within [period_start, period_end], each with its corrections.
 */
export interface ReportedFigureFacts {
  id: number
  /** null: office-wide (all projects). */
  project_id: number | null
  period_start: string
  period_end: string
  figure: ReportedFigureName
  stated_yuan: string
  ledger_yuan: string
  source: string
}

/** One land-approval batch (报批批次) with the areas Art. 46 weighs, from zd_area / ST_Area on the ellipsoid. */
export interface BatchFacts {
  id: number
  code: string
  name: string
  declared_authority: 'state_council' | 'province'
  parcel_ids: number[]
  /** Parcels ∩ basic_farmland, m² (2 decimals). */
  basic_farmland_m2: string
  /** Parcels of land class group 01 (耕地: 0101 水田, 0102 水浇地, 0103 旱地) outside basic farmland, m². */
  cultivated_m2: string
  /** All other parcel land outside basic farmland, m². */
  other_m2: string
  /** The parcels' part in basic farmland (EPSG:4490 GeoJSON), null when there is none: drawn on the map. */
  basic_farmland_geometry: Geometry | null
}

/** Everything the record rules need about one project. */
export interface RecordFacts {
  project_id: number
  households: HouseholdFacts[]
  compensation_items: CompensationItemFacts[]
  ledger: LedgerFacts
  disbursements: DisbursementFacts[]
  /** The project's own reported figures (project_id = this project). */
  reported: ReportedFigureFacts[]
  batches: BatchFacts[]
}

/** The office-wide reported figures (project_id NULL) whose period lies within [from, to], each with the ledger of all projects. */
export interface OfficeFacts {
  from: string
  to: string
  reported: ReportedFigureFacts[]
}
