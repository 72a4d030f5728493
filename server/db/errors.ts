import { issueCodes, type IssueCode } from '../domain/issue-codes.ts'
import { Problem } from '../problem.ts'

/** The SQLSTATE of the public's refusals (sql/functions/zd_public_hearing_file.sql): MESSAGE is an issue code. */
const publicRefusal = 'ZP001'

// SQLSTATEs and socket errors that mean "the database is not there right now", not "your input is bad".
const unavailableCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '58030',
])
const unavailableMessages = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Cannot use a pool after calling end/i]

/**
 * Turns a database error into the Problem the caller should see, or undefined for a genuine bug (500).
 * Outages become 503; statement timeouts 503; text the database cannot store 422.
 */
export function problemFromDbError(err: unknown): Problem | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { code?: string; message?: string }
  if ((e.code && unavailableCodes.has(e.code)) || unavailableMessages.some((re) => re.test(e.message ?? ''))) {
    return new Problem('DB_UNAVAILABLE')
  }
  // disk_full: the database could not extend a file; the statement failed and nothing of it was committed.
  if (e.code === '53100') return new Problem('STORAGE_UNAVAILABLE')
  if (e.code === '57014') return new Problem('DB_TIMEOUT')
  // A refusal of the public's SQL functions (sql/functions/zd_public_*.sql): the message is the issue code.
  if (e.code === publicRefusal && e.message && e.message in issueCodes) return new Problem(e.message as IssueCode)
  if (e.code === '22021' || e.code === '22P05') return new Problem('INVALID_CHARACTER')
  // A parcel delete, split or merge while households are tied to the parcel (household_parcels, ON DELETE RESTRICT).
  if ((e.code === '23001' || e.code === '23503') && (err as { constraint?: string }).constraint === 'household_parcels_parcel_id_fkey') {
    return new Problem('PARCEL_HAS_HOUSEHOLDS')
  }
  // A parcel or household delete while records (buildings, graves, attachments, compensation items, resettlements,
  // agreements) still refer to it.
  if (e.code === '23001' || e.code === '23503') {
    const constraint = (err as { constraint?: string }).constraint ?? ''
    if (/^(buildings|graves|attachments|compensation_items)_parcel_id_fkey$/.test(constraint)) return new Problem('PARCEL_HAS_RECORDS')
    if (/^(buildings|graves|attachments|compensation_items|resettlements|agreements)_household_id_fkey$/.test(constraint)) return new Problem('HOUSEHOLD_HAS_RECORDS')
  }
  return undefined
}
