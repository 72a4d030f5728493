import { ApiError, apiRequest, setCsrfToken } from './http.ts'

export type Role = 'planner' | 'auditor' | 'finance' | 'legal' | 'admin'

export interface User {
  username: string
  role: Role
}

/** The answer of login and me: the user and the session's CSRF token. */
interface SessionAnswer {
  user: User
  csrf: string
}

/** Logs in; on success keeps the CSRF token for later state-changing requests. */
export async function login(username: string, password: string): Promise<User> {
  const answer = await apiRequest<SessionAnswer>('/auth/login', { method: 'POST', body: { username, password } })
  setCsrfToken(answer.csrf)
  return answer.user
}

/** The logged-in user, or null when there is no session (401). */
export async function me(): Promise<User | null> {
  try {
    const answer = await apiRequest<SessionAnswer>('/auth/me')
    setCsrfToken(answer.csrf)
    return answer.user
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
