/**
 * The security policy of MLPS 2.0 (等保 2.0, GB/T 22239-2019) in one place: every number the login, password,
 * session and operation-log code enforces, read once from the environment. ZD_SECURITY_LEVEL picks the preset
 * (2, the default, or 3); each ZD_* key below overrides one value of the preset. The README's compliance table
 * lists each control with its key, its default and the test that checks it.
 */
export interface SecurityPolicy {
  /** ZD_SECURITY_LEVEL: the MLPS level whose preset the other values start from. */
  level: 2 | 3
  /** ZD_PASSWORD_MIN_LENGTH: characters (Unicode code points) at least. */
  passwordMinLength: number
  /** ZD_PASSWORD_MIN_CLASSES: how many of lower case, upper case, digits and symbols a password mixes (1–4). */
  passwordMinClasses: number
  /** ZD_PASSWORD_HISTORY: a new password may not be any of the account's last N passwords (the current one included). */
  passwordHistory: number
  /** ZD_PASSWORD_MAX_AGE_DAYS: days after which a password expires and must be changed before anything else; 0: never. */
  passwordMaxAgeDays: number
  /** ZD_PASSWORD_WARN_DAYS: days before expiry from which the client prompts for a change. */
  passwordWarnDays: number
  /** ZD_LOCKOUT_ATTEMPTS, ZD_LOCKOUT_MINUTES: failed logins in a row that lock an account, and for how long. */
  lockoutAttempts: number
  lockoutMinutes: number
  /** ZD_LOGIN_RATE_PER_MINUTE: login attempts one IP address may make per minute (credential stuffing). */
  loginRatePerMinute: number
  /** ZD_SESSION_IDLE_MINUTES: minutes of inactivity after which a session ends. */
  sessionIdleMinutes: number
  /** ZD_SESSION_MAX_HOURS: hours after login after which a session ends whatever the activity. */
  sessionMaxHours: number
  /**
   * ZD_OPERATION_LOG_RETENTION_DAYS: days the operation log is kept before the retention sweep may delete a row;
   * never below 180 (网络安全法 Art. 21), which the database itself also enforces.
   */
  operationLogRetentionDays: number
  /**
   * ZD_SECOND_FACTOR: the second factor at login (TOTP, server/auth/totp.ts). 'off': nobody may set one up;
   * 'optional': each user may; 'required' (MLPS level 3, 两种或两种以上组合的鉴别技术): an account without one can only
   * set one up, and none can be removed. An account that has one always needs its code, whatever the policy.
   */
  secondFactor: SecondFactorPolicy
}

export const secondFactorPolicies = ['off', 'optional', 'required'] as const
export type SecondFactorPolicy = (typeof secondFactorPolicies)[number]

/** The legal floor of operation-log retention in days (网络安全法 Art. 21: network logs kept at least six months). */
export const minOperationLogRetentionDays = 180

const presets: Record<2 | 3, Omit<SecurityPolicy, 'level'>> = {
  2: {
    passwordMinLength: 10, passwordMinClasses: 3, passwordHistory: 5, passwordMaxAgeDays: 90, passwordWarnDays: 14,
    lockoutAttempts: 5, lockoutMinutes: 15, loginRatePerMinute: 30,
    sessionIdleMinutes: 30, sessionMaxHours: 12,
    operationLogRetentionDays: minOperationLogRetentionDays, secondFactor: 'optional',
  },
  3: {
    passwordMinLength: 12, passwordMinClasses: 3, passwordHistory: 10, passwordMaxAgeDays: 90, passwordWarnDays: 14,
    lockoutAttempts: 5, lockoutMinutes: 30, loginRatePerMinute: 30,
    sessionIdleMinutes: 15, sessionMaxHours: 8,
    operationLogRetentionDays: 365, secondFactor: 'required',
  },
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = env[name]
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${value}"`)
  return n
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, fallback: T, allowed: readonly T[]): T {
  const value = env[name]
  if (value === undefined || value === '') return fallback
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`)
  return value as T
}

/** The policy of ZD_SECURITY_LEVEL's preset with any ZD_* overrides; throws on a value outside its range. */
export function loadSecurityPolicy(env: NodeJS.ProcessEnv = process.env): SecurityPolicy {
  const levelText = env.ZD_SECURITY_LEVEL || '2'
  if (levelText !== '2' && levelText !== '3') throw new Error(`ZD_SECURITY_LEVEL must be 2 or 3, got "${levelText}"`)
  const level = Number(levelText) as 2 | 3
  const p = presets[level]
  return {
    level,
    passwordMinLength: wholeNumber(env, 'ZD_PASSWORD_MIN_LENGTH', p.passwordMinLength, 8, 256),
    passwordMinClasses: wholeNumber(env, 'ZD_PASSWORD_MIN_CLASSES', p.passwordMinClasses, 1, 4),
    passwordHistory: wholeNumber(env, 'ZD_PASSWORD_HISTORY', p.passwordHistory, 1, 100),
    passwordMaxAgeDays: wholeNumber(env, 'ZD_PASSWORD_MAX_AGE_DAYS', p.passwordMaxAgeDays, 0, 3650),
    passwordWarnDays: wholeNumber(env, 'ZD_PASSWORD_WARN_DAYS', p.passwordWarnDays, 0, 365),
    lockoutAttempts: wholeNumber(env, 'ZD_LOCKOUT_ATTEMPTS', p.lockoutAttempts, 1, 100),
    lockoutMinutes: wholeNumber(env, 'ZD_LOCKOUT_MINUTES', p.lockoutMinutes, 1, 10_080),
    loginRatePerMinute: wholeNumber(env, 'ZD_LOGIN_RATE_PER_MINUTE', p.loginRatePerMinute, 1, 1_000_000),
    sessionIdleMinutes: wholeNumber(env, 'ZD_SESSION_IDLE_MINUTES', p.sessionIdleMinutes, 1, 1440),
    sessionMaxHours: wholeNumber(env, 'ZD_SESSION_MAX_HOURS', p.sessionMaxHours, 1, 720),
    operationLogRetentionDays: wholeNumber(env, 'ZD_OPERATION_LOG_RETENTION_DAYS', p.operationLogRetentionDays, minOperationLogRetentionDays, 36_500),
    secondFactor: oneOf(env, 'ZD_SECOND_FACTOR', p.secondFactor, secondFactorPolicies),
  }
}
