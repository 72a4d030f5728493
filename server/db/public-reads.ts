import type { Database, Queryable } from './database.ts'

/** How long one public statement may run before PostgreSQL cancels it (SQLSTATE 57014 → 503 DB_TIMEOUT). */
export const publicStatementTimeoutMs = 5000

/**
 * Runs fn in a transaction under `SET LOCAL ROLE zd_public` with a statement timeout: everything fn runs can
 * read only the public_* views and call only the zd_public_* functions (sql/migrations/011_notices.sql), so a
 * mistake in a public handler cannot reach a household, a user or an unpublished notice. Both settings end with
 * the transaction, so the connection goes back to the pool as it came.
 *
 * `db` is the public database for reads (ctx.publicDb: a hot standby's router when DATABASE_REPLICA_URL is set,
 * server/db/replica.ts; SET LOCAL ROLE and SET LOCAL statement_timeout work on a standby, which refuses only writes)
 * and the primary (ctx.db) for the public's one write, a hearing request (zd_public_hearing_file).
 */
export async function asPublic<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE zd_public')
    // set_config(…, true) is SET LOCAL with the value bound.
    await tx.query("SELECT set_config('statement_timeout', $1, true)", [String(publicStatementTimeoutMs)])
    return fn(tx)
  })
}
