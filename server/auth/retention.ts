import type { Queryable } from '../db/database.ts'
import type { SecurityPolicy } from './policy.ts'

/**
 * Deletes operation-log rows past the policy's retention (never younger than 180 days) and hearing attempts past
 * the 24 hours their abuse limits read, and Idempotency-Key records after 24 hours (sql/functions/zd_retention_sweep.sql).
 * Returns the rows deleted per table.
 */
export async function sweepRetention(db: Queryable, policy: SecurityPolicy): Promise<Record<string, number>> {
  const rows = await db.query<{ table_name: string; deleted: string | number }>(
    'SELECT table_name, deleted FROM zd_retention_sweep($1::int)', [policy.operationLogRetentionDays])
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.deleted)]))
}
