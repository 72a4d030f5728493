// The graves (坟墓) to be relocated: those of 迎丰组团10#安置区二期, holding the report's 54 coffins.

import type { Position } from './demo-parcels.ts'
import { buildable, parcelsOf } from './demo-parcels.ts'
import { dateOf } from './fixed-values.ts'
import type { Slot } from './footprints.ts'
import { geod, slotCentre, slotsIn, spread } from './footprints.ts'
import { REPORT } from './report-figures.ts'

export const graves: { project_code: string; code: string; parcel_code: string; household_key: string | null; coffins: number; relocated_on: string | null; location: { type: 'Point'; coordinates: Position } }[] = []

/**
 * Points in cells of their own, at least 15 m from the buildings' `buildingSlots`, 1–4 coffins each, 54 in all;
 * every eighth grave belongs to the household `householdKey`.
 */
export function addYf10Graves(buildingSlots: Slot[], householdKey: string): void {
  const yf = parcelsOf('YF10-2021').filter(buildable)
  const used = new Set(buildingSlots)
  const metresApart = (p: Position, q: Position) => geod.Inverse(p[1], p[0], q[1], q[0]).s12 ?? 0
  const graveSlots = yf.flatMap((p) => slotsIn(p.properties.code, 9, 9, 1.5)).filter((s) => ![...used].some((b) => metresApart(slotCentre(s), slotCentre(b)) < 15))
  const coffins = [3, 1, 2, 2, 4, 1, 2, 3, 1, 2, 2, 1, 3, 2, 1, 2, 4, 2, 1, 3, 2, 2, 1, 2, 3, 2]
  const sum = coffins.reduce((s, c) => s + c, 0)
  if (sum !== REPORT.yf10.coffins) throw new Error(`graves hold ${sum} coffins, not ${REPORT.yf10.coffins}`)
  spread(graveSlots, coffins.length).forEach((s, i) =>
    graves.push({
      project_code: 'YF10-2021', code: `YF10-G${String(i + 1).padStart(2, '0')}`, parcel_code: s.parcel, household_key: i % 8 === 0 ? householdKey : null,
      coffins: coffins[i]!, relocated_on: i < 22 ? dateOf(2021, i + 2) : null, location: { type: 'Point', coordinates: slotCentre(s) },
    }))
}
