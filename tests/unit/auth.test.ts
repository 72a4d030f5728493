import { describe, expect, it } from 'vitest'
import { hashPassword, passwordFault, passwordReused, verifyPassword } from '../../server/auth/passwords.ts'
import { loadSecurityPolicy } from '../../server/auth/policy.ts'
import { LoginLimiter } from '../../server/auth/login-limiter.ts'
import { accountRestriction } from '../../server/auth/account-restriction.ts'
import { temporaryPassword } from '../../server/auth/temporary-password.ts'

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('Planner-2026!')
    const b = await hashPassword('Planner-2026!')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('Planner-2026!', a)).toBe(true)
    expect(await verifyPassword('planner-2026!', a)).toBe(false)
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false)
  })

  it('W13: judges a password by the policy values: length, classes, username, common words', () => {
    const level2 = loadSecurityPolicy({})
    const min = level2.passwordMinLength
    expect(passwordFault('12345678', 'admin', level2)).toEqual({ code: 'PASSWORD_TOO_SHORT', params: { min } })
    expect(passwordFault('Aa1!'.padEnd(min - 1, 'x'), 'admin', level2)?.code).toBe('PASSWORD_TOO_SHORT')
    expect(passwordFault('passwordpassword', 'admin', level2)).toEqual({ code: 'PASSWORD_TOO_FEW_CLASSES', params: { min: level2.passwordMinClasses } })
    expect(passwordFault('Admin-2026-xyz', 'admin', level2)?.code).toBe('PASSWORD_CONTAINS_USERNAME')
    expect(passwordFault('P@ssw0rd-2026', 'admin', level2)?.code).toBe('PASSWORD_COMMON')
    expect(passwordFault('Password-123456', 'admin', level2)?.code).toBe('PASSWORD_COMMON')
    expect(passwordFault('Huaihua-2026-zd', 'admin', level2)).toBeNull()
    // Changing the policy changes the verdicts.
    const strict = loadSecurityPolicy({ ZD_PASSWORD_MIN_LENGTH: '16', ZD_PASSWORD_MIN_CLASSES: '4' })
    expect(passwordFault('Huaihua-2026-zd', 'admin', strict)).toEqual({ code: 'PASSWORD_TOO_SHORT', params: { min: 16 } })
    expect(passwordFault('Huaihua-2026-zd-Hecheng', 'admin', strict)).toBeNull()
    expect(passwordFault('Huaihua2026zdHecheng', 'admin', strict)).toEqual({ code: 'PASSWORD_TOO_FEW_CLASSES', params: { min: 4 } })
  })

  it('finds a password among earlier hashes', async () => {
    const hashes = [await hashPassword('Old-Pass-2025!'), await hashPassword('Older-Pass-2024!')]
    expect(await passwordReused('Older-Pass-2024!', hashes)).toBe(true)
    expect(await passwordReused('New-Pass-2026!', hashes)).toBe(false)
  })
})

describe('security policy', () => {
  it('defaults to the MLPS level 2 preset and tightens at level 3', () => {
    const l2 = loadSecurityPolicy({})
    const l3 = loadSecurityPolicy({ ZD_SECURITY_LEVEL: '3' })
    expect(l2).toMatchObject({ level: 2, passwordMinLength: 10, passwordMaxAgeDays: 90, lockoutAttempts: 5, sessionIdleMinutes: 30, operationLogRetentionDays: 180 })
    expect(l3.level).toBe(3)
    expect(l3.passwordMinLength).toBeGreaterThan(l2.passwordMinLength)
    expect(l3.sessionIdleMinutes).toBeLessThan(l2.sessionIdleMinutes)
    expect(loadSecurityPolicy({ ZD_SECURITY_LEVEL: '3', ZD_SESSION_IDLE_MINUTES: '10' }).sessionIdleMinutes).toBe(10)
  })

  it('refuses a log retention below 180 days and an unknown level', () => {
    expect(() => loadSecurityPolicy({ ZD_OPERATION_LOG_RETENTION_DAYS: '179' })).toThrow(/ZD_OPERATION_LOG_RETENTION_DAYS/)
    expect(() => loadSecurityPolicy({ ZD_SECURITY_LEVEL: '4' })).toThrow(/ZD_SECURITY_LEVEL/)
    expect(() => loadSecurityPolicy({ ZD_PASSWORD_MIN_LENGTH: '6' })).toThrow(/ZD_PASSWORD_MIN_LENGTH/)
  })

  it('W14: makes the second factor optional at level 2 and required at level 3, ZD_SECOND_FACTOR overriding', () => {
    expect(loadSecurityPolicy({}).secondFactor).toBe('optional')
    expect(loadSecurityPolicy({ ZD_SECURITY_LEVEL: '3' }).secondFactor).toBe('required')
    expect(loadSecurityPolicy({ ZD_SECURITY_LEVEL: '3', ZD_SECOND_FACTOR: 'optional' }).secondFactor).toBe('optional')
    expect(loadSecurityPolicy({ ZD_SECOND_FACTOR: 'off' }).secondFactor).toBe('off')
    expect(() => loadSecurityPolicy({ ZD_SECOND_FACTOR: 'yes' })).toThrow(/ZD_SECOND_FACTOR/)
  })
})

describe('account restriction', () => {
  const password = { expiresAt: null, mustChange: false, changeSoon: false, temporary: false }
  it('asks for a temporary password to be changed first, then an expired one, then a second factor the policy requires', () => {
    const required = { secondFactor: 'required' } as const
    expect(accountRestriction({ password: { ...password, mustChange: true, temporary: true }, secondFactor: false }, required)).toBe('PASSWORD_CHANGE_REQUIRED')
    expect(accountRestriction({ password: { ...password, mustChange: true }, secondFactor: false }, required)).toBe('PASSWORD_EXPIRED')
    expect(accountRestriction({ password, secondFactor: false }, required)).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED')
    expect(accountRestriction({ password, secondFactor: true }, required)).toBeNull()
    expect(accountRestriction({ password, secondFactor: false }, { secondFactor: 'optional' })).toBeNull()
  })
})

describe('temporary passwords', () => {
  it('are random, in groups of four, at least 16 characters and the policy minimum, and pass the policy', () => {
    for (const policy of [loadSecurityPolicy({ ZD_SECURITY_LEVEL: '3' }), loadSecurityPolicy({ ZD_PASSWORD_MIN_LENGTH: '24', ZD_PASSWORD_MIN_CLASSES: '4' })]) {
      const made = Array.from({ length: 20 }, () => temporaryPassword('planner', policy))
      expect(new Set(made).size).toBe(made.length)
      for (const p of made) {
        expect(p).toMatch(/^([^-]{4}-)*[^-]{1,4}$/)
        expect(p.replace(/-/g, '').length).toBeGreaterThanOrEqual(Math.max(16, policy.passwordMinLength))
        expect(passwordFault(p, 'planner', policy)).toBeNull()
        expect(p).not.toMatch(/[0O1lI]/)
      }
    }
  })
})

describe('LoginLimiter', () => {
  it('blocks a key over the limit within the window and forgets it afterwards', () => {
    let now = 0
    const limiter = new LoginLimiter(3, 60_000, () => now)
    expect([limiter.hit('ip'), limiter.hit('ip'), limiter.hit('ip'), limiter.hit('ip')]).toEqual([false, false, false, true])
    expect(limiter.hit('other')).toBe(false)
    now = 61_000
    expect(limiter.hit('ip')).toBe(false)
  })
})
