import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { ledgerProblem } from '../../server/db/ledger-errors.ts'
import { asOwner, resetData, testDb } from '../helpers/test-db.ts'

let db: Database
let project: number
beforeAll(async () => {
  db = await testDb()
})
beforeEach(async () => {
  await resetData(db)
  const [p] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('F', '资金') RETURNING id")
  project = p!.id
})

const deposit = (yuan: string) =>
  db.query<{ id: number }>("INSERT INTO fund_entries (project_id, kind, amount_yuan, payer, entered_by) VALUES ($1, 'deposit', $2, '用地单位', 'tester') RETURNING id", [project, yuan])

async function request(part: string, yuan: string, status: 'requested' | 'approved' = 'approved') {
  const [r] = await db.query<{ id: number }>(
    "INSERT INTO disbursement_requests (project_id, part, amount_yuan, requested_by) VALUES ($1, $2, $3, 'finance') RETURNING id", [project, part, yuan])
  if (status === 'approved') {
    await db.query("UPDATE disbursement_requests SET status = 'approved', decided_by = 'auditor', decided_at = now() WHERE id = $1", [r!.id])
  }
  return r!.id
}

const execute = (id: number) => db.query<{ id: number }>('SELECT zd_funds_execute($1, $2, NULL) AS id', [id, 'finance'])

async function totals() {
  const [t] = await db.query<Record<string, string | null>>(
    `SELECT budget_yuan::text, deposited_yuan::text, acquisition_yuan::text, resettlement_yuan::text, working_yuan::text,
            disbursed_yuan::text, balance_yuan::text FROM zd_funds_totals($1)`, [project])
  return t!
}

/** The issue code a ledger refusal raised in SQL maps to. */
async function refusal(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    const problem = ledgerProblem(err)
    if (!problem) throw err
    return { code: problem.code, params: problem.params }
  }
  throw new Error('expected a refusal')
}

describe('the funds ledger in SQL', () => {
  it('adds up the 2021 report exactly, to the fen: 13003.0764 万元 in, 13589.962146 万元 out by part', async () => {
    await deposit('130030764.00')
    await execute(await request('acquisition', '103582995.10'))
    await execute(await request('resettlement', '21963300.00'))
    // 130030764.00 − 103582995.10 − 21963300.00 = 4484468.90 left: the working funds would overdraw.
    const working = await request('working', '10353326.36')
    expect(await refusal(execute(working))).toEqual({ code: 'INSUFFICIENT_BALANCE', params: { balance_yuan: '4484468.90', amount_yuan: '10353326.36' } })
    // The year paid out more than it collected: the balance carried over from earlier deposits covers it.
    await deposit('6000000.00')
    await execute(working)
    expect(await totals()).toEqual({
      budget_yuan: null, deposited_yuan: '136030764.00', acquisition_yuan: '103582995.10', resettlement_yuan: '21963300.00',
      working_yuan: '10353326.36', disbursed_yuan: '135899621.46', balance_yuan: '131142.54',
    })
  })

  it('computes budget, deposits, parts and balance with corrections, in numeric', async () => {
    expect(await totals()).toEqual({
      budget_yuan: null, deposited_yuan: '0.00', acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '0.00',
      disbursed_yuan: '0.00', balance_yuan: '0.00',
    })
    await db.query("INSERT INTO project_budgets (project_id, budget_yuan, set_by) VALUES ($1, '1000.00', 'finance')", [project])
    await db.query("INSERT INTO project_budgets (project_id, budget_yuan, set_by) VALUES ($1, '1200.50', 'finance')", [project])
    const [d] = await deposit('0.10')
    await deposit('0.20')
    await deposit('1000.00')
    const [e] = await execute(await request('working', '300.15'))
    await db.query("INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', '-0.05', $2, 'finance', '录入错误')", [project, d!.id])
    await db.query("INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', '0.01', $2, 'finance', '少记一分')", [project, e!.id])
    expect(await totals()).toEqual({
      budget_yuan: '1200.50', deposited_yuan: '1000.25', acquisition_yuan: '0.00', resettlement_yuan: '0.00', working_yuan: '300.16',
      disbursed_yuan: '300.16', balance_yuan: '700.09',
    })
  })

  it('refuses UPDATE and DELETE on fund_entries, project_budgets and task_letters, and DELETE of a request', async () => {
    await deposit('500.00')
    await db.query("INSERT INTO project_budgets (project_id, budget_yuan, set_by) VALUES ($1, '500.00', 'finance')", [project])
    await db.query("SELECT zd_task_letter_issue($1, '怀征任〔2021〕1号', 'auditor', NULL)", [project])
    const id = await request('working', '1.00', 'requested')
    // The triggers hold even for the tables' owner (the app's role is refused before them: tests/db/grants.test.ts).
    for (const table of ['fund_entries', 'project_budgets', 'task_letters']) {
      await expect(asOwner(db, (tx) => tx.query(`UPDATE ${table} SET project_id = project_id`))).rejects.toThrow(/append-only/)
      await expect(asOwner(db, (tx) => tx.query(`DELETE FROM ${table}`))).rejects.toThrow(/append-only/)
    }
    await expect(db.query('DELETE FROM disbursement_requests WHERE id = $1', [id])).rejects.toThrow(/append-only/)
    expect((await totals()).deposited_yuan).toBe('500.00')
  })

  it('refuses a disbursement entry without an approved request, and executing one twice', async () => {
    await deposit('100.00')
    const pending = await request('acquisition', '10.00', 'requested')
    expect(await refusal(execute(pending))).toMatchObject({ code: 'PRECHECK_REQUIRED', params: { status: 'requested' } })
    expect(await refusal(db.query(
      "INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by) VALUES ($1, 'disbursement', 'acquisition', '10.00', $2, 'x')",
      [project, pending]))).toMatchObject({ code: 'PRECHECK_REQUIRED' })
    const approved = await request('acquisition', '10.00')
    // An entry that differs from what was approved is no execution of it.
    expect(await refusal(db.query(
      "INSERT INTO fund_entries (project_id, kind, part, amount_yuan, request_id, entered_by) VALUES ($1, 'disbursement', 'acquisition', '10.01', $2, 'x')",
      [project, approved]))).toMatchObject({ code: 'PRECHECK_REQUIRED' })
    await execute(approved)
    expect(await refusal(execute(approved))).toMatchObject({ code: 'REQUEST_ALREADY_EXECUTED' })
    expect((await totals()).balance_yuan).toBe('90.00')
  })

  it('never lets the balance go negative, whatever entry would do it', async () => {
    const [d] = await deposit('100.00')
    const big = await request('resettlement', '100.01')
    expect(await refusal(execute(big))).toEqual({ code: 'INSUFFICIENT_BALANCE', params: { balance_yuan: '100.00', amount_yuan: '100.01' } })
    const [status] = await db.query<{ status: string }>('SELECT status FROM disbursement_requests WHERE id = $1', [big])
    expect(status!.status).toBe('approved')
    await execute(await request('resettlement', '60.00'))
    // Taking 40.01 back from the deposit would leave −0.01.
    expect(await refusal(db.query(
      "INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', '-40.01', $2, 'x', '退回')",
      [project, d!.id]))).toEqual({ code: 'INSUFFICIENT_BALANCE', params: { balance_yuan: '40.00', amount_yuan: '40.01' } })
    expect((await totals()).balance_yuan).toBe('40.00')
  })

  it('refuses a correction of a correction, of another project, or below zero', async () => {
    const [d] = await deposit('100.00')
    const [c] = await db.query<{ id: number }>(
      "INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', '-1.00', $2, 'x', 'r') RETURNING id", [project, d!.id])
    const correct = (target: number, yuan: string, p = project) => db.query(
      "INSERT INTO fund_entries (project_id, kind, amount_yuan, corrects_id, entered_by, note) VALUES ($1, 'correction', $2, $3, 'x', 'r')", [p, yuan, target])
    expect(await refusal(correct(c!.id, '1.00'))).toMatchObject({ code: 'CORRECTION_TARGET_INVALID' })
    const [other] = await db.query<{ id: number }>("INSERT INTO projects (code, name) VALUES ('G', '另一项目') RETURNING id")
    expect(await refusal(correct(d!.id, '1.00', other!.id))).toMatchObject({ code: 'CORRECTION_TARGET_INVALID' })
    expect(await refusal(correct(d!.id, '-99.01'))).toEqual({
      code: 'CORRECTION_EXCEEDS_ENTRY', params: { entry_id: d!.id, entry_yuan: '99.00', amount_yuan: '-99.01' },
    })
  })

  it('lets a request move only requested → approved | rejected → (approved) executed, and keeps what was asked', async () => {
    const id = await request('working', '5.00', 'requested')
    await expect(db.query("UPDATE disbursement_requests SET amount_yuan = '6.00' WHERE id = $1", [id])).rejects.toThrow(/cannot change/)
    expect(await refusal(db.query(
      "UPDATE disbursement_requests SET status = 'approved', decided_by = 'finance', decided_at = now() WHERE id = $1", [id])))
      .toMatchObject({ code: 'PRECHECK_BY_REQUESTER' })
    await expect(db.query("UPDATE disbursement_requests SET status = 'executed', executed_by = 'x', executed_at = now(), decided_by = 'a', decided_at = now() WHERE id = $1", [id]))
      .rejects.toThrow(/cannot move/)
    await db.query("UPDATE disbursement_requests SET status = 'rejected', decided_by = 'auditor', decided_at = now(), decision_reason = '附件不全' WHERE id = $1", [id])
    await expect(db.query("UPDATE disbursement_requests SET status = 'approved' WHERE id = $1", [id])).rejects.toThrow(/cannot move/)
    const approved = await request('working', '5.00')
    await expect(db.query("UPDATE disbursement_requests SET status = 'executed', executed_by = 'x', executed_at = now() WHERE id = $1", [approved]))
      .rejects.toThrow(/without a ledger entry/)
  })

  it('issues a task letter only when deposits cover the budget, keeping both figures', async () => {
    const issue = (n: string) => db.query<{ id: number }>("SELECT zd_task_letter_issue($1, $2, 'auditor', NULL) AS id", [project, n])
    expect(await refusal(issue('1号'))).toMatchObject({ code: 'BUDGET_NOT_SET' })
    await db.query("INSERT INTO project_budgets (project_id, budget_yuan, set_by) VALUES ($1, '130030764.00', 'finance')", [project])
    await deposit('130030763.99')
    expect(await refusal(issue('1号'))).toEqual({
      code: 'DEPOSITS_BELOW_BUDGET', params: { deposited_yuan: '130030763.99', budget_yuan: '130030764.00' },
    })
    await deposit('0.01')
    const [l] = await issue('1号')
    const [row] = await db.query('SELECT number, budget_yuan::text, deposited_yuan::text, issued_by FROM task_letters WHERE id = $1', [l!.id])
    expect(row).toEqual({ number: '1号', budget_yuan: '130030764.00', deposited_yuan: '130030764.00', issued_by: 'auditor' })
    await expect(issue('1号')).rejects.toMatchObject({ code: '23505' })
  })

  it('refuses ledger writes for a project that does not exist', async () => {
    expect(await refusal(db.query('SELECT zd_funds_lock(999999)'))).toMatchObject({ code: 'NOT_FOUND' })
  })
})
