import { z } from 'zod'
import { hashPassword, passwordFault, passwordReused, verifyPassword } from '../auth/passwords.ts'
import { clearSessionCookie, closeSession, openSession, passwordStateOf, type PasswordState, type SessionUser } from '../auth/sessions.ts'
import { accountRestriction } from '../auth/account-restriction.ts'
import { decryptPii, loadPiiKeys } from '../auth/pii-cipher.ts'
import { matchTotp } from '../auth/totp.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem } from '../problem.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('auth', ['user_by_name', 'record_failure', 'record_success', 'password_status', 'password_hashes', 'set_password', 'use_totp_step'])

const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /** The authenticator's 6-digit code: needed when the account has a second factor (else 401 OTP_REQUIRED). */
  otp: z.string().max(16).optional(),
})

/** The TOTP columns of user_by_name: the encrypted secret, whether it is enabled, the last step used. */
interface TotpColumns {
  totp_secret: string | null
  totp_enabled: boolean
  totp_last_step: string | number
}

/** The field name the TOTP secret is encrypted under (server/auth/pii-cipher.ts). */
export const totpSecretField = 'users.totp_secret'

// A hash to compare against when the user does not exist, so both answers take the same time.
const dummyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + 'A'.repeat(86) + '=='

export const login: Handler = async (ctx, req, res) => {
  const parsed = loginBody.safeParse(req.body)
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } })))
  }
  const username = parsed.data.username.trim().toLowerCase()
  const ip = req.ip ?? 'unknown'
  const policy = ctx.config.securityPolicy
  const tooMany = () => new Problem('TOO_MANY_ATTEMPTS', { minutes: policy.lockoutMinutes })
  if (ctx.limiters.ip.hit(`ip:${ip}`)) {
    await logOperation(ctx.db, { username, action: 'auth.login', result: 'denied', status: 429, ip, detail: { why: 'ip rate limit' } })
    throw tooMany()
  }
  const [user] = await ctx.db.query<{ id: number; username: string; role: string; password_hash: string; locked: boolean } & TotpColumns>(
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
    await recordFailure(ctx, user.id, username, ip, 'auth.login')
    throw new Problem('LOGIN_FAILED')
  }
  if (user.totp_enabled) await checkLoginCode(ctx, user, parsed.data.otp, ip)
  await ctx.db.query(q.record_success, [user.id])
  if (ctx.user) await closeSession(ctx.db, ctx.user.tokenHash)
  const csrf = await openSession(ctx.db, req, res, user.id, ctx.config)
  const session = { password: await passwordState(ctx, user.id), secondFactor: user.totp_enabled }
  const restriction = accountRestriction(session, ctx.config.securityPolicy)
  await logOperation(ctx.db, { username, action: 'auth.login', result: 'ok', status: 200, ip, detail: restriction ? { restriction } : undefined })
  res.json(sessionAnswer(ctx, { username: user.username, role: user.role, csrf, ...session }))
}

/**
 * The second step of a login with a second factor, after the right password: no code is 401 OTP_REQUIRED (the
 * client then asks for it; nothing is counted), a wrong or already used code is 401 OTP_INVALID and counts as a
 * failed login towards the lockout, like a wrong password. A right code spends its step, so it works once.
 */
async function checkLoginCode(ctx: Ctx, user: { id: number; username: string } & TotpColumns, otp: string | undefined, ip: string) {
  if (!otp) {
    await logOperation(ctx.db, { username: user.username, action: 'auth.login', result: 'denied', status: 401, ip, detail: { why: 'code required' } })
    throw new Problem('OTP_REQUIRED')
  }
  const secret = decryptPii(loadPiiKeys(ctx.config), totpSecretField, user.totp_secret!)
  const now = Date.now()
  const step = matchTotp(secret, otp.trim(), now, Number(user.totp_last_step))
  const spent = step !== null && (await ctx.db.query(q.use_totp_step, [user.id, step])).length === 1
  if (!spent) {
    const replayed = step !== null || matchTotp(secret, otp.trim(), now, -1) !== null
    await recordFailure(ctx, user.id, user.username, ip, 'auth.login', replayed ? 'code replayed' : 'wrong code')
    throw new Problem('OTP_INVALID')
  }
}

/** Counts a failed login (wrong password or code) against the account; logs it, and the lockout when this failure locks it. */
export async function recordFailure(ctx: Ctx, userId: number, username: string, ip: string, action: string, why = 'wrong password') {
  const policy = ctx.config.securityPolicy
  const [after] = await ctx.db.query<{ locked: boolean }>(q.record_failure, [userId, policy.lockoutAttempts, policy.lockoutMinutes])
  await logOperation(ctx.db, { username, action, result: 'denied', status: 401, ip, detail: { why, locked: after?.locked } })
  if (after?.locked) {
    await logOperation(ctx.db, {
      username, action: 'auth.lockout', result: 'denied', status: 429, ip,
      detail: { attempts: policy.lockoutAttempts, minutes: policy.lockoutMinutes },
    })
  }
}

async function passwordState(ctx: Ctx, userId: number): Promise<PasswordState> {
  const policy = ctx.config.securityPolicy
  const [row] = await ctx.db.query<Parameters<typeof passwordStateOf>[0]>(q.password_status, [userId, policy.passwordMaxAgeDays, policy.passwordWarnDays])
  return passwordStateOf(row!)
}

export const logout: Handler = async (ctx, req, res) => {
  await closeSession(ctx.db, ctx.user!.tokenHash)
  clearSessionCookie(req, res)
  await logOperation(ctx.db, { username: ctx.user!.username, action: 'auth.logout', result: 'ok', status: 204, ip: req.ip })
  res.status(204).end()
}

/**
 * The answer of login and me: the user, the session's CSRF token, the password's state, the second factor (whether the
 * account has one, and the policy) and the restriction that limits the session, if any.
 */
function sessionAnswer(ctx: Ctx, u: Omit<SessionUser, 'id' | 'tokenHash' | 'role'> & { role: string }) {
  const policy = ctx.config.securityPolicy
  return {
    user: { username: u.username, role: u.role },
    csrf: u.csrf,
    password: u.password,
    secondFactor: { enrolled: u.secondFactor, policy: policy.secondFactor },
    restriction: accountRestriction(u, policy),
  }
}

export const me: Handler = async (ctx, _req, res) => {
  res.json(sessionAnswer(ctx, ctx.user!))
}

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
})

/**
 * POST /auth/password: the caller changes their own password, also when it has expired. The current password must be
 * right (a wrong one counts towards the lockout, so a stolen session cannot guess it); the new one must meet the
 * policy and differ from the last N. The account's other sessions end; this one stays.
 */
export const changePassword: Handler = async (ctx, req, res) => {
  const parsed = passwordBody.safeParse(req.body)
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } })))
  }
  const u = ctx.user!
  const ip = req.ip ?? 'unknown'
  const policy = ctx.config.securityPolicy
  const { currentPassword, newPassword } = parsed.data
  const [account] = await ctx.db.query<{ id: number; password_hash: string; locked: boolean }>(q.user_by_name, [u.username])
  if (!account || account.locked) {
    await logOperation(ctx.db, { username: u.username, action: 'auth.password', result: 'denied', status: 429, ip, detail: { why: 'locked' } })
    throw new Problem('TOO_MANY_ATTEMPTS', { minutes: policy.lockoutMinutes })
  }
  if (!(await verifyPassword(currentPassword, account.password_hash))) {
    await recordFailure(ctx, account.id, u.username, ip, 'auth.password')
    throw new Problem('CURRENT_PASSWORD_WRONG')
  }
  const fault = passwordFault(newPassword, u.username, policy)
    ?? (await passwordReused(newPassword, (await ctx.db.query<{ password_hash: string }>(q.password_hashes, [account.id, policy.passwordHistory])).map((r) => r.password_hash))
      ? { code: 'PASSWORD_REUSED' as const, params: { count: policy.passwordHistory } }
      : null)
  if (fault) {
    await logOperation(ctx.db, { username: u.username, action: 'auth.password', result: 'rejected', status: 422, ip, detail: { why: fault.code } })
    throw new Problem('WEAK_PASSWORD', {}, [{ path: 'newPassword', code: fault.code, params: fault.params }])
  }
  const hash = await hashPassword(newPassword)
  await ctx.db.transaction(async (tx) => {
    await tx.query(q.record_success, [account.id])
    await tx.query(q.set_password, [account.id, hash, policy.passwordHistory, u.tokenHash, false])
    await logOperation(tx, { username: u.username, action: 'auth.password', result: 'ok', status: 200, ip })
  })
  const password = await passwordState(ctx, account.id)
  res.json({ password, restriction: accountRestriction({ password, secondFactor: u.secondFactor }, policy) })
}
