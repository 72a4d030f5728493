import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadQueries } from '../../server/db/queries.ts'
import { TestApi } from '../helpers/api.ts'
import { buildSignedWorld, canary, type SignedWorld } from '../helpers/audit-report-world.ts'
import { resetData, testDb } from '../helpers/test-db.ts'
import type { World } from '../helpers/world.ts'

// The PDF as a picture: its pages rendered by poppler (pdftoppm, Debian poppler-utils) and looked at pixel by pixel.
// One world for the whole file (rendering is slow), so no per-test reset.
const projects = loadQueries('projects', ['insert'])
const w = {} as World
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-report-pdf-'))
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true })
  await w.api?.stop()
})

interface Picture { width: number; height: number; rgb: Uint8Array }

/** A binary PPM (P6, maxval 255) as pdftoppm writes it. */
function readPpm(file: string): Picture {
  const b = fs.readFileSync(file)
  const header: string[] = []
  let i = 0
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(b[i]!))) i++
    let tok = ''
    while (!/\s/.test(String.fromCharCode(b[i]!))) tok += String.fromCharCode(b[i++]!)
    header.push(tok)
  }
  expect(header[0]).toBe('P6')
  return { width: Number(header[1]), height: Number(header[2]), rgb: new Uint8Array(b.buffer, b.byteOffset + i + 1, Number(header[1]) * Number(header[2]) * 3) }
}

/** Pixels matching a colour test: how many, and their centroid. */
function find(p: Picture, test: (r: number, g: number, b: number) => boolean) {
  let n = 0, sx = 0, sy = 0
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const o = (y * p.width + x) * 3
      if (test(p.rgb[o]!, p.rgb[o + 1]!, p.rgb[o + 2]!)) { n++; sx += x; sy += y }
    }
  }
  return { n, x: n ? sx / n : NaN, y: n ? sy / n : NaN }
}

// Fills at 65 % over white: exceeds #d62f2f → about (228, 120, 120); consistent #3b78c4 → about (127, 167, 216);
// no claim #a0a0a0 → about (193, 193, 193).
const red = (r: number, g: number, b: number) => r > 200 && g > 90 && g < 150 && b > 90 && b < 150 && Math.abs(g - b) < 20
const blue = (r: number, g: number, b: number) => b > 195 && r > 105 && r < 150 && g > 145 && g < 190

let world: SignedWorld
let pdf: Uint8Array
let pages: string[]

beforeAll(async () => {
  w.db = await testDb()
  await resetData(w.db)
  w.api = await new TestApi(w.db, { ZD_PII_KEY: Buffer.alloc(32, 42).toString('base64') }).start()
  const [row] = await w.db.query<{ id: number }>(projects.insert, ['P1', '测试项目', 'Test project', '鹤城区', null])
  w.projectId = row!.id
  world = await buildSignedWorld(w)
  const auditor = await w.api.as('auditor')
  const r = await auditor.request('GET', `/api/audit/report?from=2021-01-01&to=${world.year}-12-31&format=pdf`)
  expect(r.status, r.text.slice(0, 500)).toBe(200)
  expect(r.headers.get('content-type')).toBe('application/pdf')
  expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('稽核报告')}`)
  pdf = r.bytes
  fs.writeFileSync(path.join(tmp, 'report.pdf'), pdf)
  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(path.join(resultsDir, 'audit-report.pdf'), pdf)
  execFileSync('pdftoppm', ['-r', '80', path.join(tmp, 'report.pdf'), path.join(tmp, 'page')])
  execFileSync('pdftoppm', ['-r', '80', '-png', path.join(tmp, 'report.pdf'), path.join(resultsDir, 'audit-report-page')])
  pages = fs.readdirSync(tmp).filter((f) => f.endsWith('.ppm')).sort().map((f) => path.join(tmp, f))
}, 180_000)

describe('the audit report as a PDF', () => {
  it('is an A4 document whose text is the report, in an embedded CJK font, with page numbers and each finding\'s records', async () => {
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-')
    const info = execFileSync('pdfinfo', [path.join(tmp, 'report.pdf')]).toString()
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/)
    const count = Number(/Pages:\s+(\d+)/.exec(info)![1])
    expect(pages.length).toBe(count)
    const fonts = execFileSync('pdffonts', [path.join(tmp, 'report.pdf')]).toString()
    expect(fonts).toMatch(/NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/)
    expect(fonts).not.toMatch(/Helvetica/)
    const text = execFileSync('pdftotext', ['-layout', path.join(tmp, 'report.pdf'), '-']).toString()
    expect(text).toContain('征收稽核报告')
    expect(text.replace(/\s+/g, '')).toContain('本期稽核土地征收')
    expect(text).toContain('2021-01-01 至')
    for (const s of ['汇总', '发现', '地块', '合计', 'A-001', 'A-002', 'A-003', '超限', '一致', '无申报', '330.022', 'CGCS2000', 'EPSG:4490']) {
      expect(text, s).toContain(s)
    }
    expect(text.replace(/\s+/g, '')).toContain(`第${count}页/共${count}页`)
    // Each finding's records are printed under it, by their labels: the canary household by id and village group.
    // (-raw: the text in the order it is drawn, so a cell's wrapped lines are not interleaved with its neighbours'.)
    const [h] = await w.db.query<{ id: number }>("SELECT id FROM households WHERE village_group = '板山村三组'")
    const raw = execFileSync('pdftotext', ['-raw', path.join(tmp, 'report.pdf'), '-']).toString().replace(/\s+/g, '')
    expect(raw).toContain('涉及记录：')
    expect(raw).toContain(`户#${h!.id}（板山村三组）`)
    // The decision's reason is printed, scrubbed of the household's name, phone and ID number.
    expect(text.replace(/\s+/g, '')).toContain('户主＊＊')
    for (const s of [canary.head, canary.member, canary.headId, canary.memberId, canary.phone, canary.householdYuan]) {
      expect(text.includes(s), s).toBe(false)
    }
  })

  it('draws the parcels on the map, coloured by verdict and where they lie: the over-claimed one west of the consistent one', () => {
    const shots = pages.map(readPpm)
    for (const p of shots) {
      // Not blank: a good share of dark (text) pixels on every page.
      expect(find(p, (r, g, b) => r + g + b < 300).n).toBeGreaterThan(500)
    }
    const mapPage = shots.find((p) => find(p, red).n > 300)
    expect(mapPage, 'a page with the red parcel').toBeDefined()
    const exceeds = find(mapPage!, red)
    const consistent = find(mapPage!, blue)
    expect(consistent.n).toBeGreaterThan(300)
    // A-001 lies at 110.000°E, A-003 at 110.006°E, both at 27.500°N: same row, red to the left of blue.
    expect(exceeds.x).toBeLessThan(consistent.x)
    expect(Math.abs(exceeds.y - consistent.y)).toBeLessThan(12)
    // Equal squares drawn at one scale: about as many pixels each (the legend's swatches add a few).
    expect(exceeds.n / consistent.n).toBeGreaterThan(0.8)
    expect(exceeds.n / consistent.n).toBeLessThan(1.25)
  })
})

describe('the PDF in English', () => {
  it('keeps the map whole on one page, with its longer note', async () => {
    const r = await (await w.api.as('auditor')).request('GET', `/api/audit/report?from=2021-01-01&to=${world.year}-12-31&format=pdf&lang=en`)
    expect(r.status).toBe(200)
    const file = path.join(tmp, 'en.pdf')
    fs.writeFileSync(file, r.bytes)
    execFileSync('pdftoppm', ['-r', '80', file, path.join(tmp, 'en')])
    execFileSync('pdftoppm', ['-r', '80', '-png', file, path.join(resultsDir, 'audit-report-en-page')])
    const shots = fs.readdirSync(tmp).filter((f) => f.startsWith('en') && f.endsWith('.ppm')).sort().map((f) => readPpm(path.join(tmp, f)))
    const withRed = shots.filter((p) => find(p, red).n > 300)
    expect(withRed.length).toBe(1)
    expect(find(withRed[0]!, blue).n).toBeGreaterThan(300)
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
    for (const s of ['Land acquisition audit report', 'exceeds tolerance', 'Illustrative; not a boundary survey.', 'Page 1 of']) expect(text.replace(/\s+/g, ' '), s).toContain(s)
    const [h] = await w.db.query<{ id: number }>("SELECT id FROM households WHERE village_group = '板山村三组'")
    const raw = execFileSync('pdftotext', ['-raw', file, '-']).toString().replace(/\s+/g, '')
    expect(raw).toContain('Records:')
    expect(raw).toContain(`Household#${h!.id}(板山村三组)`)
  })
})

describe('the PDF without a CJK font', () => {
  it('is 503 AUDIT_REPORT_FONT_MISSING, while the other formats still work', async () => {
    const api = await new TestApi(w.db, { ZD_PII_KEY: Buffer.alloc(32, 42).toString('base64'), ZD_PDF_FONT: '/nonexistent/NotoSansCJK.ttc' }).start()
    try {
      await api.createUser('auditor2', 'auditor', 'auditor2-Pass-2026!')
      const login = await fetch(`${api.base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor2', password: 'auditor2-Pass-2026!' }),
      })
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      const pdfReply = await api.request('GET', '/api/audit/report?from=2021-01-01&to=2021-12-31&format=pdf', { headers: { cookie } })
      expect([pdfReply.status, pdfReply.body.code]).toEqual([503, 'AUDIT_REPORT_FONT_MISSING'])
      expect(pdfReply.headers.get('content-type')).toContain('application/problem+json')
      expect(pdfReply.body.messages['zh-CN']).toContain('/nonexistent/NotoSansCJK.ttc')
      const csv = await api.request('GET', '/api/audit/report?from=2021-01-01&to=2021-12-31&format=csv', { headers: { cookie } })
      expect(csv.status).toBe(200)
    } finally {
      await api.stop()
    }
  })
})
