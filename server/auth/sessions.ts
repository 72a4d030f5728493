import { createHash, randomBytes } from 'node:crypto'
import type { Request, Response } from 'express'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { cachedSession, forgetSession, rememberSession } from './session-cache.ts'

export const roles = ['planner', 'auditor', 'finance', 'legal', 'admin'] as const
export type Role = (typeof roles)[number]

/** The state of an account's password under the policy's maximum age (server/auth/policy.ts). */
export interface PasswordState {
  /** ISO time at which the password expires; null when passwords never expire. */
  expiresAt: string | null
  /**
   * Must be changed before anything else: expired, or `temporary`. Every request but the account's own (me, change
   * password, logout) answers 403 PASSWORD_EXPIRED or PASSWORD_CHANGE_REQUIRED (server/auth/account-restriction.ts).
   */
  mustChange: boolean
  /** Set by an administrator's reset or as an initial password: to be changed at the first login. */
  temporary: boolean
  /** Within the policy's warning days of expiry: the client prompts for a change. */
  changeSoon: boolean
}

export interface SessionUser {
  id: number
  username: string
  role: Role
  csrf: string
  tokenHash: string
  password: PasswordState
  /** The account has an enabled second factor (TOTP). */
  secondFactor: boolean
}

interface PasswordColumns {
  must_change_password: boolean
  password_expires_at: Date | string | null
  password_expired: boolean
  password_change_soon: boolean
}

/** The password state of a row of the session or password_status queries. */
export function passwordStateOf(row: PasswordColumns): PasswordState {
  const at = row.password_expires_at
  return {
    expiresAt: at === null ? null : new Date(at).toISOString(),
    mustChange: row.password_expired || row.must_change_password,
    temporary: row.must_change_password,
    changeSoon: row.password_change_soon,
  }
}

export const cookieName = 'zd_session'
const q = loadQueries('auth', ['create_session', 'session', 'touch_session', 'delete_session'])

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** The session token from the Cookie header, if any (no cookie parser: one cookie is all we read). */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === cookieName) return rest.join('=') || undefined
  }
  return undefined
}

/** Opens a new session (a new id at every login, so a planted id is useless) and sets its cookie. */
export async function openSession(db: Queryable, req: Request, res: Response, userId: number, config: Config) {
  const token = randomBytes(32).toString('base64url')
  const csrf = randomBytes(24).toString('base64url')
  await db.query(q.create_session, [hashToken(token), userId, csrf, req.ip ?? null])
  res.cookie(cookieName, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: config.securityPolicy.sessionMaxHours * 3600 * 1000,
  })
  return csrf
}

export function clearSessionCookie(req: Request, res: Response) {
  res.clearCookie(cookieName, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' })
}

/**
 * The user behind the request's session cookie: 'none' without a cookie, 'expired' for an unknown, idle or
 * too old session (which is deleted), else the user. Refreshes last_seen_at at most every 30 s.
 */
export async function resolveSession(db: Queryable, req: Request, config: Config): Promise<SessionUser | 'none' | 'expired'> {
  const token = sessionToken(req)
  if (!token) return 'none'
  const tokenHash = hashToken(token)
  const policy = config.securityPolicy
  const [row] = await db.query<{
    csrf: string; user_id: number; username: string; role: Role; expired: boolean; stale: boolean; totp_enabled: boolean
  } & PasswordColumns>(q.session, [tokenHash, policy.sessionIdleMinutes, policy.sessionMaxHours, policy.passwordMaxAgeDays, policy.passwordWarnDays])
  if (!row) {
    forgetSession(db, tokenHash)
    return 'expired'
  }
  if (row.expired) {
    forgetSession(db, tokenHash)
    await db.query(q.delete_session, [tokenHash])
    return 'expired'
  }
  if (row.stale) await db.query(q.touch_session, [tokenHash])
  return { id: row.user_id, username: row.username, role: row.role, csrf: row.csrf, tokenHash, password: passwordStateOf(row), secondFactor: row.totp_enabled }
}

/**
 * resolveSession for read-only requests that come in bursts (the parcel tiles): a session validated in the last few
 * seconds is taken from the process's session cache without a database statement (server/auth/session-cache.ts
 * says the trade-off). An unknown or expired session is always looked up.
 */
export async function resolveReadSession(db: Queryable, req: Request, config: Config): Promise<SessionUser | 'none' | 'expired'> {
  const token = sessionToken(req)
  if (!token) return 'none'
  const cached = cachedSession(db, hashToken(token))
  if (cached) return cached
  const session = await resolveSession(db, req, config)
  if (typeof session === 'object') rememberSession(db, session)
  return session
}

export async function closeSession(db: Queryable, tokenHash: string) {
  forgetSession(db, tokenHash)
  await db.query(q.delete_session, [tokenHash])
}
