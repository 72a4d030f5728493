import { ApiError, apiRequest, setCsrfToken } from './http.ts'

export type Role = 'planner' | 'auditor' | 'finance' | 'legal' | 'admin'

export interface User {
  username: string
  role: Role
}

/** The account's password under the office's policy (server/auth/policy.ts). */
export interface PasswordState {
  /** ISO time of expiry; null when passwords never expire. */
  expiresAt: string | null
  /** Expired: nothing but changing it (or logging out) is possible until it is changed. */
  mustChange: boolean
  /** Expires within the policy's warning days: prompt for a change. */
  changeSoon: boolean
}

/** A logged-in user with the state of their password. */
export interface SignedInUser extends User {
  password: PasswordState
}

/** The answer of login and me: the user, the session's CSRF token and the password's state. */
interface SessionAnswer {
  user: User
  csrf: string
  password: PasswordState
}

/** Logs in; on success keeps the CSRF token for later state-changing requests. */
export async function login(username: string, password: string): Promise<SignedInUser> {
  const answer = await apiRequest<SessionAnswer>('/auth/login', { method: 'POST', body: { username, password } })
  setCsrfToken(answer.csrf)
  return { ...answer.user, password: answer.password }
}

/** The logged-in user, or null when there is no session (401). */
export async function me(): Promise<SignedInUser | null> {
  try {
    const answer = await apiRequest<SessionAnswer>('/auth/me')
    setCsrfToken(answer.csrf)
    return { ...answer.user, password: answer.password }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null)
      return null
    }
    throw err
  }
}

/** Ends the session; forgets the CSRF token whatever the answer. */
export async function logout(): Promise<void> {
  try {
    await apiRequest<void>('/auth/logout', { method: 'POST' })
  } finally {
    setCsrfToken(null)
  }
}

/**
 * Changes the caller's own password (also an expired one). Refusals: 403 CURRENT_PASSWORD_WRONG, 422 WEAK_PASSWORD
 * whose `errors[0]` names the rule broken, 429 TOO_MANY_ATTEMPTS. The account's other sessions end.
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<PasswordState> {
  const answer = await apiRequest<{ password: PasswordState }>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } })
  return answer.password
}
