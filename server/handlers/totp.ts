import { z } from 'zod'
import { decryptPii, encryptPii, loadPiiKeys } from '../auth/pii-cipher.ts'
import { verifyPassword } from '../auth/passwords.ts'
import { matchTotp, newTotpSecret, otpauthUri, totpIssuer } from '../auth/totp.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem } from '../problem.ts'
import { recordFailure, totpSecretField } from './auth.ts'
import type { Ctx, Handler } from './context.ts'

const q = loadQueries('auth', ['user_by_name', 'totp_setup', 'totp_state', 'totp_confirm', 'clear_totp'])

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } })))
  }
  return parsed.data
}

const log = (ctx: Ctx, ip: string | undefined, action: string, result: 'ok' | 'denied' | 'rejected', status: number, detail?: Record<string, unknown>) =>
  logOperation(ctx.db, { username: ctx.user!.username, action, result, status, ip, detail })

/**
 * POST /auth/totp/setup: a new secret for the caller's authenticator app, pending until confirmed. The secret and its
 * otpauth:// URI are in this answer only: stored encrypted, never shown or logged again. Refused while one is enabled
 * (409) and where the policy is 'off' (403).
 */
export const setUpTotp: Handler = async (ctx, req, res) => {
  parse(z.strictObject({}), req.body)
  const u = ctx.user!
  if (ctx.config.securityPolicy.secondFactor === 'off') throw new Problem('SECOND_FACTOR_OFF')
  const secret = newTotpSecret()
  const stored = encryptPii(loadPiiKeys(ctx.config), totpSecretField, secret)
  if ((await ctx.db.query(q.totp_setup, [u.id, stored])).length === 0) {
    await log(ctx, req.ip, 'auth.totp.setup', 'rejected', 409, { why: 'already enrolled' })
    throw new Problem('SECOND_FACTOR_ALREADY_ENROLLED')
  }
  await log(ctx, req.ip, 'auth.totp.setup', 'ok', 201)
  res.status(201).json({ secret, otpauthUri: otpauthUri(secret, u.username), issuer: totpIssuer, account: u.username })
}

const codeBody = z.strictObject({ otp: z.string().min(1).max(16) })

/** POST /auth/totp/confirm {otp}: a code of the pending secret enables it (and that code is spent). */
export const confirmTotp: Handler = async (ctx, req, res) => {
  const { otp } = parse(codeBody, req.body)
  const u = ctx.user!
  const [state] = await ctx.db.query<{ totp_secret: string | null; totp_enabled: boolean; totp_last_step: string | number }>(q.totp_state, [u.id])
  if (!state?.totp_secret || state.totp_enabled) throw new Problem('SECOND_FACTOR_NOT_PENDING')
  const secret = decryptPii(loadPiiKeys(ctx.config), totpSecretField, state.totp_secret)
  const step = matchTotp(secret, otp.trim(), Date.now(), Number(state.totp_last_step))
  if (step === null) {
    await log(ctx, req.ip, 'auth.totp.confirm', 'rejected', 422, { why: 'wrong code' })
    throw invalid([{ path: 'otp', code: 'OTP_MISMATCH' }])
  }
  if ((await ctx.db.query(q.totp_confirm, [u.id, step, state.totp_secret])).length === 0) throw new Problem('SECOND_FACTOR_NOT_PENDING')
  await log(ctx, req.ip, 'auth.totp.confirm', 'ok', 200)
  res.json({ secondFactor: { enrolled: true, policy: ctx.config.securityPolicy.secondFactor } })
}

const removeBody = z.strictObject({ password: z.string().min(1).max(256), otp: z.string().min(1).max(16) })

/**
 * DELETE /auth/totp {password, otp}: the caller removes their second factor, proving both (a wrong one counts towards
 * the lockout, so a stolen session cannot guess). Refused where the policy requires a second factor: there a lost phone
 * is an administrator's reset (POST /users/:id/password-reset).
 */
export const removeTotp: Handler = async (ctx, req, res) => {
  const { password, otp } = parse(removeBody, req.body)
  const u = ctx.user!
  const policy = ctx.config.securityPolicy
  if (policy.secondFactor === 'required') throw new Problem('SECOND_FACTOR_REQUIRED_BY_POLICY')
  const [account] = await ctx.db.query<{ id: number; password_hash: string; locked: boolean; totp_secret: string | null; totp_enabled: boolean; totp_last_step: string | number }>(
    q.user_by_name, [u.username])
  if (!account || account.locked) throw new Problem('TOO_MANY_ATTEMPTS', { minutes: policy.lockoutMinutes })
  if (!account.totp_enabled) throw new Problem('SECOND_FACTOR_NOT_ENROLLED')
  const ip = req.ip ?? 'unknown'
  if (!(await verifyPassword(password, account.password_hash))) {
    await recordFailure(ctx, account.id, u.username, ip, 'auth.totp.remove')
    throw new Problem('CURRENT_PASSWORD_WRONG')
  }
  const secret = decryptPii(loadPiiKeys(ctx.config), totpSecretField, account.totp_secret!)
  if (matchTotp(secret, otp.trim(), Date.now(), Number(account.totp_last_step)) === null) {
    await recordFailure(ctx, account.id, u.username, ip, 'auth.totp.remove', 'wrong code')
    throw invalid([{ path: 'otp', code: 'OTP_MISMATCH' }])
  }
  await ctx.db.transaction(async (tx) => {
    await tx.query(q.clear_totp, [account.id])
    await logOperation(tx, { username: u.username, action: 'auth.totp.remove', result: 'ok', status: 200, ip })
  })
  res.json({ secondFactor: { enrolled: false, policy: policy.secondFactor } })
}
