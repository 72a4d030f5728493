import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { HttpClient } from './measure.ts'

/**
 * Our server as it runs in production, for the bench: `server/main.ts` in its own Node process (run through tsx's
 * loader in that one process, so that its pid is the server's and its memory is the server's alone), on the bench
 * database and a free port. Its Node thread shares nothing with the bench's client.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The server's environment on the bench database: no demo, no login rate limit, a fixed personal-data key. */
export function benchServerEnv(url: string): Record<string, string> {
  return { DATABASE_URL: url, ZD_DEMO: '0', ZD_LOGIN_RATE_PER_MINUTE: '100000', ZD_PII_KEY: Buffer.alloc(32, 7).toString('base64'), ZD_CLIENT_DIR: path.join(root, 'dist/client') }
}

export interface ServerProcess {
  base: string
  pid: number
  /** Peak resident set size in MB: VmHWM of /proc/<pid>/status since start, or since resetPeak(). */
  peakRssMb(): number
  /** Starts a new peak (writes 5 to /proc/<pid>/clear_refs); false where the kernel does not allow it. */
  resetPeak(): boolean
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** A field of /proc/<pid>/status in MB (VmHWM, VmRSS), or NaN when the process is gone or the field missing. */
export function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

/**
 * Spawns the server with `env` added to the bench's environment (DATABASE_URL, ZD_PII_KEY, …) and waits until
 * /api/health answers; the server's own output goes to `logFile`.
 */
export async function startServer(env: Record<string, string>, logFile: string): Promise<ServerProcess> {
  const port = await freePort()
  const out = fs.openSync(logFile, 'a')
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root, stdio: ['ignore', out, out], env: { ...process.env, ...env, PORT: String(port) },
  })
  fs.closeSync(out)
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const base = `http://127.0.0.1:${port}`
  const probe = new HttpClient(base)
  const deadline = Date.now() + 120_000
  let up = false
  let ended = false
  exited.then(() => (ended = true))
  while (!up && !ended && Date.now() < deadline) {
    try {
      up = (await probe.get('/api/health')).status === 200
    } catch {
      // Not listening yet.
    }
    if (!up) await new Promise((r) => setTimeout(r, 250))
  }
  probe.close()
  if (!up) {
    child.kill('SIGKILL')
    throw new Error(`the server did not start (see ${logFile})`)
  }
  const pid = child.pid!
  return {
    base, pid,
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    resetPeak() {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
        return true
      } catch {
        return false
      }
    },
    async stop() {
      if (ended) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
