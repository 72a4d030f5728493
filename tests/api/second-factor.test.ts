import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadSecurityPolicy } from '../../server/auth/policy.ts'
import type { Role } from '../../server/auth/sessions.ts'
import { dbFingerprint } from '../helpers/db-fingerprint.ts'
import { testDbKind } from '../helpers/test-db.ts'
import { useWorld } from '../helpers/world.ts'

// MLPS level 3: the preset requires a second factor (ZD_SECOND_FACTOR=required); every number comes from `policy`.
const env = { ZD_SECURITY_LEVEL: '3' }
const policy = loadSecurityPolicy(env)
const w = useWorld(env)
// Some forty logins at the production scrypt cost and identical SQL on both databases: run once, on the server database.
const serverOnly = testDbKind !== 'server'

// The test's own TOTP (RFC 6238: HMAC-SHA-1 of the 30-second step, dynamic truncation, 6 digits), independent of
// server/auth/totp.ts.
function codeAt(base32Secret: string, step: number): string {
  let bits = ''
  for (const ch of base32Secret.replace(/=+$/, '')) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(ch).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[19]! & 15
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}
// Codes of the step now and the next: both stay inside the server's ±1 window even if a step boundary passes mid-test.
const stepNow = () => Math.floor(Date.now() / 30_000)

const password = 'Hecheng-Pass-2026!'

async function logIn(username: string, pass: string, otp?: string) {
  const r = await w.api.request('POST', '/api/auth/login', { json: otp === undefined ? { username, password: pass } : { username, password: pass, otp } })
  const headers = { cookie: r.headers.get('set-cookie')?.split(';')[0] ?? '', 'x-csrf-token': r.body?.csrf ?? '' }
  return {
    reply: r,
    request: (method: string, path: string, json?: unknown) => w.api.request(method, path, { json, headers }),
  }
}

/** A user who has set up an authenticator (confirmed with this step's code) and logged in with the next step's code. */
async function enrolled(username: string, role: Role) {
  await w.api.createUser(username, role, password)
  const first = await logIn(username, password)
  const setup = await first.request('POST', '/api/auth/totp/setup', {})
  const step = stepNow()
  expect((await first.request('POST', '/api/auth/totp/confirm', { otp: codeAt(setup.body.secret, step) })).status).toBe(200)
  const session = await logIn(username, password, codeAt(setup.body.secret, step + 1))
  expect([session.reply.status, session.reply.body.restriction]).toEqual([200, null])
  return { ...session, secret: setup.body.secret as string, step }
}

describe.skipIf(serverOnly)('W14: second factor at level 3', () => {
  it('W14: a password-only login can only set up a second factor; a confirmed one is then needed at every login, each code once', async () => {
    await w.api.createUser('zhang', 'planner', password)
    const first = await logIn('zhang', password)
    expect(first.reply.status).toBe(200)
    expect(first.reply.body).toMatchObject({ restriction: 'SECOND_FACTOR_ENROLMENT_REQUIRED', secondFactor: { enrolled: false, policy: 'required' } })
    for (const [method, path] of [['GET', '/api/parcels'], ['POST', '/api/auth/password'], ['DELETE', '/api/auth/totp']]) {
      const r = await first.request(method!, path!, method === 'GET' ? undefined : {})
      expect([path, r.status, r.body.code]).toEqual([path, 403, 'SECOND_FACTOR_ENROLMENT_REQUIRED'])
    }
    expect((await first.request('GET', '/api/auth/me')).body.restriction).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED')

    const setup = await first.request('POST', '/api/auth/totp/setup', {})
    expect(setup.status).toBe(201)
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/)
    const uri = new URL(setup.body.otpauthUri)
    expect([uri.protocol, uri.searchParams.get('secret'), uri.searchParams.get('issuer')]).toEqual(['otpauth:', setup.body.secret, '征地一张图'])
    // Stored encrypted; never in the log.
    const [stored] = await w.db.query<{ totp_secret: string }>("SELECT totp_secret FROM users WHERE username = 'zhang'")
    expect(stored!.totp_secret).toMatch(/^v1:/)
    expect(stored!.totp_secret).not.toContain(setup.body.secret)

    const wrong = await first.request('POST', '/api/auth/totp/confirm', { otp: codeAt(setup.body.secret, stepNow() + 5) })
    expect([wrong.status, wrong.body.code]).toEqual([422, 'OTP_MISMATCH'])
    const step = stepNow()
    const confirmed = await first.request('POST', '/api/auth/totp/confirm', { otp: codeAt(setup.body.secret, step) })
    expect([confirmed.status, confirmed.body.secondFactor.enrolled]).toEqual([200, true])
    expect((await first.request('GET', '/api/parcels')).status).toBe(200)
    expect((await first.request('POST', '/api/auth/totp/setup', {})).body.code).toBe('SECOND_FACTOR_ALREADY_ENROLLED')
    const remove = await first.request('DELETE', '/api/auth/totp', { password, otp: codeAt(setup.body.secret, step + 1) })
    expect([remove.status, remove.body.code]).toEqual([403, 'SECOND_FACTOR_REQUIRED_BY_POLICY'])

    const passwordOnly = await logIn('zhang', password)
    expect([passwordOnly.reply.status, passwordOnly.reply.body.code]).toEqual([401, 'OTP_REQUIRED'])
    expect(passwordOnly.reply.headers.get('set-cookie')).toBeNull()
    // The confirming code's step is spent: replaying it is refused; the next step's code works once.
    const replayConfirm = await logIn('zhang', password, codeAt(setup.body.secret, step))
    expect([replayConfirm.reply.status, replayConfirm.reply.body.code]).toEqual([401, 'OTP_INVALID'])
    const ok = await logIn('zhang', password, codeAt(setup.body.secret, step + 1))
    expect([ok.reply.status, ok.reply.body.restriction, ok.reply.body.secondFactor.enrolled]).toEqual([200, null, true])
    expect((await ok.request('GET', '/api/parcels')).status).toBe(200)
    const replay = await logIn('zhang', password, codeAt(setup.body.secret, step + 1))
    expect([replay.reply.status, replay.reply.body.code]).toEqual([401, 'OTP_INVALID'])

    const log = await w.db.query<{ line: string }>("SELECT action || ' ' || result || ' ' || coalesce(detail->>'why', '') AS line FROM operation_log WHERE username = 'zhang' ORDER BY id")
    expect(log.map((r) => r.line)).toEqual([
      'auth.login ok ', 'auth.totp.setup ok ', 'auth.totp.confirm rejected wrong code', 'auth.totp.confirm ok ', 'auth.totp.setup rejected already enrolled',
      'auth.login denied code required', 'auth.login denied code replayed', 'auth.login ok ', 'auth.login denied code replayed',
    ])
    const everything = await w.db.query<{ text: string }>('SELECT row_to_json(l)::text AS text FROM operation_log l')
    expect(everything.map((r) => r.text).join('\n')).not.toContain(setup.body.secret)
  })

  it('W14 + W11: wrong codes count towards the lockout together with wrong passwords', async () => {
    const { secret, step } = await enrolled('zhang', 'planner')
    for (let i = 0; i < policy.lockoutAttempts - 1; i++) {
      const r = await logIn('zhang', password, codeAt(secret, step + 10 + i))
      expect([r.reply.status, r.reply.body.code]).toEqual([401, 'OTP_INVALID'])
    }
    expect((await logIn('zhang', 'wrong-password', codeAt(secret, step + 1))).reply.body.code).toBe('LOGIN_FAILED')
    const locked = await logIn('zhang', password, codeAt(secret, stepNow() + 1))
    expect([locked.reply.status, locked.reply.body.code]).toEqual([429, 'TOO_MANY_ATTEMPTS'])
    const failures = await w.db.query<{ why: string }>(
      "SELECT detail->>'why' AS why FROM operation_log WHERE username = 'zhang' AND action = 'auth.login' AND status = 401 AND detail->>'why' <> 'code required' ORDER BY id")
    expect(failures.map((r) => r.why)).toEqual([...Array(policy.lockoutAttempts - 1).fill('wrong code'), 'wrong password'])
  })
})

describe.skipIf(serverOnly)('W14 + W13: the administrator resets a password (and a lost second factor)', () => {
  it('gives a one-time password that must be changed first, ends the sessions, logs it without the password; non-admins get 403', async () => {
    const admin = await enrolled('wang', 'admin')
    const li = await enrolled('li', 'planner')
    const [{ id } = { id: 0 }] = await w.db.query<{ id: number }>("SELECT id FROM users WHERE username = 'li'")

    const before = await dbFingerprint(w.db)
    const denied = await li.request('POST', `/api/users/${id}/password-reset`, {})
    expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN'])
    expect((await li.request('GET', '/api/users')).status).toBe(403)
    expect(await dbFingerprint(w.db)).toBe(before)

    const listed = await admin.request('GET', '/api/users')
    expect(listed.body.users.find((u: { username: string }) => u.username === 'li')).toMatchObject({ role: 'planner', secondFactor: true, mustChangePassword: false, locked: false })
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|v1:/)
    expect((await admin.request('POST', '/api/users/999999/password-reset', {})).status).toBe(404)
    const [{ adminId } = { adminId: 0 }] = await w.db.query<{ adminId: number }>("SELECT id AS \"adminId\" FROM users WHERE username = 'wang'")
    expect((await admin.request('POST', `/api/users/${adminId}/password-reset`, {})).body.code).toBe('PASSWORD_RESET_SELF')
    expect((await admin.request('POST', `/api/users/${id}/password-reset`, { resetSecondFactor: 'yes' })).status).toBe(422)

    const reset = await admin.request('POST', `/api/users/${id}/password-reset`, { resetSecondFactor: true })
    expect(reset.status).toBe(200)
    const temporary: string = reset.body.temporaryPassword
    expect(reset.body).toMatchObject({ username: 'li', mustChangePassword: true, secondFactorCleared: true })
    expect([...temporary].length).toBeGreaterThanOrEqual(policy.passwordMinLength)
    expect(reset.headers.get('cache-control')).toBe('no-store')
    // Li's sessions ended; the old password no longer works; the lost phone's factor is gone.
    expect((await li.request('GET', '/api/auth/me')).status).toBe(401)
    expect((await logIn('li', password, codeAt(li.secret, stepNow() + 1))).reply.status).toBe(401)
    const [logged] = await w.db.query<{ username: string; target: string; result: string; text: string }>(
      "SELECT username, target, result, row_to_json(l)::text AS text FROM operation_log l WHERE action = 'users.password-reset'")
    expect([logged!.username, logged!.target, logged!.result]).toEqual(['wang', 'li', 'ok'])
    expect(logged!.text).not.toContain(temporary)

    // The temporary password: a session that can only change it, then (level 3) only set up a new second factor.
    const s = await logIn('li', temporary)
    expect(s.reply.status).toBe(200)
    expect(s.reply.body).toMatchObject({ restriction: 'PASSWORD_CHANGE_REQUIRED', password: { mustChange: true, temporary: true } })
    const blocked = await s.request('GET', '/api/parcels')
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED'])
    expect((await s.request('POST', '/api/auth/totp/setup', {})).body.code).toBe('PASSWORD_CHANGE_REQUIRED')
    const weak = await s.request('POST', '/api/auth/password', { currentPassword: temporary, newPassword: temporary })
    expect([weak.status, weak.body.errors[0].code]).toEqual([422, 'PASSWORD_REUSED'])
    const changed = await s.request('POST', '/api/auth/password', { currentPassword: temporary, newPassword: 'Hecheng-Road-9!' })
    expect([changed.status, changed.body.restriction, changed.body.password.temporary]).toEqual([200, 'SECOND_FACTOR_ENROLMENT_REQUIRED', false])
    expect((await s.request('GET', '/api/parcels')).body.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED')
    expect((await s.request('POST', '/api/auth/totp/setup', {})).status).toBe(201)
  })
})
