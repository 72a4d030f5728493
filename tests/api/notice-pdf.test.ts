import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import proj4 from 'proj4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveNotice, createNoticeDraft, publishNotice, withdrawNotice } from '../../server/db/notice-writes.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { TestApi } from '../helpers/api.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { resetData, testDb } from '../helpers/test-db.ts'
import type { Database } from '../../server/db/database.ts'

// The printable notice map and its boundary points, through HTTP with no login, on notices made by the legal
// workflow's own functions. The PDFs are rendered by poppler (pdftoppm, pdftotext, pdfinfo) and kept as PNGs in
// test-results/ to be looked at. One world for the whole file: rendering is slow.
const projects = loadQueries('projects', ['insert'])
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-notice-pdf-'))
let db: Database
let api: TestApi

/** CGCS2000 3° Gauss-Krüger zone 37 with the zone number in front of the easting (EPSG:4525), independently of PostGIS. */
const cgcs2000 = '+proj=longlat +ellps=GRS80 +no_defs'
const gk37 = '+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=37500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'

/** An irregular pentagon, counter-clockwise as drawn: its north-westernmost corner is 110.0005°E 27.503°N. */
const pentagon: [number, number][] = [[110.0, 27.5], [110.003, 27.5], [110.004, 27.502], [110.002, 27.5035], [110.0005, 27.503], [110.0, 27.5]]
/** A 160-gon (a long boundary-point table) around 110.02°E 27.52°N. */
const ring160: [number, number][] = Array.from({ length: 161 }, (_, i) => {
  const a = ((i % 160) / 160) * 2 * Math.PI
  return [Number((110.02 + 0.002 * Math.cos(a)).toFixed(7)), Number((27.52 + 0.002 * Math.sin(a)).toFixed(7))] as [number, number]
})

const ids = { published: 0, long: 0, draft: 0, withdrawn: 0, expired: 0 }

async function notice(projectId: number, kind: 'compensation_plan' | 'pre_announcement', to: 'draft' | 'published' | 'withdrawn', startsOn?: string) {
  return db.transaction(async (tx) => {
    const id = await createNoticeDraft(tx, { projectId, kind, actor: 'legal', contacts: '征地事务办公室，鹤城区人民路 1 号，电话 0745-2000000' })
    if (to === 'draft') return id
    await approveNotice(tx, id, 'legal2')
    if (to === 'withdrawn') await withdrawNotice(tx, id, 'legal2', '范围有误，重新编制。')
    else await publishNotice(tx, id, 'legal', startsOn)
    return id
  })
}

beforeAll(async () => {
  db = await testDb()
  await resetData(db)
  api = await new TestApi(db).start()
  const planner = await api.as('planner')
  const [p1] = await db.query<{ id: number }>(projects.insert, ['P1', '测试项目', 'Test project', '鹤城区', null])
  const [p2] = await db.query<{ id: number }>(projects.insert, ['P2', '圆形项目', 'Round project', '鹤城区', null])
  for (const [pid, geometry, props] of [
    [p1!.id, polygon(pentagon), { code: 'A-001', land_class: '0101', owner: '盈口乡炉天冲村三组' }],
    [p1!.id, polygon(square(110.006, 27.5005)), { code: 'A-002', land_class: '0301', owner: '盈口乡炉天冲村五组' }],
    [p2!.id, polygon(ring160), { code: 'B-001', land_class: '0101', owner: '盈口乡炉天冲村三组' }],
  ] as const) {
    const r = await planner.request('POST', '/api/parcels', { json: parcelFeature(geometry, pid, props) })
    expect(r.status, r.text).toBe(201)
  }
  ids.published = await notice(p1!.id, 'compensation_plan', 'published')
  ids.long = await notice(p2!.id, 'pre_announcement', 'published')
  ids.draft = await notice(p1!.id, 'pre_announcement', 'draft')
  ids.withdrawn = await notice(p2!.id, 'compensation_plan', 'withdrawn')
  ids.expired = await notice(p1!.id, 'pre_announcement', 'published', '2025-03-03')
  fs.mkdirSync(resultsDir, { recursive: true })
}, 120_000)

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true })
  await api?.stop()
})

/** Downloads a notice PDF without a session and writes it to the temp folder; returns its path. */
async function pdf(id: number, query: string, file: string) {
  const r = await get(`/api/public/notices/${id}/pdf?${query}`)
  expect(r.status, r.text.slice(0, 300)).toBe(200)
  expect(r.headers.get('content-type')).toBe('application/pdf')
  expect(r.headers.get('content-disposition')).toMatch(/^inline; /)
  expect(r.headers.get('cache-control')).toBe('public, no-cache')
  expect(r.headers.get('etag')).toMatch(/^"pub-.+"$/)
  const out = path.join(tmp, file)
  fs.writeFileSync(out, r.bytes)
  return out
}

/**
 * A request without a session. The server runs in this process, whose event loop the embedded database and
 * pdftoppm block for seconds: a pooled keep-alive connection can then be closed by the server just as fetch reuses
 * it (ECONNRESET before any byte of the answer). Such a request is sent once more, on a new connection.
 */
async function get(p: string, headers: Record<string, string> = {}) {
  try {
    return await api.request('GET', p, { headers })
  } catch (e) {
    if (!(e instanceof TypeError && /fetch failed/.test(e.message))) throw e
    return api.request('GET', p, { headers })
  }
}

const info = (file: string) => execFileSync('pdfinfo', [file]).toString()
const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-']).toString()

describe('GET /api/public/notices/:id/boundary-points', () => {
  it('lists the outer corners J1… clockwise from the north-westernmost, part after part, in Gauss-Krüger zone 37', async () => {
    const r = await get(`/api/public/notices/${ids.published}/boundary-points`)
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({ notice_id: ids.published, zone: 37, epsg: 4525, central_meridian: 111 })
    const pts = r.body.points as { name: string; part: number; x: number; y: number; lon: number; lat: number; edge_m: number }[]
    expect(pts.map((p) => p.name)).toEqual(['J1', 'J2', 'J3', 'J4', 'J5', 'J6', 'J7', 'J8', 'J9'])
    expect(pts.map((p) => p.part)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2])
    // The pentagon from its north-west corner, clockwise (east along the north side first); then the square, likewise.
    expect(pts.map((p) => [p.lon, p.lat])).toEqual([
      [110.0005, 27.503], [110.002, 27.5035], [110.004, 27.502], [110.003, 27.5], [110.0, 27.5],
      [110.006, 27.5015], [110.007, 27.5015], [110.007, 27.5005], [110.006, 27.5005],
    ])
    // Every point against proj4: x is the northing, y the easting with the zone number, to the millimetre.
    for (const p of pts) {
      const [e, n] = proj4(cgcs2000, gk37, [p.lon, p.lat]) as [number, number]
      expect(Math.abs(p.x - n), `${p.name} x`).toBeLessThan(0.001)
      expect(Math.abs(p.y - e), `${p.name} y`).toBeLessThan(0.001)
      expect(Number(p.x.toFixed(3))).toBe(p.x)
    }
    // J1 → J2: the grid length of the side, from the same independent coordinates.
    const [e1, n1] = proj4(cgcs2000, gk37, [110.0005, 27.503]) as [number, number]
    const [e2, n2] = proj4(cgcs2000, gk37, [110.002, 27.5035]) as [number, number]
    expect(Math.abs(pts[0]!.edge_m - Math.hypot(e2 - e1, n2 - n1))).toBeLessThan(0.006)
    // The last point of a part closes its ring: J5 → J1.
    const [e5, n5] = proj4(cgcs2000, gk37, [110.0, 27.5]) as [number, number]
    expect(Math.abs(pts[4]!.edge_m - Math.hypot(e1 - e5, n1 - n5))).toBeLessThan(0.006)
  })

  it('is cached like the other public answers: ETag, public no-cache, and 304 for a held version', async () => {
    const r = await get(`/api/public/notices/${ids.published}/boundary-points`)
    const etag = r.headers.get('etag')!
    expect(etag).toMatch(/^"pub-.+"$/)
    expect(r.headers.get('cache-control')).toBe('public, no-cache')
    const again = await get(`/api/public/notices/${ids.published}/boundary-points`, { 'if-none-match': etag })
    expect(again.status).toBe(304)
  })

  it('answers 404 for a draft, a withdrawn and a missing notice, as problem+json', async () => {
    for (const id of [ids.draft, ids.withdrawn, 999999]) {
      const r = await get(`/api/public/notices/${id}/boundary-points`)
      expect(r.status, String(id)).toBe(404)
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    expect((await get('/api/public/notices/abc/boundary-points')).status).toBe(404)
  })
})

describe('GET /api/public/notices/:id/pdf', () => {
  it('prints an A4 notice map: title, area, deadlines, coordinate note and the boundary points, in the CJK font', async () => {
    const file = await pdf(ids.published, 'paper=a4&lang=zh-CN', 'a4.pdf')
    fs.copyFileSync(file, path.join(resultsDir, 'notice-a4.pdf'))
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '2', file, path.join(resultsDir, 'notice-a4-page')])
    expect(info(file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/)
    expect(execFileSync('pdffonts', [file]).toString()).toMatch(/NotoSansCJKsc-Regular/)
    const [n] = await db.query<{ title: string; figures: { area_ha: string; area_mu: string }; ends_on: string; hearing_deadline: string }>(
      'SELECT title, figures, ends_on::text, hearing_deadline::text FROM notices WHERE id = $1', [ids.published])
    const t = text(file)
    const flat = t.replace(/\s+/g, '')
    expect(flat).toContain(n!.title.replace(/\s+/g, ''))
    expect(flat).toContain('征地补偿安置方案公告')
    expect(t).toContain(`${n!.figures.area_ha} 公顷`)
    expect(t).toContain(n!.figures.area_mu)
    expect(t).toContain(n!.ends_on)
    expect(t).toContain(n!.hearing_deadline)
    for (const s of ['CGCS2000', 'EPSG:4525', '111°', '界址点坐标表', '比例尺 1:', '北', '0745-2000000', '炉天冲村三组']) expect(t, s).toContain(s)
    // The coordinates as the JSON gives them, to the millimetre.
    const points = (await get(`/api/public/notices/${ids.published}/boundary-points`)).body.points
    for (const p of points) {
      expect(t).toMatch(new RegExp(`${p.name}\\s+${p.x.toFixed(3)}\\s+${p.y.toFixed(3)}\\s+${p.lon.toFixed(8)}\\s+${p.lat.toFixed(8)}`))
    }
    // Parcels are not drawn or named: no parcel code anywhere.
    expect(t).not.toContain('A-001')
    expect(flat).toContain('第1页/共2页')
  })

  it('prints A3 on A3 paper, and in English on request', async () => {
    const file = await pdf(ids.published, 'paper=a3&lang=en', 'a3.pdf')
    fs.copyFileSync(file, path.join(resultsDir, 'notice-a3.pdf'))
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', file, path.join(resultsDir, 'notice-a3-page')])
    expect(info(file)).toMatch(/Page size:\s+841\.89 x 1190\.55 pts \(A3\)/)
    const t = text(file)
    for (const s of ['Compensation and resettlement plan notice', 'Boundary-point table', 'Gauss-Krüger 3° zone 37', 'J9', 'Scale 1:']) {
      expect(t, s).toContain(s)
    }
  })

  it('draws the scope filling most of the first page', () => {
    const png = path.join(resultsDir, 'notice-a4-page-1.png')
    expect(fs.existsSync(png)).toBe(true)
    // Rendered again as PPM to count the scope's orange pixels (#f4b183 at 65 % over white ≈ 247, 200, 167).
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', path.join(tmp, 'a4.pdf'), path.join(tmp, 'p')])
    const ppm = fs.readFileSync(fs.readdirSync(tmp).filter((f) => f.endsWith('.ppm')).map((f) => path.join(tmp, f))[0]!)
    const head = ppm.subarray(0, 20).toString('latin1').split(/\s+/)
    const [w, h] = [Number(head[1]), Number(head[2])]
    const rgb = ppm.subarray(ppm.length - w * h * 3)
    let orange = 0
    for (let i = 0; i < w * h; i++) {
      const [r, g, b] = [rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!]
      if (r > 235 && g > 180 && g < 220 && b > 145 && b < 190) orange++
    }
    // The pentagon and the square, 700 m wide and 390 m high, drawn at 1:4000 or 1:5000 across the page's width,
    // cover about 7 % of it (at 40 dpi the page is 331 × 468 pixels; a 1:10000 map would cover under 2 %).
    expect(orange / (w * h)).toBeGreaterThan(0.05)
  })

  it('continues a long boundary-point table over further pages with its header repeated', async () => {
    const file = await pdf(ids.long, 'paper=a4&lang=zh-CN', 'long.pdf')
    const pages = Number(/Pages:\s+(\d+)/.exec(info(file))![1])
    expect(pages).toBeGreaterThanOrEqual(4)
    const t = text(file)
    expect(t).toContain('J160')
    expect(t).not.toContain('J161')
    expect(t.split('\f').filter((p) => p.includes('X（北坐标，米）')).length).toBeGreaterThanOrEqual(pages - 1)
  })

  it('prints an expired notice with the day its period ended', async () => {
    const [n] = await db.query<{ ends_on: string }>('SELECT ends_on::text FROM notices WHERE id = $1', [ids.expired])
    expect(n!.ends_on < '2025-12-31').toBe(true)
    const t = text(await pdf(ids.expired, 'paper=a4&lang=zh-CN', 'expired.pdf'))
    expect(t).toContain(`已期满（${n!.ends_on}）`)
    expect(t).toContain('征收土地预公告')
    expect(t).toContain('本公告不涉及听证申请')
    expect(t).toContain('10 个工作日')
  })

  it('answers 404 for a draft or withdrawn notice and 422 for a bad paper or language', async () => {
    for (const id of [ids.draft, ids.withdrawn]) {
      const r = await get(`/api/public/notices/${id}/pdf?paper=a4`)
      expect(r.status).toBe(404)
      expect(r.body.code).toBe('NOT_FOUND')
    }
    const paper = await get(`/api/public/notices/${ids.published}/pdf?paper=a5`)
    expect(paper.status).toBe(422)
    expect(paper.body).toMatchObject({ code: 'NOTICE_PDF_PAPER', messages: { 'zh-CN': '纸张只能是 a4 或 a3。', en: 'The paper must be a4 or a3.' } })
    const lang = await get(`/api/public/notices/${ids.published}/pdf?lang=fr`)
    expect(lang.status).toBe(422)
    expect(lang.body.code).toBe('NOTICE_PDF_LANG')
    const twice = await get(`/api/public/notices/${ids.published}/pdf?paper=a4&paper=a3`)
    expect(twice.status).toBe(400)
  })

  it('answers 304 for a held version of the same paper and language, and a new tag for another language', async () => {
    const first = await get(`/api/public/notices/${ids.published}/pdf?paper=a4`, { 'accept-language': 'zh-CN' })
    const etag = first.headers.get('etag')!
    expect(first.headers.get('vary')).toContain('Accept-Language')
    const held = await get(`/api/public/notices/${ids.published}/pdf?paper=a4`, { 'accept-language': 'zh-CN', 'if-none-match': etag })
    expect(held.status).toBe(304)
    const english = await get(`/api/public/notices/${ids.published}/pdf?paper=a4`, { 'accept-language': 'en', 'if-none-match': etag })
    expect(english.status).toBe(200)
    expect(english.headers.get('etag')).not.toBe(etag)
  })
})
