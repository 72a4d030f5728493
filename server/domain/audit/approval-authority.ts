import { compareDecimal } from './exact-decimal.ts'

/**
 * Who approves an acquisition, by Art. 46 of the Land Administration Law (土地管理法, as amended 2019):
 *
 *   第四十六条 征收下列土地的，由国务院批准：
 *   （一）永久基本农田；
 *   （二）永久基本农田以外的耕地超过三十五公顷的；
 *   （三）其他土地超过七十公顷的。
 *   征收前款规定以外的土地的，由省、自治区、直辖市人民政府批准。
 *
 * Our reading: the three items weigh three disjoint kinds of land. 其他土地 in item (3) is land other than the 耕地 of
 * item (2) and the 永久基本农田 of item (1), i.e. land that is not cultivated land; cultivated land below the 35 ha of
 * item (2) is therefore not added to the other land of item (3) (30 ha of 旱地 and 50 ha of 林地 stay with the
 * province). 耕地 is the GB/T 21010-2017 group 01 (0101 水田, 0102 水浇地, 0103 旱地). "超过" is strictly more than.
 * Areas are the ellipsoidal (核定) areas of the batch's parcels, in m², as decimal strings from SQL.
 */

/** Item (2): 35 ha = 350 000 m² (525 mu) of cultivated land outside permanent basic farmland. */
export const CULTIVATED_LIMIT_M2 = '350000'
/** Item (3): 70 ha = 700 000 m² (1050 mu) of other land. */
export const OTHER_LIMIT_M2 = '700000'
/**
 * Item (1) knows no minimum: any permanent basic farmland needs the State Council. Only the floating-point residue
 * of two outlines that share an edge (of the order of 1e-6 m²) is not land; an intersection of 0.01 m² or more
 * counts, so that a real sliver, even of 1 m², is shown to the auditor with its area.
 */
export const BASIC_FARMLAND_MIN_M2 = '0.01'

export type Authority = 'state_council' | 'province'

/** Which item of Art. 46 §1 sends a batch to the State Council, with the area it weighed and its limit. */
export interface AuthorityReason {
  clause: 'basic_farmland' | 'cultivated_over_35ha' | 'other_over_70ha'
  area_m2: string
  /** The area must exceed this (basic farmland: reach BASIC_FARMLAND_MIN_M2). */
  limit_m2: string
}

export interface BatchAreas {
  basic_farmland_m2: string
  cultivated_m2: string
  other_m2: string
}

/** The authority Art. 46 requires for the given areas; `reasons` lists every item of §1 that applies (none: the province). */
export function approvalAuthority(a: BatchAreas): { authority: Authority; reasons: AuthorityReason[] } {
  const reasons: AuthorityReason[] = []
  if (compareDecimal(a.basic_farmland_m2, BASIC_FARMLAND_MIN_M2) >= 0) {
    reasons.push({ clause: 'basic_farmland', area_m2: a.basic_farmland_m2, limit_m2: BASIC_FARMLAND_MIN_M2 })
  }
  if (compareDecimal(a.cultivated_m2, CULTIVATED_LIMIT_M2) > 0) {
    reasons.push({ clause: 'cultivated_over_35ha', area_m2: a.cultivated_m2, limit_m2: CULTIVATED_LIMIT_M2 })
  }
  if (compareDecimal(a.other_m2, OTHER_LIMIT_M2) > 0) {
    reasons.push({ clause: 'other_over_70ha', area_m2: a.other_m2, limit_m2: OTHER_LIMIT_M2 })
  }
  return { authority: reasons.length > 0 ? 'state_council' : 'province', reasons }
}

/** The words of each item of Art. 46 §1, for messages. */
export const clauseText: Record<AuthorityReason['clause'], { zh: string; en: string }> = {
  basic_farmland: { zh: '第一款第（一）项，征收永久基本农田', en: 'item (1) of §1, permanent basic farmland' },
  cultivated_over_35ha: { zh: '第一款第（二）项，永久基本农田以外的耕地超过三十五公顷', en: 'item (2) of §1, cultivated land outside permanent basic farmland over 35 ha' },
  other_over_70ha: { zh: '第一款第（三）项，其他土地超过七十公顷', en: 'item (3) of §1, other land over 70 ha' },
}
