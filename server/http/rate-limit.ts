import type { NextFunction, Request, Response } from 'express'
import { Problem } from '../problem.ts'

/**
 * Requests per client address per minute, in fixed one-minute windows (W12, A06): the public endpoints answer
 * anyone, so one address must not be able to enumerate every notice, render PDFs in a loop or flood the tile
 * server. A refused request is not counted, so a client that waits as told is served again at the next window.
 * Memory is one number per address seen in the current minute.
 */
export class RequestRateLimiter {
  private counts = new Map<string, number>()
  private windowStart = 0

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key`; undefined when it is allowed, else the whole seconds until the next window. */
  take(key: string): number | undefined {
    const t = this.now()
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t - (t % 60_000)
      this.counts.clear()
    }
    const used = this.counts.get(key) ?? 0
    if (used >= this.perMinute) return Math.max(1, Math.ceil((this.windowStart + 60_000 - t) / 1000))
    this.counts.set(key, used + 1)
    return undefined
  }
}

/** Middleware: 429 RATE_LIMITED (with Retry-After, app.ts) once the caller's address is over the limiter's budget. */
export function rateLimited(limiter: RequestRateLimiter) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const seconds = limiter.take(req.ip ?? req.socket.remoteAddress ?? '')
    if (seconds !== undefined) throw new Problem('RATE_LIMITED', { seconds })
    next()
  }
}

/** Seconds a client should wait after a 429, for Retry-After: the problem's own figure, else a minute. */
export function retryAfterSeconds(problem: Problem): number {
  const { seconds, minutes } = problem.params as { seconds?: unknown; minutes?: unknown }
  if (typeof seconds === 'number' && seconds > 0) return Math.ceil(seconds)
  if (typeof minutes === 'number' && minutes > 0) return Math.ceil(minutes * 60)
  return 60
}
