// The buildings on the demo parcels, project by project, with the households that own them and their
// resettlements: sized so that each project's floor area, households, persons resettled and delays are the
// report's (report-figures.ts), with the planted floor-area and resettled-persons discrepancies among them.

import type { Position } from './demo-parcels.ts'
import { buildable, parcelByCode, parcelsOf, villageOf } from './demo-parcels.ts'
import { at, cents, dateOf } from './fixed-values.ts'
import type { Sized, Slot } from './footprints.ts'
import { footprintIn, sizedToTotal, slotsIn, spread } from './footprints.ts'
import { addHousehold, households } from './households.ts'
import { PLANTED, REPORT } from './report-figures.ts'

interface Building {
  project_code: string; code: string; parcel_code: string; household_key: string | null; structure: string
  floors: number; floor_area_m2: string; use: string; legal_status: string; demolished_on: string | null; notes: string | null
  footprint: { type: 'Polygon'; coordinates: Position[][] }
}
interface Resettlement { household_key: string; persons: number; method: string; site: string | null; transition_start: string | null; transition_end: string | null; delay_months: number }
export const buildings: Building[] = []
export const resettlements: Resettlement[] = []

// 正清路延长线: 266 households, one house each, 61534.77 m² in all; 299 persons resettled; 109 板山村 households delayed.
export function addZqlBuildings(): void {
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
export function addHnscBuildings(): void {
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
}

// 迎丰组团10#安置区二期: 4 temporary buildings, 920 m²; 1 licensed house of 158 m² of a household. Returns the slots
// of the five and the household: graves.ts keeps the graves away from those slots and gives the household some.
export function addYf10Buildings(): { slots: Slot[]; householdKey: string } {
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
  return { slots: picked, householdKey: h.key }
}

// 城东物流园一期 (invented), signed off by the audit section in 2021: 7 households on the two homestead parcels,
// one house each, 16 persons resettled; a pig farm and a warehouse on the facility land; 4699.13 m² in all. Every
// floor area is footprint × floors to rounding; every agreement signed; every item paid. Nothing here is off.
export function addCdwlBuildings(): void {
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
}
