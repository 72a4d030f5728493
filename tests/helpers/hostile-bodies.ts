import fc from 'fast-check'
import { routes, type Route } from '../../server/routes.ts'
import { parcelFeature, polygon, S } from './fixtures.ts'

// The hostile bodies of hostile-inputs.md P7 (fast-check generators), shared by tests/api/fuzz.test.ts (in-process,
// with the database checked after each) and tests/faults/hostile-process.test.ts (against the server process).

/** Every route that reads a JSON body (logout has none, and would end the session the fuzzer uses). */
export const jsonWrites = routes.filter((r) => ['post', 'put', 'patch'].includes(r.method) && (r.body ?? 'json') === 'json' && r.path !== '/auth/logout')

/** Text made of the characters that break naive code: NUL and C0 controls, lone surrogates, bidi overrides, quotes, Ext-B. */
const hostileText = fc.string({
  unit: fc.constantFrom('a', '1', '张', '𠀀', '🏠', '\u0000', '\u001f', '\uD800', '\uDC00', '\u202E', '\u200B', "'", '"', '\\', ' ', 'e\u0301', '<', '%'),
  maxLength: 12,
})
const hostileScalar = fc.oneof(
  hostileText,
  fc.constantFrom('Infinity', '-Infinity', 'NaN', '1e400', '-0', '', '2026-02-30', '0x10', '110.0', 'null', 'true', 'x'.repeat(70_000)),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2147483648, -1, 0, 0.1, 110, 27.5, true, false, null),
  fc.double(),
  fc.integer(),
)
const keys = fc.oneof(hostileText, fc.constantFrom('type', 'geometry', 'properties', 'coordinates', 'project_id', 'code', 'name', 'id', 'version', 'amount_yuan', 'username', 'password'))
/** Random JSON built from the hostile pieces, at most a few levels deep. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, hostileScalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(keys, tie('value'), { maxKeys: 5 })),
})).value

/** The path of a write route (with /api) on rows that exist: the project, a parcel and a notice. */
export function writeAddress(route: Route, ids: { projectId: number; parcel: number; notice: number }): string {
  return '/api' + route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'day') return '2026-03-03'
    if (name !== 'id') return '1'
    if (route.path.startsWith('/projects')) return String(ids.projectId)
    if (route.path.startsWith('/notices') || route.path.startsWith('/public/notices')) return String(ids.notice)
    return String(ids.parcel)
  })
}

/** A body a route accepts, or nearly: the fuzzer mutates it so that the handler's own checks run, not just the parser's. */
export function validBody(route: Route, projectId: number): unknown {
  if (route.path.startsWith('/parcels') || route.path === '/area') return parcelFeature(polygon(S), projectId, { code: 'FZ-1' })
  if (route.path === '/auth/login') return { username: 'admin', password: 'wrong-Pass-2026!' }
  if (route.path === '/projects') return { code: 'FZ-P', name: '模糊测试项目', name_en: 'Fuzz', district: '鹤城区' }
  if (route.path === '/households') return { project_id: projectId, name: '张三', village_group: '一组', parcel_ids: [], members: [] }
  if (route.path === '/notices') return { project_id: projectId, kind: 'pre_announcement' }
  if (route.path.endsWith('/hearing-requests')) return { name: '李四', phone: '13800000000', collective: '一组', reason: '对补偿标准有异议' }
  return { project_id: projectId, code: 'FZ-1', name: '名称', amount_yuan: '100.00', note: '备注' }
}

/** Every path to a value in a JSON tree, so that a mutation can pick one. */
export function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at]
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  return [at, ...entries.flatMap(([k, v]) => pathsOf(v, [...at, k]))]
}

/** The body with the value at `path` replaced (or removed when `replacement` is undefined). */
export function mutate(body: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement
  const copy = structuredClone(body) as Record<string | number, unknown>
  let node = copy
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (replacement === undefined) delete node[last]
  else node[last] = replacement
  return copy
}

/** Raw text no JSON.stringify would make: deep nesting, prototype keys, duplicate keys, 1e400 and NaN literals, junk. */
const rawTexts = (valid: string) => fc.oneof(
  fc.integer({ min: 13, max: 60_000 }).map((n) => `{"geometry":{"type":"Polygon","coordinates":${'['.repeat(n)}${']'.repeat(n)}}}`),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => `{"${k}":{"role":"admin","isAdmin":true},${valid.slice(1)}`),
  fc.constant(`{"properties":{"__proto__":{"polluted":1}},${valid.slice(1)}`),
  fc.constant(valid.replace(/"coordinates":/, '"coordinates":[[[110,27.5],[1e400,27.5],[110,27.6],[110,27.5]]],"coordinates":')),
  fc.constant(valid.replace(/110\.001/g, '1e400')),
  fc.constant(valid.replace(/27\.501/, 'NaN')),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'null', '[]', '"text"', '1', '{', '{"a":1,}', '\u0000', '\uFEFF{}'),
)

/** A JSON write route and a hostile body for it: random JSON, a valid body with one value replaced or removed, raw text. */
export const hostileWrites = (projectId: number) => fc.integer({ min: 0, max: jsonWrites.length - 1 }).chain((i) => {
  const route = jsonWrites[i]!
  const valid = validBody(route, projectId)
  const mutated = fc.tuple(fc.constantFrom(...pathsOf(valid)), fc.option(hostileJson, { nil: undefined, freq: 5 }))
    .map(([path, value]) => JSON.stringify(mutate(valid, path, value)) ?? '')
  return fc.record({ route: fc.constant(route), body: fc.oneof(hostileJson.map((v) => JSON.stringify(v) ?? ''), mutated, mutated, rawTexts(JSON.stringify(valid))) })
})
