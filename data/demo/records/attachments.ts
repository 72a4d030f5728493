// The attachments (附着物) on the demo parcels: orchards, trees, wells, sheds, fences and fish ponds, listed per
// parcel and, where a household farms the parcel, as that household's.

import { buildable, parcelsOf } from './demo-parcels.ts'
import { at, cents } from './fixed-values.ts'
import { ellipsoidalM2 } from './footprints.ts'
import { households } from './households.ts'

export const attachments: { project_code: string; parcel_code: string; household_key: string | null; kind: string; name: string; quantity: string; unit: string; notes: string | null }[] = []

// 怀南水产品市场: attachments counted on the 329 mu: orchards and trees, wells, sheds, fences on the fields; fish ponds.
export function addHnscAttachments(): void {
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

// 城东物流园一期: an orchard and a household's well.
export function addCdwlAttachments(): void {
  attachments.push({ project_code: 'CDWL-2021', parcel_code: 'CDWL-009', household_key: null, kind: 'tree', name: '柑橘树', quantity: cents(21_000), unit: 'plant', notes: null })
  attachments.push({ project_code: 'CDWL-2021', parcel_code: 'CDWL-005', household_key: households.find((h) => h.parcel_code === 'CDWL-005')!.key, kind: 'well', name: '水井', quantity: cents(100), unit: 'unit', notes: null })
}

// A few trees along 正清路延长线 (the road's own attachments).
export function addZqlTrees(): void {
  for (const p of parcelsOf('ZQL-2021').filter(buildable).filter((_, i) => i % 3 === 0)) {
    const k = Number(p.properties.code.slice(-3))
    attachments.push({ project_code: 'ZQL-2021', parcel_code: p.properties.code, household_key: households.find((h) => h.parcel_code === p.properties.code)?.key ?? null, kind: 'tree', name: at(['柑橘树', '杉树'], k), quantity: cents((12 + k * 3) * 100), unit: 'plant', notes: null })
  }
}
