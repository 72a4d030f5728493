// What the households are offered and paid: one agreement (协议) each, the projects' rate sets (补偿标准), one
// compensation item entered by hand, and the payments by parcel.

import { parcelsOf } from './demo-parcels.ts'
import { dateOf } from './fixed-values.ts'
import { households } from './households.ts'

// Agreements: one per household. Unsigned: every household of ZQL-015 (none signed there) and every third of
// HNSC-005 (partly signed); all others signed in 2021.
export function agreementsOfHouseholds(): { household_key: string; number: string; signed_on: string | null }[] {
  return households.map((h, i) => {
    const unsigned = h.parcel_code === 'ZQL-015' || (h.parcel_code === 'HNSC-005' && i % 3 === 0)
    return { household_key: h.key, number: `${h.project_code}-XY-${String(i + 1).padStart(4, '0')}`, signed_on: unsigned ? null : dateOf(2021, i) }
  })
}

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
export const rateSets = ['ZQL-2021', 'HNSC-2021', 'YF10-2021', 'CDWL-2021'].map((project, i) => ({
  project_code: project, name: '鹤城区征收补偿标准（示例）', basis: '示例标准，非真实文件', effective_from: ['2021-01-01', '2020-10-01', '2021-02-01', '2021-03-01'][i]!,
  note: 'Illustrative rates, invented for the demo',
  rates: [...commonRates, ...(project === 'CDWL-2021' ? facilityRates : [])].map(([item_type, key, rate_yuan]) => ({ item_type, key, rate_yuan })),
}))

// Planted for the audit: one item entered by hand whose amount is 10.00 yuan more than quantity × rate
// (COMPENSATION_AMOUNT_MISMATCH): three wells at 1 500.00 yuan entered as 4 510.00.
export function manualItems() {
  return [{
    project_code: 'HNSC-2021', parcel_code: 'HNSC-007', household_key: households.find((h) => h.parcel_code === 'HNSC-007')!.key,
    item_type: 'attachments', quantity: '3', unit: 'unit', rate_yuan: '1500.00', amount_yuan: '4510.00', notes: '补录水井3口（手工录入，示例）',
  }]
}

// Payments: every computed item of these parcels and of their households paid (paid), or only the parcels' own
// land items (partly paid); the rest unpaid. Roads have no items.
export const payments = [
  ...['ZQL-001', 'ZQL-002', 'ZQL-003', 'HNSC-001', 'HNSC-002', 'HNSC-004', 'YF10-001', 'YF10-002', 'YF10-003', 'YF10-004', 'YF10-005'].map((parcel_code, i) => ({ parcel_code, scope: 'all', paid_on: dateOf(2021, i + 5) })),
  ...['ZQL-005', 'ZQL-007', 'HNSC-006'].map((parcel_code, i) => ({ parcel_code, scope: 'parcel', paid_on: dateOf(2021, i + 8) })),
  ...parcelsOf('CDWL-2021').map((p, i) => ({ parcel_code: p.properties.code, scope: 'all', paid_on: dateOf(2021, 5 + (i % 6)) })),
]
