import { issueCodes, type IssueCode } from '../domain/issue-codes.ts'
import { Problem } from '../problem.ts'

/** The SQLSTATE of sql/functions/zd_funds_refuse.sql: MESSAGE is an issue code, DETAIL its params as JSON. */
const ledgerRefusal = 'ZF001'

/**
 * Turns a refusal raised by the ledger's SQL rules (zd_fund_entry_guard, zd_funds_execute, …) into the
 * Problem it stands for, with its figures as params and as extension members (e.g. balance_yuan, amount_yuan);
 * undefined for any other error.
 */
export function ledgerProblem(err: unknown): Problem | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { code?: string; message?: string; detail?: string }
  if (e.code !== ledgerRefusal || !e.message || !(e.message in issueCodes)) return undefined
  let params: Record<string, unknown> = {}
  try {
    params = JSON.parse(e.detail ?? '{}') as Record<string, unknown>
  } catch {
    params = {}
  }
  return new Problem(e.message as IssueCode, params, [], e.message === 'NOT_FOUND' ? {} : params)
}
