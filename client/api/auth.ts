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
  /** Expired or temporary: nothing but changing it (or logging out) is possible until it is changed. */
  mustChange: boolean
  /** Set by an administrator's reset (or an initial password): to be changed at the first login. */
  temporary: boolean
  /** Expires within the policy's warning days: prompt for a change. */
  changeSoon: boolean
}

/** The second factor of the account and the office's policy for it (ZD_SECOND_FACTOR). */
export interface SecondFactorState {
  enrolled: boolean
  policy: 'off' | 'optional' | 'required'
}

/**
 * What limits a session until the account is put in order (the server answers every other request 403 with this
 * code): a temporary or expired password to change, or a second factor the policy requires to set up.
 */
export type Restriction = 'PASSWORD_CHANGE_REQUIRED' | 'PASSWORD_EXPIRED' | 'SECOND_FACTOR_ENROLMENT_REQUIRED'

/** A logged-in user with the state of their password and second factor. */
export interface SignedInUser extends User {
  password: PasswordState
  secondFactor: SecondFactorState
  restriction: Restriction | null
}

/** The answer of login and me. */
interface SessionAnswer {
  user: User
  csrf: string
  password: PasswordState
  secondFactor: SecondFactorState
  restriction: Restriction | null
}

const signedIn = (a: SessionAnswer): SignedInUser => ({ ...a.user, password: a.password, secondFactor: a.secondFactor, restriction: a.restriction })

/**
 * Logs in; on success keeps the CSRF token for later state-changing requests. An account with a second factor
 * answers 401 OTP_REQUIRED without `otp` (ask for the code and call again with it), 401 OTP_INVALID for a wrong one.
 */
export async function login(username: string, password: string, otp?: string): Promise<SignedInUser> {
  const answer = await apiRequest<SessionAnswer>('/auth/login', { method: 'POST', body: otp === undefined ? { username, password } : { username, password, otp } })
  setCsrfToken(answer.csrf)
  return signedIn(answer)
}

/** The logged-in user, or null when there is no session (401). */
export async function me(): Promise<SignedInUser | null> {
  try {
    const answer = await apiRequest<SessionAnswer>('/auth/me')
    setCsrfToken(answer.csrf)
    return signedIn(answer)
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
export async function changePassword(currentPassword: string, newPassword: string): Promise<{ password: PasswordState; restriction: Restriction | null }> {
  return apiRequest('/auth/password', { method: 'POST', body: { currentPassword, newPassword } })
}

/** A new authenticator secret (pending until confirmed), shown once: base32 and the otpauth:// URI for the QR code. */
export interface TotpSetup {
  secret: string
  otpauthUri: string
  issuer: string
  account: string
}

/** Starts setting up an authenticator app; 409 SECOND_FACTOR_ALREADY_ENROLLED while one is enabled. */
export function setUpTotp(): Promise<TotpSetup> {
  return apiRequest('/auth/totp/setup', { method: 'POST', body: {} })
}

/** Enables the pending secret with a code the app shows; 422 OTP_MISMATCH for a wrong code. */
export async function confirmTotp(otp: string): Promise<SecondFactorState> {
  return (await apiRequest<{ secondFactor: SecondFactorState }>('/auth/totp/confirm', { method: 'POST', body: { otp } })).secondFactor
}

/** Removes the caller's authenticator (policy 'optional' only), proving password and code. */
export async function removeTotp(password: string, otp: string): Promise<SecondFactorState> {
  return (await apiRequest<{ secondFactor: SecondFactorState }>('/auth/totp', { method: 'DELETE', body: { password, otp } })).secondFactor
}
