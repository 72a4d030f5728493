import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { hectaresToMu, muDecimalsOfHectares } from '../../server/imports/baopan.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { useWorld } from '../helpers/world.ts'

// /api/area-claims (申报面积口径): how a parcel's claimed area was obtained, one per parcel, on the generic record
// flow; GET /api/parcels/:id/area-verdict; the claims a 报盘 import commit writes.
const w = useWorld()

async function parcel(geometry = polygon(S), props: Record<string, unknown> = {}) {
  const planner = await w.api.as('planner')
  const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, w.projectId, props) })
  expect(r.status, r.text).toBe(201)
  return r.body
}

const claimCount = async () => (await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM area_claims'))[0]!.n

describe('area claims on the record flow', () => {
  it('creates, reads, lists, replaces with If-Match, deletes, and keeps every version in the history', async () => {
    const p = await parcel()
    const planner = await w.api.as('planner')
    const created = await planner.request('POST', '/api/area-claims', {
      json: { parcel_id: p.id, basis: 'gk3', decimals: 2, point_error_m: '0.07', source: '勘测定界报告 2024-17', reason: '按报告录入' },
    })
    expect(created.status, created.text).toBe(201)
    expect(created.headers.get('etag')).toBe('"v1"')
    expect(created.body).toMatchObject({
      project_id: w.projectId, parcel_id: p.id, parcel_code: 'T-001', basis: 'gk3', decimals: 2, point_error_m: '0.070',
      claimed_geom: null, source: '勘测定界报告 2024-17', version: 1, updated_by: 'planner',
    })
    const id = created.body.id

    const legal = await w.api.as('legal')
    expect((await legal.request('GET', `/api/area-claims/${id}`)).body.basis).toBe('gk3')
    const byParcel = await legal.request('GET', `/api/area-claims?parcel=${p.id}`)
    expect(byParcel.body.items.map((c: any) => c.id)).toEqual([id])
    expect((await legal.request('GET', `/api/area-claims?project=${w.projectId}`)).body.numberReturned).toBe(1)
    expect((await legal.request('GET', `/api/area-claims?household=1`)).body.numberReturned).toBe(0)

    const body = { parcel_id: p.id, basis: 'ellipsoid', decimals: 4, point_error_m: '0.05', source: '勘测定界报告 2024-17' }
    expect((await planner.request('PUT', `/api/area-claims/${id}`, { json: body })).status).toBe(428)
    const put = await planner.request('PUT', `/api/area-claims/${id}`, { json: { ...body, reason: '报告为椭球面积' }, headers: { 'if-match': '"v1"' } })
    expect([put.status, put.headers.get('etag'), put.body.basis, put.body.decimals, put.body.point_error_m]).toEqual([200, '"v2"', 'ellipsoid', 4, '0.050'])
    const stale = await planner.request('PUT', `/api/area-claims/${id}`, { json: { ...body, basis: 'unknown' }, headers: { 'if-match': '"v1"' } })
    expect([stale.status, stale.body.code, stale.body.current_version]).toEqual([412, 'PRECONDITION_FAILED', 2])
    expect((await legal.request('GET', `/api/area-claims/${id}`)).body.basis).toBe('ellipsoid')

    const del = await planner.request('DELETE', `/api/area-claims/${id}`, { json: { reason: '重录' }, headers: { 'if-match': '"v2"' } })
    expect(del.status).toBe(204)
    expect((await legal.request('GET', `/api/area-claims/${id}`)).status).toBe(404)
    const history = await legal.request('GET', `/api/area-claims/${id}/history`)
    expect(history.body.record_type).toBe('area_claim')
    expect(history.body.items.map((h: any) => [h.version, h.operation, h.changed_by, h.reason, h.data.basis])).toEqual([
      [1, 'create', 'planner', '按报告录入', 'gk3'],
      [2, 'update', 'planner', '报告为椭球面积', 'ellipsoid'],
      [3, 'delete', 'planner', '重录', 'ellipsoid'],
    ])
  })

  it('takes one claim per parcel: a second is 409 AREA_CLAIM_EXISTS naming the first', async () => {
    const p = await parcel()
    const planner = await w.api.as('planner')
    const first = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'gk3', decimals: 2 } })
    expect([first.status, first.body.point_error_m]).toEqual([201, '0.050'])
    const second = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'ellipsoid', decimals: 4 } })
    expect([second.status, second.body.code, second.body.existing_id]).toEqual([409, 'AREA_CLAIM_EXISTS', first.body.id])
    expect(second.body.messages['zh-CN']).toBe(`地块 ${p.id} 已有申报面积口径记录，一块地只能有一条：请修改已有的那条。`)
    expect(await claimCount()).toBe(1)
  })

  it('lets planner and admin write, everyone read; auditor, finance and legal writes are 403', async () => {
    const p = await parcel()
    for (const role of ['auditor', 'finance', 'legal'] as const) {
      const r = await (await w.api.as(role)).request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'gk3', decimals: 2 } })
      expect([role, r.status, r.body.code]).toEqual([role, 403, 'FORBIDDEN'])
    }
    const admin = await (await w.api.as('admin')).request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'gk3', decimals: 2 } })
    expect(admin.status).toBe(201)
    for (const role of ['auditor', 'finance', 'legal', 'planner'] as const) {
      expect((await (await w.api.as(role)).request('GET', `/api/area-claims?parcel=${p.id}`)).status).toBe(200)
    }
    expect((await w.api.request('GET', '/api/area-claims')).status).toBe(401)
  })

  it('refuses a bad basis, decimals, m_j, a project_id or an unknown parcel with 422 and writes nothing', async () => {
    const p = await parcel()
    const planner = await w.api.as('planner')
    const base = { parcel_id: p.id, basis: 'gk3', decimals: 2 }
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, basis: 'gk6' }, 'basis', 'FIELD_INVALID'],
      [{ ...base, decimals: 5 }, 'decimals', 'FIELD_INVALID'],
      [{ ...base, decimals: 1.5 }, 'decimals', 'FIELD_INVALID'],
      [{ ...base, point_error_m: 0.05 }, 'point_error_m', 'DECIMAL_NOT_A_STRING'],
      [{ ...base, point_error_m: '0.0501' }, 'point_error_m', 'DECIMAL_TOO_PRECISE'],
      [{ ...base, point_error_m: '0' }, 'point_error_m', 'AREA_CLAIM_POINT_ERROR_RANGE'],
      [{ ...base, point_error_m: '10.001' }, 'point_error_m', 'AREA_CLAIM_POINT_ERROR_RANGE'],
      [{ ...base, point_error_m: '-1' }, 'point_error_m', 'AREA_CLAIM_POINT_ERROR_RANGE'],
      [{ ...base, project_id: w.projectId }, 'project_id', 'READ_ONLY_FIELD'],
      [{ ...base, version: 1 }, 'version', 'READ_ONLY_FIELD'],
      [{ ...base, parcel_id: 999999 }, 'parcel_id', 'AREA_CLAIM_UNKNOWN_PARCEL'],
      [{ basis: 'gk3', decimals: 2 }, 'parcel_id', 'FIELD_REQUIRED'],
    ]
    for (const [json, at, code] of cases) {
      const r = await planner.request('POST', '/api/area-claims', { json })
      expect([JSON.stringify(json), r.status, r.body.errors?.map((e: any) => [e.path, e.code])]).toEqual([JSON.stringify(json), 422, [[at, code]]])
    }
    const ten = await planner.request('POST', '/api/area-claims', { json: { ...base, point_error_m: '10' } })
    expect([ten.status, ten.body.point_error_m]).toEqual([201, '10.000'])
  })

  it('checks a claimed outline like a parcel geometry (SQL reason), but lets it lie off the parcel and the jurisdiction', async () => {
    const p = await parcel()
    const planner = await w.api.as('planner')
    const bowtie = { type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.501], [110.001, 27.5], [110, 27.501], [110, 27.5]]] }
    const bad = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'unknown', decimals: 3, claimed_geom: bowtie } })
    expect(bad.status).toBe(422)
    expect(bad.body.code).toBe('GEOM_SELF_INTERSECTION')
    expect(bad.body.errors[0]).toMatchObject({ path: 'claimed_geom', code: 'GEOM_SELF_INTERSECTION' })
    expect(bad.body.errors[0].at.map((v: number) => v.toFixed(9))).toEqual(['110.000500000', '27.500500000'])
    // PostGIS's reason decides the code (zd_geometry_issues), as for a parcel.
    expect(bad.body.detail).toBe('claimed_geom: 图形自相交。')
    const abroad = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'unknown', decimals: 3, claimed_geom: polygon(square(140, 27.5)) } })
    expect([abroad.status, abroad.body.errors[0].path, abroad.body.code]).toEqual([422, 'claimed_geom.coordinates', 'OUTSIDE_JURISDICTION'])
    expect(await claimCount()).toBe(0)
    // About 600 m east-south-east, as GCJ-02 coordinates of the same parcel lie; and one beyond the jurisdiction's edge.
    const shifted = polygon(S.map(([x, y]) => [x + 0.0058, y - 0.0015] as [number, number]))
    const ok = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'unknown', decimals: 3, claimed_geom: shifted } })
    expect(ok.status, ok.text).toBe(201)
    expect(ok.body.claimed_geom.type).toBe('MultiPolygon')
    expect(ok.body.claimed_geom.coordinates[0][0]).toHaveLength(5)
    const q = await parcel(polygon(square(110.003, 27.5)), { code: 'T-002' })
    const beyond = await planner.request('POST', '/api/area-claims', { json: { parcel_id: q.id, basis: 'unknown', decimals: 3, claimed_geom: polygon(square(112.5, 27.5)) } })
    expect(beyond.status, beyond.text).toBe(201)
  })

  it('shows the claim in GET /api/parcels/:id/records, and a split leaves the pieces without one', async () => {
    const p = await parcel()
    const planner = await w.api.as('planner')
    const none = await planner.request('GET', `/api/parcels/${p.id}/records`)
    expect(none.body.area_claim).toBeNull()
    const c = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'gk3', decimals: 2, source: '报盘' } })
    const records = await (await w.api.as('legal')).request('GET', `/api/parcels/${p.id}/records`)
    expect(records.body.area_claim).toMatchObject({ id: c.body.id, basis: 'gk3', decimals: 2, point_error_m: '0.050', source: '报盘' })

    const split = await planner.request('POST', `/api/parcels/${p.id}/split`, {
      json: { line: { type: 'LineString', coordinates: [[110.0004, 27.4995], [110.0004, 27.5015]] }, reason: '道路分割' }, headers: { 'if-match': '"v1"' },
    })
    expect(split.status, split.text).toBe(201)
    expect(await claimCount()).toBe(0)
    for (const f of split.body.children.features) {
      expect((await planner.request('GET', `/api/parcels/${f.id}/records`)).body.area_claim).toBeNull()
    }
    const history = await planner.request('GET', `/api/area-claims/${c.body.id}/history`)
    expect(history.body.items.map((h: any) => [h.operation, h.changed_by])).toEqual([['create', 'planner'], ['delete', 'planner']])
  })
})

describe('the audit reads the claim', () => {
  // 0.02° square at 110.0°E: about 6 570 mu, where GK planar (zone 37, CM 111°E) exceeds the ellipsoid by about
  // 240 ppm = 1.6 mu, far beyond T (about 0.4 mu): the basis decides the finding.
  it('a GK planar claim recorded as ellipsoid is an AREA_BASIS_DIFFERENCE; recorded as gk3 it is consistent', async () => {
    const p = await parcel(polygon(square(110.0, 27.5, 0.02)))
    const planner = await w.api.as('planner')
    const planarMu = String(p.properties.area.planar_mu)
    // The claim as a 勘测定界 report states it: the GK planar mu rounded to 2 decimals (exact decimal text).
    const [whole, frac = ''] = planarMu.split('.')
    const cents = BigInt(whole! + frac.padEnd(4, '0').slice(0, 4))
    const rounded = (cents + 50n) / 100n
    const claimed = `${rounded / 100n}.${(rounded % 100n).toString().padStart(2, '0')}`
    const put = await planner.request('PUT', `/api/parcels/${p.id}`, {
      json: parcelFeature(polygon(square(110.0, 27.5, 0.02)), w.projectId, { claimed_area_mu: claimed }), headers: { 'if-match': '"v1"' },
    })
    expect(put.status, put.text).toBe(200)
    const c = await planner.request('POST', '/api/area-claims', { json: { parcel_id: p.id, basis: 'ellipsoid', decimals: 2 } })
    expect(c.status).toBe(201)

    const audit = async () => (await planner.request('GET', `/api/projects/${w.projectId}/audit`)).body
    const first = await audit()
    const areaFindings = (a: any) => a.findings.filter((f: any) => f.code.startsWith('AREA_')).map((f: any) => [f.code, f.key, f.params.method ?? null])
    expect(areaFindings(first)).toEqual([['AREA_BASIS_DIFFERENCE', `AREA_BASIS_DIFFERENCE:parcel:${p.id}`, 'gk_planar']])
    expect(first.findings.find((f: any) => f.code === 'AREA_BASIS_DIFFERENCE').records).toEqual([{ type: 'area_claim', id: c.body.id }])
    const verdict = await planner.request('GET', `/api/parcels/${p.id}/area-verdict`)
    expect(verdict.status).toBe(200)
    const row = first.parcels.find((r: any) => r.id === p.id)
    expect(verdict.body).toEqual({ ...row, project_id: w.projectId })
    expect([verdict.body.verdict, verdict.body.basis, verdict.body.diagnosis, verdict.body.claimed_mu]).toEqual(['exceeds', 'ellipsoid', 'gk_planar', claimed])

    const fixed = await planner.request('PUT', `/api/area-claims/${c.body.id}`, { json: { parcel_id: p.id, basis: 'gk3', decimals: 2 }, headers: { 'if-match': '"v1"' } })
    expect(fixed.status).toBe(200)
    expect(areaFindings(await audit())).toEqual([])
    const after = (await planner.request('GET', `/api/parcels/${p.id}/area-verdict`)).body
    expect([after.verdict, after.basis_used, after.diagnosis, after.tolerance.rounding_mu]).toEqual(['consistent', 'gk3', null, '0.0050'])
    expect(after.measured_mu).toBe(planarMu.includes('.') ? Number(planarMu).toFixed(4) : planarMu)
  })

  it('answers the verdict to the audit readers only, and 404 for a parcel that is not active', async () => {
    const p = await parcel()
    expect((await (await w.api.as('legal')).request('GET', `/api/parcels/${p.id}/area-verdict`)).status).toBe(403)
    const none = await (await w.api.as('auditor')).request('GET', `/api/parcels/${p.id}/area-verdict`)
    expect([none.status, none.body.verdict, none.body.basis, none.body.claimed_mu]).toEqual([200, 'no_claim', 'unknown', null])
    expect((await (await w.api.as('auditor')).request('GET', '/api/parcels/999999/area-verdict')).status).toBe(404)
  })
})

describe('the claims a 报盘 import states', () => {
  const root = path.resolve('tests/fixtures/imports')

  it('turns 公顷 digits into mu digits never finer than the stated unit, and 公顷 into exact mu', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(muDecimalsOfHectares)).toEqual([0, 0, 0, 1, 2, 3, 4, 4])
    expect([hectaresToMu('1.1376'), hectaresToMu('0.3300'), hectaresToMu('12'), hectaresToMu('0.00001'), hectaresToMu('0.00002')])
      .toEqual(['17.0640', '4.9500', '180.0000', undefined, '0.0003'])
  })

  it('previews each parcel with its claim and claimed mu, and the commit writes one area_claims row per parcel', async () => {
    const planner = await w.api.as('planner')
    const bytes = new Uint8Array(fs.readFileSync(path.join(root, 'in/baopan-gbk.txt')))
    const preview = await planner.request('POST', `/api/imports/preview?filename=baopan-gbk.txt&project=${w.projectId}`, {
      raw: bytes, headers: { 'content-type': 'application/octet-stream' },
    })
    expect(preview.status, preview.text).toBe(200)
    const p = preview.body
    // 精度=0.01 in the header; 公顷 with 4 decimals = 0.0015 mu → 2 mu decimals.
    expect(p.features.map((f: any) => [f.properties.claimed_area_mu, f.area_claim])).toEqual([
      ['17.0640', { basis: 'gk3', decimals: 2, point_error_m: '0.010', source: 'baopan-gbk.txt' }],
      ['4.9500', { basis: 'gk3', decimals: 2, point_error_m: '0.010', source: 'baopan-gbk.txt' }],
    ])
    const commit = await planner.request('POST', '/api/imports/commit', {
      json: {
        project_id: w.projectId,
        source: { format: p.format, filename: p.filename, source_crs: p.source_crs, encoding: p.encoding },
        features: p.features.map((f: any) => ({
          geometry: f.geometry,
          properties: { code: f.properties.code, land_class: f.properties.land_class ?? '0101', owner: f.properties.owner, claimed_area_mu: f.properties.claimed_area_mu, survey_zone: f.properties.survey_zone },
          area_claim: f.area_claim,
        })),
      },
    })
    expect(commit.status, commit.text).toBe(201)
    const claims = await planner.request('GET', `/api/area-claims?project=${w.projectId}`)
    expect(claims.body.items.map((c: any) => [c.parcel_id, c.basis, c.decimals, c.point_error_m, c.source, c.updated_by])).toEqual(
      commit.body.parcel_ids.map((id: number) => [id, 'gk3', 2, '0.010', 'baopan-gbk.txt', 'planner']))
    const h = await planner.request('GET', `/api/area-claims/${claims.body.items[0].id}/history`)
    expect(h.body.items.map((x: any) => [x.operation, x.reason])).toEqual([['create', `import ${commit.body.import_id}: baopan-gbk.txt`]])
    // HC-2024-001 is stated as exactly its GK planar area: consistent in the audit; HC-2024-002 is 100 m² off.
    const verdicts = await Promise.all(commit.body.parcel_ids.map(async (id: number) => (await planner.request('GET', `/api/parcels/${id}/area-verdict`)).body))
    expect(verdicts.map((v: any) => [v.basis, v.basis_used, v.verdict])).toEqual([['gk3', 'gk3', 'consistent'], ['gk3', 'gk3', 'exceeds']])
  })

  it('refuses a bad area_claim in a commit with the feature path and writes nothing', async () => {
    const planner = await w.api.as('planner')
    const r = await planner.request('POST', '/api/imports/commit', {
      json: {
        project_id: w.projectId,
        features: [{ geometry: polygon(S), properties: { code: 'T-1', land_class: '0101', owner: '三组' }, area_claim: { basis: 'gk3', decimals: 9, point_error_m: '0.05' } }],
      },
    })
    expect([r.status, r.body.errors.map((e: any) => [e.path, e.code])]).toEqual([422, [['features[0].area_claim.decimals', 'FIELD_INVALID']]])
    expect(await claimCount()).toBe(0)
    expect((await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels'))[0]!.n).toBe(0)
  })

  it('ignores a 精度 finer than 1 mm as a point error, with a warning, and records 0.05 m', async () => {
    const planner = await w.api.as('planner')
    const text = ['[属性描述]', '坐标系=2000国家大地坐标系', '几度分带=3', '投影类型=高斯克吕格', '计量单位=米', '带号=37', '精度=0.0001', '[地块坐标]',
      '5,0.33,D-1,三组,面,,旱地,0103,@', 'J1,1,3048973.311,37401529.662', 'J2,1,3049013.311,37401529.662', 'J3,1,3049013.311,37401569.662',
      'J4,1,3048973.311,37401569.662', 'J1,1,3048973.311,37401529.662'].join('\n')
    const r = await planner.request('POST', '/api/imports/preview?format=baopan', { raw: new TextEncoder().encode(text), headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect(r.status, r.text).toBe(200)
    expect(r.body.warnings.map((x: any) => x.code)).toContain('PRECISION_IGNORED')
    // 公顷 with 2 decimals: a unit of 0.15 mu, so 0 mu decimals; no file name: the source is left to the commit.
    expect([r.body.features[0].properties.claimed_area_mu, r.body.features[0].area_claim]).toEqual(['4.9500', { basis: 'gk3', decimals: 0, point_error_m: '0.050', source: null }])
  })
})
