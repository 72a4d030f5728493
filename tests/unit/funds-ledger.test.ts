import { describe, expect, it } from 'vitest'
import type { FundEntry } from '../../client/api/funds.ts'
import {
  balanceAfterPayment,
  correctable,
  correctionsByEntry,
  isNegative,
  ledgerRows,
  minusYuan,
  normalizePositiveYuan,
  normalizeSignedYuan,
  taskLetterBlock,
} from '../../client/panels/funds/funds-ledger.ts'

let nextId = 1
function entry(kind: FundEntry['kind'], amount_yuan: string, extra: Partial<FundEntry> = {}): FundEntry {
  return {
    id: nextId++, project_id: 1, kind, part: kind === 'disbursement' ? 'acquisition' : null, amount_yuan,
    payer: kind === 'deposit' ? '用地单位' : null, request_id: kind === 'disbursement' ? 1 : null, corrects_id: null,
    entered_by: 'finance', entered_at: '2026-11-26T01:00:00Z', note: null, ...extra,
  }
}

describe('typed amounts', () => {
  it('reads positive yuan with commas, spaces and full-width digits, and refuses 0, signs and fractions of fen', () => {
    expect(normalizePositiveYuan('1,280,000.50')).toBe('1280000.50')
    expect(normalizePositiveYuan('１２８０，０００．５')).toBe('1280000.5')
    expect(normalizePositiveYuan(' 130 030 764 ')).toBe('130030764')
    expect(normalizePositiveYuan('0')).toBeNull()
    expect(normalizePositiveYuan('0.00')).toBeNull()
    expect(normalizePositiveYuan('-5')).toBeNull()
    expect(normalizePositiveYuan('1.234')).toBeNull()
    expect(normalizePositiveYuan('1e6')).toBeNull()
    expect(normalizePositiveYuan('')).toBeNull()
  })

  it('reads a signed correction with an ASCII or full-width sign, never 0', () => {
    expect(normalizeSignedYuan('-0.05')).toBe('-0.05')
    expect(normalizeSignedYuan('－１，０００')).toBe('-1000')
    expect(normalizeSignedYuan('+12.5')).toBe('12.5')
    expect(normalizeSignedYuan('＋3')).toBe('3')
    expect(normalizeSignedYuan('- 1,000.10')).toBe('-1000.10')
    expect(normalizeSignedYuan('-0')).toBeNull()
    expect(normalizeSignedYuan('--1')).toBeNull()
    expect(normalizeSignedYuan('0.001')).toBeNull()
  })
})

describe('exact differences', () => {
  it('subtracts on fen, never through floats', () => {
    expect(minusYuan('0.30', '0.10')).toBe('0.20')
    expect(minusYuan('130030764.00', '130030763.99')).toBe('0.01')
    expect(minusYuan('100.00', '100.01')).toBe('-0.01')
    expect(isNegative('-0.01')).toBe(true)
    expect(isNegative('-0.00')).toBe(false)
    expect(isNegative('0.00')).toBe(false)
  })

  it('gives the balance after a payment and whether it would go below zero', () => {
    expect(balanceAfterPayment('1000.00', '999.99')).toEqual({ balance_yuan: '0.01', negative: false })
    expect(balanceAfterPayment('1000.00', '1000')).toEqual({ balance_yuan: '0.00', negative: false })
    expect(balanceAfterPayment('1000.00', '1000.01')).toEqual({ balance_yuan: '-0.01', negative: true })
  })
})

describe('the ledger in order', () => {
  it('runs the balance, shows corrections against their entries and ends on the server’s balance', () => {
    const d = entry('deposit', '1000.00')
    const x = entry('disbursement', '300.10')
    const cx = entry('correction', '-0.10', { corrects_id: x.id, note: '多记 1 角' })
    const cd = entry('correction', '0.05', { corrects_id: d.id, note: '少记 5 分' })
    const rows = ledgerRows([cd, d, cx, x])
    expect(rows.map((r) => [r.entry.id, r.effect_yuan, r.balance_after_yuan, r.net_yuan])).toEqual([
      [d.id, '1000.00', '1000.00', '1000.05'],
      [x.id, '-300.10', '699.90', '300.00'],
      [cx.id, '0.10', '700.00', null],
      [cd.id, '0.05', '700.05', null],
    ])
    expect(rows[0]!.corrections.map((c) => c.id)).toEqual([cd.id])
    expect(rows[1]!.corrections.map((c) => c.id)).toEqual([cx.id])
    expect([...correctionsByEntry([d, x, cx, cd]).keys()]).toEqual([x.id, d.id])
    expect(correctable([d, x, cx, cd]).map((e) => e.id)).toEqual([d.id, x.id])
  })

  it('is empty without entries', () => {
    expect(ledgerRows([])).toEqual([])
  })
})

describe('when a task letter may be issued', () => {
  it('says why not: no budget, or the deposits short by an exact amount', () => {
    expect(taskLetterBlock({ budget_yuan: null, deposited_yuan: '5.00', deposits_cover_budget: null })).toEqual({ why: 'no_budget' })
    expect(taskLetterBlock({ budget_yuan: '130030764.00', deposited_yuan: '130030763.99', deposits_cover_budget: false })).toEqual({
      why: 'below_budget', shortfall_yuan: '0.01', budget_yuan: '130030764.00', deposited_yuan: '130030763.99',
    })
    expect(taskLetterBlock({ budget_yuan: '130030764.00', deposited_yuan: '130030764.00', deposits_cover_budget: true })).toBeNull()
  })
})
