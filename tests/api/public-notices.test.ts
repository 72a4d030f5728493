import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { approveNotice, createNoticeDraft, publishNotice, withdrawNotice as withdrawThroughWorkflow } from '../../server/db/notice-writes.ts'
import { asPublic } from '../../server/db/public-reads.ts'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { beijingToday, plantNotice, withdrawNotice } from '../helpers/public-notice-fixtures.ts'
import { useWorld } from '../helpers/world.ts'

const w = useWorld()

const list = (query = '', headers: Record<string, string> = {}) => w.api.request('GET', `/api/public/notices${query}`, { headers })
const ids = (body: { features: { id: number }[] }) => body.features.map((f) => f.id).sort((a, b) => a - b)

describe('GET /api/public/notices', () => {
  it('lists published and expired notices without a login, never drafts, approved or withdrawn ones', async () => {
    const published = await plantNotice(w.db, { projectId: w.projectId })
    const expired = await plantNotice(w.db, { projectId: w.projectId, kind: 'acquisition', startsOn: await beijingToday(w.db, -40), periodDays: 10 })
    const swept = await plantNotice(w.db, { projectId: w.projectId, kind: 'legacy_plan', status: 'expired' })
    await plantNotice(w.db, { projectId: w.projectId, status: 'draft', title: '草稿公告' })
    await plantNotice(w.db, { projectId: w.projectId, status: 'approved', title: '已审核未发布' })
    await plantNotice(w.db, { projectId: w.projectId, status: 'withdrawn', title: '发布后撤回' })

    const r = await list()
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    expect(r.body.type).toBe('FeatureCollection')
    expect(ids(r.body)).toEqual([published, expired, swept])
    expect(r.text).not.toMatch(/草稿公告|已审核未发布|发布后撤回|撤回重发/)
    const byId = new Map(r.body.features.map((f: { id: number }) => [f.id, f]))
    const p = byId.get(published) as any
    expect(p.geometry.type).toBe('MultiPolygon')
    expect(p.geometry.coordinates[0][0][0]).toEqual([110, 27.5])
    expect(p.properties).toMatchObject({
      id: published, kind: 'compensation_plan', status: 'published', project: '测试项目', project_code: 'P1', township: '盈口乡',
      total_mu: '16.424', total_ha: '1.0949', starts_on: await beijingToday(w.db), ends_on: await beijingToday(w.db, 30),
      hearing_deadline: await beijingToday(w.db, 30), hearing_open: true,
      text: '根据《土地管理法》第四十七条，现将征地补偿安置方案予以公告。',
    })
    expect(p.properties.collectives.map((c: { name: string }) => c.name)).toEqual(['红星村集体经济组织', '东风村集体经济组织'])
    expect(p.properties.land_classes[0]).toMatchObject({ code: '0101', area_mu: '16.424' })
    // Nothing of the office's workflow leaks: authors, approvers, versions, internal project ids.
    expect(Object.keys(p.properties)).not.toEqual(expect.arrayContaining(['drafted_by']))
    expect(r.text).not.toMatch(/legal2|drafted_by|approved_by|project_id|"version"/)
    expect((byId.get(expired) as any).properties).toMatchObject({ status: 'expired', hearing_open: false })
    expect((byId.get(swept) as any).properties.status).toBe('expired')
  })

  it('filters by status, kind, township, text, period and area', async () => {
    const a = await plantNotice(w.db, { projectId: w.projectId, title: '红星片区征地补偿安置方案公告', township: '盈口乡', areaMu: '16.424' })
    const b = await plantNotice(w.db, { projectId: w.projectId, kind: 'pre_announcement', title: '征收土地预公告', township: '城南街道', areaMu: '120.500', collectives: ['桥头村集体经济组织'], startsOn: await beijingToday(w.db, -5), periodDays: 10 })
    const c = await plantNotice(w.db, { projectId: w.projectId, kind: 'acquisition', title: '征收土地公告', township: '盈口乡', areaMu: '3.000', startsOn: await beijingToday(w.db, -100), periodDays: 10 })

    expect(ids((await list('?status=current')).body)).toEqual([a, b])
    expect(ids((await list('?status=expired')).body)).toEqual([c])
    expect(ids((await list('?status=all')).body)).toEqual([a, b, c])
    expect(ids((await list('?kind=pre_announcement')).body)).toEqual([b])
    expect(ids((await list(`?township=${encodeURIComponent('盈口乡')}`)).body)).toEqual([a, c])
    expect(ids((await list(`?q=${encodeURIComponent('红星')}`)).body)).toEqual([a, c]) // title of a; c's default collectives
    expect(ids((await list(`?q=${encodeURIComponent('桥头村')}`)).body)).toEqual([b])
    expect(ids((await list('?q=p1')).body)).toEqual([a, b, c]) // project code, any case
    expect(ids((await list('?min_mu=16.424')).body)).toEqual([a, b])
    expect(ids((await list('?max_mu=16.424')).body)).toEqual([a, c])
    expect(ids((await list('?min_mu=3&max_mu=16.4')).body)).toEqual([c])
    expect(ids((await list(`?from=${await beijingToday(w.db, 20)}`)).body)).toEqual([a])
    expect(ids((await list(`?to=${await beijingToday(w.db, -50)}`)).body)).toEqual([c])
    expect(ids((await list(`?from=${await beijingToday(w.db, -95)}&to=${await beijingToday(w.db, -91)}`)).body)).toEqual([c])
  })

  it('refuses malformed filters with 400 problems', async () => {
    for (const qs of ['?kind=speech', '?status=old', '?from=2026-02-30', '?to=tomorrow', '?min_mu=-1', '?max_mu=1e3', `?q=${'x'.repeat(101)}`, '?limit=0']) {
      const r = await list(qs)
      expect(r.status, qs).toBe(400)
      expect(r.headers.get('content-type')).toMatch(/problem\+json/)
      expect(r.body.code).toBe('INVALID_PARAMETER')
    }
    expect((await list('?kind=a&kind=b')).body.code).toBe('INVALID_PARAMETER_TYPE')
  })

  it('answers one public notice with rates, contacts and period, and 404 for one that is not public', async () => {
    const id = await plantNotice(w.db, { projectId: w.projectId })
    const draft = await plantNotice(w.db, { projectId: w.projectId, status: 'draft' })
    const withdrawn = await plantNotice(w.db, { projectId: w.projectId, status: 'withdrawn' })
    const r = await w.api.request('GET', `/api/public/notices/${id}`)
    expect(r.status).toBe(200)
    expect(r.body.type).toBe('Feature')
    expect(r.body.id).toBe(id)
    expect(r.body.properties).toMatchObject({ id, period_days: 30, period_unit: 'days', contacts: null, hearing_open: true })
    expect(r.body.properties.rates).toEqual([{ item_type: 'land', name: '土地补偿费', land_class: '0101', structure: null, unit: 'mu', rate_yuan: '48000.00' }])
    for (const other of [draft, withdrawn, 999999]) {
      const miss = await w.api.request('GET', `/api/public/notices/${other}`)
      expect(miss.status).toBe(404)
      expect(miss.body.code).toBe('NOT_FOUND')
    }
    expect((await w.api.request('GET', '/api/public/notices/abc')).status).toBe(404)
  })
})

describe('public caching', () => {
  it('carries an ETag of the public version, answers 304 to If-None-Match, and changes on publish and withdraw', async () => {
    const first = await plantNotice(w.db, { projectId: w.projectId })
    const r1 = await list()
    const etag1 = r1.headers.get('etag')!
    expect(etag1).toMatch(/^"pub-\d+-\d{8}"$/)
    expect(r1.headers.get('cache-control')).toBe('public, no-cache')
    const again = await list('', { 'if-none-match': etag1 })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    const one = await w.api.request('GET', `/api/public/notices/${first}`, { headers: { 'if-none-match': `W/${etag1}` } })
    expect(one.status).toBe(304)

    // A draft or an approval changes nothing public.
    await plantNotice(w.db, { projectId: w.projectId, status: 'approved' })
    expect((await list('', { 'if-none-match': etag1 })).status).toBe(304)

    const second = await plantNotice(w.db, { projectId: w.projectId })
    const r2 = await list('', { 'if-none-match': etag1 })
    expect(r2.status).toBe(200)
    expect(ids(r2.body)).toEqual([first, second])
    const etag2 = r2.headers.get('etag')!
    expect(etag2).not.toBe(etag1)

    await withdrawNotice(w.db, second)
    const r3 = await list('', { 'if-none-match': etag2 })
    expect(r3.status).toBe(200)
    expect(ids(r3.body)).toEqual([first])
    expect(r3.headers.get('etag')).not.toBe(etag2)
  })
})

describe('the notices workflow and the portal', () => {
  it('A10: shows a notice only while published (by id, in the list, in search, on the tile); withdrawn is 404, also to a cached ETag', async () => {
    const planner = await w.api.as('planner')
    expect((await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId) })).status).toBe(201)
    // Tile z14 holding S; the list searched by the project's code.
    const n = 2 ** 14
    const tile = `/api/public/tiles/notices/14/${Math.floor(((110.0005 + 180) / 360) * n)}/${Math.floor(((1 - Math.asinh(Math.tan((27.5005 * Math.PI) / 180)) / Math.PI) / 2) * n)}.mvt`
    /** Where the public sees notice `id`: its own address's status, the list, a search, the tile. */
    const seen = async (id: number) => {
      const t = await w.api.request('GET', tile)
      const onTile = t.status === 200 ? (() => {
        const layer = new VectorTile(new PbfReader(t.bytes)).layers.notices
        return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i).id).includes(id)
      })() : false
      return {
        byId: (await w.api.request('GET', `/api/public/notices/${id}`)).status,
        listed: ids((await list('?status=all')).body).includes(id),
        searched: ids((await list('?q=p1&status=all')).body).includes(id),
        onTile,
      }
    }
    const hidden = { byId: 404, listed: false, searched: false, onTile: false }

    const id = await w.db.transaction((tx) => createNoticeDraft(tx, { projectId: w.projectId, kind: 'compensation_plan', actor: 'legal' }))
    expect(await seen(id)).toEqual(hidden)
    await w.db.transaction((tx) => approveNotice(tx, id, 'legal2'))
    expect(await seen(id)).toEqual(hidden)
    const before = await list()
    expect(before.body.features).toHaveLength(0)

    await w.db.transaction((tx) => publishNotice(tx, id, 'legal2'))
    expect(await seen(id)).toEqual({ byId: 200, listed: true, searched: true, onTile: true })
    const after = await list('', { 'if-none-match': before.headers.get('etag')! })
    expect(after.status).toBe(200)
    expect(ids(after.body)).toEqual([id])
    const [figures] = await w.db.query<{ f: { area_mu: string; collectives: { name: string }[] } }>('SELECT figures AS f FROM notices WHERE id = $1', [id])
    expect(after.body.features[0].properties).toMatchObject({
      status: 'published', hearing_open: true, total_mu: figures!.f.area_mu, collectives: figures!.f.collectives,
    })
    const published = await w.api.request('GET', `/api/public/notices/${id}`)
    const publishedTile = await w.api.request('GET', tile)
    // A cache in front revalidates the list and the notice on every use, and holds a tile for 30 s at most.
    expect(published.headers.get('cache-control')).toBe('public, no-cache')
    expect(publishedTile.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')

    await w.db.transaction((tx) => withdrawThroughWorkflow(tx, id, 'legal2', '范围有误。'))
    expect(await seen(id)).toEqual(hidden)
    const gone = await list('', { 'if-none-match': after.headers.get('etag')! })
    expect(gone.status).toBe(200)
    expect(gone.body.features).toHaveLength(0)
    // The ETags a cache still holds from publication no longer match: 404 and a fresh tile, never 304.
    const stale = await w.api.request('GET', `/api/public/notices/${id}`, { headers: { 'if-none-match': published.headers.get('etag')! } })
    expect([stale.status, stale.body.code]).toEqual([404, 'NOT_FOUND'])
    expect((await w.api.request('GET', tile, { headers: { 'if-none-match': publishedTile.headers.get('etag')! } })).status).not.toBe(304)
  })
})

describe('the zd_public role', () => {
  it('confines public reads to the public views: households, users, notices and hearing requests are refused', async () => {
    await plantNotice(w.db, { projectId: w.projectId })
    const rows = await asPublic(w.db, (tx) => tx.query<{ id: number }>('SELECT id FROM public_notices'))
    expect(rows).toHaveLength(1)
    for (const table of ['households', 'users', 'notices', 'notice_events', 'hearing_requests', 'projects', 'parcels', 'operation_log']) {
      await expect(asPublic(w.db, (tx) => tx.query(`SELECT * FROM ${table} LIMIT 1`)), table).rejects.toMatchObject({ code: '42501' })
    }
    await expect(asPublic(w.db, (tx) => tx.query(`INSERT INTO hearing_requests (notice_id, collective, name_enc, phone_enc, phone_index, reason, client_key) VALUES (1, 'x', 'x', 'x', 'x', 'x', 'x')`)))
      .rejects.toMatchObject({ code: '42501' })
    // The role ends with the transaction: the same connection reads households again afterwards.
    await expect(w.db.query('SELECT count(*) FROM households')).resolves.toHaveLength(1)
    const [who] = await w.db.query<{ role: string }>('SELECT current_user AS role')
    expect(who!.role).not.toBe('zd_public')
  })

  it('reads the Web Mercator outline the tiles are cut from', async () => {
    await plantNotice(w.db, { projectId: w.projectId, ring: square(110.01, 27.51) })
    const [row] = await asPublic(w.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM public_notices WHERE geom_3857 IS NOT NULL'))
    expect(row!.n).toBe(1)
  })
})
