import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:http'
import { createListener } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import type { Role } from '../../server/auth/sessions.ts'
import type { Database } from '../../server/db/database.ts'
import { loadQueries } from '../../server/db/queries.ts'

const q = loadQueries('auth', ['create_user'])

/**
 * One scrypt hash per password for the whole test run: a hash costs about 50 ms on an idle core (seconds on a busy
 * one) and every test logs its roles in afresh after the data reset. Users with the same password share a salt
 * here, which no test looks at; the stored hash is a real one at the production cost, and every login still
 * verifies the password against it.
 */
const hashes = new Map<string, Promise<string>>()
const hashOnce = (password: string) => {
  let h = hashes.get(password)
  if (!h) {
    h = hashPassword(password)
    h.catch(() => hashes.delete(password))
    hashes.set(password, h)
  }
  return h
}

export interface Reply {
  status: number
  headers: Headers
  body: any
  text: string
  /** The body as bytes (a downloaded file). */
  bytes: Uint8Array
}

/** A real HTTP server from createApp on a free port, and a fetch wrapper that keeps one session per role. */
export class TestApi {
  private server!: Server
  base = ''
  private sessions = new Map<string, Promise<{ cookie: string; csrf: string }>>()

  /** `publicDb`: the public's reads (a read replica's router, server/db/replica.ts); default `db`. */
  constructor(readonly db: Database, readonly env: NodeJS.ProcessEnv = {}, readonly publicDb?: Database) {}

  async start() {
    // A fixed personal-data key, so that no test writes a generated key file beside ./var/db (pii-cipher.ts).
    // The per-address budgets are lifted (every test request comes from 127.0.0.1); tests of the limits set their own.
    const config = loadConfig({ ZD_DEMO: '0', ZD_LOGIN_RATE_PER_MINUTE: '10000', ZD_PUBLIC_RATE_PER_MINUTE: '100000', ZD_PUBLIC_TILE_RATE_PER_MINUTE: '100000', ZD_PUBLIC_PDF_RATE_PER_MINUTE: '100000', ZD_PII_KEY: Buffer.alloc(32, 1).toString('base64'), ...this.env })
    // The server's own request listener (tile fast path, then the Express app), as server/main.ts serves it.
    this.server = createServer(createListener({ db: this.db, publicDb: this.publicDb, config })).listen(0)
    // As server/main.ts: Node closes an idle keep-alive connection after 5 s, and fetch reusing it at that moment
    // fails with ECONNRESET — a test that pauses longer than that (a slow query on a busy machine) would flake.
    this.server.keepAliveTimeout = 65_000
    await new Promise((r) => this.server.once('listening', r))
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop() {
    await new Promise((r) => this.server.close(r))
  }

  /** Forgets the sessions (after a data reset, which deletes them server-side). */
  forget() {
    this.sessions.clear()
  }

  async createUser(username: string, role: Role, password = `${username}-Pass-2026!`) {
    await this.db.query(q.create_user, [username, role, await hashOnce(password), false])
    return password
  }

  /** Logs in as a user named after the role (creating it on first use) and keeps the session. */
  async as(role: Role) {
    let pending = this.sessions.get(role)
    if (!pending) {
      pending = (async () => {
        const password = await this.createUser(role, role)
        const r = await fetch(`${this.base}/api/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: role, password }),
        })
        if (r.status !== 200) throw new Error(`login as ${role}: ${r.status} ${await r.text()}`)
        return { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrf: string }).csrf }
      })()
      this.sessions.set(role, pending)
    }
    const session = await pending
    return {
      request: (method: string, path: string, opts: RequestOpts = {}) =>
        this.request(method, path, { ...opts, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...opts.headers } }),
      csrf: session.csrf,
      cookie: session.cookie,
    }
  }

  /** One request; a `json` body is sent as application/json, a `raw` body as given. */
  async request(method: string, path: string, opts: RequestOpts = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers }
    let body: string | Uint8Array<ArrayBuffer> | undefined
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json)
      headers['content-type'] ??= 'application/json'
    } else if (opts.raw !== undefined) {
      body = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw)
      headers['content-type'] ??= 'application/json'
    }
    const r = await fetch(`${this.base}${path}`, { method, headers, body })
    const bytes = new Uint8Array(await r.arrayBuffer())
    const text = new TextDecoder().decode(bytes)
    let parsed: unknown = undefined
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: r.status, headers: r.headers, body: parsed, text, bytes }
  }
}

export interface RequestOpts {
  json?: unknown
  /** Sent as given: text, or bytes (a file upload). */
  raw?: string | Uint8Array
  headers?: Record<string, string>
}
