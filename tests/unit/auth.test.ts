import { describe, expect, it } from 'vitest'
import { hashPassword, passwordWeakness, verifyPassword } from '../../server/auth/passwords.ts'
import { LoginLimiter } from '../../server/auth/login-limiter.ts'

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

  it('W13: calls short, simple and username-containing passwords weak', () => {
    expect(passwordWeakness('12345678', 'admin')).toMatch(/10 characters/)
    expect(passwordWeakness('passwordpassword', 'admin')).toMatch(/three of/)
    expect(passwordWeakness('Admin-2026-xyz', 'admin')).toMatch(/username/)
    expect(passwordWeakness('Huaihua-2026-zd', 'admin')).toBeNull()
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
