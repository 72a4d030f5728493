import type {
  BatchFacts, CompensationItemFacts, DisbursementFacts, HouseholdFacts, LedgerFacts, OfficeFacts, RecordFacts,
  ReportedFigureFacts,
} from '../domain/audit/record-facts.ts'
import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

export type { OfficeFacts, RecordFacts } from '../domain/audit/record-facts.ts'

const q = loadQueries('audit-records', [
  'households', 'compensation_items', 'ledger', 'disbursements', 'reported_figures', 'batches',
])

/**
 * The facts of the record, money and approval rules for one project, computed in SQL (sql/queries/audit-records.sql).
 * Several statements: run it inside a REPEATABLE READ transaction when the facts must come from one snapshot.
 * An unknown project gives empty facts.
 */
export async function loadRecordFacts(db: Queryable, projectId: number): Promise<RecordFacts> {
  const households = await db.query<HouseholdFacts>(q.households, [projectId])
  const compensationItems = await db.query<CompensationItemFacts>(q.compensation_items, [projectId])
  const [ledger] = await db.query<LedgerFacts>(q.ledger, [projectId])
  const disbursements = await db.query<DisbursementFacts>(q.disbursements, [projectId])
  const reported = await db.query<ReportedFigureFacts>(q.reported_figures, [projectId, null, null])
  const batches = await db.query<BatchFacts>(q.batches, [projectId])
  return {
    project_id: projectId,
    households,
    compensation_items: compensationItems,
    ledger: ledger!,
    disbursements,
    reported,
    batches,
  }
}

/**
 * The office-wide reported figures (project_id NULL) whose period lies within [from, to] (YYYY-MM-DD, inclusive),
 * each with the ledger of all projects over its own period.
 */
export async function loadOfficeFacts(db: Queryable, period: { from: string; to: string }): Promise<OfficeFacts> {
  const reported = await db.query<ReportedFigureFacts>(q.reported_figures, [null, period.from, period.to])
  return { from: period.from, to: period.to, reported }
}
