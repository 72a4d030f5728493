// The households and their members: invented names, ID numbers (4300xx, a region code no county has, with a
// correct GB 11643 check character) and phones, made in the order the houses call for them.

import { at, dateOf } from './fixed-values.ts'

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
let personSerial = 0
function person(surname: string, female: boolean, birthYear: number) {
  const i = personSerial++
  const given = at(female ? FEMALE_GIVEN : MALE_GIVEN, i * 5 + Math.floor(i / 16))
  const birth_date = dateOf(birthYear, i)
  return { name: surname + given, birth_date, id_number: idNumber(birth_date, female) }
}

interface Member { name: string; relation: string; id_number: string; birth_date: string; is_resettled: boolean }
export interface Household {
  key: string; project_code: string; parcel_code: string; head_name: string; village_group: string
  id_number: string; phone: string; members: Member[]
}
/** Every household, in the order made: the order numbers their keys and their agreements. */
export const households: Household[] = []
/**
 * A new household on `parcel` of `project`, of up to `size` members (head first, then spouse, children, daughter-in-law,
 * grandchildren) of whom the first `resettled` are flagged as resettled; added to `households`.
 */
export function addHousehold(project: string, parcel: string, village: string, size: number, resettled: number): Household {
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
