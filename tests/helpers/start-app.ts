import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

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

/**
 * Starts the real server (server/main.ts, as `npm start` runs it after the build) on a free port with a fresh
 * embedded database and the demo data, and waits until /api/health answers. The client must be built
 * (dist/client); the test command builds it first.
 */
export async function startApp(): Promise<{ url: string; stop(): Promise<void> }> {
  if (!fs.existsSync('dist/client/index.html')) throw new Error('dist/client is missing: run `npm run build` first')
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-e2e-db-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), ZD_DATA_DIR: dataDir, ZD_DEMO: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  if (Date.now() >= deadline) throw new Error(`the app did not start in 120 s:\n${output}`)
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dataDir, { recursive: true, force: true })
      // The personal-data key the embedded database generated beside its folder (server/auth/pii-cipher.ts).
      fs.rmSync(`${dataDir}.pii-key`, { force: true })
    },
  }
}
