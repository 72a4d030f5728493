// Generates data/demo/records.json: the illustrative records on the demo parcels (households and members,
// buildings, resettlements, agreements, graves, attachments, rate sets, payments, funds ledger), built so that
// the app reproduces the figures of the 2021 performance report (see README.md in this folder).
//
// EVERYTHING HERE IS INVENTED: names, ID numbers, phones, footprints, rates, dates and amounts. Only the totals
// named in README.md come from the report. ID numbers use the region codes 4300xx, which no real county has,
// so they cannot be anyone's number; they are still 18 characters with a correct GB 11643 check character.
//
// Deterministic: no randomness; variety comes from fixed tables indexed by position. Reads parcels.geojson
// (written by generate.ts, which this file never changes). Money is handled in whole fen (integers), and every
// amount is written as a decimal string; the app computes compensation itself, in SQL, from the rate sets.
// Run: npx tsx data/demo/generate-records.ts

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import geographiclib from 'geographiclib-geodesic'

type Position = [number, number]
interface ParcelFeature {
  properties: { project_code: string; code: string; land_class: string; owner: string; status: string }
  geometry: { type: 'Polygon'; coordinates: Position[][] }
}

const OUT_DIR = dirname(fileURLToPath(import.meta.url))
const parcels = (JSON.parse(readFileSync(join(OUT_DIR, 'parcels.geojson'), 'utf8')) as { features: ParcelFeature[] }).features
const parcelByCode = new Map(parcels.map((p) => [p.properties.code, p]))
const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[((i % xs.length) + xs.length) % xs.length]
  if (x === undefined) throw new Error('empty table')
  return x
}

// ---------------------------------------------------------------------------------------------------------
// The report's figures (shared/design/domain.md) this data set must reproduce exactly.

export const REPORT = {
  zql: { households: 266, floorAreaCm2: 6_153_477, personsResettled: 299, banshanDelayed: 109 },
  hnsc: { buildings: 164, floorAreaCm2: 5_041_084, lutianchongDelayed: 76 },
  yf10: { temporaryCm2: [26_000, 24_000, 22_000, 20_000], houseCm2: 15_800, coffins: 54 },
  funds2021: { depositedFen: 13_003_076_400, acquisitionFen: 10_358_299_510, resettlementFen: 2_196_330_000, workingFen: 1_035_332_636 },
  taskLetters: 5,
  // 全年稽核 … 房屋征收4699.13㎡、安置人口16人: the project signed off in 2021 (its 330.022 mu are in generate.ts).
  audited2021: { floorAreaCm2: 469_913, persons: 16 },
}

/** Deliberate discrepancies for the audit (稽核) to find; README.md lists them with the finding each one gives. */
const PLANTED = {
  /** Index of the 正清路延长线 house (ZQL-F121) whose floor area is 30 % above footprint × floors. */
  floorAreaZql: 120,
  /** The parcel whose first household resettling 3 persons has only 2 members flagged as resettled. */
  personsParcel: 'HNSC-007',
}

// ---------------------------------------------------------------------------------------------------------
// Geometry: local metres around a parcel, rectangles that fit inside it.

const geod = geographiclib.Geodesic.WGS84
function ellipsoidalM2(ring: Position[]): number {
  const poly = geod.Polygon(false)
  for (const [lon, lat] of ring.slice(0, -1)) poly.AddPoint(lat, lon)
  return Math.abs(poly.Compute(false, true).area ?? NaN)
}
const round8 = (v: number): number => Math.round(v * 1e8) / 1e8

/** Local metres (x east, y north) at a parcel's first vertex, and back to rounded lon/lat. */
function frameOf(lon0: number, lat0: number) {
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

const cross = (ax: number, ay: number, bx: number, by: number) => ax * by - ay * bx
function segmentsCross(p: number[], q: number[], r: number[], s: number[]): boolean {
  const d1 = cross(s[0]! - r[0]!, s[1]! - r[1]!, p[0]! - r[0]!, p[1]! - r[1]!)
  const d2 = cross(s[0]! - r[0]!, s[1]! - r[1]!, q[0]! - r[0]!, q[1]! - r[1]!)
  const d3 = cross(q[0]! - p[0]!, q[1]! - p[1]!, r[0]! - p[0]!, r[1]! - p[1]!)
  const d4 = cross(q[0]! - p[0]!, q[1]! - p[1]!, s[0]! - p[0]!, s[1]! - p[1]!)
  return d1 * d2 <= 0 && d3 * d4 <= 0
}
function insideRing(pt: number[], ring: number[][]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!
    if (yi! > pt[1]! !== yj! > pt[1]! && pt[0]! < ((xj! - xi!) * (pt[1]! - yi!)) / (yj! - yi!) + xi!) inside = !inside
  }
  return inside
}

type Pt = [number, number]
interface Slot { parcel: string; corners: [Pt, Pt, Pt, Pt]; frame: ReturnType<typeof frameOf>; axis: [number, number] }

/**
 * Cells of `cellAlong` × `cellAcross` metres on a grid along the parcel's long axis, each kept when the cell
 * grown by `margin` lies wholly inside the parcel (corners inside, no parcel edge crossing it, no parcel vertex in
 * it). Deterministic order: along the axis, then across.
 */
function slotsIn(code: string, cellAlong: number, cellAcross: number, margin: number): Slot[] {
  const ring = parcelByCode.get(code)!.geometry.coordinates[0]!
  const frame = frameOf(ring[0]![0], ring[0]![1])
  const xy = ring.map(frame.toXY)
  // The long axis: the principal direction of the vertices.
  const n = xy.length - 1
  const mx = xy.slice(0, n).reduce((s, p) => s + p[0], 0) / n, my = xy.slice(0, n).reduce((s, p) => s + p[1], 0) / n
  let sxx = 0, syy = 0, sxy = 0
  for (const [x, y] of xy.slice(0, n)) { sxx += (x - mx) ** 2; syy += (y - my) ** 2; sxy += (x - mx) * (y - my) }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy)
  const ux: [number, number] = [Math.cos(theta), Math.sin(theta)], vx: [number, number] = [-Math.sin(theta), Math.cos(theta)]
  const uv = xy.map(([x, y]) => [x * ux[0] + y * ux[1], x * vx[0] + y * vx[1]])
  const toXY = (u: number, v: number): [number, number] => [u * ux[0] + v * vx[0], u * ux[1] + v * vx[1]]
  const us = uv.map((p) => p[0]!), vs = uv.map((p) => p[1]!)
  const slots: Slot[] = []
  for (let u = Math.min(...us); u + cellAlong <= Math.max(...us); u += cellAlong) {
    for (let v = Math.min(...vs); v + cellAcross <= Math.max(...vs); v += cellAcross) {
      const grown = [[u - margin, v - margin], [u + cellAlong + margin, v - margin], [u + cellAlong + margin, v + cellAcross + margin], [u - margin, v + cellAcross + margin]]
      if (!grown.every((c) => insideRing(c, uv))) continue
      const edges = grown.map((c, i) => [c, grown[(i + 1) % 4]!])
      const crosses = edges.some(([p, q]) => uv.slice(0, n).some((r, i) => segmentsCross(p!, q!, r, uv[i + 1]!)))
      const holds = uv.slice(0, n).some(([x, y]) => x! >= grown[0]![0]! && x! <= grown[2]![0]! && y! >= grown[0]![1]! && y! <= grown[2]![1]!)
      if (crosses || holds) continue
      slots.push({ parcel: code, corners: [toXY(u, v), toXY(u + cellAlong, v), toXY(u + cellAlong, v + cellAcross), toXY(u, v + cellAcross)], frame, axis: ux })
    }
  }
  return slots
}

/** A rectangle of `along` × `across` metres centred in a slot, as a closed counter-clockwise lon/lat ring. */
function footprintIn(slot: Slot, along: number, across: number): Position[] {
  const [c0, c1, , c3] = slot.corners
  const e1 = [(c1[0] - c0[0]), (c1[1] - c0[1])], e2 = [(c3[0] - c0[0]), (c3[1] - c0[1])]
  const l1 = Math.hypot(e1[0]!, e1[1]!), l2 = Math.hypot(e2[0]!, e2[1]!)
  const o = [c0[0] + e1[0]! / 2 + e2[0]! / 2, c0[1] + e1[1]! / 2 + e2[1]! / 2]
  const at2 = (s: number, t: number): Position =>
    slot.frame.toLonLat(o[0]! + (e1[0]! / l1) * s * along / 2 + (e2[0]! / l2) * t * across / 2, o[1]! + (e1[1]! / l1) * s * along / 2 + (e2[1]! / l2) * t * across / 2)
  const ring = [at2(-1, -1), at2(1, -1), at2(1, 1), at2(-1, 1)]
  // Counter-clockwise (RFC 7946): the shoelace sum in lon/lat is positive.
  let s = 0
  for (let i = 0; i < 4; i++) s += ring[i]![0] * ring[(i + 1) % 4]![1] - ring[(i + 1) % 4]![0] * ring[i]![1]
  if (s < 0) ring.reverse()
  return [...ring, ring[0]!]
}
const slotCentre = (slot: Slot): Position => {
  const c = slot.corners
  return slot.frame.toLonLat((c[0][0] + c[2][0]) / 2, (c[0][1] + c[2][1]) / 2)
}

/** `count` slots spread evenly over `slots`, in their order. */
function spread<T>(slots: T[], count: number): T[] {
  if (slots.length < count) throw new Error(`${count} needed, only ${slots.length} slots`)
  return Array.from({ length: count }, (_, i) => slots[Math.floor((i * slots.length) / count)]!)
}

/** Whole fen (or centi-m²) as a decimal string with 2 places. */
const cents = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a whole non-negative amount: ${n}`)
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`
}

/** Floor areas in centi-m² proportional to footprint × floors, adjusted by whole centi-m² to sum to `total`. */
function floorAreas(raw: number[], total: number): number[] {
  const k = total / raw.reduce((s, x) => s + x, 0)
  if (k < 0.85 || k > 1.15) throw new Error(`floor areas would be ${k.toFixed(3)} × footprint × floors: resize the footprints`)
  const out = raw.map((x) => Math.round(x * k))
  let diff = total - out.reduce((s, x) => s + x, 0)
  for (let i = 0; diff !== 0; i = (i + 1) % out.length) { const d = Math.sign(diff); out[i]! += d; diff -= d }
  return out
}

interface Sized { along: number; across: number; floors: number }
/**
 * Footprints in `slots` of the given proportions, all scaled by one factor so that Σ footprint × floors (× the
 * factor of `off`, for buildings whose floor area is deliberately off) is `totalCm2`; then the floor areas in centi-m²:
 * footprint × floors for each (× its `off` factor), the others adjusted by whole centi-m² to the exact total.
 */
function sizedToTotal(slots: Slot[], sizes: Sized[], totalCm2: number, off: Map<number, number> = new Map()) {
  let s = 1
  const footprint = (i: number) => footprintIn(slots[i]!, sizes[i]!.along * s, sizes[i]!.across * s)
  const raw = () => slots.map((_, i) => ellipsoidalM2(footprint(i)) * sizes[i]!.floors * 100)
  for (let n = 0; n < 3; n++) s *= Math.sqrt(totalCm2 / raw().reduce((sum, x, i) => sum + x * (off.get(i) ?? 1), 0))
  const r = raw()
  const areas = r.map((x, i) => (off.has(i) ? Math.round(x * off.get(i)!) : 0))
  const rest = r.map((_, i) => i).filter((i) => !off.has(i))
  const fitted = floorAreas(rest.map((i) => r[i]!), totalCm2 - areas.reduce((sum, x) => sum + x, 0))
  rest.forEach((i, k) => { areas[i] = fitted[k]! })
  return { footprints: slots.map((_, i) => footprint(i)), areas }
}

// ---------------------------------------------------------------------------------------------------------
// People: invented names, ID numbers (4300xx, correct check character), phones.

const SURNAMES = ['向', '舒', '杨', '龙', '蒋', '唐', '张', '李', '刘', '陈', '王', '周', '吴', '谢', '曾', '邓', '彭', '胡', '田', '滕', '欧阳', '石', '瞿', '黄']
const MALE_GIVEN = ['建国', '志强', '德华', '小平', '国庆', '军', '明', '长生', '文斌', '浩然', '宇轩', '冬生', '家福', '荣华', '海波', '正清']
const FEMALE_GIVEN = ['秀英', '春花', '桂兰', '玉梅', '海燕', '丽', '红梅', '金凤', '佳怡', '子涵', '雨桐', '思琪', '满妹', '翠兰', '小红', '艳']
/** Relation to the head (户主): sex, and birth year relative to the head's. */
const RELATIONS: { relation: string; female: boolean; years: number }[] = [
  { relation: '配偶', female: true, years: 2 }, { relation: '子', female: false, years: 26 }, { relation: '女', female: true, years: 28 },
  { relation: '儿媳', female: true, years: 27 }, { relation: '孙子', female: false, years: 52 }, { relation: '孙女', female: true, years: 54 },
]
const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idCheckChar = (first17: string) => '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * idWeights[i]!, 0) % 11]!
let idSerial = 0
/**
 * A fresh invented ID number for someone born on `birth` (YYYY-MM-DD): region 4300 + a two-digit county that does
 * not exist, a serial unique in the data set, odd for men and even for women (GB 11643), the check character.
 */
function idNumber(birth: string, female: boolean): string {
  idSerial++
  const region = `4300${String(10 + (idSerial % 80)).padStart(2, '0')}`
  const seq = String((Math.floor(idSerial / 80) % 50) * 20 + (idSerial % 10) * 2 + (female ? 0 : 1)).padStart(3, '0')
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`
  return first17 + idCheckChar(first17)
}
const dateOf = (year: number, i: number) => `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`
let personSerial = 0
function person(surname: string, female: boolean, birthYear: number) {
  const i = personSerial++
  const given = at(female ? FEMALE_GIVEN : MALE_GIVEN, i * 5 + Math.floor(i / 16))
  const birth_date = dateOf(birthYear, i)
  return { name: surname + given, birth_date, id_number: idNumber(birth_date, female) }
}

interface Member { name: string; relation: string; id_number: string; birth_date: string; is_resettled: boolean }
interface Household {
  key: string; project_code: string; parcel_code: string; head_name: string; village_group: string
  id_number: string; phone: string; members: Member[]
}
const households: Household[] = []
function addHousehold(project: string, parcel: string, village: string, size: number, resettled: number): Household {
  const n = households.length
  const surname = at(SURNAMES, n * 7 + Math.floor(n / 24))
  const headYear = 1945 + ((n * 13) % 30)
  const headFemale = n % 6 === 5
  const head = person(surname, headFemale, headYear)
  const members: Member[] = [{ ...head, relation: '户主', is_resettled: resettled > 0 }]
  // Spouse, children, daughter-in-law, grandchildren in that order; nobody born after 2020.
  for (const r of RELATIONS.filter((r) => headYear + r.years <= 2020).slice(0, size - 1)) {
    const female = r.relation === '配偶' ? !headFemale : r.female
    const married = r.relation === '配偶' || r.relation === '儿媳'
    const p = person(married ? at(SURNAMES, n * 3 + members.length) : surname, female, headYear + r.years + (n % 3))
    members.push({ ...p, relation: r.relation, is_resettled: members.length < resettled })
  }
  if (members.length < Math.min(size, 1 + resettled) || members.filter((m) => m.is_resettled).length !== resettled) {
    throw new Error(`household ${n + 1}: cannot make ${resettled} resettled members`)
  }
  const phone = `1${at(['33', '35', '37', '38', '50', '52', '58', '77', '80', '87', '89', '99'], n)}${String(7450000 + n * 7919 % 99991).padStart(8, '0')}`
  const h: Household = { key: `${project}-H${String(n + 1).padStart(4, '0')}`, project_code: project, parcel_code: parcel, head_name: head.name, village_group: village, id_number: head.id_number, phone, members }
  households.push(h)
  return h
}

// ---------------------------------------------------------------------------------------------------------
// Records.

interface Building {
  project_code: string; code: string; parcel_code: string; household_key: string | null; structure: string
  floors: number; floor_area_m2: string; use: string; legal_status: string; demolished_on: string | null; notes: string | null
  footprint: { type: 'Polygon'; coordinates: Position[][] }
}
interface Resettlement { household_key: string; persons: number; method: string; site: string | null; transition_start: string | null; transition_end: string | null; delay_months: number }
const buildings: Building[] = []
const resettlements: Resettlement[] = []
const agreements: { household_key: string; number: string; signed_on: string | null }[] = []
const graves: { project_code: string; code: string; parcel_code: string; household_key: string | null; coffins: number; relocated_on: string | null; location: { type: 'Point'; coordinates: Position } }[] = []
const attachments: { project_code: string; parcel_code: string; household_key: string | null; kind: string; name: string; quantity: string; unit: string; notes: string | null }[] = []

const parcelsOf = (project: string) => parcels.filter((p) => p.properties.project_code === project)
/** Roads (10) and water (11) carry no buildings. */
const buildable = (p: ParcelFeature) => !/^1[01]/.test(p.properties.land_class)
const villageOf = (owner: string) => owner.slice(0, owner.lastIndexOf('村') + 1)

// 正清路延长线: 266 households, one house each, 61534.77 m² in all; 299 persons resettled; 109 板山村 households delayed.
{
  const slots = parcelsOf('ZQL-2021').filter(buildable).flatMap((p) => slotsIn(p.properties.code, 11, 11, 1))
  const chosen = spread(slots, REPORT.zql.households)
  const sizes = chosen.map((_, i) => ({ along: 8 + (i % 5) * 0.5, across: 7.5 + (i % 3) * 0.9, floors: at([3, 3, 4, 2, 3, 4, 3, 2, 4, 3, 3], i) }))
  // Planted for the audit: one house declared 30 % above footprint × floors (BUILDING_FLOOR_AREA_MISMATCH); the
  // total stays the report's, the others a hair smaller.
  const { footprints, areas } = sizedToTotal(chosen, sizes, REPORT.zql.floorAreaCm2, new Map([[PLANTED.floorAreaZql, 1.3]]))
  // 299 persons over 266 households: 33 households resettle two persons, the others one.
  const twoPersons = new Set(spread([...chosen.keys()], REPORT.zql.personsResettled - REPORT.zql.households))
  let banshanDelayed = 0
  chosen.forEach((slot, i) => {
    const parcel = parcelByCode.get(slot.parcel)!
    const owner = parcel.properties.owner
    const persons = twoPersons.has(i) ? 2 : 1
    const h = addHousehold('ZQL-2021', slot.parcel, owner, 2 + (i % 4), persons)
    const method = i % 9 === 4 ? 'cash' : i % 13 === 7 ? 'homestead' : 'property_swap'
    const delayed = method !== 'cash' && villageOf(owner) === '石门乡板山村' && banshanDelayed < REPORT.zql.banshanDelayed
    if (delayed) banshanDelayed++
    resettlements.push({
      household_key: h.key, persons, method, site: method === 'property_swap' ? '迎丰组团10#安置区' : method === 'homestead' ? '石门乡板山村集中安置点' : null,
      transition_start: method === 'cash' ? null : '2019-01-01', transition_end: method === 'cash' ? null : '2020-12-31',
      delay_months: delayed ? 3 + (i % 10) : 0,
    })
    buildings.push({
      project_code: 'ZQL-2021', code: `ZQL-F${String(i + 1).padStart(3, '0')}`, parcel_code: slot.parcel, household_key: h.key,
      structure: at(['brick_concrete', 'brick_concrete', 'brick_wood', 'brick_concrete', 'frame'], i), floors: sizes[i]!.floors,
      floor_area_m2: cents(areas[i]!), use: i % 17 === 5 ? 'commercial' : 'residential',
      legal_status: at(['licensed', 'licensed', 'recognised', 'licensed', 'unlicensed', 'licensed', 'recognised'], i),
      demolished_on: null, notes: null, footprint: { type: 'Polygon', coordinates: [footprints[i]!] },
    })
  })
  if (banshanDelayed !== REPORT.zql.banshanDelayed) throw new Error(`only ${banshanDelayed} 板山村 households can be delayed`)
}

// 怀南水产品市场: 164 buildings, 50410.84 m², all demolished in 2021, mostly commercial. Those on 炉天冲村 fields
// belong to its households (76 of them delayed); those on 舞水村 fields to businesses (no household).
{
  const slots = parcelsOf('HNSC-2021').filter(buildable).flatMap((p) => slotsIn(p.properties.code, 24, 20, 2))
  const chosen = spread(slots, REPORT.hnsc.buildings)
  const sizes = chosen.map((_, i) => ({ along: 15 + (i % 4) * 1.5, across: 12 + (i % 3) * 1.5, floors: at([1, 2, 1, 1, 2, 1], i) }))
  const { footprints, areas } = sizedToTotal(chosen, sizes, REPORT.hnsc.floorAreaCm2)
  let delayed = 0
  chosen.forEach((slot, i) => {
    const owner = parcelByCode.get(slot.parcel)!.properties.owner
    const villager = villageOf(owner) === '盈口乡炉天冲村'
    let key: string | null = null
    if (villager) {
      const persons = 2 + (i % 3)
      const h = addHousehold('HNSC-2021', slot.parcel, owner, persons + (i % 2), persons)
      key = h.key
      const method = i % 11 === 3 ? 'cash' : 'property_swap'
      const late = method !== 'cash' && delayed < REPORT.hnsc.lutianchongDelayed
      if (late) delayed++
      resettlements.push({
        household_key: h.key, persons, method, site: method === 'cash' ? null : '怀南安置小区',
        transition_start: method === 'cash' ? null : '2019-07-01', transition_end: method === 'cash' ? null : '2021-06-30',
        delay_months: late ? 2 + (i % 7) : 0,
      })
    }
    const use = villager ? (i % 3 === 0 ? 'residential' : 'commercial') : (i % 5 === 2 ? 'industrial' : 'commercial')
    buildings.push({
      project_code: 'HNSC-2021', code: `HNSC-F${String(i + 1).padStart(3, '0')}`, parcel_code: slot.parcel, household_key: key,
      structure: at(['frame', 'brick_concrete', 'simple', 'frame', 'brick_concrete'], i), floors: sizes[i]!.floors,
      floor_area_m2: cents(areas[i]!), use, legal_status: at(['licensed', 'recognised', 'licensed', 'temporary', 'licensed', 'unlicensed'], i),
      demolished_on: dateOf(2021, i), notes: null,
      footprint: { type: 'Polygon', coordinates: [footprints[i]!] },
    })
  })
  if (delayed !== REPORT.hnsc.lutianchongDelayed) throw new Error(`only ${delayed} 炉天冲村 households can be delayed`)
  // Planted for the audit: one household resettles one person more than it has members flagged as resettled
  // (RESETTLED_PERSONS_MISMATCH). The persons (319) stay; one member's flag is off.
  const odd = households.filter((h) => h.project_code === 'HNSC-2021' && h.parcel_code === PLANTED.personsParcel)
    .find((h) => h.members.filter((m) => m.is_resettled).length === 3)
  if (!odd) throw new Error(`no household of ${PLANTED.personsParcel} resettles 3 persons`)
  odd.members.filter((m) => m.is_resettled).at(-1)!.is_resettled = false
  // Attachments counted on the 329 mu: orchards and trees, wells, sheds, fences on the fields; fish ponds.
  for (const p of parcelsOf('HNSC-2021')) {
    const code = p.properties.code, k = Number(code.slice(-3))
    const owner = households.find((h) => h.parcel_code === code)?.key ?? null
    if (p.properties.land_class === '1104') {
      attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: null, kind: 'pond', name: '鱼塘', quantity: cents(Math.round(ellipsoidalM2(p.geometry.coordinates[0]!) * 0.0015 * 90)), unit: 'mu', notes: '养殖鱼塘（示例）' })
      continue
    }
    if (p.properties.land_class === '1107') {
      attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: null, kind: 'other', name: '灌溉渠护坡', quantity: cents(46_000 + k * 100), unit: 'm', notes: null })
      continue
    }
    attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: owner, kind: 'tree', name: at(['柑橘树', '桃树', '杉树', '樟树'], k), quantity: cents((40 + k * 17) * 100), unit: 'plant', notes: null })
    attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: owner, kind: 'well', name: '水井', quantity: cents((1 + (k % 2)) * 100), unit: 'unit', notes: null })
    attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: owner, kind: 'shed', name: '简易棚', quantity: cents(3_500 + k * 1_250), unit: 'm2', notes: null })
    if (k % 3 === 0) attachments.push({ project_code: 'HNSC-2021', parcel_code: code, household_key: owner, kind: 'fence', name: '围墙', quantity: cents(6_000 + k * 500), unit: 'm', notes: null })
  }
}

// 迎丰组团10#安置区二期: 4 temporary buildings, 920 m²; 1 licensed house of 158 m² of a household; 54 coffins.
{
  const yf = parcelsOf('YF10-2021').filter(buildable)
  const slots = yf.flatMap((p) => slotsIn(p.properties.code, 18, 16, 2))
  const picked = spread(slots, 5)
  const owner = parcelByCode.get(picked[4]!.parcel)!.properties.owner
  const h = addHousehold('YF10-2021', picked[4]!.parcel, owner, 4, 3)
  resettlements.push({ household_key: h.key, persons: 3, method: 'cash', site: null, transition_start: null, transition_end: null, delay_months: 0 })
  REPORT.yf10.temporaryCm2.forEach((cm2, i) => {
    // One storey, 17.5 m along the slot: the footprint is the floor area (to rounding of the vertices).
    const along = 17.5, across = cm2 / 100 / along
    buildings.push({
      project_code: 'YF10-2021', code: `YF10-F${String(i + 1).padStart(3, '0')}`, parcel_code: picked[i]!.parcel, household_key: null,
      structure: 'simple', floors: 1, floor_area_m2: cents(cm2), use: i === 0 ? 'commercial' : 'other', legal_status: 'temporary',
      demolished_on: `2021-0${4 + i}-15`, notes: '临时建筑（示例）',
      footprint: { type: 'Polygon', coordinates: [footprintIn(picked[i]!, along, across)] },
    })
  })
  buildings.push({
    project_code: 'YF10-2021', code: 'YF10-F005', parcel_code: picked[4]!.parcel, household_key: h.key, structure: 'brick_concrete', floors: 2,
    floor_area_m2: cents(REPORT.yf10.houseCm2), use: 'residential', legal_status: 'licensed', demolished_on: '2021-09-20', notes: null,
    footprint: { type: 'Polygon', coordinates: [footprintIn(picked[4]!, 10, 7.9)] },
  })
  // Graves: points in cells of their own (away from the buildings), 1–4 coffins each, 54 in all.
  const used = new Set(picked)
  const metresApart = (p: Position, q: Position) => geod.Inverse(p[1], p[0], q[1], q[0]).s12 ?? 0
  const graveSlots = yf.flatMap((p) => slotsIn(p.properties.code, 9, 9, 1.5)).filter((s) => ![...used].some((b) => metresApart(slotCentre(s), slotCentre(b)) < 15))
  const coffins = [3, 1, 2, 2, 4, 1, 2, 3, 1, 2, 2, 1, 3, 2, 1, 2, 4, 2, 1, 3, 2, 2, 1, 2, 3, 2]
  const sum = coffins.reduce((s, c) => s + c, 0)
  if (sum !== REPORT.yf10.coffins) throw new Error(`graves hold ${sum} coffins, not ${REPORT.yf10.coffins}`)
  spread(graveSlots, coffins.length).forEach((s, i) =>
    graves.push({
      project_code: 'YF10-2021', code: `YF10-G${String(i + 1).padStart(2, '0')}`, parcel_code: s.parcel, household_key: i % 8 === 0 ? h.key : null,
      coffins: coffins[i]!, relocated_on: i < 22 ? dateOf(2021, i + 2) : null, location: { type: 'Point', coordinates: slotCentre(s) },
    }))
}

// 城东物流园一期 (invented), signed off by the audit section in 2021: 7 households on the two homestead parcels,
// one house each, 16 persons resettled; a pig farm and a warehouse on the facility land; 4699.13 m² in all. Every
// floor area is footprint × floors to rounding; every agreement signed; every item paid. Nothing here is off.
{
  const homes = slotsIn('CDWL-005', 16, 15, 2).concat(slotsIn('CDWL-010', 16, 15, 2))
  const houseSlots = spread(homes, 7)
  const farmSlots = spread(slotsIn('CDWL-007', 44, 30, 2), 2)
  const persons = [3, 2, 2, 3, 2, 2, 2]
  if (persons.reduce((a, b) => a + b, 0) !== REPORT.audited2021.persons) throw new Error('城东物流园 persons')
  const sizes: Sized[] = [
    ...persons.map((_, i) => ({ along: 12 + (i % 3) * 0.8, across: 10.5 + (i % 2) * 0.7, floors: at([3, 2, 3, 3, 2, 3, 2], i) })),
    { along: 42, across: 25, floors: 1 }, { along: 38, across: 28, floors: 1 },
  ]
  const slots = [...houseSlots, ...farmSlots]
  const { footprints, areas } = sizedToTotal(slots, sizes, REPORT.audited2021.floorAreaCm2)
  persons.forEach((n, i) => {
    const slot = houseSlots[i]!
    const owner = parcelByCode.get(slot.parcel)!.properties.owner
    const h = addHousehold('CDWL-2021', slot.parcel, owner, n + (i % 2), n)
    const cash = i % 3 === 1
    resettlements.push({
      household_key: h.key, persons: n, method: cash ? 'cash' : 'property_swap', site: cash ? null : '城东安置小区（示例）',
      transition_start: cash ? null : '2021-03-01', transition_end: cash ? null : '2022-08-31', delay_months: 0,
    })
    buildings.push({
      project_code: 'CDWL-2021', code: `CDWL-F${String(i + 1).padStart(3, '0')}`, parcel_code: slot.parcel, household_key: h.key,
      structure: at(['brick_concrete', 'brick_wood', 'frame', 'brick_concrete'], i), floors: sizes[i]!.floors, floor_area_m2: cents(areas[i]!),
      use: 'residential', legal_status: at(['licensed', 'licensed', 'recognised'], i), demolished_on: dateOf(2021, i + 4), notes: null,
      footprint: { type: 'Polygon', coordinates: [footprints[i]!] },
    })
  })
  ;[['养殖场（示例）', 'other', 'simple'], ['仓库（示例）', 'commercial', 'brick_concrete']].forEach(([notes, use, structure], k) => {
    const i = persons.length + k
    buildings.push({
      project_code: 'CDWL-2021', code: `CDWL-F${String(i + 1).padStart(3, '0')}`, parcel_code: slots[i]!.parcel, household_key: null,
      structure: structure!, floors: 1, floor_area_m2: cents(areas[i]!), use: use!, legal_status: 'recognised', demolished_on: dateOf(2021, i + 2),
      notes: notes!, footprint: { type: 'Polygon', coordinates: [footprints[i]!] },
    })
  })
  attachments.push({ project_code: 'CDWL-2021', parcel_code: 'CDWL-009', household_key: null, kind: 'tree', name: '柑橘树', quantity: cents(21_000), unit: 'plant', notes: null })
  attachments.push({ project_code: 'CDWL-2021', parcel_code: 'CDWL-005', household_key: households.find((h) => h.parcel_code === 'CDWL-005')!.key, kind: 'well', name: '水井', quantity: cents(100), unit: 'unit', notes: null })
}

// A few trees along 正清路延长线 (the road's own attachments).
for (const p of parcelsOf('ZQL-2021').filter(buildable).filter((_, i) => i % 3 === 0)) {
  const k = Number(p.properties.code.slice(-3))
  attachments.push({ project_code: 'ZQL-2021', parcel_code: p.properties.code, household_key: households.find((h) => h.parcel_code === p.properties.code)?.key ?? null, kind: 'tree', name: at(['柑橘树', '杉树'], k), quantity: cents((12 + k * 3) * 100), unit: 'plant', notes: null })
}

// Agreements: one per household. Unsigned: every household of ZQL-015 (none signed there) and every third of
// HNSC-005 (partly signed); all others signed in 2021.
households.forEach((h, i) => {
  const unsigned = h.parcel_code === 'ZQL-015' || (h.parcel_code === 'HNSC-005' && i % 3 === 0)
  agreements.push({ household_key: h.key, number: `${h.project_code}-XY-${String(i + 1).padStart(4, '0')}`, signed_on: unsigned ? null : dateOf(2021, i) })
})

// Rate sets (补偿标准), invented but plausible for 鹤城区 in 2021: 区片综合地价 of about 60 000 元/亩 for farmland,
// split 40 % land compensation and 60 % resettlement subsidy; no rate for rural roads (land class group 10).
const commonRates: [string, string, string][] = [
  ['land', '01', '24000.00'], ['land', '02', '22000.00'], ['land', '03', '12000.00'], ['land', '07', '24000.00'], ['land', '11', '16000.00'],
  ['resettlement_subsidy', '01', '36000.00'], ['resettlement_subsidy', '02', '33000.00'], ['resettlement_subsidy', '03', '18000.00'],
  ['resettlement_subsidy', '07', '36000.00'], ['resettlement_subsidy', '11', '24000.00'],
  ['young_crops', '0101', '1800.00'], ['young_crops', '0103', '1500.00'], ['young_crops', '02', '3000.00'], ['young_crops', '03', '2500.00'],
  ['house', 'brick_concrete', '1280.00'], ['house', 'brick_wood', '1050.00'], ['house', 'frame', '1450.00'], ['house', 'simple', '320.00'],
  ['attachments', '柑橘树', '120.00'], ['attachments', '桃树', '90.00'], ['attachments', 'tree', '60.00'], ['attachments', 'well', '1500.00'],
  ['attachments', 'shed', '80.00'], ['attachments', 'fence', '45.00'], ['attachments', 'pond', '3000.00'], ['attachments', '*', '30.00'],
  ['relocation', '*', '3000.00'], ['transition', '*', '300.00'], ['delayed_transition', '*', '600.00'], ['grave_relocation', '*', '3000.00'],
]
// 城东物流园一期 also has facility agricultural land (1202), compensated as other farmland.
const facilityRates: [string, string, string][] = [['land', '12', '12000.00'], ['resettlement_subsidy', '12', '18000.00']]
const rate_sets = ['ZQL-2021', 'HNSC-2021', 'YF10-2021', 'CDWL-2021'].map((project, i) => ({
  project_code: project, name: '鹤城区征收补偿标准（示例）', basis: '示例标准，非真实文件', effective_from: ['2021-01-01', '2020-10-01', '2021-02-01', '2021-03-01'][i]!,
  note: 'Illustrative rates, invented for the demo',
  rates: [...commonRates, ...(project === 'CDWL-2021' ? facilityRates : [])].map(([item_type, key, rate_yuan]) => ({ item_type, key, rate_yuan })),
}))

// Planted for the audit: one item entered by hand whose amount is 10.00 yuan more than quantity × rate
// (COMPENSATION_AMOUNT_MISMATCH): three wells at 1 500.00 yuan entered as 4 510.00.
const manual_items = [{
  project_code: 'HNSC-2021', parcel_code: 'HNSC-007', household_key: households.find((h) => h.parcel_code === 'HNSC-007')!.key,
  item_type: 'attachments', quantity: '3', unit: 'unit', rate_yuan: '1500.00', amount_yuan: '4510.00', notes: '补录水井3口（手工录入，示例）',
}]

// Payments: every computed item of these parcels and of their households paid (paid), or only the parcels' own
// land items (partly paid); the rest unpaid. Roads have no items.
const payments = [
  ...['ZQL-001', 'ZQL-002', 'ZQL-003', 'HNSC-001', 'HNSC-002', 'HNSC-004', 'YF10-001', 'YF10-002', 'YF10-003', 'YF10-004', 'YF10-005'].map((parcel_code, i) => ({ parcel_code, scope: 'all', paid_on: dateOf(2021, i + 5) })),
  ...['ZQL-005', 'ZQL-007', 'HNSC-006'].map((parcel_code, i) => ({ parcel_code, scope: 'parcel', paid_on: dateOf(2021, i + 8) })),
  ...parcelsOf('CDWL-2021').map((p, i) => ({ parcel_code: p.properties.code, scope: 'all', paid_on: dateOf(2021, 5 + (i % 6)) })),
]

// ---------------------------------------------------------------------------------------------------------
// Funds ledger: 2021 deposits and executed disbursements by part, spread over the three projects; an opening
// deposit of 2020 per project large enough that no balance goes below zero at any time; budgets and 5 task letters.

type Entry = { project_code: string; at: string; fen: number }
const projectsShare = [['ZQL-2021', 55], ['HNSC-2021', 35], ['YF10-2021', 10]] as const
/** `total` fen in `parts` pieces by weights, whole fen, the remainder on the first. */
function split(total: number, weights: readonly number[]): number[] {
  const w = weights.reduce((s, x) => s + x, 0)
  const out = weights.map((x) => Math.floor((total * x) / w))
  out[0]! += total - out.reduce((s, x) => s + x, 0)
  return out
}
const deposits: (Entry & { payer: string; note: string | null })[] = []
const requests: (Entry & { part: string; payee: string; decided_at: string; executed_at: string })[] = []
const payers: Record<string, string> = { 'ZQL-2021': '正清路延长线项目建设单位（示例）', 'HNSC-2021': '怀南水产品市场项目业主（示例）', 'YF10-2021': '迎丰组团安置区建设单位（示例）' }
const depositMonths = [2, 4, 6, 8, 10]
split(REPORT.funds2021.depositedFen, projectsShare.map((p) => p[1])).forEach((fen, j) => {
  const project = projectsShare[j]![0]
  split(fen, [3, 2, 2, 2, 1]).forEach((f, k) => deposits.push({ project_code: project, at: `2021-${String(depositMonths[k]).padStart(2, '0')}-10T10:00:00+08:00`, fen: f, payer: payers[project]!, note: null }))
})
const parts = [['acquisition', REPORT.funds2021.acquisitionFen, '被征收人（补偿款）'], ['resettlement', REPORT.funds2021.resettlementFen, '被征收人（安置补助）'], ['working', REPORT.funds2021.workingFen, '征收事务中心（工作经费）']] as const
const payMonths = [3, 5, 7, 9, 11, 12]
for (const [part, total, payee] of parts) {
  split(total, projectsShare.map((p) => p[1])).forEach((fen, j) => {
    const project = projectsShare[j]![0]
    split(fen, [2, 2, 2, 1, 1, 1]).forEach((f, k) => {
      const m = String(payMonths[k]).padStart(2, '0')
      requests.push({ project_code: project, part, payee, fen: f, at: `2021-${m}-15T09:00:00+08:00`, decided_at: `2021-${m}-17T15:00:00+08:00`, executed_at: `2021-${m}-20T10:00:00+08:00` })
    })
  })
}
// The opening deposit of 2020: the deepest the running balance of 2021 would go, rounded up to whole 10 000 yuan.
for (const [project] of projectsShare) {
  const events = [...deposits.filter((d) => d.project_code === project).map((d) => ({ at: d.at, fen: d.fen })),
    ...requests.filter((r) => r.project_code === project).map((r) => ({ at: r.executed_at, fen: -r.fen }))].sort((a, b) => a.at.localeCompare(b.at))
  let run = 0, low = 0
  for (const e of events) { run += e.fen; low = Math.min(low, run) }
  const opening = Math.ceil((-low + 1) / 1_000_000) * 1_000_000
  deposits.unshift({ project_code: project, at: '2020-12-18T10:00:00+08:00', fen: opening, payer: payers[project]!, note: '2020 年预存款（期初余额）' })
}
// Budgets and task letters: each letter is issued when the deposits so far cover the budget set just before it.
const letterPlan = [['ZQL-2021', '2020-12-21'], ['HNSC-2021', '2020-12-22'], ['ZQL-2021', '2021-06-18'], ['YF10-2021', '2021-04-16'], ['HNSC-2021', '2021-08-19']] as const
const budgets: (Entry & { note: string })[] = []
const task_letters = letterPlan.map(([project, day], i) => {
  const depositedFen = deposits.filter((d) => d.project_code === project && d.at.slice(0, 10) <= day).reduce((s, d) => s + d.fen, 0)
  const budgetFen = Math.floor(depositedFen / 100_000_000) * 100_000_000
  if (budgetFen <= 0) throw new Error(`task letter ${i + 1}: no deposits before ${day}`)
  budgets.push({ project_code: project, at: `${day}T09:00:00+08:00`, fen: budgetFen, note: '项目预算（示例）' })
  return { project_code: project, number: `怀征任〔${day.slice(0, 4)}〕${String(i + 1).padStart(2, '0')}号（示例）`, at: `${day}T16:00:00+08:00`, note: null }
})
if (task_letters.length !== REPORT.taskLetters) throw new Error('five task letters')

// ---------------------------------------------------------------------------------------------------------
// Check and write.

const sumCm2 = (project: string) => buildings.filter((b) => b.project_code === project).reduce((s, b) => s + Math.round(Number(b.floor_area_m2) * 100), 0)
if (sumCm2('ZQL-2021') !== REPORT.zql.floorAreaCm2 || sumCm2('HNSC-2021') !== REPORT.hnsc.floorAreaCm2) throw new Error('floor area totals')
const zqlKeys = new Set(households.filter((h) => h.project_code === 'ZQL-2021').map((h) => h.key))
const zqlPersons = resettlements.filter((r) => zqlKeys.has(r.household_key)).reduce((s, r) => s + r.persons, 0)
const zqlFlagged = households.filter((h) => zqlKeys.has(h.key)).reduce((s, h) => s + h.members.filter((m) => m.is_resettled).length, 0)
if (zqlPersons !== REPORT.zql.personsResettled || zqlFlagged !== REPORT.zql.personsResettled) throw new Error(`ZQL persons ${zqlPersons}/${zqlFlagged}`)
const cdKeys = new Set(households.filter((h) => h.project_code === 'CDWL-2021').map((h) => h.key))
const cdPersons = resettlements.filter((r) => cdKeys.has(r.household_key)).reduce((s, r) => s + r.persons, 0)
if (sumCm2('CDWL-2021') !== REPORT.audited2021.floorAreaCm2 || cdPersons !== REPORT.audited2021.persons) throw new Error('城东物流园 totals')
if (new Set(households.flatMap((h) => h.members.map((m) => m.id_number))).size !== households.reduce((s, h) => s + h.members.length, 0)) throw new Error('ID numbers repeat')

const toYuan = (e: Entry) => cents(e.fen)
const note = 'Illustrative demo records: every name, ID number, phone, footprint, rate and amount is invented (see data/demo/README.md); only the totals named there come from the 2021 report.'
const out = {
  note,
  households,
  buildings,
  resettlements,
  agreements,
  graves,
  attachments,
  rate_sets,
  manual_items,
  payments,
  funds: {
    budgets: budgets.map((b) => ({ project_code: b.project_code, set_at: b.at, budget_yuan: toYuan(b), note: b.note })),
    deposits: deposits.map((d) => ({ project_code: d.project_code, entered_at: d.at, amount_yuan: toYuan(d), payer: d.payer, note: d.note })),
    disbursements: requests.map((r) => ({ project_code: r.project_code, part: r.part, amount_yuan: toYuan(r), payee: r.payee, requested_at: r.at, decided_at: r.decided_at, executed_at: r.executed_at })),
    task_letters: task_letters.map((t) => ({ project_code: t.project_code, number: t.number, issued_at: t.at, note: t.note })),
  },
}
// One record per line: small diffs when the generator changes.
const lines = Object.entries(out).map(([k, v]) =>
  Array.isArray(v) ? `${JSON.stringify(k)}:[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]`
    : typeof v === 'object' ? `${JSON.stringify(k)}:{\n${Object.entries(v).map(([kk, vv]) => `${JSON.stringify(kk)}:[\n${(vv as unknown[]).map((x) => JSON.stringify(x)).join(',\n')}\n]`).join(',\n')}\n}`
      : `${JSON.stringify(k)}:${JSON.stringify(v)}`)
writeFileSync(join(OUT_DIR, 'records.json'), `{${lines.join(',\n')}}\n`)

const byProject = (p: string) => ({
  households: households.filter((h) => h.project_code === p).length,
  buildings: buildings.filter((b) => b.project_code === p).length,
  floor_area_m2: cents(sumCm2(p)),
  members: households.filter((h) => h.project_code === p).reduce((s, h) => s + h.members.length, 0),
  persons_resettled: resettlements.filter((r) => households.find((h) => h.key === r.household_key)!.project_code === p).reduce((s, r) => s + r.persons, 0),
  delayed: resettlements.filter((r) => r.delay_months > 0 && households.find((h) => h.key === r.household_key)!.project_code === p).length,
  attachments: attachments.filter((a) => a.project_code === p).length,
  coffins: graves.filter((g) => g.project_code === p).reduce((s, g) => s + g.coffins, 0),
})
console.log('| project | households | buildings | floor area (m²) | members | persons resettled | delayed | attachments | coffins |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const p of [...projectsShare.map(([p]) => p), 'CDWL-2021']) {
  const s = byProject(p)
  console.log(`| ${p} | ${s.households} | ${s.buildings} | ${s.floor_area_m2} | ${s.members} | ${s.persons_resettled} | ${s.delayed} | ${s.attachments} | ${s.coffins} |`)
}
console.log('\n| project | opening deposit 2020 (yuan) | deposits 2021 (yuan) | disbursed 2021 (yuan) |')
console.log('| --- | ---: | ---: | ---: |')
for (const [p] of projectsShare) {
  const dep = deposits.filter((d) => d.project_code === p)
  const dis = requests.filter((r) => r.project_code === p).reduce((s, r) => s + r.fen, 0)
  console.log(`| ${p} | ${cents(dep.filter((d) => d.at < '2021').reduce((s, d) => s + d.fen, 0))} | ${cents(dep.filter((d) => d.at >= '2021').reduce((s, d) => s + d.fen, 0))} | ${cents(dis)} |`)
}
