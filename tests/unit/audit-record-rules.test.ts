import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  approvalAuthority, BASIC_FARMLAND_MIN_M2, CULTIVATED_LIMIT_M2, OTHER_LIMIT_M2,
} from '../../server/domain/audit/approval-authority.ts'
import { auditCodes, auditMessage } from '../../server/domain/audit/codes.ts'
import { compareDecimal, m2ToMu, subtractDecimal, sumDecimal, yuanToWan } from '../../server/domain/audit/exact-decimal.ts'
import type { Finding } from '../../server/domain/audit/finding.ts'
import type { RecordFacts } from '../../server/domain/audit/record-facts.ts'
import { runOfficeRules, runRecordRules } from '../../server/domain/audit/record-rules.ts'
import { ruleApprovalAuthority } from '../../server/domain/audit/rules/approval-authority.ts'
import { ruleCompensationAmount } from '../../server/domain/audit/rules/compensation-amount.ts'
import { ruleCompensationItemRate } from '../../server/domain/audit/rules/compensation-item-rate.ts'
import { ruleFundsDeposits } from '../../server/domain/audit/rules/funds-deposits.ts'
import { ruleFundsPrecheck } from '../../server/domain/audit/rules/funds-precheck.ts'
import { ruleFundsReportedParts } from '../../server/domain/audit/rules/funds-reported-parts.ts'
import { ruleFundsReportedTotals } from '../../server/domain/audit/rules/funds-reported-totals.ts'
import { ruleHouseholdAgreement } from '../../server/domain/audit/rules/household-agreement.ts'
import { ruleResettledPersons } from '../../server/domain/audit/rules/resettled-persons.ts'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/audit')
const update = process.env.ZD_UPDATE_FIXTURES === '1'

/** Each record rule by the folder of its fixtures: tests/fixtures/audit/<folder>/in/<case>.json → out/<case>.json. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rules: Record<string, (facts: any) => Finding[]> = {
  'resettled-persons': ruleResettledPersons,
  'household-agreement': ruleHouseholdAgreement,
  'compensation-item-rate': ruleCompensationItemRate,
  'compensation-amount': ruleCompensationAmount,
  'funds-reported-totals': ruleFundsReportedTotals,
  'funds-reported-parts': ruleFundsReportedParts,
  'funds-deposits': ruleFundsDeposits,
  'funds-precheck': ruleFundsPrecheck,
  'approval-authority': ruleApprovalAuthority,
}

/** The findings with their rendered messages, as the out files hold them (so that a review of a golden reads the words). */
function withMessages(findings: Finding[]) {
  return findings.map((f) => ({ ...f, message: { zh: auditMessage(f.code, f.params, 'zh'), en: auditMessage(f.code, f.params, 'en') } }))
}

describe('record rules on their fixtures (ZD_UPDATE_FIXTURES=1 rewrites the out files)', () => {
  for (const [folder, rule] of Object.entries(rules)) {
    const inDir = path.join(fixtures, folder, 'in')
    const cases = fs.readdirSync(inDir).filter((f) => f.endsWith('.json')).sort()
    it(`${folder} has cases with and without findings`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(3)
      expect(cases.some((c) => c.includes('no-finding'))).toBe(true)
    })
    for (const file of cases) {
      it(`${folder}/${file.replace(/\.json$/, '')}`, () => {
        const facts = JSON.parse(fs.readFileSync(path.join(inDir, file), 'utf8'))
        const actual = withMessages(rule(facts))
        const outFile = path.join(fixtures, folder, 'out', file)
        if (update) {
          fs.mkdirSync(path.dirname(outFile), { recursive: true })
          fs.writeFileSync(outFile, JSON.stringify(actual, null, 2) + '\n')
        }
        expect(actual).toEqual(JSON.parse(fs.readFileSync(outFile, 'utf8')))
        if (file.includes('no-finding')) expect(actual).toEqual([])
        for (const f of actual) {
          expect(f.key.startsWith(`${f.code}:`)).toBe(true)
          expect(f.severity).toBe(auditCodes[f.code].severity)
          // Every placeholder filled: a message states its numbers, never '{name}'.
          expect(f.message.zh).not.toMatch(/\{\w+\}/)
          expect(f.message.en).not.toMatch(/\{\w+\}/)
        }
      })
    }
  }
})

describe('Art. 46 of the Land Administration Law (approvalAuthority)', () => {
  it('states the thresholds as exact m²: 35 ha = 350 000 m² = 525 mu, 70 ha = 700 000 m² = 1050 mu', () => {
    expect(CULTIVATED_LIMIT_M2).toBe('350000')
    expect(OTHER_LIMIT_M2).toBe('700000')
    expect(m2ToMu('350000.00')).toBe('525.000')
    expect(m2ToMu('700000.00')).toBe('1050.000')
    expect(BASIC_FARMLAND_MIN_M2).toBe('0.01')
  })

  it('sends any permanent basic farmland, even 1 m², to the State Council', () => {
    expect(approvalAuthority({ basic_farmland_m2: '1.00', cultivated_m2: '0.00', other_m2: '0.00' })).toEqual({
      authority: 'state_council', reasons: [{ clause: 'basic_farmland', area_m2: '1.00', limit_m2: '0.01' }],
    })
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '0.00', other_m2: '0.00' }).authority).toBe('province')
  })

  it('sends 530 mu of 旱地 to the State Council and leaves 524 mu with the province; exactly 35 ha is not over', () => {
    // 530 mu = 353 333.33 m², 524 mu = 349 333.33 m² (1 mu = 10000/15 m²).
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '353333.33', other_m2: '0.00' }).authority).toBe('state_council')
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '349333.33', other_m2: '0.00' }).authority).toBe('province')
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '350000.00', other_m2: '0.00' }).authority).toBe('province')
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '350000.01', other_m2: '0.00' }).authority).toBe('state_council')
  })

  it('does not add cultivated land below 35 ha to the other land of item (3)', () => {
    // 34 ha of 耕地 and 40 ha of other land: 74 ha in all, but neither item reaches its limit.
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '340000.00', other_m2: '400000.00' }).authority).toBe('province')
    expect(approvalAuthority({ basic_farmland_m2: '0.00', cultivated_m2: '0.00', other_m2: '700000.01' })).toEqual({
      authority: 'state_council', reasons: [{ clause: 'other_over_70ha', area_m2: '700000.01', limit_m2: '700000' }],
    })
  })

  it('lists every item that applies', () => {
    expect(approvalAuthority({ basic_farmland_m2: '5.00', cultivated_m2: '400000.00', other_m2: '800000.00' }).reasons.map((r) => r.clause))
      .toEqual(['basic_farmland', 'cultivated_over_35ha', 'other_over_70ha'])
  })
})

describe('exact decimals for money and areas', () => {
  it('converts yuan to 万元 exactly, as the 2021 report writes them', () => {
    expect(yuanToWan('135899624.72')).toBe('13589.962472')
    expect(yuanToWan('135899621.46')).toBe('13589.962146')
    expect(yuanToWan('130030764.00')).toBe('13003.0764')
    expect(yuanToWan('3.26', true)).toBe('+0.000326')
    expect(yuanToWan('-10.00')).toBe('-0.001')
    expect(yuanToWan('0.00')).toBe('0')
  })

  it('adds and subtracts without floats: the three parts of 2021 are 3.26 yuan short of the stated total', () => {
    const parts = sumDecimal(['103582995.10', '21963300.00', '10353326.36'], 2)
    expect(parts).toBe('135899621.46')
    expect(subtractDecimal('135899624.72', parts, 2, true)).toBe('+3.26')
    expect(subtractDecimal('0.1', '0.3', 2)).toBe('-0.20')
    expect(compareDecimal('350000', '350000.00')).toBe(0)
    expect(compareDecimal('-0.01', '0')).toBe(-1)
  })
})

describe('runners', () => {
  it('finds the 2021 report once: its parts are 3.26 yuan short of its total, and they agree with the ledger', () => {
    const y = { project_id: null, period_start: '2021-01-01', period_end: '2021-12-31', source: '怀化市征收事务中心2021年绩效自评报告' }
    const findings = runOfficeRules({
      from: '2021-01-01', to: '2021-12-31', reported: [
        { ...y, id: 1, figure: 'deposited_yuan', stated_yuan: '130030764.00', ledger_yuan: '130030764.00' },
        { ...y, id: 2, figure: 'disbursed_yuan', stated_yuan: '135899624.72', ledger_yuan: '135899621.46' },
        { ...y, id: 3, figure: 'disbursed_acquisition_yuan', stated_yuan: '103582995.10', ledger_yuan: '103582995.10' },
        { ...y, id: 4, figure: 'disbursed_resettlement_yuan', stated_yuan: '21963300.00', ledger_yuan: '21963300.00' },
        { ...y, id: 5, figure: 'disbursed_working_yuan', stated_yuan: '10353326.36', ledger_yuan: '10353326.36' },
      ],
    })
    expect(findings.map((f) => f.key)).toEqual(['FUNDS_REPORTED_PARTS_MISMATCH:office:2021-01-01..2021-12-31:disbursed_yuan'])
    const [f] = findings
    expect(f!.project_id).toBeNull()
    expect(f!.params).toMatchObject({ stated_wan: '13589.962472', parts_wan: '13589.962146', difference_yuan: '+3.26', ledger_yuan: '135899621.46' })
    expect(auditMessage(f!.code, f!.params, 'zh')).toContain('13589.962472 万元')
    expect(auditMessage(f!.code, f!.params, 'zh')).toContain('相差 +3.26 元')
    expect(auditMessage(f!.code, f!.params, 'en')).toContain('off by +3.26 yuan (+0.000326 万元)')
  })

  it('still reports the stated total against the ledger when the parts do not explain it', () => {
    const y = { project_id: null, period_start: '2021-01-01', period_end: '2021-12-31', source: '报表' }
    const findings = runOfficeRules({
      from: '2021-01-01', to: '2021-12-31', reported: [
        { ...y, id: 2, figure: 'disbursed_yuan', stated_yuan: '135899624.72', ledger_yuan: '135899600.00' },
      ],
    })
    expect(findings.map((f) => [f.key, f.params.difference_yuan])).toEqual([
      ['FUNDS_REPORTED_TOTAL_MISMATCH:office:2021-01-01..2021-12-31:disbursed_yuan', '+24.72'],
    ])
  })

  it('runs every project rule on one set of facts and finds nothing in consistent ones', () => {
    const clean: RecordFacts = {
      project_id: 4,
      households: [{ id: 1, village_group: '一组', parcel_ids: [1], parcel_codes: ['P-1'], persons: 2, resettlement_id: 1, members: 3, flagged: 2, agreement_id: 1, agreement_number: 'A-1', agreement_signed: true }],
      compensation_items: [],
      ledger: { deposited_yuan: '100.00', disbursed_yuan: '100.00', lowest_balance_yuan: '0.00', lowest_entry_id: 2, lowest_at: '2021-05-20T10:00:00+08:00', lowest_date: '2021-05-20', lowest_deposited_yuan: '100.00', lowest_disbursed_yuan: '100.00' },
      disbursements: [],
      reported: [],
      batches: [{ id: 1, code: 'B', name: 'B', declared_authority: 'province', parcel_ids: [1], basic_farmland_m2: '0.00', cultivated_m2: '1000.00', other_m2: '0.00', basic_farmland_geometry: null }],
    }
    expect(runRecordRules(clean)).toEqual([])
    const dirty = { ...clean, households: [{ ...clean.households[0]!, persons: 3, agreement_signed: false }] }
    expect(runRecordRules(dirty).map((f) => f.key)).toEqual([
      'RESETTLED_PERSONS_MISMATCH:household:1', 'HOUSEHOLD_WITHOUT_AGREEMENT:household:1',
    ])
  })
})
