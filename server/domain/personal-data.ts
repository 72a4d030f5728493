/**
 * Personal data of households (被征收户): validation of Chinese resident ID numbers and phone numbers, and the one
 * masking rule by role. Pure functions, shared by the server and its tests. The cipher lives in
 * server/auth/pii-cipher.ts.
 */
import type { Role } from '../auth/sessions.ts'

/** Roles that see ID numbers, phones and names in full on a single household: who records them, who pays. */
export const fullViewRoles: readonly Role[] = ['planner', 'finance']

export function seesFullPersonalData(role: Role): boolean {
  return fullViewRoles.includes(role)
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idCheckChars = '10X98765432'
/** The first two digits: the province (GB/T 2260), 71/81/82 Taiwan, Hong Kong, Macao; 83 their residence permits; 91 foreigners' permanent residence (2023 format). */
const provinceCodes = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83', '91',
])

/** The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * idWeights[i]!
  return idCheckChars[sum % 11]!
}

export type IdNumberFault = 'format' | 'region' | 'birth_date' | 'check_digit'

/**
 * A resident ID number (居民身份证号码) as typed: full-width digits and a lower-case x are accepted, spaces
 * dropped. Returns the normalised 18 characters, or why it is not one: 18 characters (17 digits and a digit or
 * X), a province code, a real birth date not in the future, and the check character.
 */
export function normalizeIdNumber(raw: string, today = new Date()): { value: string } | { fault: IdNumberFault } {
  const s = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
  if (!/^\d{17}[\dX]$/.test(s)) return { fault: 'format' }
  if (!provinceCodes.has(s.slice(0, 2))) return { fault: 'region' }
  const y = Number(s.slice(6, 10)), m = Number(s.slice(10, 12)), d = Number(s.slice(12, 14))
  const born = new Date(Date.UTC(y, m - 1, d))
  if (y < 1880 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d || born.getTime() > today.getTime()) {
    return { fault: 'birth_date' }
  }
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return { fault: 'check_digit' }
  return { value: s }
}

/** The birth date an ID number states, as YYYY-MM-DD. */
export function birthDateOfIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/**
 * A mainland phone number as typed: a mobile (11 digits from 13…19, optionally +86/86/0086), or a landline with
 * its area code (010, 02x or 0xxx, then 7 or 8 digits; a space or hyphen between them, an extension after
 * 转/ext/-). Normalised to `13812345678` or `0745-2381234` (`0745-2381234-801` with an extension); undefined if it
 * is neither.
 */
export function normalizePhone(raw: string): string | undefined {
  const s = raw.normalize('NFKC').replace(/[()（）]/g, ' ').replace(/\s+/g, ' ').trim()
  const mobile = /^(?:\+?86[ -]?|0086[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})$/.exec(s)
  if (mobile) return mobile[1]! + mobile[2]! + mobile[3]!
  const land = /^(?:\+?86[ -]?)?(0(?:10|2\d|[3-9]\d{2}))[ -]?([2-9]\d{6,7})(?:(?:[ -]|转|ext\.?|x)(\d{1,6}))?$/i.exec(s)
  if (land) return `${land[1]}-${land[2]}${land[3] ? `-${land[3]}` : ''}`
  return undefined
}

/** Chinese compound surnames (复姓) kept whole when a name is masked: 欧阳明华 → 欧阳*华. */
const compoundSurnames = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '西门', '南宫', '端木', '独孤', '申屠', '澹台', '公羊', '呼延', '万俟', '闻人', '赫连', '钟离', '太史',
])

/**
 * A name masked for lists (hostile-inputs.md A08): the first and the last character kept, each character between
 * them one `*`; a two-character name keeps only the first (张三 → 张*, 张三丰 → 张*丰); a compound surname is kept
 * whole when a given name follows (欧阳明华 → 欧阳*华, 欧阳华 → 欧阳*). A one-character name becomes `*`.
 * Characters are code points, so names outside the BMP count once.
 */
export function maskName(name: string): string {
  const chars = [...name.normalize('NFC').trim()]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  const head = compoundSurnames.has(chars[0]! + chars[1]!) ? 2 : 1
  if (chars.length - head === 1) return `${chars.slice(0, head).join('')}*`
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - 1) + chars[chars.length - 1]
}

/** 430102199003071234 → 4301**********1234: the first and the last four characters. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** 13812345678 → 138****5678; 0745-2381234 → 0745-****1234 (the area code and the last four digits). */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`
  const m = /^(0\d{2,3})-(\d{7,8})(?:-\d+)?$/.exec(phone)
  if (m) return `${m[1]}-****${m[2]!.slice(-4)}`
  return '****'
}
