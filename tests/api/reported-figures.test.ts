import { describe, expect, it } from 'vitest'
import type { Role } from '../../server/auth/sessions.ts'
import { labelRecords } from '../../server/db/audit.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

// The ledger's deposits are dated now (Beijing time); a period from 2020 to 2099 holds them whatever today is.
const period = { period_start: '2020-01-01', period_end: '2099-12-31' }
const office = '/api/audit/office?from=2020-01-01&to=2099-12-31'

function figure(extra: Record<string, unknown> = {}) {
  return { project_id: null, ...period, figure: 'deposited_yuan', stated_yuan: '1000.00', source: '2021 年度资金审计报告', ...extra }
}

async function post(body: unknown, role: Role = 'finance') {
  return (await w.api.as(role)).request('POST', '/api/reported-figures', { json: body })
}

async function list(query = '', role: Role = 'auditor') {
  return (await w.api.as(role)).request('GET', `/api/reported-figures${query}`)
}

async function counts() {
  const [row] = await w.db.query<{ figures: number; ok: number; rejected: number }>(`
    SELECT (SELECT count(*) FROM reported_figures)::int AS figures,
           (SELECT count(*) FROM operation_log WHERE action = 'reported_figure.create' AND result = 'ok')::int AS ok,
           (SELECT count(*) FROM operation_log WHERE action = 'reported_figure.create' AND result = 'rejected')::int AS rejected`)
  return row!
}

async function deposit(amount: string) {
  const r = await (await w.api.as('finance')).request('POST', `/api/projects/${w.projectId}/funds/deposits`, { json: { amount_yuan: amount, payer: '市财政局' } })
  expect(r.status, r.text).toBe(201)
}

describe('reported figures (报告数)', () => {
  it('creates a figure (201, exact money, who entered it) and lists it by scope and period', async () => {
    const r = await post(figure({ stated_yuan: '135899624.72' }))
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({
      project_id: null, project_code: null, period_start: '2020-01-01', period_end: '2099-12-31', figure: 'deposited_yuan',
      stated_yuan: '135899624.72', source: '2021 年度资金审计报告', created_by: 'finance', stands: true,
    })
    const p = await post(figure({ project_id: w.projectId, figure: 'disbursed_yuan', stated_yuan: '12', source: '项目报告' }), 'auditor')
    expect(p.status, p.text).toBe(201)
    expect(p.body).toMatchObject({ project_id: w.projectId, project_code: 'P1', stated_yuan: '12.00', created_by: 'auditor' })

    expect((await list()).body.map((f: any) => f.id).sort()).toEqual([r.body.id, p.body.id].sort())
    expect((await list('?project=office')).body.map((f: any) => f.id)).toEqual([r.body.id])
    expect((await list(`?project=${w.projectId}`)).body.map((f: any) => f.id)).toEqual([p.body.id])
    expect((await list('?project=office&from=2020-01-01&to=2099-12-31')).body).toHaveLength(1)
    expect((await list('?from=2021-01-01&to=2021-12-31')).body).toHaveLength(0)
    expect(await counts()).toEqual({ figures: 2, ok: 2, rejected: 0 })
  })

  it('a restatement is a new row; the latest stands, and the office audit reads it', async () => {
    await deposit('1000.00')
    const first = await post(figure({ stated_yuan: '1003.26' }))
    expect(first.status).toBe(201)
    const before = await (await w.api.as('auditor')).request('GET', office)
    expect(before.status).toBe(200)
    const found = before.body.findings.find((f: any) => f.code === 'FUNDS_REPORTED_TOTAL_MISMATCH')
    expect(found).toMatchObject({ params: { stated_yuan: '1003.26', ledger_yuan: '1000.00', difference_yuan: '+3.26' } })
    expect(found.records).toEqual([{ type: 'reported_figure', id: first.body.id }])
    expect(found.record_labels).toEqual([{
      type: 'reported_figure', id: first.body.id, code: null,
      zh: `报告数 #${first.body.id}（预存资金，2020-01-01 – 2099-12-31）`, en: `Reported figure #${first.body.id} (deposits, 2020-01-01 – 2099-12-31)`,
    }])

    const restated = await post(figure({ stated_yuan: '1000' }))
    expect(restated.status).toBe(201)
    const rows = (await list('?project=office')).body as any[]
    expect(rows.map((f) => [f.id, f.stated_yuan, f.stands])).toEqual([[restated.body.id, '1000.00', true], [first.body.id, '1003.26', false]])
    const after = await (await w.api.as('auditor')).request('GET', office)
    expect(after.body.findings).toEqual([])
  })

  it('entering a figure that differs from the ledger makes the office audit find the discrepancy', async () => {
    await deposit('500.00')
    expect((await (await w.api.as('auditor')).request('GET', office)).body.findings).toEqual([])
    expect((await post(figure({ stated_yuan: '499.99' }))).status).toBe(201)
    const findings = (await (await w.api.as('finance')).request('GET', office)).body.findings as any[]
    expect(findings.map((f) => f.key)).toEqual(['FUNDS_REPORTED_TOTAL_MISMATCH:office:2020-01-01..2099-12-31:deposited_yuan'])
    expect(findings[0].params.difference_yuan).toBe('-0.01')
  })

  it('roles: finance, auditor and admin write; planner and legal may neither read nor write', async () => {
    for (const role of ['finance', 'auditor', 'admin'] as const) expect((await post(figure(), role)).status).toBe(201)
    for (const role of ['planner', 'legal'] as const) {
      expect((await post(figure(), role)).status).toBe(403)
      expect((await list('', role)).status).toBe(403)
    }
    for (const role of ['finance', 'auditor', 'admin'] as const) expect((await list('', role)).status).toBe(200)
    expect((await w.api.request('GET', '/api/reported-figures')).status).toBe(401)
    expect((await counts()).figures).toBe(3)
  })

  it('bad money, dates, figures and sources are 422 with stable codes, and nothing is written', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ stated_yuan: 1000 }, 'MONEY_NOT_A_STRING', 'stated_yuan'],
      [{ stated_yuan: '1000.001' }, 'MONEY_TOO_PRECISE', 'stated_yuan'],
      [{ stated_yuan: '1e3' }, 'MONEY_MALFORMED', 'stated_yuan'],
      [{ stated_yuan: '0.00' }, 'MONEY_OUT_OF_RANGE', 'stated_yuan'],
      [{ stated_yuan: '-5.00' }, 'MONEY_OUT_OF_RANGE', 'stated_yuan'],
      [{ stated_yuan: '1000000000000.00' }, 'MONEY_OUT_OF_RANGE', 'stated_yuan'],
      [{ period_start: '2021-02-30' }, 'FIELD_INVALID', 'period_start'],
      [{ period_start: '2021-12-31', period_end: '2021-01-01' }, 'DATE_RANGE_INVALID', 'period_end'],
      [{ figure: 'spent_yuan' }, 'FIELD_INVALID', 'figure'],
      [{ source: '   ' }, 'FIELD_REQUIRED', 'source'],
      [{ source: 'a\u007Fb' }, 'INVALID_CHARACTER', 'source'],
      [{ source: '报'.repeat(301) }, 'FIELD_TOO_LONG', 'source'],
      [{ project_id: 0 }, 'FIELD_INVALID', 'project_id'],
      [{ project_id: 999 }, 'UNKNOWN_PROJECT', 'project_id'],
      [{ extra: 1 }, 'UNKNOWN_PROPERTY', 'extra'],
    ]
    for (const [patch, code, path] of cases) {
      const r = await post(figure(patch))
      expect(r.status, `${code} ${r.text}`).toBe(422)
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/)
      expect(r.body.code).toBe(code)
      expect(r.body.errors.map((e: any) => e.path)).toEqual([path])
    }
    const several = await post({ figure: 'x', stated_yuan: 1 })
    expect(several.body.code).toBe('VALIDATION_FAILED')
    expect(several.body.errors.map((e: any) => e.path).sort()).toEqual(['figure', 'period_end', 'period_start', 'source', 'stated_yuan'])
    expect((await post([1])).status).toBe(422)
    expect(await counts()).toEqual({ figures: 0, ok: 0, rejected: cases.length + 2 })
  })

  it('bad list parameters are 400 problems', async () => {
    expect((await list('?project=abc')).body.code).toBe('INVALID_PARAMETER')
    expect((await list('?from=2021-01-01')).body.code).toBe('AUDIT_PERIOD_INVALID')
    expect((await list('?from=2021-13-01&to=2021-12-31')).status).toBe(400)
  })
})

describe('findings name their records by code, never by a person', () => {
  const canary = '金丝雀王'

  it('a household finding carries its id and village group in record_labels and no head name anywhere', async () => {
    const planner = await w.api.as('planner')
    const parcel = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { code: 'T-001' }) })
    expect(parcel.status).toBe(201)
    const h = await planner.request('POST', '/api/households', {
      json: { project_id: w.projectId, name: canary, village_group: '板山村三组', parcel_ids: [parcel.body.id] },
    })
    expect(h.status, h.text).toBe(201)
    const audit = await (await w.api.as('auditor')).request('GET', `/api/projects/${w.projectId}/audit`)
    expect(audit.status).toBe(200)
    expect(audit.text).not.toContain(canary)
    const f = (audit.body.findings as any[]).find((x) => x.code === 'HOUSEHOLD_WITHOUT_AGREEMENT')
    expect(f.records).toEqual([{ type: 'household', id: h.body.id }])
    expect(f.record_labels).toEqual([{ type: 'household', id: h.body.id, code: null, zh: `户 #${h.body.id}（板山村三组）`, en: `Household #${h.body.id} (板山村三组)` }])
    for (const finding of audit.body.findings as any[]) expect(finding.record_labels).toHaveLength(finding.records.length)
  })

  it('labelRecords: codes of buildings, households by id and group only, deleted records by id', async () => {
    const planner = await w.api.as('planner')
    const parcel = await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.003, 27.5)), w.projectId, { code: 'T-001' }) })
    expect(parcel.status, parcel.text).toBe(201)
    const h = await planner.request('POST', '/api/households', { json: { project_id: w.projectId, name: canary, parcel_ids: [parcel.body.id] } })
    expect(h.status, h.text).toBe(201)
    const b = await planner.request('POST', '/api/buildings', {
      json: {
        type: 'Feature', geometry: polygon(square(110.0032, 27.5002, 0.0001)),
        properties: {
          project_id: w.projectId, parcel_id: parcel.body.id, household_id: h.body.id, code: 'F-007', structure: 'brick_concrete',
          floors: 2, floor_area_m2: '218.50', legal_status: 'licensed',
        },
      },
    })
    expect(b.status, b.text).toBe(201)
    const labels = await labelRecords(w.db, [
      { type: 'building', id: b.body.id }, { type: 'household', id: h.body.id }, { type: 'grave', id: 9999 }, { type: 'household', id: h.body.id },
    ])
    expect(labels.size).toBe(3)
    expect(labels.get(`building:${b.body.id}`)).toEqual({ type: 'building', id: b.body.id, code: 'F-007', zh: '建筑物 F-007', en: 'Building F-007' })
    expect(labels.get(`household:${h.body.id}`)).toEqual({ type: 'household', id: h.body.id, code: null, zh: `户 #${h.body.id}`, en: `Household #${h.body.id}` })
    expect(labels.get('grave:9999')).toEqual({ type: 'grave', id: 9999, code: null, zh: '坟墓 #9999（已删除）', en: 'Grave #9999 (deleted)' })
    expect(JSON.stringify([...labels.values()])).not.toContain(canary)
  })
})
