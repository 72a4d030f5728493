import { describe, expect, it } from 'vitest'
import { parcelFeature, polygon, S, square } from '../helpers/fixtures.ts'
import { plantNotice } from '../helpers/public-notice-fixtures.ts'
import { useWorld, writeCounts } from '../helpers/world.ts'

// hostile-inputs.md rows not covered by hostile-geometry.test.ts (the G rows of bodies) or injection.test.ts (the
// corpus on every parameter): size and nesting past the limits (G29, G30), query type confusion (I03), bbox (I04,
// I05), literal search (I10), limits (I11) and an error that echoes markup (W02, W03). One row a case.
const w = useWorld()

describe('G29, G30: bodies past the nesting and size limits', () => {
  it('G29: refuses 1,000,000 levels of nesting inside 2 MB with 400 NESTING_TOO_DEEP, writing nothing', async () => {
    const planner = await w.api.as('planner')
    const before = await writeCounts(w.db)
    const deep = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}},"properties":{}}`
    expect(deep.length).toBeLessThan(2 * 1024 * 1024)
    const r = await planner.request('POST', '/api/parcels', { raw: deep })
    expect([r.status, r.body.code]).toEqual([400, 'NESTING_TOO_DEEP'])
    expect(await writeCounts(w.db)).toEqual(before)
  })

  it('G30: refuses a chunked body without Content-Length with 413 once it passes the limit, and keeps serving', async () => {
    const planner = await w.api.as('planner')
    const chunk = new TextEncoder().encode(`[110.0001,27.5001],`.repeat(3000))
    let sent = 0
    // 3 MB in 57 kB chunks against the 2 MB limit of POST /api/parcels, with no Content-Length: fetch sends it chunked.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"type":"Feature","geometry":{"type":"Polygon","coordinates":[['))
        if (sent > 3 * 1024 * 1024) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const r = await fetch(`${w.api.base}/api/parcels`, {
      method: 'POST', body, duplex: 'half',
      headers: { cookie: planner.cookie, 'x-csrf-token': planner.csrf, 'content-type': 'application/json' },
    } as RequestInit)
    expect(r.headers.get('content-length')).not.toBe(null)
    expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([413, 'BODY_TOO_LARGE'])
    expect((await w.api.request('GET', '/api/health')).status).toBe(200)
  })
})

describe('I03–I05, I10, I11: query parameters', () => {
  const list = async (query: string) => (await w.api.as('planner')).request('GET', `/api/parcels?${query}`)

  const rows: [string, string, number, string][] = [
    ['I03 repeated', 'bbox=110,27,111,28&bbox=110,27,111,28', 400, 'INVALID_PARAMETER_TYPE'],
    ['I03 bracket array', 'bbox[]=1&bbox[]=2', 400, 'UNKNOWN_PARAMETER'],
    ['I03 operator object', 'limit[$gt]=1', 400, 'UNKNOWN_PARAMETER'],
    ['I04 three numbers', 'bbox=110,27,111', 400, 'INVALID_BBOX'],
    ['I04 NaN', 'bbox=NaN,NaN,NaN,NaN', 400, 'INVALID_BBOX'],
    ['I04 infinities', 'bbox=-Infinity,0,Infinity,1', 400, 'INVALID_BBOX'],
    ['I04 1e309', 'bbox=1e309,0,1,1', 400, 'INVALID_BBOX'],
    ['I04 hex', 'bbox=0x6E,27,111,28', 400, 'INVALID_BBOX'],
    ['I05 min > max', 'bbox=111,28,110,27', 400, 'INVALID_BBOX'],
    ['I11 negative limit', 'limit=-1', 400, 'INVALID_PARAMETER'],
    ['I11 text limit', 'limit=abc', 400, 'INVALID_PARAMETER'],
    ['I11 offset (no such parameter)', 'offset=-5', 400, 'UNKNOWN_PARAMETER'],
  ]
  it('I03, I04, I05, I11: refuses type confusion, broken bboxes and bad limits on GET /api/parcels with 400', async () => {
    const answers = []
    for (const [id, query] of rows) {
      const r = await list(query)
      answers.push([id, query, r.status, r.body.code])
    }
    expect(answers).toEqual(rows)
  })

  it('I02: refuses the pg_featureserv-style sort injection with 400 UNKNOWN_PARAMETER, its true and false variants answered alike', async () => {
    // No route takes `sort`: the name is refused before any SQL runs, so whether the subquery would divide by zero
    // (no role like 'zz%': true) or not ('pg%': false) cannot show in status, body or length.
    const payload = (prefix: string) => encodeURIComponent(`id" + (select 1/(select count(*) from pg_roles where rolname like '${prefix}%')) --`)
    const planner = await w.api.as('planner')
    for (const [who, path] of [[planner, '/api/parcels'], [w.api, '/api/public/notices']] as const) {
      const [yes, no] = [await who.request('GET', `${path}?sort=${payload('zz')}`), await who.request('GET', `${path}?sort=${payload('pg')}`)]
      const comparable = (r: typeof yes) => [r.status, r.headers.get('content-type'), r.headers.get('content-length'), { ...r.body, instance: undefined }]
      expect([yes.status, yes.body.code]).toEqual([400, 'UNKNOWN_PARAMETER'])
      expect(comparable(yes)).toEqual(comparable(no))
    }
  })

  it('I05, I11: a whole-world bbox and a limit of 100,000,000 are capped, and say truncated', async () => {
    const planner = await w.api.as('planner')
    for (const [i, lon] of [110.0, 110.002, 110.004].entries()) {
      expect((await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(lon, 27.5)), w.projectId, { code: `CAP-${i}` }) })).status).toBe(201)
    }
    const world = await list('bbox=-180,-90,180,90&limit=2')
    expect([world.status, world.body.numberReturned, world.body.truncated]).toEqual([200, 2, true])
    const huge = await list('limit=100000000')
    expect([huge.status, huge.body.numberReturned, huge.body.truncated]).toEqual([200, 3, false])
  })

  it('I10: searches the public notices for %, _ and \\ as the characters they are', async () => {
    await plantNotice(w.db, { projectId: w.projectId, title: '补偿标准上调 5%（示例）' })
    await plantNotice(w.db, { projectId: w.projectId, title: '普通公告', ring: square(110.002, 27.5) })
    const titles = async (q: string) => {
      const r = await w.api.request('GET', `/api/public/notices?q=${encodeURIComponent(q)}`)
      expect(r.status, q).toBe(200)
      return r.body.features.map((f: { properties: { title: string } }) => f.properties.title)
    }
    expect(await titles('%')).toEqual(['补偿标准上调 5%（示例）'])
    // As LIKE patterns, '5_' would match '5%' and '%' every notice.
    expect(await titles('5_')).toEqual([])
    expect(await titles('\\')).toEqual([])
    expect(await titles('普通')).toEqual(['普通公告'])
  })
})

describe('W02, W03: markup in what an error echoes', () => {
  it('answers problem+json with nosniff, the markup inert in a JSON string, and no stack, path or SQL', async () => {
    const xss = '<img src=x onerror=alert(document.domain)>'
    const planner = await w.api.as('planner')
    const replies = [
      await w.api.request('GET', `/api/public/notices?${encodeURIComponent(xss)}=1`),
      await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(S), w.projectId, { [xss]: 1 }) }),
      await planner.request('POST', '/api/parcels', { raw: `{"type":"Feature",${xss}` }),
    ]
    expect(replies.map((r) => r.status)).toEqual([400, 422, 400])
    for (const r of replies) {
      expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.text).not.toMatch(/\bat \S+ \(|\/work\/|node_modules|SELECT |syntax error/)
    }
  })
})
