import { routes, type Route } from '../../server/routes.ts'

// The injection corpus of hostile-inputs.md P8 (I01–I11) and the GET routes it is sent through, shared by
// tests/api/injection.test.ts (answers) and tests/faults/hostile-process.test.ts (PostgreSQL's statement log).

export const getRoutes = routes.filter((r) => r.method === 'get')
export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`

/** Free text, searched literally: any value may be accepted. Every other parameter is an id, number, date, bbox or name from a list. */
export const textParams = new Set(['q', 'township'])

/** I01–I11 (and U03's NUL): each value alone in one parameter, the others at their base value. */
export const corpus = [
  "'", 'name;DROP TABLE parcels', "' OR 1=1--", "1' UNION SELECT id_number FROM households--",
  `id" + (select 1/(select count(*) from pg_roles where rolname like 'zz%')) --`, '%', '\\', 'a\u0000b', "张三\u202E'）；--", '𠀀𪚥🏠',
  '100000000', '-1', '1e309', 'x'.repeat(5000), 'NaN,NaN,NaN,NaN',
]
/** True and false variants of one injection: a value that reaches SQL unbound would answer them differently. */
export const truthPairs: [string, string][] = [["x' AND '1'='1", "x' AND '1'='2"], ['1 OR 1=1', '1 OR 1=2'], ["2026-01-01' OR 'a'='a", "2026-01-01' OR 'a'='b"]]
/** Names no route takes (I01, I06, I07, I11's offset) and qs-style type confusion (I03). */
export const foreignNames = ['sort=name;DROP TABLE parcel', "filter=id_number LIKE '3301%'", "properties=exec(java.lang.Runtime.getRuntime(),'id')", 'offset=-5', 'sort[$gt]=1']

/** Rows that exist, for a route's path parameters. */
export interface PathIds {
  projectId: number
  parcel: number
  notice: number
}

/** The path of a GET route (without /api) with its parameters filled by rows that exist, so that handlers get to their query. */
export function routeAddress(route: Route, ids: PathIds): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'z') return '14'
    if (name === 'x') return '13198'
    if (name === 'y') return '6826'
    if (name !== 'id') return '1'
    if (route.path.startsWith('/projects/')) return String(ids.projectId)
    if (route.path.startsWith('/parcels/')) return String(ids.parcel)
    if (route.path.startsWith('/notices/') || route.path.startsWith('/public/notices/')) return String(ids.notice)
    return '1'
  })
}

/** Values for the parameters a route needs to do its work at all. */
const baseValues: Record<string, Record<string, string>> = {
  'GET /audit/report': { from: '2026-01-01', to: '2026-01-31' },
  'GET /audit/office': { from: '2026-01-01', to: '2026-01-31' },
  'GET /exports/parcels': { format: 'geojson' },
  'GET /public/notices/:id/pdf': { paper: 'a4', lang: 'zh-CN' },
}
export const baseQuery = (route: Route, projectId: number): Record<string, string> =>
  ({ ...baseValues[routeKey(route)], ...(routeKey(route) === 'GET /exports/parcels' ? { project: String(projectId) } : {}) })
