import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { approvalAuthority, clauseText } from '../domain/audit/approval-authority.ts'
import { auditMessage } from '../domain/audit/codes.ts'
import { m2ToMu } from '../domain/audit/exact-decimal.ts'
import type { BatchFacts } from '../domain/audit/record-facts.ts'
import { ruleApprovalAuthority } from '../domain/audit/rules/approval-authority.ts'
import { invalid, Problem, type FieldIssue } from '../problem.ts'
import { parseApprovalBatch, type ApprovalBatchInput } from '../schemas/approval-batch.ts'
import { checkReferences, recordHandlers } from './record-crud.ts'

const q = loadQueries('approval-batches', ['select_one', 'list', 'for_update', 'parcels_check', 'insert', 'update', 'delete'])
/** The audit's own batch facts (sql/queries/audit-records.sql): one definition of the Art. 46 areas. */
const facts = loadQueries('audit-records', ['batches'])

/**
 * The project exists, and each parcel is an active parcel of the batch's project (422 PARCEL_NOT_IN_PROJECT at
 * `parcel_ids[i]`) that no other batch of the project holds (422 PARCEL_IN_OTHER_BATCH with that batch's code): a
 * parcel is asked approval for once. The parcels stay locked until commit.
 */
async function prepare(tx: Queryable, b: ApprovalBatchInput, current: { id: number } | undefined): Promise<unknown[]> {
  await checkReferences(tx, b.projectId, {})
  const faults = await tx.query<{ id: number; fault: 'missing' | 'other_project' | 'other_batch'; batch_code: string | null }>(
    q.parcels_check, [b.projectId, b.parcelIds, current?.id ?? null])
  if (faults.length) {
    const index = new Map(b.parcelIds.map((p, i) => [p, i]))
    throw invalid(faults.map((f): FieldIssue => f.fault === 'other_batch'
      ? { path: `parcel_ids[${index.get(f.id)}]`, code: 'PARCEL_IN_OTHER_BATCH', params: { id: f.id, batch: f.batch_code } }
      : { path: `parcel_ids[${index.get(f.id)}]`, code: 'PARCEL_NOT_IN_PROJECT', params: { id: f.id } }))
  }
  return [b.projectId, b.code, b.name, b.declaredAuthority, b.submittedOn, b.parcelIds]
}

/** The Art. 46 part of a batch's answer, from its audit facts. */
export function batchAuthority(f: BatchFacts, projectId: number) {
  const { authority, reasons } = approvalAuthority(f)
  const [finding] = ruleApprovalAuthority({ project_id: projectId, batches: [f] })
  return {
    basic_farmland_m2: f.basic_farmland_m2,
    basic_farmland_mu: m2ToMu(f.basic_farmland_m2, 4),
    cultivated_m2: f.cultivated_m2,
    cultivated_mu: m2ToMu(f.cultivated_m2, 4),
    other_m2: f.other_m2,
    other_mu: m2ToMu(f.other_m2, 4),
    required_authority: authority,
    authority_reasons: reasons.map((r) => ({ ...r, text: clauseText[r.clause] })),
    authority_agrees: authority === f.declared_authority,
    authority_finding: finding
      ? {
          code: finding.code, severity: finding.severity, key: finding.key,
          message: { zh: auditMessage(finding.code, finding.params, 'zh'), en: auditMessage(finding.code, finding.params, 'en') },
        }
      : null,
    basic_farmland_geometry: f.basic_farmland_geometry,
  }
}

/** Adds each batch's Art. 46 figures, computed live from the audit facts of its project. */
async function present(db: Queryable, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const byId = new Map<number, BatchFacts>()
  for (const projectId of new Set(rows.map((r) => Number(r.project_id)))) {
    for (const f of await db.query<BatchFacts>(facts.batches, [projectId])) byId.set(f.id, f)
  }
  return rows.map((r) => ({ ...r, ...batchAuthority(byId.get(Number(r.id))!, Number(r.project_id)) }))
}

/**
 * /api/approval-batches: 报批批次 with their parcels, written by planner and admin. Each answer carries the areas
 * Art. 46 weighs (m² and mu), the authority it requires with the items that apply, whether the declared one
 * agrees, and the audit's finding when it does not.
 */
export const approvalBatches = recordHandlers<ApprovalBatchInput>({
  type: 'approval_batch',
  queries: q,
  format: 'json',
  parse: (body) => parseApprovalBatch(body),
  prepare,
  compensation: false,
  present,
  unique: { approval_batches_code_key: (b) => new Problem('BATCH_CODE_TAKEN', { code: b.code }) },
})
