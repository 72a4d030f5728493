import { spawn, type ChildProcess } from 'node:child_process'
import { freePort, sleep, until } from './cluster.ts'

/** server/main.ts in a child process of its own, as `npm start` runs it, so that it can be killed with SIGKILL. */
export interface AppProcess {
  url: string
  child: ChildProcess
  /** What the process wrote so far (stdout and stderr). */
  output(): string
  alive(): boolean
  /** SIGKILL: no shutdown handler runs, open transactions are cut off mid-way. */
  kill9(): Promise<void>
  stop(): Promise<void>
}

const fixedPiiKey = Buffer.alloc(32, 7).toString('base64')

/** Starts the server on a free port with `env` (DATABASE_URL or ZD_DATA_DIR); returns once it listens. */
export async function startAppProcess(env: Record<string, string>, port?: number): Promise<AppProcess> {
  port ??= await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ZD_DEMO: '0', ZD_PII_KEY: fixedPiiKey, ZD_LOGIN_RATE_PER_MINUTE: '10000', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const alive = () => child.exitCode === null && child.signalCode === null
  const url = `http://127.0.0.1:${port}`
  const app: AppProcess = {
    url, child, alive,
    output: () => out,
    async kill9() {
      if (alive()) child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (alive()) child.kill('SIGTERM')
      await exited
    },
  }
  const end = Date.now() + 60_000
  for (;;) {
    if (!alive()) throw new Error(`the app exited (${child.exitCode ?? child.signalCode}):\n${out}`)
    if (await fetch(`${url}/api/livez`).then((r) => r.ok, () => false)) break
    if (Date.now() > end) {
      child.kill('SIGKILL')
      throw new Error(`the app did not listen within 60 s:\n${out}`)
    }
    await sleep(100)
  }
  return app
}

/** Waits until /api/readyz answers 200; returns the milliseconds that took. */
export async function untilReady(app: AppProcess, timeoutMs = 30_000): Promise<number> {
  const t0 = Date.now()
  await until('the app is ready', async () => (await fetch(`${app.url}/api/readyz`)).status === 200, timeoutMs)
  return Date.now() - t0
}
