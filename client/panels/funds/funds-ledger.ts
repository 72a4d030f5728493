import type { FundEntry, FundsView } from '../../api/funds.ts'
import { sumDecimals } from '../records/decimal-sum.ts'
import { normalizeYuan } from '../records/rate-set.ts'

// Pure helpers of the funds ledger UI (FundsLedger.svelte and its parts). Money stays decimal text: typed amounts
// are read by rate-set.ts's normalizeYuan (commas, spaces, full-width digits), sums and differences are made on
// integers of fen (decimal-sum.ts). The server's figures are shown as they come; these only explain them.

const signs = /^\s*([+\-＋－])?\s*/

/**
 * A signed amount as typed for a correction ("-0.05", "－１，０００", "+12.5") → the API's decimal text
 * ("-0.05", "-1000", "12.5"), or null when it is not a non-zero amount with at most 2 decimals.
 */
export function normalizeSignedYuan(input: string): string | null {
  const m = signs.exec(input)!
  const minus = m[1] === '-' || m[1] === '－'
  const abs = normalizeYuan(input.slice(m[0].length))
  if (abs === null || isZero(abs)) return null
  return minus ? `-${abs}` : abs
}

/** A positive amount as typed (budget, deposit, request) → decimal text, or null (0 is not an amount here). */
export function normalizePositiveYuan(input: string): string | null {
  const abs = normalizeYuan(input)
  return abs === null || isZero(abs) ? null : abs
}

const isZero = (v: string) => /^-?0*(\.0*)?$/.test(v)

/** Whether a decimal string is below zero ("-0.01"); "-0.00" is not. */
export const isNegative = (v: string) => v.trim().startsWith('-') && !isZero(v.trim())

/** a − b, exact, 2 decimals. */
export const minusYuan = (a: string, b: string) => sumDecimals([a, negate(b)], 2)

/** −v as decimal text. */
export const negate = (v: string) => (v.startsWith('-') ? v.slice(1) : `-${v}`)

/** The corrections made to each entry, by the corrected entry's id, in ledger order. */
export function correctionsByEntry(entries: readonly FundEntry[]): Map<number, FundEntry[]> {
  const out = new Map<number, FundEntry[]>()
  for (const e of entries) {
    if (e.kind !== 'correction' || e.corrects_id === null) continue
    out.set(e.corrects_id, [...(out.get(e.corrects_id) ?? []), e])
  }
  return out
}

/** A deposit's or disbursement's amount with its corrections added (what the totals count), exact. */
export function netAmount(entry: FundEntry, corrections: Map<number, FundEntry[]>): string {
  return sumDecimals([entry.amount_yuan, ...(corrections.get(entry.id) ?? []).map((c) => c.amount_yuan)], 2)
}

/**
 * What an entry does to the balance: + for a deposit, − for a disbursement, and a correction moves it the way its
 * entry does (a correction of −0.05 to a disbursement gives 0.05 back).
 */
export function balanceEffect(entry: FundEntry, byId: Map<number, FundEntry>): string {
  if (entry.kind === 'deposit') return sumDecimals([entry.amount_yuan], 2)
  if (entry.kind === 'disbursement') return sumDecimals([negate(entry.amount_yuan)], 2)
  const target = entry.corrects_id === null ? undefined : byId.get(entry.corrects_id)
  return sumDecimals([target?.kind === 'disbursement' ? negate(entry.amount_yuan) : entry.amount_yuan], 2)
}

/** One ledger row as shown: the entry, what it did to the balance, and the balance after it (in ledger order). */
export interface LedgerRow {
  entry: FundEntry
  effect_yuan: string
  balance_after_yuan: string
  /** A deposit or disbursement: its amount with its corrections; null for a correction. */
  net_yuan: string | null
  /** The corrections made to it, for a deposit or disbursement. */
  corrections: FundEntry[]
}

/** The ledger in order with a running balance; the last balance equals the server's balance_yuan. */
export function ledgerRows(entries: readonly FundEntry[]): LedgerRow[] {
  const byId = new Map(entries.map((e) => [e.id, e]))
  const corrections = correctionsByEntry(entries)
  let balance = '0.00'
  return [...entries]
    .sort((a, b) => a.id - b.id)
    .map((entry) => {
      const effect = balanceEffect(entry, byId)
      balance = sumDecimals([balance, effect], 2)
      const own = corrections.get(entry.id) ?? []
      return {
        entry,
        effect_yuan: effect,
        balance_after_yuan: balance,
        net_yuan: entry.kind === 'correction' ? null : netAmount(entry, corrections),
        corrections: own,
      }
    })
}

/** Why a task letter cannot be issued now, or null when the deposits cover the current budget. */
export type TaskLetterBlock = { why: 'no_budget' } | { why: 'below_budget'; shortfall_yuan: string; budget_yuan: string; deposited_yuan: string }

export function taskLetterBlock(view: Pick<FundsView, 'budget_yuan' | 'deposited_yuan' | 'deposits_cover_budget'>): TaskLetterBlock | null {
  if (view.budget_yuan === null) return { why: 'no_budget' }
  if (view.deposits_cover_budget) return null
  return {
    why: 'below_budget',
    shortfall_yuan: minusYuan(view.budget_yuan, view.deposited_yuan),
    budget_yuan: view.budget_yuan,
    deposited_yuan: view.deposited_yuan,
  }
}

/** The balance if `amount` were paid out now, and whether that is refused (below zero). */
export function balanceAfterPayment(balance: string, amount: string): { balance_yuan: string; negative: boolean } {
  const after = minusYuan(balance, amount)
  return { balance_yuan: after, negative: isNegative(after) }
}

/** Entries a correction may target: deposits and disbursements (never a correction). */
export const correctable = (entries: readonly FundEntry[]) => entries.filter((e) => e.kind !== 'correction')
