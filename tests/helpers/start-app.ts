import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { keyFilePath } from '../../server/auth/pii-cipher.ts'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

interface Running {
  url: string
  /** Stops the server with SIGTERM (it closes its database cleanly) and waits until it has exited. */
  stop(): Promise<void>
}

/**
 * Starts server/main.ts (as `npm start` runs it) on a free port with the embedded database in `dataDir` and the
 * demo data (loaded only when that database is empty), and waits until /api/health answers.
 */
async function startServer(dataDir: string, timeoutMs: number): Promise<Running> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), ZD_DATA_DIR: dataDir, ZD_DEMO: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) {
      await stop()
      throw new Error(`the app did not start in ${timeoutMs / 1000} s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return { url, stop }
}

/** Removes an embedded database folder and the personal-data key generated beside it (server/auth/pii-cipher.ts). */
export function removeDataDir(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(keyFilePath(dataDir), { force: true })
}

/**
 * The demo database template of an e2e run (tests/helpers/e2e-global-setup.ts): the app started once on a fresh
 * folder, so that migrations ran and the demo data loaded, then stopped cleanly. Returns the folder; its key file
 * lies beside it. A copy skips what dominates a fresh start: creating the database, the migrations, and loading the
 * demo with its users' scrypt hashes.
 */
export async function makeDemoTemplate(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-template-'))
  try {
    // A fresh start took 33 s of CPU here (minutes of wall time on a machine busy with other work).
    const app = await startServer(dataDir, 600_000)
    await app.stop()
  } catch (err) {
    removeDataDir(dataDir)
    throw err
  }
  if (!fs.existsSync(keyFilePath(dataDir))) throw new Error(`the template app wrote no key file ${keyFilePath(dataDir)}`)
  return dataDir
}

/** The template folder the e2e project's global setup provides, or undefined outside that project. */
async function providedTemplate(): Promise<string | undefined> {
  try {
    const { inject } = await import('vitest')
    const dir = inject('zdDemoTemplate')
    return dir && fs.existsSync(dir) ? dir : undefined
  } catch {
    return undefined // not inside a vitest worker
  }
}

/**
 * Starts the real server (server/main.ts, as `npm start` runs it after the build) on a free port with its own
 * embedded database holding the demo data, and waits until /api/health answers. In the e2e project the database
 * is a copy of the run's demo template (folder and key file), so every file starts from the same untouched demo;
 * without a template (a file run outside the project) the app loads the demo into a fresh folder itself. The
 * client must be built (dist/client); the test command builds it first.
 */
export async function startApp(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!fs.existsSync('dist/client/index.html')) throw new Error('dist/client is missing: run `npm run build` first')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-db-'))
  const template = await providedTemplate()
  if (template) {
    fs.cpSync(template, dataDir, { recursive: true })
    fs.copyFileSync(keyFilePath(template), keyFilePath(dataDir))
    fs.chmodSync(keyFilePath(dataDir), 0o600)
  }
  let app: Running
  try {
    app = await startServer(dataDir, 120_000)
  } catch (err) {
    removeDataDir(dataDir)
    throw err
  }
  return {
    url: app.url,
    async stop() {
      await app.stop()
      removeDataDir(dataDir)
    },
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e run's demo database folder (tests/helpers/e2e-global-setup.ts); its key file lies beside it. */
    zdDemoTemplate: string
  }
}
