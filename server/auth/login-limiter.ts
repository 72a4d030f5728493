/**
 * Counts recent login attempts per key (an IP address, or an unknown username) in memory, in a sliding
 * window. Known accounts are also locked in the database (users.locked_until), which survives restarts;
 * this limiter stops credential stuffing from one address and gives unknown usernames the same answers
 * as known ones.
 */
export class LoginLimiter {
  private attempts = new Map<string, number[]>()
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; true when the key is now over the limit. */
  hit(key: string): boolean {
    const t = this.now()
    const recent = (this.attempts.get(key) ?? []).filter((at) => t - at < this.windowMs)
    recent.push(t)
    this.attempts.set(key, recent)
    if (this.attempts.size > 10000) this.prune(t)
    return recent.length > this.max
  }

  /** Whether the key is over the limit, without recording anything. */
  blocked(key: string): boolean {
    const t = this.now()
    return (this.attempts.get(key) ?? []).filter((at) => t - at < this.windowMs).length >= this.max
  }

  reset(key: string) {
    this.attempts.delete(key)
  }

  private prune(t: number) {
    for (const [key, times] of this.attempts) {
      if (times.every((at) => t - at >= this.windowMs)) this.attempts.delete(key)
    }
  }
}
