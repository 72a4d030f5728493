// Generates data/demo/audit.json: what the audit (稽核) works on besides the parcels and records, for the four demo
// projects: how each area claim was made (area_claims), the announced acquisition scopes (拟征收范围), the 15
// land-approval batches of 2021 (报批批次), a small permanent basic farmland layer (永久基本农田), the office-wide
// figures stated in the 2021 report (报告数), and the sign-off of 城东物流园一期 in December 2021.
//
// EVERYTHING HERE IS INVENTED except the reported figures (怀化市征收事务中心2021年绩效自评报告, see README.md). A few
// discrepancies are planted on purpose, listed in PLANTED below and in README.md ("Planted audit findings"); all the
// rest is consistent, so that the audit lists exactly those.
//
// Deterministic. Reads parcels.geojson (generate.ts) and never changes it. Scopes are stored as a recipe (buffer
// and simplification in metres, and the cut of one planted parcel) that the loader applies in PostGIS.
// Run: npx tsx data/demo/generate-audit.ts

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import geographiclib from 'geographiclib-geodesic'
import proj4 from 'proj4'
import { gcj02Ring } from './gcj02.ts'

type Position = [number, number]
interface ParcelFeature {
  properties: { project_code: string; code: string; land_class: string; claimed_area_mu: string; survey_zone: number }
  geometry: { type: 'Polygon'; coordinates: Position[][] }
}
type Polygon = { type: 'Polygon'; coordinates: Position[][] }

const OUT_DIR = dirname(fileURLToPath(import.meta.url))
const parcels = (JSON.parse(readFileSync(join(OUT_DIR, 'parcels.geojson'), 'utf8')) as { features: ParcelFeature[] }).features
const parcel = (code: string): ParcelFeature => {
  const p = parcels.find((f) => f.properties.code === code)
  if (!p) throw new Error(`no parcel ${code}`)
  return p
}
const ringOf = (code: string) => parcel(code).geometry.coordinates[0]!
const projectCodes = ['ZQL-2021', 'HNSC-2021', 'YF10-2021', 'CDWL-2021']
const projectNames: Record<string, string> = { 'ZQL-2021': '正清路延长线', 'HNSC-2021': '怀南水产品市场', 'YF10-2021': '迎丰组团10#安置区二期', 'CDWL-2021': '城东物流园一期' }
const parcelsOf = (project: string) => parcels.filter((p) => p.properties.project_code === project)

/** The deliberate discrepancies of this file (the others are in generate.ts and generate-records.ts). */
const PLANTED = {
  /** Its claim came with the outline traced on a GCJ-02 basemap (generate.ts claims that outline's area). */
  gcj02Parcel: 'HNSC-011',
  /**
   * The claim is the GK planar area (generate.ts), recorded as ellipsoidal. The 2020 报盘 states 1 cm boundary
   * points, so its +241 ppm (4.3 m²) lies beyond the tolerance (3.3 m²) and the audit can tell the two bases apart.
   */
  gkAsEllipsoid: 'HNSC-006',
  /** The road was extended 10 m past the east end of its announced scope. */
  outsideScopeParcel: 'ZQL-018',
  /** Its batch was declared to the province although the parcel reaches 3 m into permanent basic farmland. */
  farmlandParcel: 'ZQL-001',
}

// ---------------------------------------------------------------------------------------------------------
// Geometry helpers: areas as generate.ts computes them, local metres around a point.

const geod = geographiclib.Geodesic.WGS84
const MU_PER_M2 = 15 / 10000
function ellipsoidalM2(ring: Position[]): number {
  const poly = geod.Polygon(false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}
/** GK 3° planar area in the zone (CGCS2000, as PostGIS ST_Area(ST_Transform(g, 4488 + zone)): vertices projected, shoelace). */
function gkM2(ring: Position[], zone: number): number {
  const t = proj4(`+proj=tmerc +lat_0=0 +lon_0=${3 * zone} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`)
  const xy = ring.map((p) => t.forward(p))
  let s = 0
  for (let i = 0; i < xy.length - 1; i++) s += xy[i]![0]! * xy[i + 1]![1]! - xy[i + 1]![0]! * xy[i]![1]!
  return Math.abs(s / 2)
}
const round8 = (v: number): number => Math.round(v * 1e8) / 1e8
function frameAt([lon0, lat0]: Position) {
  const a = 6378137, f = 1 / 298.257223563, e2 = f * (2 - f)
  const phi = (lat0 * Math.PI) / 180
  const w = 1 - e2 * Math.sin(phi) ** 2
  const kx = ((a / Math.sqrt(w)) * Math.cos(phi) * Math.PI) / 180
  const ky = ((a * (1 - e2)) / w ** 1.5 * Math.PI) / 180
  return {
    toXY: ([lon, lat]: Position): [number, number] => [(lon - lon0) * kx, (lat - lat0) * ky],
    toLonLat: (x: number, y: number): Position => [round8(lon0 + x / kx), round8(lat0 + y / ky)],
  }
}
/** A closed counter-clockwise ring from corners given in any rotational order. */
function polygon(corners: Position[]): Polygon {
  let s = 0
  for (let i = 0; i < corners.length; i++) {
    const p = corners[i]!, q = corners[(i + 1) % corners.length]!
    s += p[0] * q[1] - q[0] * p[1]
  }
  const ring = s < 0 ? [...corners].reverse() : corners
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] }
}
/**
 * The rectangle along the segment p→q (local metres of `frame`), from `from` to `to` metres to its left (negative:
 * to its right), extended `extend` metres beyond both ends.
 */
function band(frame: ReturnType<typeof frameAt>, p: Position, q: Position, from: number, to: number, extend = 0): Polygon {
  const [px, py] = frame.toXY(p), [qx, qy] = frame.toXY(q)
  const len = Math.hypot(qx - px, qy - py)
  const [ux, uy] = [(qx - px) / len, (qy - py) / len]
  const [nx, ny] = [-uy, ux] // left of p→q
  const at = (s: number, t: number) => frame.toLonLat(px + ux * s + nx * t, py + uy * s + ny * t)
  return polygon([at(-extend, from), at(len + extend, from), at(len + extend, to), at(-extend, to)])
}
/** The rectangle [x0, x1] × [y0, y1] in metres relative to the bounding box of a project's vertices (frame at its first). */
function besideProject(project: string, place: (box: { xmin: number; xmax: number; ymin: number; ymax: number }) => [number, number, number, number]): Polygon {
  const vertices = parcelsOf(project).flatMap((p) => p.geometry.coordinates[0]!)
  const frame = frameAt(vertices[0]!)
  const xy = vertices.map(frame.toXY)
  const box = { xmin: Math.min(...xy.map((p) => p[0])), xmax: Math.max(...xy.map((p) => p[0])), ymin: Math.min(...xy.map((p) => p[1])), ymax: Math.max(...xy.map((p) => p[1])) }
  const [x0, x1, y0, y1] = place(box)
  return polygon([frame.toLonLat(x0, y0), frame.toLonLat(x1, y0), frame.toLonLat(x1, y1), frame.toLonLat(x0, y1)])
}

// ---------------------------------------------------------------------------------------------------------
// Area claims (申报面积的口径). The claimed areas themselves are the parcels' claimed_area_mu (generate.ts).

const SOURCES: Record<string, string> = {
  'ZQL-2021': '正清路延长线勘测定界报告（示例）',
  'HNSC-2021': '怀南水产品市场征地报盘（2020年，示例）',
  'YF10-2021': '迎丰组团10#安置区二期勘测定界报告（示例）',
  'CDWL-2021': '城东物流园一期勘测定界报告（示例）',
}
const area_claims = parcels.map((f) => {
  const { code, project_code } = f.properties
  const ring = f.geometry.coordinates[0]!
  // The 2020 报盘 of 怀南水产品市场 states a boundary-point precision (精度) of 0.01 m; the others the default 5 cm.
  const point_error_m = project_code === 'HNSC-2021' ? '0.010' : '0.050'
  const base = { parcel_code: code, decimals: 3, point_error_m, claimed_geom: null as Polygon | null, source: SOURCES[project_code]! }
  if (code === PLANTED.gcj02Parcel) {
    return { ...base, basis: 'ellipsoid', claimed_geom: { type: 'Polygon' as const, coordinates: [gcj02Ring(ring)] }, source: '村组提供的地块图（高德地图底图描绘，示例）' }
  }
  // The 2020 报盘 of 怀南水产品市场 did not state its basis for the first row of fields (approved in 2020).
  if (project_code === 'HNSC-2021' && ['HNSC-001', 'HNSC-002', 'HNSC-003', 'HNSC-004'].includes(code)) return { ...base, basis: 'unknown' }
  return { ...base, basis: 'ellipsoid' }
})
{
  // The planted claims are what README.md says they are.
  const gk = parcel(PLANTED.gkAsEllipsoid)
  if ((gkM2(gk.geometry.coordinates[0]!, gk.properties.survey_zone) * MU_PER_M2).toFixed(3) !== gk.properties.claimed_area_mu) throw new Error('HNSC-006 is not the GK area')
  const gcj = parcel(PLANTED.gcj02Parcel)
  const outline = area_claims.find((c) => c.parcel_code === PLANTED.gcj02Parcel)!.claimed_geom!.coordinates[0]!
  if ((ellipsoidalM2(outline) * MU_PER_M2).toFixed(3) !== gcj.properties.claimed_area_mu) throw new Error('GCJ-02 claim and outline disagree')
}

// ---------------------------------------------------------------------------------------------------------
// Acquisition scopes (拟征收范围): each project's parcels united, grown by 5 m, simplified to 1 m (the loader does
// this in PostGIS); for 正清路延长线 minus the last 10 m of the road, extended after the pre-announcement.

const zqlEnd = (() => {
  // ZQL-018's ring: the right edge forward (stations 90…100), the centre of station 100, the left edge back.
  const ring = ringOf(PLANTED.outsideScopeParcel)
  const [before, right, centre, left] = [ring[9]!, ring[10]!, ring[11]!, ring[12]!]
  const frame = frameAt(centre)
  // Along the road's direction at its end (the last segment of the right edge), 10 m back into the parcel and 20 m
  // beyond it, 45 m to either side of the centre line.
  const [bx, by] = frame.toXY(before), [rx, ry] = frame.toXY(right)
  const len = Math.hypot(rx - bx, ry - by)
  const [ux, uy] = [(rx - bx) / len, (ry - by) / len]
  const [lx, ly] = frame.toXY(left)
  if (Math.abs(lx * ux + ly * uy) > 1) throw new Error('ZQL-018: end edge is not across the road')
  const at = (s: number, t: number) => frame.toLonLat(ux * s - uy * t, uy * s + ux * t)
  return polygon([at(-10, -45), at(20, -45), at(20, 45), at(-10, 45)])
})()
const acquisition_scopes = projectCodes.map((project_code) => ({
  project_code, buffer_m: 5, simplify_m: 1,
  cut: project_code === 'ZQL-2021' ? zqlEnd : null,
  source: `${projectNames[project_code]}征收土地预公告附图（示例）`,
}))

// ---------------------------------------------------------------------------------------------------------
// Permanent basic farmland (永久基本农田), a few invented blocks near the projects. Only the planted one touches a
// parcel: a band along the south edge of ZQL-001 (stations 1…5) from 3 m inside the road to 40 m outside.

const zql001 = ringOf(PLANTED.farmlandParcel)
const basic_farmland = [
  { name: '石门乡板山村基本农田保护片（示例）', geom: band(frameAt(zql001[1]!), zql001[1]!, zql001[5]!, 3, -40) },
  { name: '石门乡板山村北片基本农田（示例）', geom: besideProject('ZQL-2021', (b) => [b.xmin, b.xmin + 180, b.ymax - 150, b.ymax]) },
  { name: '盈口乡炉天冲村基本农田保护片（示例）', geom: besideProject('HNSC-2021', (b) => [b.xmin - 160, b.xmin - 40, b.ymin + 40, b.ymin + 260]) },
  { name: '迎丰街道桐木冲村基本农田（示例）', geom: besideProject('YF10-2021', (b) => [b.xmax + 40, b.xmax + 140, b.ymin, b.ymax]) },
  { name: '城东街道樟树湾村基本农田保护片（示例）', geom: besideProject('CDWL-2021', (b) => [b.xmin + 20, b.xmin + 220, b.ymax + 40, b.ymax + 110]) },
]

// ---------------------------------------------------------------------------------------------------------
// The 15 land-approval batches of 2021 (报批批次), each with consecutive parcels of one project. None comes near
// Art. 46's area thresholds (525 mu of cultivated land, 1050 mu of other land), so all are the province's to approve;
// all are declared so, which is wrong only for the batch holding ZQL-001 (basic farmland: the State Council).

const batchPlan: [string, number[]][] = [
  ['ZQL-2021', [1, 2, 3, 4]], ['ZQL-2021', [5, 6, 7, 8, 9]], ['ZQL-2021', [10, 11, 12, 13, 14]], ['ZQL-2021', [15, 16, 17, 18]],
  ['HNSC-2021', [1, 2, 3, 4]], ['HNSC-2021', [5, 6, 7, 8]], ['HNSC-2021', [9, 10, 11, 12]], ['HNSC-2021', [13]],
  ['YF10-2021', [1, 2, 3]], ['YF10-2021', [4, 5, 6]],
  ['CDWL-2021', [1, 2, 3, 4]], ['CDWL-2021', [5, 6, 7, 8]], ['CDWL-2021', [9, 10, 11, 12]], ['CDWL-2021', [13, 14, 15, 16]], ['CDWL-2021', [17]],
]
const approval_batches = batchPlan.map(([project_code, numbers], i) => {
  const prefix = project_code.split('-')[0]!
  const codes = numbers.map((n) => `${prefix}-${String(n).padStart(3, '0')}`)
  for (const c of codes) if (parcel(c).properties.project_code !== project_code) throw new Error(`batch ${i + 1}: ${c}`)
  const nth = batchPlan.slice(0, i + 1).filter(([p]) => p === project_code).length
  return {
    project_code, code: `鹤城2021-${String(i + 1).padStart(2, '0')}`,
    name: `怀化市鹤城区2021年度第${i + 1}批次城市建设用地（${projectNames[project_code]}第${nth}批，示例）`,
    declared_authority: 'province', submitted_on: `2021-${String(1 + Math.floor((i * 11) / 15)).padStart(2, '0')}-${String(8 + (i % 3) * 7).padStart(2, '0')}`,
    parcel_codes: codes,
  }
})
if (approval_batches.length !== 15) throw new Error('the report names 15 land-approval batches')
const batched = approval_batches.flatMap((b) => b.parcel_codes)
if (new Set(batched).size !== parcels.length || batched.length !== parcels.length) throw new Error('every parcel in exactly one batch')

// ---------------------------------------------------------------------------------------------------------
// The office's figures of 2021 as the report states them (the only real numbers in this file). The stated total
// of the disbursements is 3.26 yuan more than its three stated parts, and than the ledger.

const REPORT_SOURCE = '怀化市征收事务中心2021年绩效自评报告'
const reported_figures = [
  ['deposited_yuan', '130030764.00'],
  ['disbursed_yuan', '135899624.72'],
  ['disbursed_acquisition_yuan', '103582995.10'],
  ['disbursed_resettlement_yuan', '21963300.00'],
  ['disbursed_working_yuan', '10353326.36'],
].map(([figure, stated_yuan]) => ({ project_code: null, period_start: '2021-01-01', period_end: '2021-12-31', figure, stated_yuan, source: REPORT_SOURCE }))

// The audit of 城东物流园一期, signed by the demo auditor in December 2021 with no findings. The loader inserts it
// last, with the history watermarks and zd_audit_totals of the loaded data.
const signoffs = [{ project_code: 'CDWL-2021', signed_by: 'auditor', signed_at: '2021-12-24T16:00:00+08:00', note: '2021年度稽核：土地、房屋、安置人口均与台账一致（示例）' }]

// ---------------------------------------------------------------------------------------------------------
// Write, one record per line.

const note = 'Illustrative audit data: claims, scopes, batches, farmland and the sign-off are invented (see data/demo/README.md); the reported figures are those of the 2021 report.'
const out = { note, area_claims, acquisition_scopes, approval_batches, basic_farmland, reported_figures, signoffs }
const lines = Object.entries(out).map(([k, v]) =>
  Array.isArray(v) ? `${JSON.stringify(k)}:[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]` : `${JSON.stringify(k)}:${JSON.stringify(v)}`)
writeFileSync(join(OUT_DIR, 'audit.json'), `{${lines.join(',\n')}}\n`)

console.log('| project | claims ellipsoid | gk3 | unknown | with outline | batches |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const p of projectCodes) {
  const cs = area_claims.filter((c) => parcel(c.parcel_code).properties.project_code === p)
  const n = (basis: string) => cs.filter((c) => c.basis === basis).length
  console.log(`| ${p} | ${n('ellipsoid')} | ${n('gk3')} | ${n('unknown')} | ${cs.filter((c) => c.claimed_geom).length} | ${approval_batches.filter((b) => b.project_code === p).length} |`)
}
