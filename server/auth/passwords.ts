import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { SecurityPolicy } from './policy.ts'

// scrypt cost parameters (N = 2^15 ≈ 32 MiB, about 50 ms here): slow enough against offline guessing.
const N = 32768, r = 8, p = 1, keyLength = 64
const maxmem = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { N: n, r: rr, p: pp, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64), with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, r, p)
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** Compares in constant time; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(rr), Number(pp))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Why a password breaks the policy: an issue code of server/domain/issue-codes.ts and its message's parameters. */
export interface PasswordFault {
  code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_FEW_CLASSES' | 'PASSWORD_CONTAINS_USERNAME' | 'PASSWORD_COMMON' | 'PASSWORD_REUSED'
  params: Record<string, number>
}

// The most used passwords of Chinese and English leaks that survive a length and class rule, compared after
// lower-casing, undoing the usual digit-for-letter swaps and dropping what is not a letter ("P@ssw0rd-2026" is
// "password"); and passwords of digits only (birthdays, phone numbers).
const commonWords = new Set(['password', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'iloveyou', 'woaini', 'admin', 'administrator', 'welcome', 'abc', 'aa', 'a', 'zhengdi', 'huaihua'])
const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '@': 'a', $: 's' }

function isCommon(password: string): boolean {
  if (/^[0-9]+$/.test(password)) return true
  const lower = password.toLowerCase()
  // A swap counts only inside a word ("p@ssw0rd"), so that trailing digits ("abc12345") are dropped, not read.
  const unswapped = lower.replace(/(?<=[a-z])[0-9@$](?=[a-z])/g, (c) => leet[c] ?? c)
  return [lower, unswapped].some((v) => commonWords.has(v.replace(/[^a-z]/g, '')))
}

/**
 * The first rule of the policy a password breaks, or null when it is acceptable: its length in characters, how many
 * of lower case, upper case, digits and symbols it mixes, not containing the username, not a well-known password.
 * The last-N rule needs the stored hashes: see passwordReused.
 */
export function passwordFault(
  password: string, username: string, policy: Pick<SecurityPolicy, 'passwordMinLength' | 'passwordMinClasses'>,
): PasswordFault | null {
  if ([...password].length < policy.passwordMinLength) return { code: 'PASSWORD_TOO_SHORT', params: { min: policy.passwordMinLength } }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
  if (classes < policy.passwordMinClasses) return { code: 'PASSWORD_TOO_FEW_CLASSES', params: { min: policy.passwordMinClasses } }
  if (username && password.toLowerCase().includes(username.toLowerCase())) return { code: 'PASSWORD_CONTAINS_USERNAME', params: {} }
  if (isCommon(password)) return { code: 'PASSWORD_COMMON', params: {} }
  return null
}

/** Whether the password is one of the given hashes (the account's current and earlier ones); checks them all. */
export async function passwordReused(password: string, hashes: readonly string[]): Promise<boolean> {
  const matches = await Promise.all(hashes.map((h) => verifyPassword(password, h)))
  return matches.includes(true)
}
