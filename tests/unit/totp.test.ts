import { describe, expect, it } from 'vitest'
import {
  base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep,
} from '../../server/auth/totp.ts'

const ascii = (s: string) => Buffer.from(s, 'ascii')

describe('base32 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''], ['f', 'MY======'], ['fo', 'MZXQ===='], ['foo', 'MZXW6==='], ['foob', 'MZXW6YQ='], ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ]
  it.each(vectors)('encodes %j as %s and back', (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded)
    expect(base32Decode(encoded).toString('ascii')).toBe(plain)
  })

  it('decodes what people type (lower case, spaces, no padding) and refuses other characters', () => {
    expect(base32Decode('mzxw 6ytb-oi').toString('ascii')).toBe('foobar')
    expect(() => base32Decode('MZXW1')).toThrow(/base32/)
  })
})

describe('HOTP (RFC 4226 Appendix D)', () => {
  it('gives the ten published values of counters 0–9', () => {
    const key = ascii('12345678901234567890')
    expect(Array.from({ length: 10 }, (_, c) => hotp(key, c))).toEqual([
      '755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489',
    ])
  })
})

describe('TOTP (RFC 6238 Appendix B, 8 digits)', () => {
  const keys = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  }
  const table: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ]
  it.each(table)('at %i s: SHA-1 %s, SHA-256 %s, SHA-512 %s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000)
    expect(hotp(keys.sha1, step, 8, 'sha1')).toBe(sha1)
    expect(hotp(keys.sha256, step, 8, 'sha256')).toBe(sha256)
    expect(hotp(keys.sha512, step, 8, 'sha512')).toBe(sha512)
  })

  it('gives the 6-digit SHA-1 code of a base32 secret (the last six digits of the vector)', () => {
    const secret = base32Encode(keys.sha1)
    expect(totpCode(secret, 59_000)).toBe('287082')
    expect(totpCode(secret, 1111111109_000)).toBe('081804')
  })
})

describe('matchTotp: ±1 step window and replay', () => {
  const secret = base32Encode(ascii('12345678901234567890'))
  const t = 1234567890_000
  const step = totpStep(t)

  it('accepts the codes of the previous, current and next step and names the step', () => {
    for (const d of [-1, 0, 1]) expect(matchTotp(secret, totpCode(secret, t + d * 30_000), t, 0)).toBe(step + d)
  })

  it('refuses codes two steps away, a code of a step already used, and anything not six digits', () => {
    expect(matchTotp(secret, totpCode(secret, t - 60_000), t, 0)).toBeNull()
    expect(matchTotp(secret, totpCode(secret, t + 60_000), t, 0)).toBeNull()
    const code = totpCode(secret, t)
    expect(matchTotp(secret, code, t, step)).toBeNull()
    expect(matchTotp(secret, totpCode(secret, t - 30_000), t, step)).toBeNull()
    expect(matchTotp(secret, totpCode(secret, t + 30_000), t, step)).toBe(step + 1)
    for (const bad of ['', '12345', '1234567', 'abcdef', ` ${code.slice(1)}`]) expect(matchTotp(secret, bad, t, 0)).toBeNull()
  })
})

describe('secrets and the otpauth URI', () => {
  it('makes 160-bit secrets, 32 base32 characters, different each time', () => {
    const a = newTotpSecret()
    expect(a).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(a)).toHaveLength(20)
    expect(newTotpSecret()).not.toBe(a)
  })

  it('names the issuer 征地一张图 and the account, with the algorithm, digits and period', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'zhang'))
    expect(uri.protocol).toBe('otpauth:')
    expect([uri.host, decodeURIComponent(uri.pathname)]).toEqual(['totp', '/征地一张图:zhang'])
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP', issuer: '征地一张图', algorithm: 'SHA1', digits: '6', period: '30',
    })
  })
})
