/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits, 30-second steps, what every
 * authenticator app (微信/支付宝 小程序, Google Authenticator, Microsoft Authenticator, FreeOTP) reads from an
 * otpauth:// URI. node:crypto only. The replay rule (a step once used is refused) needs the account's last used step
 * and lives with the caller (sql/queries/auth.sql use_totp_step).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** Seconds per step (RFC 6238 X). */
export const totpPeriodSeconds = 30
/** Digits of a code. */
export const totpDigits = 6
/** Steps either side of now that are accepted: a clock up to 30 s off, or a code typed as it turned. */
export const totpWindow = 1
/** The issuer shown in the authenticator app. */
export const totpIssuer = '征地一张图'

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 with padding, as the RFC's test vectors write it. */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=')
}

/**
 * Decodes RFC 4648 base32, forgiving what people type from a screen: lower case, spaces, hyphens and missing padding.
 * Throws on any other character.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/=+$/, '')
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const index = alphabet.indexOf(ch)
    if (index < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)}`)
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

/** A new shared secret: 160 random bits (RFC 4226 §4 recommends 160), base32 without padding (32 characters). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

/** The RFC 4226 HOTP value of `counter` under `key`, `digits` long with leading zeros. */
export function hotp(key: Uint8Array, counter: number, digits = totpDigits, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, key).update(message).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** The step a Unix time in milliseconds falls in. */
export const totpStep = (unixMs: number) => Math.floor(unixMs / 1000 / totpPeriodSeconds)

/** The code of a base32 secret at a time in milliseconds. */
export function totpCode(secret: string, unixMs: number): string {
  return hotp(base32Decode(secret), totpStep(unixMs))
}

/**
 * The step whose code `code` is, within ±totpWindow steps of `unixMs` and after `lastUsedStep` (a step once used
 * is never accepted again, so a code seen over a shoulder or in a log is worthless); null when none matches.
 * Compares every candidate in constant time.
 */
export function matchTotp(secret: string, code: string, unixMs: number, lastUsedStep: number): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null
  const key = base32Decode(secret)
  const now = totpStep(unixMs)
  let matched: number | null = null
  for (let step = now - totpWindow; step <= now + totpWindow; step++) {
    const same = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code))
    if (same && step > lastUsedStep && matched === null) matched = step
  }
  return matched
}

/**
 * The otpauth:// URI an authenticator app scans (Key Uri Format): label `issuer:account`, the secret, and the
 * parameters spelt out although they are the defaults, for apps that do not assume them.
 */
export function otpauthUri(secret: string, account: string): string {
  const label = `${encodeURIComponent(totpIssuer)}:${encodeURIComponent(account)}`
  const query = new URLSearchParams({
    secret: secret.replace(/=+$/, ''), issuer: totpIssuer, algorithm: 'SHA1', digits: String(totpDigits), period: String(totpPeriodSeconds),
  })
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`
}
