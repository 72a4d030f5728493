import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()
const projects = loadQueries('projects', ['insert'])

// S is 10949.47 m² = 16.4242 mu (zd_area, hostile-inputs.md G41): a claim of 18.000 mu is 1.58 mu too much, far
// beyond any tolerance (T ≈ 0.02 mu) and any basis signature (+9.6 %), so the audit must flag it as an error.
const overClaimed = '18.000'
const ringA = S
const ringB = square(110.003, 27.5)
const ringC = square(110.006, 27.5)

async function otherProject() {
  const [row] = await w.db.query<{ id: number }>(projects.insert, ['P2', '另一项目', 'Other project', '鹤城区', null])
  return row!.id
}

async function as(role: Role) {
  return w.api.as(role)
}

async function parcel(code: string, ring: [number, number][], props: Record<string, unknown> = {}, projectId = w.projectId) {
  const r = await (await as('planner')).request('POST', '/api/parcels', { json: parcelFeature(polygon(ring), projectId, { code, ...props }) })
  expect(r.status, r.text).toBe(201)
  return r.body.id as number
}

async function editParcel(id: number, version: number, ring: [number, number][], props: Record<string, unknown>, projectId = w.projectId) {
  const r = await (await as('planner')).request('PUT', `/api/parcels/${id}`, {
    json: { ...parcelFeature(polygon(ring), projectId, props), reason: '界址复核' }, headers: { 'if-match': `"v${version}"` },
  })
  expect(r.status, r.text).toBe(200)
}

/** A building of about 10 m × 11 m × 2 floors inside the parcel whose south-west corner is at lon, 27.5. */
function building(parcelId: number, lon: number, props: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: polygon(square(lon + 0.0002, 27.5002, 0.0001)),
    properties: {
      project_id: w.projectId, parcel_id: parcelId, code: 'F-001', structure: 'brick_concrete', floors: 2,
      floor_area_m2: '218.50', legal_status: 'licensed', ...props,
    },
  }
}

async function getAudit(role: Role = 'auditor', projectId = w.projectId) {
  return (await as(role)).request('GET', `/api/projects/${projectId}/audit`)
}

async function decide(key: string, decision: 'accepted' | 'returned' = 'accepted', role: Role = 'auditor', reason = '经核实，已说明') {
  return (await as(role)).request('POST', `/api/projects/${w.projectId}/audit/decisions`, { json: { finding_key: key, decision, reason } })
}

async function signOff(role: Role = 'auditor', json: unknown = { note: '同意' }) {
  return (await as(role)).request('POST', `/api/projects/${w.projectId}/audit/signoffs`, { json })
}

async function signoffs(projectId = w.projectId) {
  const r = await (await as('auditor')).request('GET', `/api/projects/${projectId}/audit/signoffs`)
  expect(r.status).toBe(200)
  return r.body as any[]
}

/** Accepts every error and warning not yet accepted, except the keys given. */
async function acceptOpen(except: string[] = []) {
  const findings = (await getAudit()).body.findings as any[]
  for (const f of findings) {
    if (f.severity !== 'info' && f.decision?.decision !== 'accepted' && !except.includes(f.key)) {
      expect((await decide(f.key)).status).toBe(201)
    }
  }
}

async function counts() {
  const [row] = await w.db.query<{ decisions: number; signoffs: number }>(
    'SELECT (SELECT count(*) FROM audit_decisions)::int AS decisions, (SELECT count(*) FROM audit_signoffs)::int AS signoffs')
  return row!
}

/** A project with two over-claimed parcels (A-001, A-002, a building on A-002) and one without a claim. */
async function world() {
  const a = await parcel('A-001', ringA, { claimed_area_mu: overClaimed })
  const b = await parcel('A-002', ringB, { claimed_area_mu: '20.000' })
  const c = await parcel('A-003', ringC)
  const f = await (await as('planner')).request('POST', '/api/buildings', { json: building(b, 110.003) })
  expect(f.status, f.text).toBe(201)
  return { a, b, c, building: f.body.id as number }
}

describe('project audit', () => {
  it('lists an over-claimed parcel as an error with its numbers in both languages, the parcel rows and the totals', async () => {
    const { a, b, c } = await world()
    const r = await getAudit()
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ project_id: w.projectId, signoff: null })
    expect(Date.parse(r.body.generated_at)).not.toBeNaN()
    const finding = r.body.findings.find((f: any) => f.key === `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${a}`)
    expect(finding).toMatchObject({ code: 'AREA_CLAIM_EXCEEDS_TOLERANCE', severity: 'error', project_id: w.projectId, decision: null })
    expect(finding.parcels).toContain(a)
    expect(finding.message.zh).toContain('18')
    expect(finding.message.en).toContain('18')
    expect(finding.message.zh).not.toMatch(/\{\w+\}/)
    expect(finding.message.en).not.toMatch(/\{\w+\}/)
    // Errors first, then warnings, then infos; by code within a severity.
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>
    const order = r.body.findings.map((f: any) => [rank[f.severity], f.code])
    expect(order).toEqual([...order].sort((x: any, y: any) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)))
    expect(r.body.parcels.map((p: any) => p.id).sort()).toEqual([a, b, c].sort())
    expect(r.body.parcels.find((p: any) => p.id === a)).toMatchObject({ code: 'A-001', verdict: 'exceeds' })
    expect(r.body.totals).toMatchObject({ parcels: 3, buildings: 1, houses_m2: '218.50', households: 0, persons: 0 })
    expect(r.body.totals.land_mu).toMatch(/^\d+\.\d{4}$/)

    // The other reading roles see the same; legal (notices and petitions) does not.
    expect((await getAudit('planner')).status).toBe(200)
    expect((await getAudit('finance')).status).toBe(200)
    expect((await getAudit('admin')).status).toBe(200)
    const legal = await getAudit('legal')
    expect([legal.status, legal.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await (await as('legal')).request('GET', `/api/projects/${w.projectId}/audit/signoffs`)).status).toBe(403)
    expect((await w.api.request('GET', `/api/projects/${w.projectId}/audit`)).status).toBe(401)
  })

  it('answers 404 for an unknown project, on every route', async () => {
    const auditor = await as('auditor')
    for (const [method, path, json] of [
      ['GET', '/api/projects/999999/audit', undefined],
      ['GET', '/api/projects/999999/audit/signoffs', undefined],
      ['POST', '/api/projects/999999/audit/decisions', { finding_key: 'X:project:1', decision: 'accepted', reason: '无' }],
      ['POST', '/api/projects/999999/audit/signoffs', {}],
      ['GET', '/api/projects/abc/audit', undefined],
    ] as const) {
      const r = await auditor.request(method, path, json ? { json } : {})
      expect([r.status, r.body.code], path).toEqual([404, 'NOT_FOUND'])
      expect(r.headers.get('content-type')).toContain('application/problem+json')
    }
    expect(await counts()).toEqual({ decisions: 0, signoffs: 0 })
  })
})

describe('decisions', () => {
  it('records an accepted decision with who and when, shows it on the finding, and logs it', async () => {
    const { a } = await world()
    const key = `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${a}`
    const r = await decide(key, 'accepted', 'auditor', '  经现场复核，申报面积含代征道路，予以认可。  ')
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ project_id: w.projectId, finding_key: key, decision: 'accepted', reason: '经现场复核，申报面积含代征道路，予以认可。', decided_by: 'auditor' })
    expect(Date.parse(r.body.decided_at)).not.toBeNaN()
    const finding = (await getAudit('planner')).body.findings.find((f: any) => f.key === key)
    expect(finding.decision).toMatchObject({ decision: 'accepted', reason: '经现场复核，申报面积含代征道路，予以认可。', decided_by: 'auditor' })
    // The latest decision stands: returned to the planner.
    expect((await decide(key, 'returned', 'admin', '请补充测绘报告')).status).toBe(201)
    const again = (await getAudit()).body.findings.find((f: any) => f.key === key)
    expect(again.decision).toMatchObject({ decision: 'returned', decided_by: 'admin' })
    const log = await w.db.query<{ username: string; action: string; result: string; detail: any }>(
      "SELECT username, action, result, detail FROM operation_log WHERE action = 'audit.decision' ORDER BY id")
    expect(log.map((l) => [l.username, l.result, l.detail.finding_key, l.detail.decision])).toEqual([
      ['auditor', 'ok', key, 'accepted'], ['admin', 'ok', key, 'returned'],
    ])
  })

  it('refuses a key that is not among the current findings (422), and a planner or finance (403), writing nothing', async () => {
    const { a, c } = await world()
    const unknown = await decide(`AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${c}`)
    expect([unknown.status, unknown.body.code]).toEqual([422, 'AUDIT_UNKNOWN_FINDING'])
    expect(unknown.body.messages.en).toContain(`parcel:${c}`)
    expect(unknown.body.messages['zh-CN']).toContain(`parcel:${c}`)
    const made = await decide('NO_SUCH_CODE:parcel:1')
    expect(made.body.code).toBe('AUDIT_UNKNOWN_FINDING')
    for (const role of ['planner', 'finance', 'legal'] as const) {
      const r = await decide(`AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${a}`, 'accepted', role)
      expect([r.status, r.body.code], role).toEqual([403, 'FORBIDDEN'])
    }
    expect(await counts()).toEqual({ decisions: 0, signoffs: 0 })
    const [rejected] = await w.db.query<{ result: string; status: number; detail: any }>(
      "SELECT result, status, detail FROM operation_log WHERE action = 'audit.decision' ORDER BY id LIMIT 1")
    expect(rejected).toMatchObject({ result: 'rejected', status: 422, detail: { code: 'AUDIT_UNKNOWN_FINDING' } })
  })

  it('checks the body at the edge: decision, a reason of 1–1000 characters without control characters, no other fields', async () => {
    const { a } = await world()
    const key = `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${a}`
    const auditor = await as('auditor')
    const post = (json: unknown) => auditor.request('POST', `/api/projects/${w.projectId}/audit/decisions`, { json })
    const cases: [unknown, string, string][] = [
      [{ finding_key: key, decision: 'accepted' }, 'reason', 'FIELD_REQUIRED'],
      [{ finding_key: key, decision: 'accepted', reason: '   ' }, 'reason', 'FIELD_REQUIRED'],
      [{ finding_key: key, decision: 'accepted', reason: '好'.repeat(1001) }, 'reason', 'FIELD_TOO_LONG'],
      [{ finding_key: key, decision: 'accepted', reason: '可\u0007以' }, 'reason', 'INVALID_CHARACTER'],
      [{ finding_key: key, decision: 'maybe', reason: '无' }, 'decision', 'FIELD_INVALID'],
      [{ finding_key: key, decision: 'accepted', reason: 42 }, 'reason', 'FIELD_INVALID'],
      [{ decision: 'accepted', reason: '无' }, 'finding_key', 'FIELD_REQUIRED'],
      [{ finding_key: key, decision: 'accepted', reason: '无', decided_by: 'someone' }, 'decided_by', 'UNKNOWN_PROPERTY'],
      [[key], '(body)', 'FIELD_INVALID'],
    ]
    for (const [json, path, code] of cases) {
      const r = await post(json)
      expect(r.status, JSON.stringify(json).slice(0, 80)).toBe(422)
      expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]))
    }
    expect((await post({ finding_key: key, decision: 'accepted', reason: '好'.repeat(1000) })).status).toBe(201)
    expect((await post({ finding_key: key, decision: 'accepted', reason: '第一行\n第二行\t完' })).status).toBe(201)
    const bad = await auditor.request('POST', `/api/projects/${w.projectId}/audit/decisions`, { raw: '{"finding_key":' })
    expect([bad.status, bad.body.code]).toEqual([400, 'MALFORMED_JSON'])
    expect((await counts()).decisions).toBe(2)
  })
})

describe('sign-off and staleness', () => {
  it('is refused while an error is open (409 with the count), then signed with watermarks, totals and findings', async () => {
    const { a, b } = await world()
    const keyA = `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${a}`
    const keyB = `AREA_CLAIM_EXCEEDS_TOLERANCE:parcel:${b}`
    expect((await decide(keyA)).status).toBe(201)
    // B is returned to the planner: a returned finding is still open.
    expect((await decide(keyB, 'returned', 'auditor', '请核实申报面积')).status).toBe(201)
    await acceptOpen([keyB])
    const refused = await signOff()
    expect([refused.status, refused.body.code]).toEqual([409, 'AUDIT_OPEN_FINDINGS'])
    expect(refused.body.open_findings).toEqual([keyB])
    expect(refused.body.messages.en).toContain('1 ')
    expect(refused.body.messages['zh-CN']).toContain('1 个')
    expect((await counts()).signoffs).toBe(0)
    const [log] = await w.db.query<{ result: string; status: number; detail: any }>(
      "SELECT result, status, detail FROM operation_log WHERE action = 'audit.signoff' ORDER BY id")
    expect(log).toMatchObject({ result: 'rejected', status: 409, detail: { code: 'AUDIT_OPEN_FINDINGS', count: 1 } })

    expect((await signOff('planner')).status).toBe(403)
    expect((await signOff('finance')).status).toBe(403)
    expect((await decide(keyB)).status).toBe(201)
    const audit = (await getAudit()).body
    const signed = await signOff()
    expect(signed.status, signed.text).toBe(201)
    expect(signed.body).toMatchObject({
      project_id: w.projectId, signed_by: 'auditor', note: '同意', totals: audit.totals, findings_count: audit.findings.length,
      stale: false, changes: [], changes_total: 0,
    })
    expect(signed.body.findings_by_severity.error).toBe(audit.findings.filter((f: any) => f.severity === 'error').length)
    const [stored] = await w.db.query<{ findings: any[]; parcel_history_max: string; record_history_max: string }>(
      'SELECT findings, parcel_history_max::text, record_history_max::text FROM audit_signoffs')
    expect(stored!.findings.find((f: any) => f.key === keyB)).toMatchObject({ decision: { decision: 'accepted' }, message: { zh: expect.any(String) } })
    const [max] = await w.db.query<{ p: string; r: string }>('SELECT max(id)::text AS p, (SELECT max(id)::text FROM record_history) AS r FROM parcel_history')
    expect([stored!.parcel_history_max, stored!.record_history_max]).toEqual([max!.p, max!.r])
    expect((await getAudit()).body.signoff).toMatchObject({ id: signed.body.id, stale: false })
    const full = await (await as('finance')).request('GET', `/api/projects/${w.projectId}/audit/signoffs/${signed.body.id}`)
    expect(full.status).toBe(200)
    expect(full.body.findings.map((f: any) => f.key)).toEqual(audit.findings.map((f: any) => f.key))
    expect((await (await as('auditor')).request('GET', `/api/projects/${w.projectId}/audit/signoffs/999999`)).status).toBe(404)

    // A sign-off takes no body or an empty one just as well; a bad note is refused.
    expect((await signOff('admin', {})).status).toBe(201)
    const badNote = await signOff('auditor', { note: 'x'.repeat(1001) })
    expect([badNote.status, badNote.body.errors[0]]).toMatchObject([422, { path: 'note', code: 'FIELD_TOO_LONG' }])
  })

  it('goes stale on a parcel edit or a household and lists the change; another project\'s change does not count', async () => {
    const { a } = await world()
    const other = await otherProject()
    const far = await parcel('B-001', square(110.02, 27.52), {}, other)
    await acceptOpen()
    const signed = await signOff()
    expect(signed.status, signed.text).toBe(201)

    await editParcel(far, 1, square(110.02, 27.52, 0.0012), { code: 'B-001' }, other)
    expect((await signoffs())[0]).toMatchObject({ id: signed.body.id, stale: false, changes_total: 0 })

    // Move one vertex of A-001 by about 10 m.
    const moved: [number, number][] = [[110.0, 27.5], [110.0011, 27.5], [110.001, 27.501], [110.0, 27.501], [110.0, 27.5]]
    await editParcel(a, 1, moved, { code: 'A-001', claimed_area_mu: overClaimed })
    const [view] = await signoffs()
    expect(view).toMatchObject({ id: signed.body.id, stale: true, changes_total: 1 })
    expect(view.changes).toEqual([{ kind: 'parcel', id: a, code: 'A-001', operation: 'update', version: 2, changed_by: 'planner', changed_at: expect.any(String), amount_yuan: null }])
    expect((await getAudit()).body.signoff).toMatchObject({ id: signed.body.id, stale: true })

    // A household is listed without its head's name (personal data).
    const h = await (await as('planner')).request('POST', '/api/households', { json: { project_id: w.projectId, name: '张美玉', parcel_ids: [a] } })
    expect(h.status, h.text).toBe(201)
    const [after] = await signoffs()
    expect(after.changes_total).toBe(2)
    expect(after.changes[0]).toEqual({ kind: 'household', id: h.body.id, code: null, operation: 'create', version: 1, changed_by: 'planner', changed_at: expect.any(String), amount_yuan: null })
  })

  it('goes stale on a building edit, on a parcel moved out of the project and on a delete, newest change first', async () => {
    const { b, c, building: f } = await world()
    const other = await otherProject()
    await acceptOpen()
    const first = await signOff()
    expect(first.status, first.text).toBe(201)

    const planner = await as('planner')
    const edit = await planner.request('PUT', `/api/buildings/${f}`, {
      json: building(b, 110.003, { floor_area_m2: '219.00', reason: '复测' }), headers: { 'if-match': '"v1"' },
    })
    expect(edit.status, edit.text).toBe(200)
    let [view] = await signoffs()
    expect(view).toMatchObject({ stale: true, changes_total: 1 })
    expect(view.changes[0]).toMatchObject({ kind: 'building', id: f, code: 'F-001', operation: 'update', version: 2, changed_by: 'planner' })

    // A new sign-off is current again; the first one stays stale.
    await acceptOpen()
    const second = await signOff()
    expect(second.status, second.text).toBe(201)
    const list = await signoffs()
    expect(list.map((s) => [s.id, s.stale])).toEqual([[second.body.id, false], [first.body.id, true]])

    // A-003 moves to the other project: its history row carries the new project, yet it is a change of this one.
    await editParcel(c, 1, ringC, { code: 'A-003' }, other)
    ;[view] = await signoffs()
    expect(view).toMatchObject({ id: second.body.id, stale: true, changes_total: 1 })
    expect(view.changes[0]).toMatchObject({ kind: 'parcel', id: c, operation: 'update', version: 2 })
    expect((await signoffs(other))).toEqual([])

    await acceptOpen()
    const third = await signOff()
    expect(third.status, third.text).toBe(201)
    const del = await planner.request('DELETE', `/api/buildings/${f}`, { json: { reason: '已拆除' }, headers: { 'if-match': '"v2"' } })
    expect(del.status, del.text).toBe(204)
    ;[view] = await signoffs()
    expect(view.changes[0]).toMatchObject({ kind: 'building', id: f, operation: 'delete', version: 3 })
    const edited = await planner.request('PUT', `/api/parcels/${b}`, {
      json: { ...parcelFeature(polygon(ringB), w.projectId, { code: 'A-002', claimed_area_mu: '16.424' }), reason: '更正申报面积' },
      headers: { 'if-match': '"v1"' },
    })
    expect(edited.status, edited.text).toBe(200)
    ;[view] = await signoffs()
    expect(view.changes_total).toBe(2)
    expect(view.changes.map((ch: any) => [ch.kind, ch.operation])).toEqual([['parcel', 'update'], ['building', 'delete']])
  })
})

describe('office audit', () => {
  const key = 'FUNDS_REPORTED_TOTAL_MISMATCH:office:2021-01-01..2021-12-31:deposited_yuan'

  async function reported() {
    await w.db.query(
      `INSERT INTO reported_figures (project_id, period_start, period_end, figure, stated_yuan, source, created_by)
       VALUES (NULL, '2021-01-01', '2021-12-31', 'deposited_yuan', '100.00', '2021年度绩效自评报告', 'auditor')`)
  }

  it('lists a figure the office stated for the period against the ledger, and takes decisions on it', async () => {
    await reported()
    const auditor = await as('auditor')
    const r = await auditor.request('GET', '/api/audit/office?from=2021-01-01&to=2021-12-31')
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({ from: '2021-01-01', to: '2021-12-31' })
    const finding = r.body.findings.find((f: any) => f.key === key)
    expect(finding).toMatchObject({ code: 'FUNDS_REPORTED_TOTAL_MISMATCH', severity: 'error', project_id: null, decision: null })
    expect(finding.message.zh).toContain('100')
    expect(finding.message.en).toContain('100')
    // A period that does not hold the figure's own period does not list it.
    expect((await auditor.request('GET', '/api/audit/office?from=2021-02-01&to=2021-12-31')).body.findings).toEqual([])

    const post = (json: unknown, role: Role = 'auditor') => as(role).then((s) => s.request('POST', '/api/audit/office/decisions', { json }))
    const made = await post({ finding_key: key, decision: 'accepted', reason: '报告笔误，已函告更正' })
    expect(made.status, made.text).toBe(201)
    expect(made.body).toMatchObject({ project_id: null, finding_key: key, decision: 'accepted', decided_by: 'auditor' })
    const again = await (await as('finance')).request('GET', '/api/audit/office?from=2021-01-01&to=2021-12-31')
    expect(again.body.findings.find((f: any) => f.key === key).decision).toMatchObject({ decision: 'accepted', reason: '报告笔误，已函告更正' })
    // An office decision is not a project's.
    const [row] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_decisions WHERE project_id IS NOT NULL')
    expect(row!.n).toBe(0)

    for (const k of ['FUNDS_REPORTED_TOTAL_MISMATCH:office:2022-01-01..2022-12-31:deposited_yuan', 'FUNDS_REPORTED_TOTAL_MISMATCH:office', 'x']) {
      const r2 = await post({ finding_key: k, decision: 'returned', reason: '无' })
      expect([r2.status, r2.body.code], k).toEqual([422, 'AUDIT_UNKNOWN_FINDING'])
    }
    for (const role of ['planner', 'finance', 'legal'] as const) {
      expect((await post({ finding_key: key, decision: 'accepted', reason: '无' }, role)).status, role).toBe(403)
    }
    expect((await counts()).decisions).toBe(1)
  })

  it('is read by auditor, finance and admin only, for a real period', async () => {
    await reported()
    for (const role of ['auditor', 'finance', 'admin'] as const) {
      expect((await (await as(role)).request('GET', '/api/audit/office?from=2021-01-01&to=2021-12-31')).status, role).toBe(200)
    }
    for (const role of ['planner', 'legal'] as const) {
      expect((await (await as(role)).request('GET', '/api/audit/office?from=2021-01-01&to=2021-12-31')).status, role).toBe(403)
    }
    const auditor = await as('auditor')
    for (const query of ['', '?from=2021-01-01', '?to=2021-12-31', '?from=2021-02-30&to=2021-12-31', '?from=2021-1-1&to=2021-12-31',
      '?from=2022-01-01&to=2021-12-31', '?from=2021-01-01T00:00&to=2021-12-31']) {
      const r = await auditor.request('GET', `/api/audit/office${query}`)
      expect([r.status, r.body.code], query).toEqual([400, 'AUDIT_PERIOD_INVALID'])
      expect(r.body.messages.en).toMatch(/^Invalid audit period: \S/)
      expect(r.body.messages['zh-CN']).toMatch(/^稽核期间无效：\S/)
    }
    const twice = await auditor.request('GET', '/api/audit/office?from=2021-01-01&from=2021-02-01&to=2021-12-31')
    expect([twice.status, twice.body.code]).toEqual([400, 'INVALID_PARAMETER_TYPE'])
  })
})
