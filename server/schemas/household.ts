import { z } from 'zod'
import { birthDateOfIdNumber, maskIdNumber, normalizeIdNumber, normalizePhone, type IdNumberFault } from '../domain/personal-data.ts'
import type { FieldIssue } from '../problem.ts'
import { text, zodIssues } from './parcel-feature.ts'

export const maxMembers = 30
export const maxParcelLinks = 50

const optionalText = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => [...s].length <= max, { message: `too_long:${max}` })
    .nullable()
    .optional()

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1880-01-01' && d.getTime() <= Date.now()
}, 'a real date between 1880-01-01 and today')

/** A personal value as sent: text to set, null to clear, absent (or the masked form the caller was shown) to keep. */
const personal = z.union([z.null(), z.string().max(64, 'too_long:64')]).optional()

const member = z.strictObject({
  /** The id of a member as read: with id_number absent or masked, that member's stored ID number is kept. */
  id: z.number().int().positive().optional(),
  name: text(50),
  relation: text(20),
  id_number: personal,
  birth_date: z.union([z.null(), isoDate]).optional(),
  is_resettled: z.boolean().optional(),
})

export const householdBody = z.strictObject({
  project_id: z.number().int().positive(),
  name: text(50),
  village_group: optionalText(100),
  id_number: personal,
  phone: personal,
  notes: optionalText(2000),
  parcel_ids: z.array(z.number().int().positive().max(2147483647)).max(maxParcelLinks, `too_long:${maxParcelLinks}`).optional(),
  members: z.array(member).max(maxMembers, `too_long:${maxMembers}`).optional(),
  reason: optionalText(500),
})

/** A personal value after checking: set to this normalised text, clear, or keep what is stored. */
export type PersonalChange = { set: string } | { clear: true } | { keep: string | null }

export interface MemberInput {
  id: number | undefined
  name: string
  relation: string
  idNumber: PersonalChange
  birthDate: string | null
  /** A known member whose ID number is kept and whose birth date was not sent keeps the stored birth date. */
  keepBirthDate: boolean
  isResettled: boolean
}

export interface HouseholdInput {
  projectId: number
  name: string
  villageGroup: string | null
  idNumber: PersonalChange
  phone: PersonalChange
  notes: string | null
  parcelIds: number[]
  members: MemberInput[]
  reason: string | null
}

const idFaultWhy: Record<IdNumberFault, { 'zh-CN': string; en: string }> = {
  format: { 'zh-CN': '应为 18 位（17 位数字加一位数字或 X）', en: 'it must be 18 characters: 17 digits and a digit or X' },
  region: { 'zh-CN': '前两位不是有效的省级行政区划代码', en: 'the first two digits are not a province code' },
  birth_date: { 'zh-CN': '第 7–14 位不是有效的出生日期', en: 'digits 7–14 are not a real birth date' },
  check_digit: { 'zh-CN': '校验码不符（GB 11643）', en: 'the check character does not match (GB 11643)' },
}

/**
 * A personal value as sent. `masked` is the masked form currently stored for this field (undefined for a new
 * record): receiving exactly it back means "keep", so a role that only ever sees masked values can still save.
 */
function idNumberChange(raw: string | null | undefined, masked: string | null | undefined, path: string, issues: FieldIssue[]): PersonalChange {
  if (raw === undefined || (masked != null && raw === masked)) return { keep: masked ?? null }
  if (raw === null || raw.trim() === '') return { clear: true }
  const r = normalizeIdNumber(raw)
  if ('fault' in r) {
    issues.push({ path, code: 'ID_NUMBER_INVALID', params: { why: idFaultWhy[r.fault] } })
    return { clear: true }
  }
  return { set: r.value }
}

function phoneChange(raw: string | null | undefined, masked: string | null | undefined, path: string, issues: FieldIssue[]): PersonalChange {
  if (raw === undefined || (masked != null && raw === masked)) return { keep: masked ?? null }
  if (raw === null || raw.trim() === '') return { clear: true }
  const p = normalizePhone(raw)
  if (!p) {
    issues.push({ path, code: 'PHONE_INVALID' })
    return { clear: true }
  }
  return { set: p }
}

/** What is stored now, for reading "keep" on a PUT: the masked forms of the head's and each member's values. */
export interface StoredPersonal {
  idNumberMasked: string | null
  phoneMasked: string | null
  memberIdNumberMasked: Map<number, string | null>
}

/**
 * Checks a household body (POST/PUT /api/households) at the edge: shape by zod, then ID numbers (GB 11643),
 * phones, birth dates against ID numbers and repeated ID numbers. `stored` is undefined for a new household.
 */
export function parseHouseholdBody(body: unknown, stored?: StoredPersonal): { value?: HouseholdInput; issues: FieldIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { issues: [{ path: '(body)', code: 'FIELD_INVALID', params: { why: 'a JSON object is expected' } }] }
  }
  const parsed = householdBody.safeParse(body)
  if (!parsed.success) return { issues: zodIssues(parsed.error, '') }
  const b = parsed.data
  const issues: FieldIssue[] = []
  const idNumber = idNumberChange(b.id_number, stored?.idNumberMasked, 'id_number', issues)
  const phone = phoneChange(b.phone, stored?.phoneMasked, 'phone', issues)
  const members = (b.members ?? []).map((m, i): MemberInput => {
    const known = m.id !== undefined && stored !== undefined && stored.memberIdNumberMasked.has(m.id)
    const storedMasked = known ? stored!.memberIdNumberMasked.get(m.id!) : undefined
    // A member without a known id is new: "keep" has nothing to keep.
    let change = idNumberChange(m.id_number, storedMasked, `members[${i}].id_number`, issues)
    if ('keep' in change && !known) change = { clear: true }
    let birthDate = m.birth_date ?? null
    if ('set' in change) {
      const stated = birthDateOfIdNumber(change.set)
      if (birthDate === null) birthDate = stated
      else if (birthDate !== stated) issues.push({ path: `members[${i}].birth_date`, code: 'BIRTH_DATE_MISMATCH', params: { expected: stated } })
    }
    const keepBirthDate = known && 'keep' in change && m.birth_date === undefined
    return { id: known ? m.id : undefined, name: m.name, relation: m.relation, idNumber: change, birthDate, keepBirthDate, isResettled: m.is_resettled ?? false }
  })
  const parcelIds = [...new Set(b.parcel_ids ?? [])].sort((x, y) => x - y)
  // The same ID number twice in one household (head and member, or two members), among values sent in full.
  const seen = new Map<string, string>()
  const sent: [string, PersonalChange][] = [['id_number', idNumber], ...members.map((m, i): [string, PersonalChange] => [`members[${i}].id_number`, m.idNumber])]
  for (const [path, c] of sent) {
    if (!('set' in c)) continue
    if (seen.has(c.set)) issues.push({ path, code: 'ID_NUMBER_REPEATED', params: { masked: maskIdNumber(c.set) } })
    else seen.set(c.set, path)
  }
  if (issues.length) return { issues }
  return {
    value: {
      projectId: b.project_id, name: b.name, villageGroup: b.village_group || null, idNumber, phone, notes: b.notes || null,
      parcelIds, members, reason: b.reason || null,
    },
    issues: [],
  }
}
