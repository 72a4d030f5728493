import { apiRequest } from './http.ts'
import type { Role } from './auth.ts'

/** One account of the office as the administrator sees it (GET /api/users). */
export interface UserAccount {
  id: number
  username: string
  role: Role
  demo: boolean
  locked: boolean
  mustChangePassword: boolean
  secondFactor: boolean
  passwordChangedAt: string
  createdAt: string
}

/** The office's accounts (admin only). */
export async function listUsers(signal?: AbortSignal): Promise<UserAccount[]> {
  return (await apiRequest<{ users: UserAccount[] }>('/users', { signal })).users
}

/** The answer of a reset: the temporary password, shown once, to hand to the user. */
export interface PasswordReset {
  id: number
  username: string
  temporaryPassword: string
  mustChangePassword: true
  secondFactorCleared: boolean
}

/** Resets an account's password to a temporary one made by the server, and its second factor if asked (admin only). */
export function resetPassword(id: number, resetSecondFactor: boolean): Promise<PasswordReset> {
  return apiRequest(`/users/${id}/password-reset`, { method: 'POST', body: { resetSecondFactor } })
}
