import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { loadQueries } from '../../server/db/queries.ts'
import type { Reply } from '../helpers/api.ts'
import { useWorld } from '../helpers/world.ts'

// A sign-off goes stale on the project's funds too (zd_signoff_changes): ledger entries, each step of a disbursement
// request, task letters, budgets and the figures stated for the project. The project here has no parcels and no
// records, so it has no findings and can be signed at once; every change listed is a funds change.

const w = useWorld()
const projects = loadQueries('projects', ['insert'])

async function call(role: Role, method: string, path: string, json?: unknown) {
  return (await w.api.as(role)).request(method, path, { json })
}

async function ok(r: Reply, status: number) {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`)
  return r.body
}

const funds = (projectId = w.projectId) => `/api/projects/${projectId}/funds`
const setBudget = (yuan: string, projectId = w.projectId) =>
  call('finance', 'PUT', `/api/projects/${projectId}/budget`, { budget_yuan: yuan }).then((r) => ok(r, 200))
const deposit = (yuan: string, projectId = w.projectId) =>
  call('finance', 'POST', `${funds(projectId)}/deposits`, { amount_yuan: yuan, payer: '怀化市城市建设投资有限公司' }).then((r) => ok(r, 201))
const request = (part: string, yuan: string) =>
  call('finance', 'POST', `${funds()}/disbursement-requests`, { part, amount_yuan: yuan }).then((r) => ok(r, 201))
const precheck = (id: number, approve = true) =>
  call('auditor', 'POST', `/api/funds/disbursement-requests/${id}/precheck`, approve ? { approve } : { approve, reason: '附件不全' }).then((r) => ok(r, 200))
const execute = (id: number) => call('finance', 'POST', `/api/funds/disbursement-requests/${id}/execute`).then((r) => ok(r, 201))
const taskLetter = (number: string) => call('auditor', 'POST', `/api/projects/${w.projectId}/task-letters`, { number }).then((r) => ok(r, 201))
const reportedFigure = (projectId: number | null, stated_yuan: string, source = '2021 年度资金审计报告') =>
  call('finance', 'POST', '/api/reported-figures', {
    project_id: projectId, period_start: '2020-01-01', period_end: '2099-12-31', figure: 'deposited_yuan', stated_yuan, source,
  }).then((r) => ok(r, 201))

async function signOff() {
  return ok(await call('auditor', 'POST', `/api/projects/${w.projectId}/audit/signoffs`, { note: '资金稽核' }), 201)
}

/** The latest sign-off of the project as the workbench reads it. */
async function latest() {
  const list = await ok(await call('auditor', 'GET', `/api/projects/${w.projectId}/audit/signoffs`), 200)
  return list[0]
}

/** `stale` of the project's sign-off in the report of all time: the report's own reading of zd_signoff_changes. */
async function reportStale(): Promise<boolean> {
  const body = await ok(await call('auditor', 'GET', `/api/audit/report?from=2000-01-01&to=2099-12-31&projects=${w.projectId}`), 200)
  return body.projects[0].signoff.stale
}

const change = (kind: string, id: number, operation: string, changed_by: string, amount_yuan: string | null, code: string | null = null) =>
  ({ kind, id, code, operation, version: null, changed_by, changed_at: expect.any(String), amount_yuan })

describe('a sign-off goes stale on funds changes', () => {
  it('after a deposit, a request, its pre-check, its execution, a task letter, a budget and a reported figure, each listed newest first', async () => {
    const signed = await signOff()
    expect(signed).toMatchObject({ stale: false, changes: [], changes_total: 0 })
    const [wm] = await w.db.query<Record<string, string>>(`
      SELECT fund_entries_max::text AS f, disbursement_request_events_max::text AS d, task_letters_max::text AS t,
             project_budgets_max::text AS b, reported_figures_max::text AS r FROM audit_signoffs WHERE id = $1`, [signed.id])
    expect(wm).toEqual({ f: '0', d: '0', t: '0', b: '0', r: '0' })
    expect(await reportStale()).toBe(false)

    const budget = await setBudget('1000000.00')
    let s = await latest()
    expect(s).toMatchObject({ id: signed.id, stale: true, changes_total: 1 })
    expect(s.changes).toEqual([change('project_budget', budget.budgets[0].id, 'set', 'finance', '1000000.00')])
    expect(await reportStale()).toBe(true)

    const dep = await deposit('1000000.00')
    s = await latest()
    expect(s.changes_total).toBe(2)
    expect(s.changes[0]).toEqual(change('fund_entry', dep.id, 'deposit', 'finance', '1000000.00'))

    const req = await request('acquisition', '250000.50')
    s = await latest()
    expect(s.changes_total).toBe(3)
    expect(s.changes[0]).toEqual(change('disbursement_request', req.id, 'requested', 'finance', '250000.50'))

    await precheck(req.id)
    s = await latest()
    expect(s.changes_total).toBe(4)
    expect(s.changes[0]).toEqual(change('disbursement_request', req.id, 'approved', 'auditor', '250000.50'))

    const entry = await execute(req.id)
    s = await latest()
    // The execution is a step of the request and a ledger entry: both are listed.
    expect(s.changes_total).toBe(6)
    expect(s.changes.slice(0, 2).map((c: any) => [c.kind, c.id, c.operation]).sort()).toEqual([
      ['disbursement_request', req.id, 'executed'], ['fund_entry', entry.id, 'disbursement'],
    ])

    const letter = await taskLetter('怀征任〔2026〕7号')
    s = await latest()
    expect(s.changes_total).toBe(7)
    expect(s.changes[0]).toEqual(change('task_letter', letter.id, 'issue', 'auditor', null, '怀征任〔2026〕7号'))

    const fig = await reportedFigure(w.projectId, '1000000.00')
    s = await latest()
    expect(s.changes_total).toBe(8)
    expect(s.changes[0]).toEqual(change('reported_figure', fig.id, 'create', 'finance', '1000000.00', '2021 年度资金审计报告'))

    // A new sign-off stands again; the first stays stale with all eight changes.
    await ok(await call('auditor', 'POST', `/api/projects/${w.projectId}/audit/signoffs`, {}), 201)
    const list = await ok(await call('auditor', 'GET', `/api/projects/${w.projectId}/audit/signoffs`), 200)
    expect(list.map((x: any) => [x.stale, x.changes_total])).toEqual([[false, 0], [true, 8]])
    expect((await ok(await call('auditor', 'GET', `/api/projects/${w.projectId}/audit`), 200)).signoff).toMatchObject({ stale: false })
    expect(await reportStale()).toBe(false)
  })

  it('does not count funds written before the signature, another project\'s funds or office-wide figures', async () => {
    await setBudget('500000.00')
    await deposit('500000.00')
    const done = await request('working', '1000.00')
    await precheck(done.id)
    await execute(done.id)
    const refused = await request('resettlement', '2000.00')
    await precheck(refused.id, false)
    await taskLetter('怀征任〔2026〕8号')
    await reportedFigure(w.projectId, '500000.00')
    const signed = await signOff()
    expect(signed).toMatchObject({ stale: false, changes_total: 0 })

    const [row] = await w.db.query<{ id: number }>(projects.insert, ['P2', '另一项目', 'Other project', '鹤城区', null])
    await setBudget('100.00', row!.id)
    await deposit('100.00', row!.id)
    await reportedFigure(null, '500100.00', '全局资金报告')
    expect(await latest()).toMatchObject({ id: signed.id, stale: false, changes: [], changes_total: 0 })
    expect(await reportStale()).toBe(false)
  })

  it('counts the pre-check of a request made before the signature, and a rejection', async () => {
    await deposit('10000.00')
    const a = await request('acquisition', '3000.00')
    const b = await request('resettlement', '4000.00')
    await signOff()
    await precheck(a.id)
    await precheck(b.id, false)
    const s = await latest()
    expect(s).toMatchObject({ stale: true, changes_total: 2 })
    expect(s.changes.map((c: any) => [c.id, c.operation, c.changed_by, c.amount_yuan]).sort()).toEqual([
      [a.id, 'approved', 'auditor', '3000.00'], [b.id, 'rejected', 'auditor', '4000.00'],
    ])
    // The steps are an append-only log.
    await expect(w.db.query('UPDATE disbursement_request_events SET actor = $1', ['x'])).rejects.toThrow()
    await expect(w.db.query('DELETE FROM disbursement_request_events')).rejects.toThrow()
    const steps = await w.db.query<{ request_id: number; status: string; actor: string }>(
      'SELECT request_id, status, actor FROM disbursement_request_events ORDER BY id')
    expect(steps).toEqual([
      { request_id: a.id, status: 'requested', actor: 'finance' }, { request_id: b.id, status: 'requested', actor: 'finance' },
      { request_id: a.id, status: 'approved', actor: 'auditor' }, { request_id: b.id, status: 'rejected', actor: 'auditor' },
    ])
  })

  it('judges a sign-off without funds watermarks (made before they existed) by the funds rows dated after it', async () => {
    const early = await deposit('700.00')
    await w.db.query(`
      INSERT INTO audit_signoffs (project_id, signed_by, signed_at, parcel_history_max, household_history_max, record_history_max, totals, findings)
      VALUES ($1, 'auditor', now() + interval '1 second', 0, 0, 0, zd_audit_totals($1), '[]')`, [w.projectId])
    expect(await latest()).toMatchObject({ stale: false, changes_total: 0 })
    // Funds watermarks are all set or none.
    await expect(w.db.query(`
      INSERT INTO audit_signoffs (project_id, signed_by, parcel_history_max, household_history_max, record_history_max, fund_entries_max, totals, findings)
      VALUES ($1, 'auditor', 0, 0, 0, 0, '{}', '[]')`, [w.projectId])).rejects.toThrow(/audit_signoffs_funds_watermarks/)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const later = await deposit('300.00')
    const s = await latest()
    expect(s).toMatchObject({ stale: true, changes_total: 1 })
    expect(s.changes[0]).toMatchObject({ kind: 'fund_entry', id: later.id, amount_yuan: '300.00' })
    expect(later.id).toBeGreaterThan(early.id)
  })
})
