import type { SecurityPolicy } from './policy.ts'
import type { SessionUser } from './sessions.ts'

/**
 * Why a logged-in account may, for now, only put itself in order: its password must be changed (an administrator's
 * reset or an initial password; or expired), or the policy requires a second factor it has not set up. Every route
 * but those that declare the restriction in `whileRestricted` (server/routes.ts) answers 403 with this code.
 */
export type AccountRestriction = 'PASSWORD_CHANGE_REQUIRED' | 'PASSWORD_EXPIRED' | 'SECOND_FACTOR_ENROLMENT_REQUIRED'

/** The routes of the account itself (me, logout): answered whatever the restriction. */
export const anyRestriction: readonly AccountRestriction[] = ['PASSWORD_CHANGE_REQUIRED', 'PASSWORD_EXPIRED', 'SECOND_FACTOR_ENROLMENT_REQUIRED']

/** The account's restriction now, the password first (a reset may also have cleared the second factor), or null. */
export function accountRestriction(
  user: Pick<SessionUser, 'password' | 'secondFactor'>, policy: Pick<SecurityPolicy, 'secondFactor'>,
): AccountRestriction | null {
  if (user.password.temporary) return 'PASSWORD_CHANGE_REQUIRED'
  if (user.password.mustChange) return 'PASSWORD_EXPIRED'
  if (policy.secondFactor === 'required' && !user.secondFactor) return 'SECOND_FACTOR_ENROLMENT_REQUIRED'
  return null
}
