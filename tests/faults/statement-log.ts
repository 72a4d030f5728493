import fs from 'node:fs'
import type { Database } from '../../server/db/database.ts'
import { sleep } from './cluster.ts'

// PostgreSQL's own record of every statement the app sends (log_statement = all), read back from the cluster's log
// file, for the P8 check that user text reaches the database only as a bound parameter.

/** Each entry starts with this prefix (log_line_prefix '%m [%p] '); a statement's further lines do not. */
const entryStart = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[\d+\] ([A-Z]+):  /m

/** One log entry: its severity and its text (a multi-line statement included). */
export interface LogEntry {
  severity: string
  text: string
}

/**
 * Entries that carry SQL text as PostgreSQL received it: `LOG:  statement:` (simple protocol), `LOG:  execute …:`
 * (extended protocol; parse and bind when their durations are logged), `DETAIL:  prepare:` and the `STATEMENT:`
 * after an error. `DETAIL:  parameters:` lists the bound values, and an ERROR may quote one: neither is SQL text.
 */
export function isStatementText(e: LogEntry): boolean {
  if (e.severity === 'STATEMENT') return true
  if (e.severity === 'LOG') return /^(statement: |(execute|parse|bind) [^:]*: |duration: [\d.]+ ms {2}(statement|execute|parse|bind))/.test(e.text)
  return e.severity === 'DETAIL' && e.text.startsWith('prepare: ')
}
export const isParameters = (e: LogEntry) => e.severity === 'DETAIL' && e.text.startsWith('parameters: ')

/** Statement logging on a running cluster, through its superuser connection; `from` is where its entries begin. */
export async function logStatements(admin: Database, logFile: string, on: boolean): Promise<number> {
  if (on) {
    await admin.query(`ALTER SYSTEM SET log_statement = 'all'`)
    await admin.query(`ALTER SYSTEM SET log_line_prefix = '%m [%p] '`)
    // Whole values in DETAIL: parameters, however long (the corpus has a 5,000-character one).
    await admin.query('ALTER SYSTEM SET log_parameter_max_length = -1')
  } else {
    await admin.query('ALTER SYSTEM RESET log_statement')
  }
  await admin.query('SELECT pg_reload_conf()')
  // Backends take the new setting before their next statement, once the postmaster has passed the signal on.
  await sleep(300)
  return fs.statSync(logFile).size
}

/** The log's entries written after byte `from`. */
export function readLog(logFile: string, from: number): LogEntry[] {
  const text = fs.readFileSync(logFile).subarray(from).toString('utf8')
  const parts = text.split(new RegExp(`(?=${entryStart.source})`, 'm'))
  return parts.flatMap((part) => {
    const m = entryStart.exec(part)
    return m ? [{ severity: m[1]!, text: part.slice(m[0].length).trimEnd() }] : []
  })
}
