import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roles, type Role } from '../../server/auth/sessions.ts'
import type { Database } from '../../server/db/database.ts'
import { routes, type Route } from '../../server/routes.ts'
import { TestApi, type Reply } from '../helpers/api.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { startRouteWorld, type RouteWorldIds } from '../helpers/route-world.ts'

// Property P6 (hostile-inputs.md §3.6, A02): every route of server/routes.ts × every caller gets exactly the status
// the office's policy gives it, and a refused call changes nothing. The policy is written out below from the
// sections' duties (../shared/design/domain.md), by hand and not from routes.ts' `access`, so that a route whose
// access drifts from the policy fails here; a route without a line here, or a line without a route, fails too.

const [P, U, F, L, A] = ['planner', 'auditor', 'finance', 'legal', 'admin'] as const satisfies readonly Role[]
/** Anyone, without logging in. */
const anyone = 'anyone'
const staff = [P, U, F, L, A]
type Who = typeof anyone | readonly Role[]

/** The six routes of a record kept per parcel or household: every section reads it, `writers` write it. */
const recordRules = (path: string, writers: readonly Role[]): Record<string, Who> => ({
  [`GET ${path}`]: staff, [`POST ${path}`]: writers, [`GET ${path}/:id`]: staff,
  [`PUT ${path}/:id`]: writers, [`DELETE ${path}/:id`]: writers, [`GET ${path}/:id/history`]: staff,
})

/**
 * Who may call each route (paths under /api). The acquisition section (planner) draws parcels and records what is on
 * them; finance writes money; the audit section (auditor) decides findings, pre-checks disbursements and issues task
 * letters; the legal section writes notices and answers hearings; admin (the office) may do everything. Every section
 * reads the project's records (personal data masked by role); the public reads published notices only.
 */
export const policy: Record<string, Who> = {
  'GET /health': anyone, 'GET /livez': anyone, 'GET /readyz': anyone, 'GET /config': anyone, 'POST /auth/login': anyone,
  'GET /land-classes': anyone, 'POST /auth/logout': staff, 'GET /auth/me': staff, 'POST /auth/password': staff,
  // Each user's own second factor; the office's accounts and their password resets: the administrator.
  'POST /auth/totp/setup': staff, 'POST /auth/totp/confirm': staff, 'DELETE /auth/totp': staff,
  'GET /users': [A], 'POST /users/:id/password-reset': [A],
  'GET /projects': staff, 'POST /projects': [P, A], 'GET /projects/:id': staff,
  'GET /projects/:id/summary': staff, 'GET /summary': staff, 'GET /projects/:id/parcel-states': staff,
  'POST /area': staff,
  // Parcels and their geometry: the acquisition section.
  'GET /parcels': staff, 'POST /parcels': [P, A], 'GET /parcels/:id': staff, 'PUT /parcels/:id': [P, A],
  'DELETE /parcels/:id': [P, A], 'GET /parcels/:id/history': staff, 'GET /parcels/:id/history/:version': staff,
  'GET /parcels/:id/records': staff, 'POST /parcels/check': [P, A], 'POST /parcels/merge': [P, A],
  'POST /parcels/:id/split': [P, A], 'POST /parcels/:id/restore': [P, A],
  'POST /imports/preview': [P, A], 'POST /imports/commit': [P, A], 'POST /imports/bulk': [P, A],
  'GET /imports/bulk/:id': [P, A], 'GET /imports/bulk/:id/problems.csv': [P, A], 'POST /imports/bulk/:id/overlaps': [P, A],
  'GET /exports/parcels': staff, 'GET /tiles/parcels/:z/:x/:y.mvt': staff,
  // Households: surveyed by the acquisition section, read (masked by role) by all.
  'GET /households': staff, 'POST /households': [P, A], 'GET /households/:id': staff, 'PUT /households/:id': [P, A],
  'DELETE /households/:id': [P, A], 'GET /households/:id/history': staff,
  // The funds ledger: finance writes money, the audit section pre-checks and issues task letters, legal has no part.
  'GET /projects/:id/funds': [P, U, F, A], 'PUT /projects/:id/budget': [F, A],
  'POST /projects/:id/funds/deposits': [F, A], 'POST /projects/:id/funds/corrections': [F, A],
  'POST /projects/:id/funds/disbursement-requests': [F, A], 'POST /funds/disbursement-requests/:id/precheck': [U, A],
  'POST /funds/disbursement-requests/:id/execute': [F, A], 'POST /projects/:id/task-letters': [U, A],
  ...recordRules('/buildings', [P, A]), ...recordRules('/graves', [P, A]), ...recordRules('/attachments', [P, A]),
  'POST /attachments/:id/photos': [P, A], 'GET /attachments/:id/photos/:photoId': staff, 'DELETE /attachments/:id/photos/:photoId': [P, A],
  ...recordRules('/resettlements', [P, A]), ...recordRules('/agreements', [P, A]), ...recordRules('/compensation-items', [F, A]),
  'GET /compensation-item-types': staff, 'GET /projects/:id/rate-sets': staff, 'POST /projects/:id/rate-sets': [F, A],
  'POST /projects/:id/compensation/recompute': [F, A],
  // The audit (稽核): the audit section decides and signs; planner and finance read the findings; legal has no part.
  'GET /audit/report': [U, F, A], 'GET /projects/:id/audit': [P, U, F, A], 'POST /projects/:id/audit/decisions': [U, A],
  'GET /projects/:id/audit/signoffs': [P, U, F, A], 'POST /projects/:id/audit/signoffs': [U, A],
  'GET /projects/:id/audit/signoffs/:signoffId': [P, U, F, A], 'GET /audit/office': [U, F, A], 'POST /audit/office/decisions': [U, A],
  ...recordRules('/acquisition-scopes', [P, A]), 'POST /projects/:id/acquisition-scope/from-parcels': [P, A],
  ...recordRules('/approval-batches', [P, A]), ...recordRules('/area-claims', [P, A]),
  'GET /parcels/:id/area-verdict': [P, U, F, A], 'GET /basic-farmland': staff,
  'GET /reported-figures': [U, F, A], 'POST /reported-figures': [U, F, A],
  // Notices and the working-day calendar: the legal section.
  'GET /notice-kinds': staff, 'GET /notices': staff, 'POST /notices': [L, A], 'GET /notices/:id': staff,
  'PUT /notices/:id': [L, A], 'DELETE /notices/:id': [L, A], 'POST /notices/:id/regenerate': [L, A],
  'POST /notices/:id/approve': [L, A], 'POST /notices/:id/publish': [L, A], 'POST /notices/:id/withdraw': [L, A],
  'GET /notices/:id/deadline-preview': staff, 'POST /notices/:id/evidence': [L, A], 'GET /notices/:id/evidence/:evidenceId': staff,
  'GET /holidays': staff, 'PUT /holidays/:day': [L, A], 'DELETE /holidays/:day': [L, A],
  // The public portal: published notices only, and the public's hearing requests.
  'GET /public/notices': anyone, 'GET /public/notices/:id': anyone, 'GET /public/tiles/notices/:z/:x/:y.mvt': anyone,
  'GET /public/notices/:id/boundary-points': anyone, 'GET /public/notices/:id/pdf': anyone,
  'POST /public/notices/:id/hearing-requests': anyone,
  // Hearing requests with names and phones in full: the legal section.
  'GET /notices/:id/hearing-requests': [L, A], 'POST /hearing-requests/:id/answer': [L, A],
}

/** The codes of an authorization refusal (server/app.ts authorize). */
const authorizationCodes = new Set([
  'UNAUTHENTICATED', 'SESSION_EXPIRED', 'CSRF_TOKEN_INVALID', 'FORBIDDEN', 'PASSWORD_EXPIRED', 'PASSWORD_CHANGE_REQUIRED', 'SECOND_FACTOR_ENROLMENT_REQUIRED',
])
const keyOf = (r: Route) => `${r.method.toUpperCase()} ${r.path}`
const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const allowedRoles = (who: Who): readonly Role[] => (who === anyone ? roles : who)

let db: Database
let api: TestApi
let ids: RouteWorldIds

/** A path of the table with its parameters filled: ids of the world's objects, a tile over the parcel, a working day. */
function concrete(path: string) {
  const byParam: Record<string, string> = {
    z: '14', x: '13389', y: '6779', version: '1', photoId: '1', signoffId: '1', evidenceId: '1', day: '2026-03-03',
  }
  // An account that does not exist: a password reset that passes authorization ends the target's sessions, which would
  // be those of the callers here.
  const idFor = path.startsWith('/users') ? 999999 : path.startsWith('/projects') ? ids.project : path.startsWith('/households') ? ids.household
    : path.startsWith('/notices') || path.startsWith('/public/notices') ? ids.notice : ids.parcel
  return '/api' + path.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? String(idFor) : byParam[name]!))
}

/** The request a caller sends: a JSON object, or bytes for an upload route; headers as the caller has them. */
function send(route: Route, headers: Record<string, string>): Promise<Reply> {
  const method = route.method.toUpperCase()
  const body = !writes.has(method) ? {} : route.body === 'raw' || route.body === 'stream'
    ? { raw: 'id,geometry\n', headers: { 'content-type': 'application/octet-stream', ...headers } }
    : { json: {}, headers }
  // An import preview with a format named is parsed in a worker, whose start takes seconds on a busy machine and shows
  // nothing about authorization: an unknown format is refused (422) before it.
  const query = route.path === '/imports/preview' ? '?format=none' : ''
  return api.request(method, concrete(route.path) + query, { headers, ...body })
}

/** A session per role, logged in once (TestApi keeps them), with its cookie and CSRF token. */
async function callers() {
  const sessions = new Map<Role, { cookie: string; csrf: string }>()
  for (const role of roles) {
    const s = await api.as(role)
    sessions.set(role, { cookie: s.cookie, csrf: s.csrf })
  }
  return sessions
}

beforeAll(async () => {
  ;({ db, api, ids } = await startRouteWorld({ code: 'AUTHZ-1', name: '权限矩阵项目', name_en: 'Authorization matrix' }))
})
afterAll(async () => {
  await api.stop()
})

describe('dbFingerprint, the "nothing changed" check', () => {
  it('changes when one value of one row changes, and is the same again once the value is back', async () => {
    const before = await dbFingerprint(db)
    await db.query("UPDATE projects SET name = name || '·' WHERE id = $1", [ids.project])
    const changed = await dbFingerprint(db)
    await db.query("UPDATE projects SET name = rtrim(name, '·') WHERE id = $1", [ids.project])
    expect(changed).not.toBe(before)
    expect(changed.split('\n').filter((line) => !before.includes(line))).toEqual([expect.stringMatching(/^public\.projects 1 /)])
    expect(await dbFingerprint(db)).toBe(before)
  })
})

// A01. Roles are office-wide by design (README "Security: who may call what"): no project membership to check. What
// the data model scopes is checked here: an id nested under another answers 404 through any other parent, a record
// cannot link what belongs to another project, and the public cannot tell a draft notice from none.
describe('object level (A01)', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])

  it('answers 404 for a photo asked through another attachment and a sign-off through another project, and keeps them', async () => {
    const planner = await api.as('planner')
    const attachment = (n: string) => planner.request('POST', '/api/attachments', {
      json: { project_id: ids.project, parcel_id: ids.parcel, kind: 'tree', name: n, quantity: '3', unit: 'plant' },
    })
    const [a, b] = [(await attachment('桃树')).body, (await attachment('李树')).body]
    const photo = await planner.request('POST', `/api/attachments/${a.id}/photos`, { raw: png, headers: { 'content-type': 'image/png' } })
    expect(photo.status, photo.text).toBe(201)
    const other = (await planner.request('POST', '/api/projects', { json: { code: 'AUTHZ-2', name: '另一项目', name_en: 'Another', district: '鹤城区' } })).body
    const signoff = await (await api.as('auditor')).request('POST', `/api/projects/${other.id}/audit/signoffs`, { json: { note: '同意' } })
    expect(signoff.status, signoff.text).toBe(201)
    const before = await dbFingerprint(db)
    const through = [
      await planner.request('GET', `/api/attachments/${b.id}/photos/${photo.body.id}`),
      await planner.request('DELETE', `/api/attachments/${b.id}/photos/${photo.body.id}`),
      await planner.request('GET', `/api/projects/${ids.project}/audit/signoffs/${signoff.body.id}`),
    ]
    expect(through.map((r) => [r.status, r.body?.code])).toEqual([[404, 'NOT_FOUND'], [404, 'NOT_FOUND'], [404, 'NOT_FOUND']])
    expect(await dbFingerprint(db)).toBe(before)
    expect((await planner.request('GET', `/api/attachments/${a.id}/photos/${photo.body.id}`)).status).toBe(200)
    expect((await planner.request('GET', `/api/projects/${other.id}/audit/signoffs/${signoff.body.id}`)).status).toBe(200)
  })

  it('refuses a household or an attachment that links a parcel of another project, writing nothing', async () => {
    const planner = await api.as('planner')
    const other = (await planner.request('POST', '/api/projects', { json: { code: 'AUTHZ-3', name: '第三项目', name_en: 'Third', district: '鹤城区' } })).body
    const before = await dbFingerprint(db)
    const household = await planner.request('POST', '/api/households', { json: { project_id: other.id, name: '李四', parcel_ids: [ids.parcel], members: [] } })
    const attachment = await planner.request('POST', '/api/attachments', {
      json: { project_id: other.id, parcel_id: ids.parcel, kind: 'well', name: '水井', quantity: '1', unit: 'unit' },
    })
    expect([household.status, attachment.status]).toEqual([422, 422])
    expect(await dbFingerprint(db)).toBe(before)
  })

  it('answers the public 404 for a draft notice, the same answer as for a notice that does not exist', async () => {
    const strip = (r: Reply) => ({ ...r.body, instance: undefined })
    for (const suffix of ['', '/pdf', '/boundary-points']) {
      const draft = await api.request('GET', `/api/public/notices/${ids.notice}${suffix}`)
      const none = await api.request('GET', `/api/public/notices/999999${suffix}`)
      expect([draft.status, strip(draft)]).toEqual([404, strip(none)])
    }
  })
})

describe('the authorization matrix (P6)', () => {
  it('has one policy line for every route of server/routes.ts and a route for every policy line', () => {
    const routeKeys = routes.map(keyOf)
    expect(routeKeys.filter((k) => !(k in policy)), 'routes without a policy line').toEqual([])
    expect(Object.keys(policy).filter((k) => !routeKeys.includes(k)), 'policy lines without a route').toEqual([])
  })

  it('refuses every caller outside the policy with 401 or 403, writes nothing but the refusal to the operation log', async () => {
    const sessions = await callers()
    const before = await dbFingerprint(db)
    const [{ last }] = await db.query<{ last: number }>('SELECT coalesce(max(id), 0)::int AS last FROM operation_log') as [{ last: number }]
    const wrong: string[] = []
    const expectedLog: string[] = []
    const calls: (() => Promise<void>)[] = []
    const endedChecked = new Set<string>()
    const expectRefusal = (what: string, route: Route, headers: Record<string, string>, status: number, code: string) => calls.push(async () => {
      const r = await send(route, headers)
      if (r.status !== status || r.body?.code !== code) wrong.push(`${what}: ${r.status} ${r.body?.code ?? r.text.slice(0, 80)}, expected ${status} ${code}`)
    })
    for (const route of routes) {
      const key = keyOf(route)
      const who = policy[key]
      if (who === undefined || who === anyone) continue
      expectRefusal(`${key} without a session`, route, {}, 401, 'UNAUTHENTICATED')
      // An ended or forged session is the same code path for every route: checked on one route of each method.
      if (!endedChecked.has(route.method)) {
        endedChecked.add(route.method)
        expectRefusal(`${key} with an ended session`, route, { cookie: 'zd_session=ended-or-forged' }, 401, 'SESSION_EXPIRED')
      }
      for (const role of roles) {
        const s = sessions.get(role)!
        if (who.includes(role)) {
          // An allowed role without the CSRF token: refused before anything runs.
          if (writes.has(route.method.toUpperCase()) && role === who[0]) {
            expectRefusal(`${key} as ${role} without X-CSRF-Token`, route, { cookie: s.cookie }, 403, 'CSRF_TOKEN_INVALID')
            expectedLog.push(`${role} ${key} 403`)
          }
          continue
        }
        expectRefusal(`${key} as ${role}`, route, { cookie: s.cookie, 'x-csrf-token': s.csrf }, 403, 'FORBIDDEN')
        expectedLog.push(`${role} ${key} 403`)
      }
    }
    await inParallel(calls)
    expect(wrong).toEqual([])
    expect(await dbFingerprint(db)).toBe(before)
    const logged = await db.query<{ line: string }>(
      "SELECT username || ' ' || action || ' ' || status AS line FROM operation_log WHERE id > $1 AND result = 'denied' ORDER BY id", [last])
    expect(logged.map((r) => r.line).sort()).toEqual(expectedLog.sort())
  })

  it('lets every caller the policy names past authorization (never 401 or 403, never a 5xx)', async () => {
    const sessions = await callers()
    const wrong: string[] = []
    const calls: (() => Promise<void>)[] = []
    const expectPassage = (what: string, route: Route, headers: Record<string, string>) => calls.push(async () => {
      const r = await send(route, headers)
      // A 403 with another code is a rule about the object, not the role (the four-eyes rule: NOTICE_APPROVER_IS_DRAFTER).
      if (r.status === 401 || (r.status === 403 && authorizationCodes.has(r.body?.code)) || r.status >= 500) {
        wrong.push(`${what}: ${r.status} ${r.body?.code ?? r.text.slice(0, 80)}`)
      }
    })
    for (const route of routes) {
      const key = keyOf(route)
      // Logging out ends the session the other calls use: checked last, below.
      if (key === 'POST /auth/logout') continue
      const who = policy[key]!
      if (who === anyone) expectPassage(`${key} without a session`, route, {})
      for (const role of allowedRoles(who)) {
        const s = sessions.get(role)!
        expectPassage(`${key} as ${role}`, route, { cookie: s.cookie, 'x-csrf-token': s.csrf })
      }
    }
    await inParallel(calls)
    const logout = routes.find((r) => keyOf(r) === 'POST /auth/logout')!
    calls.length = 0
    for (const role of allowedRoles(policy['POST /auth/logout']!)) expectPassage(`logout as ${role}`, logout, { cookie: sessions.get(role)!.cookie, 'x-csrf-token': sessions.get(role)!.csrf })
    await inParallel(calls)
    api.forget()
    expect(wrong).toEqual([])
  })

  it('is the table README.md states under "Security: who may call what" (ZD_REGENERATE=1 rewrites it)', () => {
    const readmePath = new URL('../../README.md', import.meta.url)
    const readme = fs.readFileSync(readmePath, 'utf8')
    const [start, end] = ['<!-- authorization-matrix:start -->', '<!-- authorization-matrix:end -->']
    const table = ['| Route | Who may call it |', '| --- | --- |',
      ...routes.map((r) => `| \`${r.method.toUpperCase()} /api${r.path}\` | ${readmeWho(policy[keyOf(r)]!)} |`)].join('\n')
    const stated = readme.split(start)[1]?.split(end)[0]?.trim()
    if (process.env.ZD_REGENERATE === '1' && stated !== undefined && stated !== table) {
      fs.writeFileSync(readmePath, readme.slice(0, readme.indexOf(start)) + `${start}\n${table}\n` + readme.slice(readme.indexOf(end)))
      return
    }
    expect(stated).toBe(table)
  })
})

/** Runs the calls, a few at a time: the server answers them concurrently, as it would its users. */
async function inParallel(calls: (() => Promise<void>)[], width = 6) {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < calls.length) await calls[next++]!()
  }))
}

/** How the README names who may call a route. */
function readmeWho(who: Who) {
  if (who === anyone) return 'anyone, without logging in'
  if (who.length === roles.length) return 'every logged-in role'
  return who.join(', ')
}
