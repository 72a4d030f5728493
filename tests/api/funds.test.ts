import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import type { Reply } from '../helpers/api.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

async function call(role: Role, method: string, path: string, json?: unknown, headers: Record<string, string> = {}) {
  const s = await w.api.as(role)
  return s.request(method, path, { json, headers })
}

const funds = () => `/api/projects/${w.projectId}/funds`

async function ok(r: Reply, status: number) {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`)
  return r
}

async function deposit(amount_yuan: string, payer = '怀化市城市建设投资有限公司') {
  return (await ok(await call('finance', 'POST', `${funds()}/deposits`, { amount_yuan, payer }), 201)).body
}

/** A disbursement request by finance, approved by the auditor unless told otherwise. */
async function approvedRequest(part: string, amount_yuan: string, approve = true) {
  const r = (await ok(await call('finance', 'POST', `${funds()}/disbursement-requests`, { part, amount_yuan }), 201)).body
  if (approve) await ok(await call('auditor', 'POST', `/api/funds/disbursement-requests/${r.id}/precheck`, { approve: true }), 200)
  return r.id as number
}

const execute = (id: number, role: Role = 'finance') => call(role, 'POST', `/api/funds/disbursement-requests/${id}/execute`)

async function view() {
  return (await ok(await call('auditor', 'GET', funds()), 200)).body
}

/** Rows of the ledger tables: a refused write must leave them all as they were. */
async function ledgerRows() {
  const [row] = await w.db.query(
    `SELECT (SELECT count(*) FROM fund_entries)::int AS entries, (SELECT count(*) FROM project_budgets)::int AS budgets,
            (SELECT count(*) FROM task_letters)::int AS letters,
            (SELECT coalesce(json_agg(status ORDER BY id), '[]') FROM disbursement_requests) AS requests`)
  return row!
}

describe('the funds ledger: figures exact to the fen', () => {
  it('records the 2021 figures: 13003.0764 万元 deposited, the three parts disbursed, the balance in numeric', async () => {
    await ok(await call('finance', 'PUT', `/api/projects/${w.projectId}/budget`, { budget_yuan: '130030764.00', note: '2021 年度预算' }), 200)
    await deposit('100000000')
    await deposit('30030764.00')
    const letter = await call('auditor', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '怀征任〔2021〕1号' })
    expect(letter.status).toBe(201)
    expect(letter.body).toMatchObject({ number: '怀征任〔2021〕1号', budget_yuan: '130030764.00', deposited_yuan: '130030764.00', issued_by: 'auditor' })
    // 10358.29951 万元 = 103582995.10 yuan; 2196.33 万元 = 21963300.00; 1035.332636 万元 = 10353326.36.
    for (const [part, yuan] of [['acquisition', '103582995.10'], ['resettlement', '21963300.00']] as const) {
      const entry = await execute(await approvedRequest(part, yuan))
      expect(entry.status).toBe(201)
      expect(entry.body).toMatchObject({ kind: 'disbursement', part, amount_yuan: yuan, entered_by: 'finance' })
    }
    const working = await approvedRequest('working', '10353326.36')
    // 130030764.00 − 103582995.10 − 21963300.00 = 4484468.90 is all there is.
    const short = await execute(working)
    expect(short.status).toBe(409)
    expect(short.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', balance_yuan: '4484468.90', amount_yuan: '10353326.36' })
    await deposit('6000000.00', '上年结转')
    expect((await execute(working)).status).toBe(201)
    const v = await view()
    expect(v).toMatchObject({
      project_id: w.projectId,
      budget_yuan: '130030764.00',
      deposited_yuan: '136030764.00',
      disbursed_yuan: { acquisition: '103582995.10', resettlement: '21963300.00', working: '10353326.36', total: '135899621.46' },
      balance_yuan: '131142.54',
      deposits_cover_budget: true,
    })
    expect(v.entries.map((e: any) => [e.kind, e.part, e.amount_yuan])).toEqual([
      ['deposit', null, '100000000.00'], ['deposit', null, '30030764.00'],
      ['disbursement', 'acquisition', '103582995.10'], ['disbursement', 'resettlement', '21963300.00'],
      ['deposit', null, '6000000.00'], ['disbursement', 'working', '10353326.36'],
    ])
    expect(v.requests.map((r: any) => [r.status, r.requested_by, r.decided_by, r.executed_by])).toEqual(
      Array(3).fill(['executed', 'finance', 'auditor', 'finance']))
    expect(v.task_letters).toHaveLength(1)
    expect(v.budgets.map((b: any) => b.budget_yuan)).toEqual(['130030764.00'])
  })

  it('adds 0.10 + 0.20 as exactly 0.30 and applies signed corrections to the entry they correct', async () => {
    const a = await deposit('0.10')
    await deposit('0.20')
    expect((await view()).deposited_yuan).toBe('0.30')
    const c = await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: a.id, amount_yuan: '-0.05', note: '多记 5 分' })
    expect(c.status).toBe(201)
    expect(c.body).toMatchObject({ kind: 'correction', corrects_id: a.id, amount_yuan: '-0.05', note: '多记 5 分' })
    const d = await execute(await approvedRequest('working', '0.20'))
    await ok(await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: d.body.id, amount_yuan: '0.05', note: '实付 0.25' }), 201)
    const v = await view()
    expect([v.deposited_yuan, v.disbursed_yuan.working, v.disbursed_yuan.total, v.balance_yuan]).toEqual(['0.25', '0.25', '0.25', '0.00'])
    // The corrected entries are unchanged: the ledger only grows.
    expect(v.entries.map((e: any) => e.amount_yuan)).toEqual(['0.10', '0.20', '-0.05', '0.20', '0.05'])
  })
})

describe('the funds ledger refuses, with a code, and writes nothing', () => {
  it('refuses money that is a JSON number, has more than 2 decimals, is not positive, is absurd or malformed', async () => {
    const before = await ledgerRows()
    const cases: [unknown, string][] = [
      [1234.5, 'MONEY_NOT_A_STRING'], [0.1, 'MONEY_NOT_A_STRING'], ['1234.505', 'MONEY_TOO_PRECISE'], ['0.001', 'MONEY_TOO_PRECISE'],
      ['0', 'MONEY_OUT_OF_RANGE'], ['-5.00', 'MONEY_OUT_OF_RANGE'], ['1000000000000', 'MONEY_OUT_OF_RANGE'],
      ['1e6', 'MONEY_MALFORMED'], ['1,000', 'MONEY_MALFORMED'], ['', 'MONEY_MALFORMED'], [null, 'FIELD_REQUIRED'],
    ]
    for (const [amount, code] of cases) {
      const r = await call('finance', 'POST', `${funds()}/deposits`, { amount_yuan: amount, payer: '用地单位' })
      expect([r.status, r.body.code, r.headers.get('content-type')], JSON.stringify(amount)).toEqual([422, code, 'application/problem+json; charset=utf-8'])
      expect(r.body.errors[0].path).toBe('amount_yuan')
    }
    const budget = await call('finance', 'PUT', `/api/projects/${w.projectId}/budget`, { budget_yuan: 5e6 })
    expect([budget.status, budget.body.code]).toEqual([422, 'MONEY_NOT_A_STRING'])
    const request = await call('finance', 'POST', `${funds()}/disbursement-requests`, { part: 'acquisition', amount_yuan: '12.345' })
    expect([request.status, request.body.code]).toEqual([422, 'MONEY_TOO_PRECISE'])
    const correction = await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: 1, amount_yuan: '0.00', note: 'x' })
    expect([correction.status, correction.body.code]).toEqual([422, 'MONEY_OUT_OF_RANGE'])
    expect(await ledgerRows()).toEqual(before)
  })

  it('explains money errors in Chinese by default and in English on request', async () => {
    const zh = await call('finance', 'POST', `${funds()}/deposits`, { amount_yuan: '1.234', payer: '用地单位' })
    expect(zh.body.title).toBe('金额最多精确到分（小数点后 2 位）。')
    const en = await call('finance', 'POST', `${funds()}/deposits`, { amount_yuan: '-1', payer: '用地单位' }, { 'accept-language': 'en' })
    expect(en.body.title).toBe('The amount must be greater than 0 and below 1,000,000,000,000 yuan.')
  })

  it('refuses unknown fields, a missing payer, an unknown part and a bad correction target', async () => {
    const r = await call('finance', 'POST', `${funds()}/deposits`, { amount_yuan: '1.00', payer: ' ', balance_yuan: '9' })
    expect(r.status).toBe(422)
    expect(r.body.errors.map((e: any) => [e.path, e.code])).toEqual([['balance_yuan', 'UNKNOWN_PROPERTY'], ['payer', 'FIELD_REQUIRED']])
    const part = await call('finance', 'POST', `${funds()}/disbursement-requests`, { part: 'bonus', amount_yuan: '1.00' })
    expect([part.status, part.body.code]).toEqual([422, 'FIELD_INVALID'])
    const nothing = await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: 424242, amount_yuan: '1.00', note: '更正' })
    expect([nothing.status, nothing.body.code]).toEqual([422, 'CORRECTION_TARGET_INVALID'])
    const noReason = await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: 1, amount_yuan: '1.00' })
    expect([noReason.status, noReason.body.errors[0].path, noReason.body.errors[0].code]).toEqual([422, 'note', 'FIELD_REQUIRED'])
    expect(await ledgerRows()).toEqual({ entries: 0, budgets: 0, letters: 0, requests: [] })
  })

  it('refuses a task letter until deposits cover the budget (409 DEPOSITS_BELOW_BUDGET with both figures)', async () => {
    const none = await call('auditor', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '1号' })
    expect([none.status, none.body.code]).toEqual([409, 'BUDGET_NOT_SET'])
    await ok(await call('finance', 'PUT', `/api/projects/${w.projectId}/budget`, { budget_yuan: '130030764.00' }), 200)
    await deposit('130030763.99')
    const before = await ledgerRows()
    const r = await call('auditor', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '1号' }, { 'accept-language': 'en' })
    expect(r.status).toBe(409)
    expect(r.body).toMatchObject({ code: 'DEPOSITS_BELOW_BUDGET', deposited_yuan: '130030763.99', budget_yuan: '130030764.00' })
    expect(r.body.title).toContain('130030763.99 yuan do not cover the budget of 130030764.00 yuan')
    expect(await ledgerRows()).toEqual(before)
    await deposit('0.01')
    expect((await call('auditor', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '1号' })).status).toBe(201)
    const again = await call('admin', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '1号' })
    expect([again.status, again.body.code]).toEqual([409, 'TASK_LETTER_NUMBER_TAKEN'])
    // A budget raised later does not undo a letter, but the view says the deposits no longer cover it.
    await ok(await call('finance', 'PUT', `/api/projects/${w.projectId}/budget`, { budget_yuan: '140000000' }), 200)
    const v = await view()
    expect([v.budget_yuan, v.deposits_cover_budget, v.task_letters.length, v.budgets.length]).toEqual(['140000000.00', false, 1, 2])
  })

  it('refuses to execute a disbursement without an approved pre-check (409 PRECHECK_REQUIRED)', async () => {
    await deposit('1000.00')
    const pending = await approvedRequest('acquisition', '10.00', false)
    const r = await execute(pending)
    expect([r.status, r.body.code, r.body.status]).toEqual([409, 'PRECHECK_REQUIRED', 'requested'])
    const noReason = await call('auditor', 'POST', `/api/funds/disbursement-requests/${pending}/precheck`, { approve: false })
    expect([noReason.status, noReason.body.errors[0].path, noReason.body.errors[0].code]).toEqual([422, 'reason', 'FIELD_REQUIRED'])
    const rejected = await call('auditor', 'POST', `/api/funds/disbursement-requests/${pending}/precheck`, { approve: false, reason: '缺少协议附件' })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({ status: 'rejected', decided_by: 'auditor', decision_reason: '缺少协议附件', entry_id: null })
    const afterReject = await execute(pending)
    expect([afterReject.status, afterReject.body.code, afterReject.body.status]).toEqual([409, 'PRECHECK_REQUIRED', 'rejected'])
    const twice = await call('admin', 'POST', `/api/funds/disbursement-requests/${pending}/precheck`, { approve: true })
    expect([twice.status, twice.body.code]).toEqual([409, 'REQUEST_ALREADY_DECIDED'])
    const v = await view()
    expect([v.balance_yuan, v.entries.length, v.requests[0].status]).toEqual(['1000.00', 1, 'rejected'])
  })

  it('refuses an execution that would overdraw (409 INSUFFICIENT_BALANCE) and leaves the request approved', async () => {
    await deposit('100.00')
    const id = await approvedRequest('resettlement', '100.01')
    const before = await ledgerRows()
    const r = await execute(id)
    expect(r.status).toBe(409)
    expect(r.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', balance_yuan: '100.00', amount_yuan: '100.01' })
    expect(r.body.title).toBe('余额不足：当前余额 100.00 元，本笔 100.01 元，余额不能为负。')
    expect(await ledgerRows()).toEqual(before)
    const [log] = await w.db.query<{ result: string; status: number; detail: any }>(
      "SELECT result, status, detail FROM operation_log WHERE action = 'funds.execute' ORDER BY id DESC LIMIT 1")
    expect(log).toMatchObject({ result: 'rejected', status: 409, detail: { code: 'INSUFFICIENT_BALANCE' } })
    // A correction that takes back more of a deposit than is left is refused the same way.
    const c = await call('finance', 'POST', `${funds()}/corrections`, { corrects_entry_id: 1, amount_yuan: '-100.01', note: '退款' })
    expect([c.status, c.body.code]).toEqual([409, 'CORRECTION_EXCEEDS_ENTRY'])
  })

  it('lets exactly one of two concurrent executions through when together they would overdraw', async () => {
    const fen = (yuan: string) => BigInt(yuan.replace('.', ''))
    const yuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`
    for (let round = 0; round < 3; round++) {
      await deposit('100.00')
      // Each request fits the balance alone (60 % and 50 % of it); together they would overdraw it.
      const balance = fen((await view()).balance_yuan)
      const a = await approvedRequest('acquisition', yuan((balance * 6n) / 10n))
      const b = await approvedRequest('working', yuan((balance * 5n) / 10n))
      const replies = await Promise.all([execute(a), execute(b)])
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409])
      expect(replies.find((r) => r.status === 409)!.body.code).toBe('INSUFFICIENT_BALANCE')
      const v = await view()
      const executed = v.requests.filter((r: any) => (r.id === a || r.id === b) && r.status === 'executed')
      expect(executed).toHaveLength(1)
      // The balance counts only the one that went through.
      expect(fen(v.balance_yuan)).toBe(balance - fen(executed[0].amount_yuan))
    }
  })

  it('executes one request once, even when asked twice at the same moment', async () => {
    await deposit('100.00')
    const id = await approvedRequest('working', '10.00')
    const replies = await Promise.all([execute(id), execute(id, 'admin')])
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409])
    expect(replies.find((r) => r.status === 409)!.body.code).toBe('REQUEST_ALREADY_EXECUTED')
    expect((await view()).balance_yuan).toBe('90.00')
  })

  it('keeps the four-eyes rule: whoever requested a disbursement cannot pre-check it, not even an admin', async () => {
    const r = (await ok(await call('admin', 'POST', `${funds()}/disbursement-requests`, { part: 'working', amount_yuan: '1.00' }), 201)).body
    const self = await call('admin', 'POST', `/api/funds/disbursement-requests/${r.id}/precheck`, { approve: true })
    expect([self.status, self.body.code]).toEqual([409, 'PRECHECK_BY_REQUESTER'])
    expect((await ledgerRows()).requests).toEqual(['requested'])
  })

  it('answers 404 for a project or request that does not exist', async () => {
    expect((await call('auditor', 'GET', '/api/projects/99999/funds')).status).toBe(404)
    expect((await call('finance', 'POST', '/api/projects/99999/funds/deposits', { amount_yuan: '1.00', payer: 'x' })).status).toBe(404)
    expect((await call('auditor', 'POST', '/api/funds/disbursement-requests/99999/precheck', { approve: true })).status).toBe(404)
    expect((await call('finance', 'POST', '/api/funds/disbursement-requests/99999/execute')).status).toBe(404)
    expect((await call('finance', 'POST', '/api/funds/disbursement-requests/abc/execute')).status).toBe(404)
  })
})

describe('who may touch the funds ledger', () => {
  it('lets finance write money, the auditor pre-check and issue letters, and keeps legal and the public out', async () => {
    const id = await approvedRequest('working', '1.00', false)
    const denied: [Role, string, string, unknown][] = [
      ['legal', 'GET', funds(), undefined],
      ['planner', 'POST', `${funds()}/deposits`, { amount_yuan: '1.00', payer: 'x' }],
      ['auditor', 'POST', `${funds()}/deposits`, { amount_yuan: '1.00', payer: 'x' }],
      ['auditor', 'PUT', `/api/projects/${w.projectId}/budget`, { budget_yuan: '1.00' }],
      ['finance', 'POST', `/api/funds/disbursement-requests/${id}/precheck`, { approve: true }],
      ['finance', 'POST', `/api/projects/${w.projectId}/task-letters`, { number: '1' }],
      ['auditor', 'POST', `/api/funds/disbursement-requests/${id}/execute`, undefined],
      ['planner', 'POST', `${funds()}/corrections`, { corrects_entry_id: 1, amount_yuan: '1.00', note: 'x' }],
    ]
    for (const [role, method, path, json] of denied) {
      const r = await call(role, method, path, json)
      expect([r.status, r.body.code], `${role} ${method} ${path}`).toEqual([403, 'FORBIDDEN'])
    }
    expect((await w.api.request('GET', funds())).status).toBe(401)
    for (const role of ['planner', 'auditor', 'finance', 'admin'] as const) {
      expect((await call(role, 'GET', funds())).status, role).toBe(200)
    }
    expect(await ledgerRows()).toEqual({ entries: 0, budgets: 0, letters: 0, requests: ['requested'] })
  })

  it('logs every ledger write with who, what and the amount', async () => {
    await deposit('12.34')
    const [log] = await w.db.query<{ username: string; action: string; target: string; result: string; status: number; detail: any }>(
      "SELECT username, action, target, result, status, detail FROM operation_log WHERE action = 'funds.deposit'")
    expect(log).toMatchObject({ username: 'finance', target: `project:${w.projectId}`, result: 'ok', status: 201, detail: { amount_yuan: '12.34' } })
  })
})
