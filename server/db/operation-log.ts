import type { Queryable } from './database.ts'
import { loadQueries } from './queries.ts'

const q = loadQueries('auth', ['log'])

export interface OperationEntry {
  username: string | null
  action: string
  target?: string | null
  result: 'ok' | 'denied' | 'rejected' | 'failed'
  status: number
  ip?: string | null
  detail?: Record<string, unknown>
}

/** Appends one row to operation_log: who did what, to what, with what result. */
export async function logOperation(db: Queryable, e: OperationEntry) {
  await db.query(q.log, [
    e.username, e.action, e.target ?? null, e.result, e.status, e.ip ?? null,
    e.detail ? JSON.stringify(e.detail) : null,
  ])
}
