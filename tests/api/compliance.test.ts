import { describe, expect, it } from 'vitest'
import { loadSecurityPolicy } from '../../server/auth/policy.ts'
import { sweepRetention } from '../../server/auth/retention.ts'
import { asOwner, testDbKind } from '../helpers/test-db.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { useWorld } from '../helpers/world.ts'

// The policy under test differs from every default, so that an expectation can only pass when the code reads the
// policy: each number below comes from `policy`, never from a literal.
const env = {
  ZD_LOCKOUT_ATTEMPTS: '3', ZD_LOCKOUT_MINUTES: '7', ZD_SESSION_IDLE_MINUTES: '20', ZD_SESSION_MAX_HOURS: '4',
  ZD_PASSWORD_MIN_LENGTH: '12', ZD_PASSWORD_HISTORY: '3', ZD_PASSWORD_MAX_AGE_DAYS: '60', ZD_PASSWORD_WARN_DAYS: '10',
  ZD_OPERATION_LOG_RETENTION_DAYS: '200',
}
const policy = loadSecurityPolicy(env)
const w = useWorld(env)

const firstPassword = 'Hecheng-Pass-2026!'

async function logIn(username: string, password: string) {
  const r = await w.api.request('POST', '/api/auth/login', { json: { username, password } })
  const cookie = r.headers.get('set-cookie')?.split(';')[0] ?? ''
  const headers = { cookie, 'x-csrf-token': (r.body as { csrf?: string } | undefined)?.csrf ?? '' }
  return {
    reply: r,
    cookie: r.headers.get('set-cookie') ?? '',
    request: (method: string, path: string, json?: unknown) => w.api.request(method, path, { json, headers }),
  }
}

const changePassword = (session: Awaited<ReturnType<typeof logIn>>, currentPassword: string, newPassword: string) =>
  session.request('POST', '/api/auth/password', { currentPassword, newPassword })

describe('W11: lockout after the policy number of failures', () => {
  it('locks for the policy minutes, answers unknown users alike, logs who, when, what, result and ip, and unlocks by time', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    for (let i = 0; i < policy.lockoutAttempts; i++) {
      expect((await logIn('zhang', `wrong-${i}`)).reply.status).toBe(401)
      expect((await logIn('nobody', `wrong-${i}`)).reply.status).toBe(401)
    }
    const locked = await logIn('zhang', firstPassword)
    const unknown = await logIn('nobody', firstPassword)
    expect([locked.reply.status, locked.reply.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS'])
    expect([unknown.reply.status, unknown.reply.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS'])
    expect(locked.reply.body.messages.en).toContain(`${policy.lockoutMinutes} minutes`)
    expect(locked.reply.body.title).toBe(unknown.reply.body.title)

    const log = await w.db.query<{ at: Date; username: string; action: string; result: string; status: number; ip: string }>(
      "SELECT at, username, action, result, status, ip FROM operation_log WHERE username = 'zhang' ORDER BY id")
    expect(log.map((r) => [r.action, r.result, r.status])).toEqual([
      ...Array.from({ length: policy.lockoutAttempts }, () => ['auth.login', 'denied', 401]),
      ['auth.lockout', 'denied', 429],
      ['auth.login', 'denied', 429],
    ])
    for (const row of log) {
      expect(row.ip).toMatch(/127\.0\.0\.1/)
      expect(Date.now() - new Date(row.at).getTime()).toBeLessThan(60_000)
    }
    const [{ minutes } = { minutes: 0 }] = await w.db.query<{ minutes: number }>(
      "SELECT round(extract(epoch FROM locked_until - now()) / 60)::int AS minutes FROM users WHERE username = 'zhang'")
    expect(minutes).toBe(policy.lockoutMinutes)

    // The lock ends by time.
    await w.db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'zhang'")
    expect((await logIn('zhang', firstPassword)).reply.status).toBe(200)
  })
})

describe('W09: idle and absolute session timeouts of the policy', () => {
  it('keeps a session idle just under the idle timeout and ends one just over it', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    const s = await logIn('zhang', firstPassword)
    expect(s.cookie).toContain(`Max-Age=${policy.sessionMaxHours * 3600}`)
    await w.db.query('UPDATE sessions SET last_seen_at = now() - make_interval(mins => $1::int - 1)', [policy.sessionIdleMinutes])
    expect((await s.request('GET', '/api/parcels')).status).toBe(200)
    await w.db.query('UPDATE sessions SET last_seen_at = now() - make_interval(mins => $1::int + 1)', [policy.sessionIdleMinutes])
    const r = await s.request('GET', '/api/parcels')
    expect([r.status, r.body.code]).toEqual([401, 'SESSION_EXPIRED'])
  })

  it('ends a busy session past the absolute lifetime', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    const s = await logIn('zhang', firstPassword)
    await w.db.query('UPDATE sessions SET created_at = now() - make_interval(hours => $1::int) + interval \'1 minute\'', [policy.sessionMaxHours])
    expect((await s.request('GET', '/api/parcels')).status).toBe(200)
    await w.db.query('UPDATE sessions SET created_at = now() - make_interval(hours => $1::int) - interval \'1 minute\'', [policy.sessionMaxHours])
    expect((await s.request('GET', '/api/parcels')).status).toBe(401)
  })
})

// Some thirty scrypt hashes: run once, on the server database (the SQL is the same on both; the expiry test below
// changes a password on both).
describe.skipIf(testDbKind !== 'server')('W13: password changes follow the policy', () => {
  it('refuses short, single-class, username-bearing, common and recently used passwords with 422 WEAK_PASSWORD', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    const s = await logIn('zhang', firstPassword)
    const refused = async (newPassword: string, current = firstPassword) => {
      const r = await changePassword(s, current, newPassword)
      expect([r.status, r.body.code]).toEqual([422, 'WEAK_PASSWORD'])
      return [r.body.errors[0].code, r.body.errors[0].message]
    }
    expect(await refused('Aa1!'.padEnd(policy.passwordMinLength - 1, 'x'))).toEqual(['PASSWORD_TOO_SHORT', `密码至少 ${policy.passwordMinLength} 个字符。`])
    expect((await refused('12345678'))[0]).toBe('PASSWORD_TOO_SHORT')
    expect((await refused('passwordpassword'))[0]).toBe('PASSWORD_TOO_FEW_CLASSES')
    expect((await refused('Zhang-is-me-2026'))[0]).toBe('PASSWORD_CONTAINS_USERNAME')
    expect((await refused('P@ssw0rd-2026!!'))[0]).toBe('PASSWORD_COMMON')
    expect(await refused(firstPassword)).toEqual(['PASSWORD_REUSED', `不得使用最近 ${policy.passwordHistory} 次用过的密码。`])

    // Cycle through the history: a password is refused while it is among the last N, accepted once it is not.
    const next = Array.from({ length: policy.passwordHistory }, (_, i) => `Hecheng-Road-${i + 1}!`)
    let current = firstPassword
    for (const p of next.slice(0, -1)) {
      expect((await changePassword(s, current, p)).status).toBe(200)
      current = p
    }
    expect((await refused(firstPassword, current))[0]).toBe('PASSWORD_REUSED')
    expect((await changePassword(s, current, next.at(-1)!)).status).toBe(200)
    expect((await changePassword(s, next.at(-1)!, firstPassword)).status).toBe(200)
    const [{ n } = { n: -1 }] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM password_history')
    expect(n).toBe(policy.passwordHistory - 1)
    // Stored hashes are scrypt, never the passwords.
    const hashes = await w.db.query<{ h: string }>('SELECT password_hash AS h FROM password_history UNION ALL SELECT password_hash FROM users')
    for (const { h } of hashes) expect(h).toMatch(/^scrypt\$/)
  })

  it('needs the right current password, counts a wrong one towards the lockout, and ends the other sessions', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    const s = await logIn('zhang', firstPassword)
    const other = await logIn('zhang', firstPassword)
    const wrong = await changePassword(s, 'not-the-password', 'Hecheng-Road-9!')
    expect([wrong.status, wrong.body.code]).toEqual([403, 'CURRENT_PASSWORD_WRONG'])
    const [{ failed } = { failed: 0 }] = await w.db.query<{ failed: number }>("SELECT failed_logins AS failed FROM users WHERE username = 'zhang'")
    expect(failed).toBe(1)
    expect((await changePassword(s, firstPassword, 'Hecheng-Road-9!')).status).toBe(200)
    expect((await s.request('GET', '/api/auth/me')).status).toBe(200)
    expect((await other.request('GET', '/api/auth/me')).status).toBe(401)
    expect((await logIn('zhang', firstPassword)).reply.status).toBe(401)
    expect((await logIn('zhang', 'Hecheng-Road-9!')).reply.status).toBe(200)
  })
})

describe('password expiry of the policy', () => {
  it('prompts within the warning days and, once expired, answers 403 PASSWORD_EXPIRED until the password is changed', async () => {
    await w.api.createUser('zhang', 'planner', firstPassword)
    const setAge = (days: number) =>
      w.db.query("UPDATE users SET password_changed_at = now() - make_interval(days => $1::int) WHERE username = 'zhang'", [days])

    await setAge(policy.passwordMaxAgeDays - policy.passwordWarnDays - 1)
    expect((await logIn('zhang', firstPassword)).reply.body.password).toMatchObject({ mustChange: false, changeSoon: false })
    await setAge(policy.passwordMaxAgeDays - policy.passwordWarnDays + 1)
    expect((await logIn('zhang', firstPassword)).reply.body.password).toMatchObject({ mustChange: false, changeSoon: true })

    await setAge(policy.passwordMaxAgeDays + 1)
    const s = await logIn('zhang', firstPassword)
    expect(s.reply.status).toBe(200)
    expect(s.reply.body.password).toMatchObject({ mustChange: true })
    const blocked = await s.request('GET', '/api/parcels')
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_EXPIRED'])
    expect((await s.request('POST', '/api/projects', { code: 'P9', name: '项目' })).status).toBe(403)
    expect((await s.request('GET', '/api/auth/me')).body.password.mustChange).toBe(true)

    const changed = await changePassword(s, firstPassword, 'Hecheng-Road-9!')
    expect(changed.status).toBe(200)
    const expiresAt = new Date(changed.body.password.expiresAt).getTime()
    expect(Math.abs(expiresAt - (Date.now() + policy.passwordMaxAgeDays * 86_400_000))).toBeLessThan(60_000)
    expect((await s.request('GET', '/api/parcels')).status).toBe(200)
  })
})

describe('operation-log retention', () => {
  it('never deletes a row younger than 180 days, and the sweep keeps the policy days', async () => {
    const insert = (days: number) => w.db.query(
      "INSERT INTO operation_log (at, username, action, result, status, ip) VALUES (now() - make_interval(days => $1::int), 'zhang', 'test.retention', 'ok', 200, '127.0.0.1')",
      [days])
    await insert(policy.operationLogRetentionDays + 1)
    await insert(policy.operationLogRetentionDays - 1)
    await insert(179)
    // The application's role may not delete or update the log at all; its owner is held off by the triggers.
    await expect(w.db.query("DELETE FROM operation_log WHERE action = 'test.retention'")).rejects.toThrow(/permission denied/)
    await expect(asOwner(w.db, (tx) => tx.query("DELETE FROM operation_log WHERE action = 'test.retention'"))).rejects.toThrow(/append-only/)
    await expect(asOwner(w.db, (tx) => tx.query("UPDATE operation_log SET result = 'failed' WHERE action = 'test.retention'"))).rejects.toThrow(/append-only/)

    expect(await sweepRetention(w.db, policy)).toEqual({ operation_log: 1, hearing_attempts: 0, idempotency_keys: 0 })
    // A policy below the floor (only constructible by hand) still keeps 180 days.
    expect(await sweepRetention(w.db, { ...policy, operationLogRetentionDays: 1 })).toEqual({ operation_log: 1, hearing_attempts: 0, idempotency_keys: 0 })
    const left = await w.db.query<{ days: number }>(
      "SELECT round(extract(epoch FROM now() - at) / 86400)::int AS days FROM operation_log WHERE action = 'test.retention'")
    expect(left.map((r) => r.days)).toEqual([179])
  })
})

describe('fail-closed audit', () => {
  it('R12: when the operation-log row cannot be written, a parcel, record and project create answer 5xx problem+json and write nothing', async () => {
    const planner = await w.api.as('planner')
    const parcel = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[110, 27.5], [110.001, 27.5], [110.001, 27.501], [110, 27.501], [110, 27.5]]] }, properties: { project_id: w.projectId, code: 'R12', land_class: '0101', owner: '甲' } }
    // A stand-in for a log that cannot be written (its disk, its grants): the log table refuses every insert.
    await asOwner(w.db, async (tx) => {
      await tx.query("CREATE FUNCTION zd_test_refuse_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'operation log unavailable (test)'; END $$")
      await tx.query('CREATE TRIGGER zd_test_refuse_log BEFORE INSERT ON operation_log FOR EACH ROW EXECUTE FUNCTION zd_test_refuse_log()')
    })
    try {
      const before = await dbFingerprint(w.db)
      for (const [path, json] of [
        ['/api/parcels', parcel],
        ['/api/projects', { code: 'R12', name: '审计失败' }],
        ['/api/households', { project_id: w.projectId, name: '张三', village_group: '三组', parcel_ids: [], members: [] }],
      ] as const) {
        const r = await planner.request('POST', path, { json, headers: { 'idempotency-key': `r12-${path}` } })
        expect(r.status, `${path}: ${r.text}`).toBeGreaterThanOrEqual(500)
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      }
      expect(await dbFingerprint(w.db)).toBe(before)
    } finally {
      await asOwner(w.db, async (tx) => {
        await tx.query('DROP TRIGGER zd_test_refuse_log ON operation_log')
        await tx.query('DROP FUNCTION zd_test_refuse_log()')
      })
    }
    // With the log back, the same request (and key) is written, with its log row.
    const r = await planner.request('POST', '/api/parcels', { json: parcel, headers: { 'idempotency-key': 'r12-/api/parcels' } })
    expect(r.status, r.text).toBe(201)
    const [log] = await w.db.query<{ n: number }>("SELECT count(*)::int AS n FROM operation_log WHERE action = 'parcel.create'")
    expect(log!.n).toBe(1)
  })
})
