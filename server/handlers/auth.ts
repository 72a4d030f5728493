import { z } from 'zod'
import { verifyPassword } from '../auth/passwords.ts'
import { clearSessionCookie, closeSession, openSession } from '../auth/sessions.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem } from '../problem.ts'
import type { Handler } from './context.ts'

const q = loadQueries('auth', ['user_by_name', 'record_failure', 'record_success'])

const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})

// A hash to compare against when the user does not exist, so both answers take the same time.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '=='

export const login: Handler = async (ctx, req, res) => {
  const parsed = loginBody.safeParse(req.body)
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } })))
  }
  const username = parsed.data.username.trim().toLowerCase()
  const ip = req.ip ?? 'unknown'
  const tooMany = () => new Problem('TOO_MANY_ATTEMPTS', { minutes: ctx.config.lockoutMinutes })
  if (ctx.limiters.ip.hit(`ip:${ip}`)) {
    await logOperation(ctx.db, { username, action: 'auth.login', result: 'denied', status: 429, ip, detail: { why: 'ip rate limit' } })
    throw tooMany()
  }
  const [user] = await ctx.db.query<{ id: number; username: string; role: string; password_hash: string; locked: boolean }>(
    q.user_by_name, [username])
  if (!user) {
    await verifyPassword(parsed.data.password, dummyHash)
    const locked = ctx.limiters.unknownUser.blocked(username)
    ctx.limiters.unknownUser.hit(username)
    await logOperation(ctx.db, { username, action: 'auth.login', result: 'denied', status: locked ? 429 : 401, ip, detail: { why: 'unknown user' } })
    throw locked ? tooMany() : new Problem('LOGIN_FAILED')
  }
  if (user.locked) {
    await logOperation(ctx.db, { username, action: 'auth.login', result: 'denied', status: 429, ip, detail: { why: 'locked' } })
    throw tooMany()
  }
  if (!(await verifyPassword(parsed.data.password, user.password_hash))) {
    const [after] = await ctx.db.query<{ locked: boolean }>(q.record_failure, [user.id, ctx.config.lockoutAttempts, ctx.config.lockoutMinutes])
    await logOperation(ctx.db, { username, action: 'auth.login', result: 'denied', status: 401, ip, detail: { why: 'wrong password', locked: after?.locked } })
    throw new Problem('LOGIN_FAILED')
  }
  await ctx.db.query(q.record_success, [user.id])
  if (ctx.user) await closeSession(ctx.db, ctx.user.tokenHash)
  const csrf = await openSession(ctx.db, req, res, user.id, ctx.config)
  await logOperation(ctx.db, { username, action: 'auth.login', result: 'ok', status: 200, ip })
  res.json({ user: { username: user.username, role: user.role }, csrf })
}

export const logout: Handler = async (ctx, req, res) => {
  await closeSession(ctx.db, ctx.user!.tokenHash)
  clearSessionCookie(req, res)
  await logOperation(ctx.db, { username: ctx.user!.username, action: 'auth.logout', result: 'ok', status: 204, ip: req.ip })
  res.status(204).end()
}

export const me: Handler = async (ctx, _req, res) => {
  const u = ctx.user!
  res.json({ user: { username: u.username, role: u.role }, csrf: u.csrf })
}
