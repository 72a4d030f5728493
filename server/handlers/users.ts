import { z } from 'zod'
import { hashPassword } from '../auth/passwords.ts'
import { temporaryPassword } from '../auth/temporary-password.ts'
import { loadQueries } from '../db/queries.ts'
import { logOperation } from '../db/operation-log.ts'
import { invalid, Problem } from '../problem.ts'
import { parseId } from '../schemas/query-params.ts'
import type { Handler } from './context.ts'

const q = loadQueries('users', ['list_users', 'user_by_id'])
const auth = loadQueries('auth', ['set_password', 'clear_totp'])

/** GET /users: the office's accounts with the state of their login (locked, must change password, second factor). */
export const listUsers: Handler = async (ctx, _req, res) => {
  const rows = await ctx.db.query<{
    id: number; username: string; role: string; is_demo: boolean; locked: boolean; must_change_password: boolean
    second_factor: boolean; password_changed_at: Date | string; created_at: Date | string
  }>(q.list_users)
  res.json({
    users: rows.map((r) => ({
      id: r.id, username: r.username, role: r.role, demo: r.is_demo, locked: r.locked,
      mustChangePassword: r.must_change_password, secondFactor: r.second_factor,
      passwordChangedAt: new Date(r.password_changed_at).toISOString(), createdAt: new Date(r.created_at).toISOString(),
    })),
  })
}

const resetBody = z.strictObject({
  /** Also remove the account's second factor (a lost phone): the user sets up a new one after the password. */
  resetSecondFactor: z.boolean().optional(),
})

/**
 * POST /users/:id/password-reset: the administrator gives the account a temporary password made by the server (in
 * this answer only, never stored in clear or logged) that must be changed at the next login; the account is unlocked
 * and all its sessions end. With resetSecondFactor its second factor goes too. An administrator changes their own
 * password themselves (409 PASSWORD_RESET_SELF).
 */
export const resetPassword: Handler = async (ctx, req, res) => {
  const id = parseId(req.params.id as string, 'path')
  const parsed = resetBody.safeParse(req.body ?? {})
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', code: 'FIELD_INVALID' as const, params: { why: i.message } })))
  }
  const resetSecondFactor = parsed.data.resetSecondFactor === true
  const [target] = await ctx.db.query<{ id: number; username: string }>(q.user_by_id, [id])
  if (!target) throw new Problem('NOT_FOUND')
  const admin = ctx.user!
  if (target.id === admin.id) throw new Problem('PASSWORD_RESET_SELF')
  const policy = ctx.config.securityPolicy
  const password = temporaryPassword(target.username, policy)
  const hash = await hashPassword(password)
  await ctx.db.transaction(async (tx) => {
    await tx.query(auth.set_password, [target.id, hash, policy.passwordHistory, '', true])
    if (resetSecondFactor) await tx.query(auth.clear_totp, [target.id])
    await logOperation(tx, {
      username: admin.username, action: 'users.password-reset', target: target.username, result: 'ok', status: 200, ip: req.ip,
      detail: { resetSecondFactor },
    })
  })
  res.json({ id: target.id, username: target.username, temporaryPassword: password, mustChangePassword: true, secondFactorCleared: resetSecondFactor })
}
