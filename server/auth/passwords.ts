import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

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

/**
 * Why a password is too weak for a real account, or null when it is acceptable: at least 10 characters,
 * three of lower case, upper case, digits and symbols, and not containing the username.
 */
export function passwordWeakness(password: string, username: string): string | null {
  if ([...password].length < 10) return 'at least 10 characters'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) return 'three of: lower case, upper case, digits, symbols'
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username'
  return null
}
