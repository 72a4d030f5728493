import { execFileSync } from 'node:child_process'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { piiKeysFrom } from '../../server/auth/pii-cipher.ts'
import type { Database } from '../../server/db/database.ts'
import { loadDemo } from '../../server/demo/load-demo.ts'
import { routes } from '../../server/routes.ts'
import { polygon, square } from '../helpers/fixtures.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { canary, privacyScanner } from '../helpers/privacy-scan.ts'
import { resetData, testDb } from '../helpers/test-db.ts'

// Issue 6, rule 5: personal data never reaches the public. A canary household (name, ID number, phone, a
// per-household compensation amount) and a canary hearing request are planted next to the demo data; then every
// public route of server/routes.ts is crawled with real ids, bad ids and bad bodies, with every list filter, every
// tile covering a public notice at z 8…16 and every PDF, and nothing that comes back may hold a canary string, an
// ID-number pattern or a mainland mobile number (tests/helpers/privacy-scan.ts). The portal's own files:
// public-privacy-portal.test.ts.

const PII_KEY = Buffer.alloc(32, 6).toString('base64')

const { findings, statuses, scan, scanReply } = privacyScanner()
/** What the crawl really read, so that it cannot pass by reading nothing: tiles holding features by notice id, PDFs. */
const tileFeatureIds = new Set<number>()
let pdfsRead = 0

let db: Database
let api: TestApi
const sessions = new Map<string, { cookie: string; csrf: string }>()
/** Public notices (published or expired) by id, with their geometry, after planting. */
let publicNotices: { id: number; geometry: GeoJSON.Geometry; status: string; kind: string; township: string | null }[] = []
/** Notices that exist but are not public (draft, approved): their ids must answer 404. */
let hiddenNoticeIds: number[] = []
let canaryNoticeId = 0
let canaryHouseholdId = 0
let canaryCollective = ''

async function login(username: string) {
  const r = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }),
  })
  if (r.status !== 200) throw new Error(`login as ${username}: ${r.status} ${await r.text()}`)
  sessions.set(username, { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrf: string }).csrf })
}

/** A request as a demo user (server/demo/load-demo.ts: password `<name>-demo`). */
function as(username: string, method: string, url: string, opts: { json?: unknown; headers?: Record<string, string> } = {}) {
  const s = sessions.get(username)!
  return api.request(method, url, { ...opts, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...opts.headers } })
}

async function ok(r: Promise<Reply>, status = 201): Promise<any> {
  const reply = await r
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text.slice(0, 500)}`)
  return reply.body
}

const pub = (method: string, url: string, opts: { json?: unknown; raw?: string; headers?: Record<string, string> } = {}) => api.request(method, url, opts)

beforeAll(async () => {
  db = await testDb()
  api = await new TestApi(db, { ZD_PII_KEY: PII_KEY }).start()
  await resetData(db)
  api.forget()
  // The demo data (its households, hearing requests and notices of every kind) is crawled too.
  expect(await loadDemo(db, piiKeysFrom(PII_KEY))).toBe(true)
  for (const u of ['planner', 'finance', 'legal', 'legal2']) await login(u)

  // The canary project: one parcel, the canary household on it with a house, a per-household compensation item.
  const project = await ok(as('planner', 'POST', '/api/projects', { json: { code: 'CANARY-2026', name: '隐私巡检项目', name_en: 'Privacy crawl project', district: '鹤城区' } }))
  canaryCollective = '盈口乡炉天冲村三组'
  const parcel = await ok(as('planner', 'POST', '/api/parcels', {
    json: { type: 'Feature', geometry: polygon(square(110.0, 27.5, 0.002)), properties: { project_id: project.id, code: 'CANARY-001', land_class: '0103', owner: canaryCollective } },
  }))
  const household = await ok(as('planner', 'POST', '/api/households', {
    json: {
      project_id: project.id, name: canary.name, village_group: canary.village, id_number: canary.idNumber, phone: canary.phone, parcel_ids: [parcel.id],
      members: [{ name: canary.member, relation: '配偶', id_number: canary.memberId, is_resettled: true }],
    },
  }))
  canaryHouseholdId = household.id
  await ok(as('planner', 'POST', '/api/buildings', {
    json: {
      type: 'Feature', geometry: polygon(square(110.0005, 27.5005, 0.0002)),
      properties: { project_id: project.id, parcel_id: parcel.id, household_id: household.id, code: 'CANARY-F1', structure: 'brick_concrete', floors: 2, floor_area_m2: '800.00', legal_status: 'licensed' },
    },
  }))
  await ok(as('finance', 'POST', `/api/projects/${project.id}/rate-sets`, {
    json: { name: '隐私巡检标准', basis: '示例', effective_from: '2026-01-01', rates: [{ item_type: 'land', key: '0103', rate_yuan: '48000.00' }] },
  }))
  await ok(as('finance', 'POST', '/api/compensation-items', {
    json: { project_id: project.id, item_type: 'relocation', household_id: household.id, quantity: '1', unit: 'household', amount_yuan: canary.amount },
  }))

  // A compensation plan on the canary project, drafted by legal, approved by legal2, published today.
  const draft = await ok(as('legal', 'POST', '/api/notices', { json: { project_id: project.id, kind: 'compensation_plan' } }))
  const approved = await ok(as('legal2', 'POST', `/api/notices/${draft.id}/approve`, { json: {}, headers: { 'if-match': `"v${draft.version}"` } }), 200)
  await ok(as('legal', 'POST', `/api/notices/${draft.id}/publish`, { json: {}, headers: { 'if-match': `"v${approved.version}"` } }), 200)
  canaryNoticeId = draft.id
  expect(approved.figures.collectives.map((c: { name: string }) => c.name)).toEqual([canaryCollective])

  // The canary files a hearing request on it, and on the demo's open compensation plan.
  await ok(pub('POST', `/api/public/notices/${canaryNoticeId}/hearing-requests`, {
    json: { name: canary.name, phone: canary.phone, collective: canaryCollective, reason: canary.reason },
  }))
  const list = await ok(pub('GET', '/api/public/notices?status=all'), 200)
  const open = list.features.filter((f: any) => f.properties.hearing_open && f.id !== canaryNoticeId && f.properties.id !== canaryNoticeId)
  expect(open.length).toBeGreaterThan(0)
  const demoPlan = open[0]
  await ok(pub('POST', `/api/public/notices/${demoPlan.properties.id}/hearing-requests`, {
    json: { name: canary.name, phone: canary.phone, collective: demoPlan.properties.collectives[0].name ?? demoPlan.properties.collectives[0], reason: canary.reason },
  }))

  publicNotices = list.features.map((f: any) => ({
    id: f.properties.id as number, geometry: f.geometry, status: f.properties.status, kind: f.properties.kind, township: f.properties.township,
  }))
  hiddenNoticeIds = (await db.query<{ id: number }>(`SELECT id FROM notices WHERE status NOT IN ('published', 'expired') ORDER BY id`)).map((r) => r.id)
}, 240_000)

afterAll(async () => {
  await api?.stop()
})

describe('the canary is planted where only logged-in users may see it', () => {
  it('stores the canary household, its compensation and its hearing requests, readable to the roles entitled to them', async () => {
    expect(publicNotices.map((n) => n.id)).toContain(canaryNoticeId)
    const household = await ok(as('planner', 'GET', `/api/households/${canaryHouseholdId}`), 200)
    expect(household).toMatchObject({ name: canary.name, id_number: canary.idNumber, phone: canary.phone })
    const requests = await ok(as('legal', 'GET', `/api/notices/${canaryNoticeId}/hearing-requests`), 200)
    expect(requests.items).toMatchObject([{ name: canary.name, phone: canary.phone, collective: canaryCollective }])
    const [item] = await db.query<{ amount: string }>(`SELECT amount_yuan::text AS amount FROM compensation_items WHERE household_id IS NOT NULL AND amount_yuan = $1::numeric`, [canary.amount])
    expect(item?.amount).toBe(canary.amount)
  })
})

describe('the public route table', () => {
  it('has no public route outside /health, /livez, /readyz, /config, /auth/login, /land-classes and /public/* (a new one must be added to this crawl consciously)', () => {
    // /livez and /readyz answer a status word and the uptime, nothing from the data.
    const allowed = new Set(['/health', '/livez', '/readyz', '/config', '/auth/login', '/land-classes'])
    const stray = routes.filter((r) => r.access === 'public' && !allowed.has(r.path) && !r.path.startsWith('/public/')).map((r) => `${r.method} ${r.path}`)
    expect(stray).toEqual([])
    // Every /public/* route is public: none hides behind a session by mistake, and none is missing from the crawl.
    expect(routes.filter((r) => r.path.startsWith('/public/') && r.access !== 'public')).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// The crawl

const languages = ['zh-CN', 'en']
/** Ids that are not a public notice: absent, malformed, the canary's own values as an id. */
const badIds = ['0', '-1', '99999999', '2147483648', 'abc', '1.5', '1e3', encodeURIComponent(canary.name), canary.phone, canary.idNumber, '%00', 'x'.repeat(300)]

/** Tiles z/x/y covering a lon/lat bbox (slippy-map numbering). */
function tilesOf(bbox: [number, number, number, number], z: number): [number, number, number][] {
  const n = 2 ** z
  const x = (lon: number) => Math.min(n - 1, Math.floor(((lon + 180) / 360) * n))
  const y = (lat: number) => {
    const r = (lat * Math.PI) / 180
    return Math.min(n - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n))
  }
  const out: [number, number, number][] = []
  for (let tx = x(bbox[0]); tx <= x(bbox[2]); tx++) for (let ty = y(bbox[3]); ty <= y(bbox[1]); ty++) out.push([z, tx, ty])
  return out
}

function bboxOf(g: GeoJSON.Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [lon, lat] = c as number[]
      b[0] = Math.min(b[0], lon!); b[1] = Math.min(b[1], lat!); b[2] = Math.max(b[2], lon!); b[3] = Math.max(b[3], lat!)
    } else for (const x of c as unknown[]) walk(x)
  }
  walk((g as GeoJSON.Polygon | GeoJSON.MultiPolygon).coordinates)
  return b
}

/** The values each path parameter of a public route is filled with. A parameter not named here fails the test. */
function parameterSets(routePath: string): Record<string, string>[] {
  const names = [...routePath.matchAll(/:(\w+)/g)].map((m) => m[1]!)
  if (names.length === 0) return [{}]
  const key = [...names].sort().join(',')
  if (key === 'id') {
    return [...publicNotices.map((n) => String(n.id)), ...hiddenNoticeIds.map(String), ...badIds].map((id) => ({ id }))
  }
  if (key === 'x,y,z') {
    const tiles = new Map<string, [number, number, number]>()
    for (const n of publicNotices) for (let z = 8; z <= 16; z++) for (const t of tilesOf(bboxOf(n.geometry), z)) tiles.set(t.join('/'), t)
    const bad = [['99', '0', '0'], ['8', '-1', '0'], ['8', '0', 'abc'], ['16', '99999999', '1'], ['2.5', '1', '1'], ['8', '1', encodeURIComponent(canary.name)]]
    return [...[...tiles.values()].map(([z, x, y]) => ({ z: String(z), x: String(x), y: String(y) })), ...bad.map(([z, x, y]) => ({ z: z!, x: x!, y: y! }))]
  }
  throw new Error(`public route ${routePath} has parameters (${key}) this crawl does not know how to fill: teach parameterSets() before making it public`)
}

const fill = (routePath: string, values: Record<string, string>) => routePath.replace(/:(\w+)/g, (_, n: string) => values[n]!)

/** Query strings a public GET route is crawled with: the list with every filter (and bad ones), the PDF in every paper and language. */
function queryVariants(routePath: string): string[] {
  if (routePath === '/public/notices') {
    const kinds = ['pre_announcement', 'compensation_plan', 'acquisition', 'legacy_notification', 'legacy_plan']
    const townships = [...new Set(publicNotices.map((n) => n.township).filter((t): t is string => !!t))]
    return [
      '', ...['current', 'expired', 'all'].map((s) => `status=${s}`), ...kinds.map((k) => `kind=${k}&status=all`),
      ...townships.map((t) => `township=${encodeURIComponent(t)}&status=all`),
      'q=%E5%85%AC%E5%91%8A&status=all', `q=${encodeURIComponent('城东物流园')}`, `q=${encodeURIComponent(canary.name)}&status=all`,
      `q=${canary.phone}&status=all`, `q=${canary.idNumber}&status=all`, `q=${encodeURIComponent(canary.village)}&status=all`,
      'from=2020-01-01&to=2030-12-31&status=all', 'min_mu=0&max_mu=100000&status=all', 'min_mu=1&max_mu=5&status=all',
      // Bad filters: the errors are crawled too.
      'kind=bogus', 'status=bogus', 'from=not-a-date', 'to=2026-13-45', 'min_mu=abc', 'max_mu=-1', 'min_mu=9&max_mu=1',
      `township=${'x'.repeat(500)}`, `kind=${encodeURIComponent(canary.name)}`, 'q=' + 'a'.repeat(2000), 'unknown=1',
    ]
  }
  if (routePath.endsWith('/pdf')) {
    return [...['a4', 'a3'].flatMap((paper) => ['zh-CN', 'en'].map((lang) => `paper=${paper}&lang=${lang}`)), '', 'paper=a0', 'lang=xx', `lang=${encodeURIComponent(canary.name)}`]
  }
  return ['']
}

/** Bodies every public POST route is sent: the canary's values in well-formed and malformed bodies. */
function hostileBodies(): { json?: unknown; raw?: string; headers?: Record<string, string> }[] {
  const good = { name: canary.name, phone: canary.phone, collective: canaryCollective, reason: canary.reason }
  return [
    { json: good },
    { json: { ...good, phone: `${canary.phone}0` } },
    { json: { ...good, phone: canary.idNumber } },
    { json: { ...good, name: canary.idNumber } },
    { json: { ...good, collective: canary.village } },
    { json: { ...good, reason: '短' } },
    { json: { ...good, name: canary.name.repeat(20) } },
    { json: { ...good, website: canary.name } },
    { json: { ...good, extra: canary.phone } },
    { json: { name: canary.name } },
    { json: { username: canary.name, password: canary.phone } },
    { json: { username: canary.idNumber, password: canary.idNumber } },
    { json: {} },
    { json: [canary.name, canary.phone] },
    { json: canary.name },
    { raw: `{"name":"${canary.name}","phone":"${canary.phone}"` },
    { raw: `name=${canary.name}&phone=${canary.phone}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { raw: JSON.stringify({ ...good, reason: canary.reason.repeat(300) }) },
  ]
}

const publicRoutes = routes.filter((r) => r.access === 'public')

describe('crawling every public route finds no personal data', () => {
  it('public GET routes: every id, good and bad, every filter, both languages (tiles decoded, PDFs through pdftotext)', async () => {
    let requests = 0
    for (const route of publicRoutes.filter((r) => r.method === 'get')) {
      const isTile = route.path.endsWith('.mvt')
      for (const params of parameterSets(route.path)) {
        for (const query of queryVariants(route.path)) {
          for (const lang of isTile ? ['zh-CN'] : languages) {
            const url = `/api${fill(route.path, params)}${query ? `?${query}` : ''}`
            const r = await pub('GET', url, { headers: { 'accept-language': lang } })
            requests++
            scanReply(url, r, 'all', url)
            const type = r.headers.get('content-type') ?? ''
            if (r.status === 200 && (isTile || type.includes('protobuf') || type.includes('mapbox'))) scanTile(url, r.bytes)
            if (r.status === 200 && type.includes('application/pdf')) scanPdf(url, r.bytes)
          }
        }
      }
    }
    console.log(`[public-privacy] ${requests} GET requests over ${publicRoutes.filter((r) => r.method === 'get').length} public GET routes, ${pdfsRead} PDFs`)
    expect(statuses.filter((s) => s.status >= 500)).toEqual([])
    expect(findings).toEqual([])
    // Every public notice, the canary's among them, was on a tile, and every one printed in both papers and languages
    // (each asked with both Accept-Language headers).
    expect([...tileFeatureIds].sort((a, b) => a - b)).toEqual(publicNotices.map((n) => n.id).sort((a, b) => a - b))
    expect(pdfsRead).toBeGreaterThanOrEqual(publicNotices.length * 4 * 2)
    // A draft or an approved notice is not there at all for the public: 404, as if it did not exist.
    expect(hiddenNoticeIds.length).toBeGreaterThanOrEqual(2)
    for (const id of hiddenNoticeIds) {
      const urls = [``, `/boundary-points`, `/pdf?paper=a4&lang=zh-CN`].map((tail) => `/api/public/notices/${id}${tail}`)
      const hidden = statuses.filter((s) => urls.includes(s.url))
      expect(hidden.length, `notice ${id}`).toBeGreaterThan(0)
      expect(hidden.filter((s) => s.status !== 404), `notice ${id}`).toEqual([])
    }
  }, 600_000)

  it('public POST routes: the canary in well-formed and malformed bodies, on every notice id; no answer echoes it', async () => {
    const before = findings.length
    const postsFrom = statuses.length
    for (const route of publicRoutes.filter((r) => r.method !== 'get')) {
      for (const params of parameterSets(route.path)) {
        for (const body of hostileBodies()) {
          for (const lang of languages) {
            const url = `/api${fill(route.path, params)}`
            const r = await pub(route.method.toUpperCase(), url, { ...body, headers: { 'accept-language': lang, ...body.headers } })
            scanReply(`${route.method.toUpperCase()} ${url} ${JSON.stringify(body.json ?? body.raw).slice(0, 60)}`, r, 'all', url)
          }
        }
      }
    }
    expect(statuses.filter((s) => s.status >= 500)).toEqual([])
    expect(findings.slice(before)).toEqual([])
    // The bodies reached the real refusals, not only the router: duplicate, closed or not invited (409), bad fields
    // (422), a form post (415), unknown notices (404).
    expect([...new Set(statuses.slice(postsFrom).map((s) => s.status))]).toEqual(expect.arrayContaining([404, 409, 415, 422]))
  }, 600_000)

  it('A07: asking a public route for more (?properties=…, ?fields=*, Accept: text/csv, a .geojson or .csv address) gets nothing more', async () => {
    const before = findings.length
    const notice = publicNotices.find((n) => n.id === canaryNoticeId)!
    const [z, x, y] = tilesOf(bboxOf(notice.geometry), 14)[0]!
    const values = { id: String(canaryNoticeId), z: String(z), x: String(x), y: String(y) }
    const gets = publicRoutes.filter((r) => r.method === 'get')
    for (const route of gets) {
      const url = `/api${fill(route.path, values)}`
      const plain = await pub('GET', url)
      // Field selection does not exist: the names are refused, whatever they ask for.
      for (const query of ['properties=owner_name,id_number,phone,amount', 'fields=*', 'fields=name,id_number,phone,amount_yuan', 'select=*']) {
        const r = await pub('GET', `${url}?${query}`)
        scanReply(`${url}?${query}`, r, 'all', `${url}?${query}`)
        expect([url, query, r.status, r.body?.code]).toEqual([url, query, 400, 'UNKNOWN_PARAMETER'])
      }
      // Another representation is not on offer: Accept is ignored, the answer is the same type as without it.
      const csv = await pub('GET', url, { headers: { accept: 'text/csv' } })
      scanReply(`${url} (Accept: text/csv)`, csv, 'all', url)
      expect([url, csv.status, csv.headers.get('content-type')]).toEqual([url, plain.status, plain.headers.get('content-type')])
      for (const suffix of ['.geojson', '.csv', '.json']) {
        const r = await pub('GET', `${url}${suffix}`)
        scanReply(`${url}${suffix}`, r, 'all', `${url}${suffix}`)
        expect([`${url}${suffix}`, r.status]).toEqual([`${url}${suffix}`, 404])
      }
    }
    // The notice's keys are the portal's own, none of them personal (tiles: kind and status, checked in the crawl).
    const one = await pub('GET', `/api/public/notices/${canaryNoticeId}`)
    const listed = (await pub('GET', '/api/public/notices?status=all')).body.features.find((f: { id: number }) => f.id === canaryNoticeId)
    const personal = /name$|^name|id_number|phone|amount|household|owner|member|bank|address|reason/
    expect([...Object.keys(one.body.properties), ...Object.keys(listed.properties)].filter((k) => personal.test(k))).toEqual([])
    expect(statuses.filter((s) => s.status >= 500)).toEqual([])
    expect(findings.slice(before)).toEqual([])
  })

  it('A09: publishes no per-household compensation at all: no household has an account, so none can be shown even its own', async () => {
    // 征收条例 Art. 29 lets a household see its own compensation; this office gives households no login (roles are
    // office staff only), so the public side carries collective and rate figures, never one household's.
    expect(publicRoutes.filter((r) => /household|compensation|agreement|funds|resettlement/.test(r.path)).map((r) => r.path)).toEqual([])
    const plan = await pub('GET', `/api/public/notices/${canaryNoticeId}`)
    expect(plan.status).toBe(200)
    expect(JSON.stringify(plan.body)).not.toMatch(/household|amount_yuan/)
    expect(plan.text).not.toContain(canary.amount)
    // Everything the public can ask was crawled above, and no form of the canary household's amount was found.
    expect(statuses.length, 'the crawl above ran: run the whole file').toBeGreaterThan(500)
    expect(findings.filter((f) => f.what.startsWith('compensation amount'))).toEqual([])
    for (const url of [`/api/households/${canaryHouseholdId}`, '/api/households', '/api/compensation-items', '/api/agreements']) {
      expect([url, (await pub('GET', url)).status]).toEqual([url, 401])
    }
  })

  it('paths and methods outside the route table answer problems that hold none of it', async () => {
    const before = findings.length
    const id = publicNotices[0]!.id
    for (const [method, url] of [
      ['GET', '/api/public/households'], ['GET', `/api/public/${encodeURIComponent(canary.name)}`], ['GET', `/api/public/notices/${id}/hearing-requests`],
      ['DELETE', `/api/public/notices/${id}`], ['PUT', `/api/public/notices/${id}`], ['GET', `/api/households?q=${canary.phone}`],
      ['GET', `/api/notices/${canaryNoticeId}/hearing-requests`], ['GET', `/api/notices/${canaryNoticeId}`],
    ] as const) {
      for (const lang of languages) scanReply(`${method} ${url}`, await pub(method, url, { headers: { 'accept-language': lang } }), 'all', url)
    }
    expect(statuses.filter((s) => s.status >= 500)).toEqual([])
    expect(findings.slice(before)).toEqual([])
  })
})

/** Decodes a vector tile: every layer name, property key and value is scanned; features carry only kind and status. */
function scanTile(url: string, bytes: Uint8Array) {
  if (bytes.length === 0) return
  const tile = new VectorTile(new PbfReader(bytes))
  const strings: string[] = []
  for (const [name, layer] of Object.entries(tile.layers)) {
    strings.push(name)
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i)
      if (typeof f.id === 'number') tileFeatureIds.add(f.id)
      for (const [k, v] of Object.entries(f.properties)) strings.push(k, String(v))
      const extra = Object.keys(f.properties).filter((k) => k !== 'kind' && k !== 'status')
      if (extra.length) findings.push({ url, what: `tile feature property beyond kind and status: ${extra.join(', ')}`, excerpt: JSON.stringify(f.properties) })
    }
  }
  scan(`${url} (decoded)`, strings.join('\n'))
}

/** The text of a PDF (pdftotext, poppler), scanned as the public would copy it. */
function scanPdf(url: string, bytes: Uint8Array) {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(bytes), maxBuffer: 64 * 1024 * 1024 }).toString('utf8')
  expect(text.length, `${url}: pdftotext found no text`).toBeGreaterThan(20)
  pdfsRead++
  scan(`${url} (pdftotext)`, text)
}
