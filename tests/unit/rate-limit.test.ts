import { describe, expect, it } from 'vitest'
import { Problem } from '../../server/problem.ts'
import { RequestRateLimiter, retryAfterSeconds } from '../../server/http/rate-limit.ts'

describe('RequestRateLimiter', () => {
  it('allows perMinute requests per address in a minute, then says how long to wait, and serves again next minute', () => {
    let t = 120_000 + 15_000
    const limiter = new RequestRateLimiter(3, () => t)
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([undefined, undefined, undefined])
    expect(limiter.take('a')).toBe(45)
    expect(limiter.take('b')).toBeUndefined()
    t += 44_500
    expect(limiter.take('a')).toBe(1)
    t += 500
    expect(limiter.take('a')).toBeUndefined()
  })

  it('does not count refused requests, so waiting as told is enough', () => {
    let t = 0
    const limiter = new RequestRateLimiter(1, () => t)
    limiter.take('a')
    for (let i = 0; i < 100; i++) expect(limiter.take('a')).toBeGreaterThan(0)
    t = 60_000
    expect(limiter.take('a')).toBeUndefined()
  })

  it('gives Retry-After from the problem: seconds, minutes, else a minute', () => {
    expect(retryAfterSeconds(new Problem('RATE_LIMITED', { seconds: 12 }))).toBe(12)
    expect(retryAfterSeconds(new Problem('TOO_MANY_ATTEMPTS', { minutes: 15 }))).toBe(900)
    expect(retryAfterSeconds(new Problem('HEARING_RATE_LIMITED'))).toBe(60)
  })
})
