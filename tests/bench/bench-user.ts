import type pg from 'pg'
import { hashPassword } from '../../server/auth/passwords.ts'
import { HttpClient } from './measure.ts'

/** The bench's own account on the bench database (an admin: it reads every project and imports). */
export const benchUser = { username: 'bench', password: 'Bench-Pass-2026!' }

/** Creates or resets the bench account (password, no lockout), through the bench's admin connection. */
export async function ensureBenchUser(admin: pg.Client): Promise<void> {
  const hash = await hashPassword(benchUser.password)
  await admin.query(`
    INSERT INTO users (username, role, password_hash) VALUES ($1, 'admin', $2)
    ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_logins = 0, locked_until = NULL`,
    [benchUser.username, hash])
}

/**
 * Logs the bench account in over HTTP and answers a client that sends its session cookie and CSRF token on every
 * request, and accepts gzip as a browser does.
 */
export async function logInOverHttp(base: string): Promise<HttpClient> {
  const anon = new HttpClient(base)
  try {
    const login = await anon.post('/api/auth/login', JSON.stringify(benchUser))
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.body}`)
    const cookie = String(login.headers['set-cookie']![0]).split(';')[0]!
    const csrf = (JSON.parse(login.body!.toString()) as { csrf: string }).csrf
    return new HttpClient(base, { cookie, 'x-csrf-token': csrf, 'accept-encoding': 'gzip' })
  } finally {
    anon.close()
  }
}
