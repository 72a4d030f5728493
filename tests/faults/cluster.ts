import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { openServerDatabase } from '../../server/db/server-pool.ts'

// A private PostgreSQL cluster in a temp folder for the fault tests: the app's role, database and PostGIS as
// tests/setup-postgres.sh makes them. Runs PostgreSQL's programs as postgres when the tests run as root.

const major = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(a) - Number(b)).at(-1) : undefined
export const pgBin = major ? `/usr/lib/postgresql/${major}/bin` : undefined
export const hasPostgis = !!major && fs.existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)
const asRoot = process.getuid?.() === 0
const owner: { uid?: number; gid?: number } = asRoot && pgBin
  ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
  : {}

export function pgRun(program: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(`${pgBin}/${program}`, args, { ...owner, cwd: os.tmpdir(), encoding: 'utf8', timeout: 60_000, ...opts })
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`)
  return r
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `probe` every 100 ms until it returns something truthy; throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe().catch(() => undefined)
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await sleep(100)
  }
}

export interface Cluster {
  root: string
  dir: string
  port: number
  log: string
  /** The app's connection string (role zhengdi). */
  url: string
  /** The superuser's connection string to the app's database. */
  adminUrl: string
  /** Whether `root` is a small tmpfs of its own (mounting needs root; the disk-full test needs it). */
  small: boolean
  start(): void
  stop(mode?: 'fast' | 'immediate'): void
  restart(): void
  remove(): void
}

/**
 * Creates and starts a cluster. With `smallMb` and root rights its folder is a tmpfs of that size, so that the
 * database's disk can be filled up; where mounting is refused the cluster lives in plain /tmp (small: false).
 */
export async function createCluster(smallMb?: number): Promise<Cluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-faults-'))
  let small = false
  if (smallMb && asRoot) small = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${smallMb}m`, 'tmpfs', root]).status === 0
  if (asRoot) fs.chownSync(root, owner.uid!, owner.gid!)
  const port = await freePort()
  const dir = path.join(root, 'data')
  const log = path.join(os.tmpdir(), `${path.basename(root)}.log`)
  const c: Cluster = {
    root, dir, port, log, small,
    url: `postgres://zhengdi:zhengdi-test@127.0.0.1:${port}/zhengdi_test`,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/zhengdi_test`,
    start: () => pgRun('pg_ctl', ['-D', dir, '-l', log, '-w', '-t', '60', 'start']),
    stop: (mode = 'fast') => pgRun('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']),
    restart: () => pgRun('pg_ctl', ['-D', dir, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']),
    remove() {
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
        try {
          c.stop('immediate')
        } catch (err) {
          const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0])
          if (pid > 0) process.kill(pid, 'SIGQUIT')
          console.warn(String(err))
        }
      }
      if (small) spawnSync('umount', [root])
      fs.rmSync(root, { recursive: true, force: true })
      fs.rmSync(log, { force: true })
    },
  }
  // WAL segments of 1 MB so that a filled disk is felt within a few writes, not after 16 MB of WAL.
  pgRun('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--wal-segsize=1'])
  fs.appendFileSync(path.join(dir, 'postgresql.conf'), [
    '', `listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${root}'`, 'fsync = off',
    'max_connections = 60', 'shared_buffers = 32MB', 'min_wal_size = 4MB', 'max_wal_size = 16MB', '',
  ].join('\n'))
  c.start()
  await prepareAppDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`)
  return c
}

/**
 * As tests/setup-postgres.sh, on a fresh private cluster whose superuser connection is `postgresUrl` (…/postgres):
 * the app's role and database zhengdi_test with PostGIS, and the public's role and zd_app granted to it.
 */
export async function prepareAppDatabase(postgresUrl: string) {
  const admin = openServerDatabase(postgresUrl)
  try {
    await admin.query(`CREATE ROLE zhengdi LOGIN PASSWORD 'zhengdi-test'`)
    await admin.query('CREATE DATABASE zhengdi_test OWNER zhengdi')
    await admin.query('CREATE ROLE zd_public NOLOGIN')
    await admin.query('GRANT zd_public TO zhengdi')
    // The role every connection of the app runs as after its migrations (sql/migrations/022_app_role.sql).
    await admin.query('CREATE ROLE zd_app NOLOGIN')
    await admin.query('GRANT zd_app TO zhengdi')
  } finally {
    await admin.close()
  }
  const adminApp = openServerDatabase(postgresUrl.replace(/\/postgres$/, '/zhengdi_test'))
  await adminApp.query('CREATE EXTENSION postgis').finally(() => adminApp.close())
}
