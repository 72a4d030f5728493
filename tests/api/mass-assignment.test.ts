import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { routes, type Route } from '../../server/routes.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { jsonWrites } from '../helpers/hostile-bodies.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { startRouteWorld } from '../helpers/route-world.ts'

// hostile-inputs.md A03–A05 on every JSON write route of server/routes.ts: a field the server keeps (id, version,
// timestamps, who approved) is refused with 422 READ_ONLY_FIELD, never applied; a prototype key (`__proto__`,
// `constructor`, `prototype`) is refused with 422 FORBIDDEN_KEY anywhere in a body; nothing is written either way and
// the server process's Object.prototype stays clean.

/** Fields every resource's answer carries and no body may set. */
const serverKept = { id: 7, version: 999, created_at: '2000-01-01T00:00:00Z', updated_at: '2000-01-01T00:00:00Z', updated_by: 'x', approved_by: 'x' }

const keyOf = (r: Route) => `${r.method.toUpperCase()} ${r.path}`

let db: Database
let api: TestApi
let ids: { project: number; other: number; parcel: number; household: number; notice: number; building: number }

/** The route's path with the world's ids, so that the handler reaches its body. */
function concrete(path: string) {
  const id = path.startsWith('/projects') ? ids.project : path.startsWith('/households') ? ids.household
    : path.startsWith('/notices') || path.startsWith('/public/notices') ? ids.notice : path.startsWith('/buildings') ? ids.building : ids.parcel
  return '/api' + path.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? String(id) : name === 'day' ? '2026-03-03' : '1'))
}

/** Sends `body` (text, sent as is) to a route as admin, who may call every route, or anonymously to a public one. */
async function send(route: Route, body: string, { withEtag = true } = {}): Promise<Reply> {
  const path = concrete(route.path)
  if (route.access === 'public') return api.request(route.method.toUpperCase(), path, { raw: body })
  const headers = withEtag ? { 'if-match': await etagFor(route) } : undefined
  return (await api.as('admin')).request(route.method.toUpperCase(), path, { raw: body, headers })
}

/** The current ETag of what a PUT or a notice's action changes, so that the handler goes on to read the body. */
async function etagFor(route: Route) {
  const resource = route.path.replace(/\/(regenerate|approve|publish|withdraw)$/, '')
  if (route.method === 'post' && resource === route.path) return '"0"'
  const r = await (await api.as('admin')).request('GET', concrete(resource))
  return r.headers.get('etag') ?? '"0"'
}

/** JSON writes that store nothing of their own: a server-kept field is refused there as any other unknown field. */
const notResources = new Set([
  'POST /auth/login', 'POST /auth/password', 'POST /area', 'POST /auth/totp/setup', 'POST /auth/totp/confirm', 'POST /users/:id/password-reset',
])
/**
 * Writes to an object this world does not hold (a record of each kind, a bulk import job): they answer 404 before
 * reading the body, which has the same schema as the record's POST, checked above.
 */
const objectFirst = new Set([
  'PUT /buildings/:id', 'PUT /graves/:id', 'PUT /attachments/:id', 'PUT /resettlements/:id', 'PUT /agreements/:id',
  'PUT /compensation-items/:id', 'PUT /acquisition-scopes/:id', 'PUT /approval-batches/:id', 'PUT /area-claims/:id',
  'POST /imports/bulk/:id/overlaps',
])

/** Fields of `serverKept` that a route takes as its own input: a restore names the version to go back to. */
const ownInput: Record<string, string[]> = { 'POST /parcels/:id/restore': ['version'] }

beforeAll(async () => {
  const world = await startRouteWorld({ code: 'MASS-1', name: '批量赋值项目', name_en: 'Mass assignment' })
  ;({ db, api } = world)
  const other = (await (await api.as('planner')).request('POST', '/api/projects', { json: { code: 'MASS-2', name: '另一项目', name_en: 'Another project', district: '鹤城区' } })).body
  await api.as('admin')
  ids = { ...world.ids, other: other.id, building: 1 }
  expect(Object.values(ids).every(Number.isInteger)).toBe(true)
})
afterAll(async () => {
  await api.stop()
})

const codesOf = (r: Reply) => (r.body?.errors ?? []).map((e: { path: string; code: string }) => `${e.path} ${e.code}`) as string[]

describe('server-kept fields (A03, A04)', () => {
  it('refuses id, version, timestamps and approved_by on every JSON write route with 422 READ_ONLY_FIELD, writing nothing', async () => {
    const before = await dbFingerprint(db)
    const wrong: string[] = []
    for (const route of jsonWrites) {
      const key = keyOf(route)
      const flat = await send(route, JSON.stringify(serverKept))
      if (objectFirst.has(key)) {
        if (flat.status !== 404) wrong.push(`${key}: ${flat.status}, expected 404 before the body`)
        continue
      }
      if (flat.status !== 422) wrong.push(`${key}: ${flat.status} ${flat.text.slice(0, 120)}`)
      if (notResources.has(key)) continue
      // A GeoJSON Feature's own `id` member is allowed and ignored; its properties are the record's fields.
      const feature = codesOf(flat).includes('properties FIELD_REQUIRED')
      const reply = feature ? await send(route, JSON.stringify({ type: 'Feature', geometry: null, properties: serverKept })) : flat
      const expected = Object.keys(serverKept).filter((k) => !ownInput[key]?.includes(k)).map((k) => `${feature ? 'properties.' : ''}${k} READ_ONLY_FIELD`)
      const missing = expected.filter((e) => !codesOf(reply).includes(e))
      if (reply.status !== 422 || missing.length) wrong.push(`${key}: ${reply.status}, lacks ${missing.join(', ')} in ${codesOf(reply).join(', ')}`)
    }
    expect(wrong).toEqual([])
    expect(await dbFingerprint(db)).toBe(before)
  })

  it('A04: a parcel PUT with approved_by, area_m2, version, created_at and id is refused whole; the parcel is unchanged', async () => {
    const planner = await api.as('planner')
    const current = await planner.request('GET', `/api/parcels/${ids.parcel}`)
    const before = await dbFingerprint(db)
    const r = await planner.request('PUT', `/api/parcels/${ids.parcel}`, {
      headers: { 'if-match': current.headers.get('etag')! },
      json: parcelFeature(polygon(square(110.0, 27.5, 0.002)), ids.project, {
        status: 'approved', approved_by: 'x', area_m2: 1, project_id: ids.other, version: 999, created_at: '2000-01-01', id: 7,
      }),
    })
    expect(r.status).toBe(422)
    expect(codesOf(r).sort()).toEqual(['approved_by', 'area_m2', 'created_at', 'id', 'version'].map((k) => `properties.${k} READ_ONLY_FIELD`))
    expect(await dbFingerprint(db)).toBe(before)
    expect((await planner.request('GET', `/api/parcels/${ids.parcel}`)).text).toBe(current.text)
  })

  it('A03: no route sets a user\'s role; a password change or an admin\'s reset naming role or roles is refused', async () => {
    // The account routes: the administrator's list and password reset, neither of which takes a role.
    expect(routes.filter((r) => r.path.startsWith('/users')).map(keyOf)).toEqual(['GET /users', 'POST /users/:id/password-reset'])
    const planner = await api.as('planner')
    const before = await dbFingerprint(db)
    const r = await planner.request('POST', '/api/auth/password', { json: { currentPassword: 'planner-Pass-2026!', newPassword: 'Another-Pass-2026!', role: 'admin', roles: ['finance'], project_ids: [ids.other] } })
    expect(r.status).toBe(422)
    const [{ id } = { id: 0 }] = await db.query<{ id: number }>("SELECT id FROM users WHERE username = 'planner'")
    const reset = await (await api.as('admin')).request('POST', `/api/users/${id}/password-reset`, { json: { role: 'admin', roles: ['finance'] } })
    expect(reset.status).toBe(422)
    expect(await dbFingerprint(db)).toBe(before)
    expect((await planner.request('GET', '/api/auth/me')).body.user.role).toBe('planner')
  })
})

describe('prototype keys (A05)', () => {
  const hostile = [
    '{"__proto__":{"role":"admin","isAdmin":true}}',
    '{"constructor":{"prototype":{"role":"admin","isAdmin":true}}}',
    '{"properties":{"__proto__":{"role":"admin"}},"prototype":{"isAdmin":true}}',
  ]

  it('answers 422 FORBIDDEN_KEY on every JSON write route, writes nothing and leaves Object.prototype clean', async () => {
    const before = await dbFingerprint(db)
    const wrong: string[] = []
    for (const route of jsonWrites) {
      for (const body of hostile) {
        // Refused before any handler (server/app.ts checkBody), so no ETag is needed to get there.
        const r = await send(route, body, { withEtag: false })
        if (r.status !== 422 || !codesOf(r).some((c) => c.endsWith('FORBIDDEN_KEY'))) wrong.push(`${keyOf(route)} ${body}: ${r.status} ${r.text.slice(0, 120)}`)
      }
    }
    // Query strings are parsed by node:querystring into plain keys: no nesting, no prototype.
    const query = await (await api.as('planner')).request('GET', '/api/parcels?__proto__[role]=admin&constructor[prototype][isAdmin]=1&__proto__=x')
    expect(query.status).toBeLessThan(500)
    expect(wrong).toEqual([])
    expect(await dbFingerprint(db)).toBe(before)
    // The server runs in this process (TestApi): its Object.prototype is this one.
    expect(({} as Record<string, unknown>).role).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'role')).toBe(false)
  })

  it('leaves later callers as they were: the auditor is still refused a parcel, the planner still a planner', async () => {
    const auditor = await api.as('auditor')
    const refused = await auditor.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.01, 27.5)), ids.project) })
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await (await api.as('planner')).request('GET', '/api/auth/me')).body.user.role).toBe('planner')
  })
})
