import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeBackup } from '../../server/db/backup.ts'
import { openEmbeddedDatabase } from '../../server/db/embedded.ts'
import { restoreBackup } from '../../server/db/restore.ts'
import { seedHolidays } from '../../server/db/holidays-seed.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { TestApi } from '../helpers/api.ts'
import { parcelFeature, polygon, square } from '../helpers/fixtures.ts'
import { startAppProcess, untilReady, type AppProcess } from './app-process.ts'
import { until, sleep } from './cluster.ts'
import { checkAfterCrash, startMidWrite } from './mid-write.ts'

// The embedded database (PGlite in the server's own process) when that process is killed with SIGKILL in the
// middle of a bulk import, a multi-feature import and edits: the server starts again on the same folder, and the
// data is exactly what was committed (hostile-inputs.md R08, P3). PGlite holds its folder alone, so the test reads
// the folder only while no server runs.

const projects = loadQueries('projects', ['insert'])

describe('the embedded database survives the server killed mid-write (R08)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-faults-embedded-'))
  const env = { DATABASE_URL: '', ZD_DATA_DIR: dataDir }
  let app: AppProcess | undefined
  let projectId: number
  let next = 0
  const api = new TestApi(undefined as never)
  let password: string

  const newParcel = (prefix: string) => {
    const n = next++
    return parcelFeature(polygon(square(110.0 + (n % 40) * 0.0015, 27.5 + Math.floor(n / 40) * 0.0015)), projectId, { code: `${prefix}-${n}` })
  }
  /** Opens the folder in this process (no server may run), runs `fn`, closes it. */
  async function withFolder<T>(fn: (db: Awaited<ReturnType<typeof openEmbeddedDatabase>>) => Promise<T>): Promise<T> {
    const db = await openEmbeddedDatabase(dataDir)
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  async function login() {
    const r = await api.request('POST', '/api/auth/login', { json: { username: 'planner', password } })
    expect(r.status, r.text).toBe(200)
    const session = { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: r.body.csrf as string }
    return {
      ...session,
      request: (method: string, p: string, opts: Parameters<TestApi['request']>[2] = {}) =>
        api.request(method, p, { ...opts, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...opts?.headers } }),
    }
  }

  beforeAll(async () => {
    await withFolder(async (db) => {
      await migrate(db)
      await seedHolidays(db)
      const [p] = await db.query<{ id: number }>(projects.insert, ['P-CRASH', '崩溃测试项目', 'Crash test project', '鹤城区', null])
      projectId = p!.id
      password = await new TestApi(db).createUser('planner', 'planner')
    })
  }, 300_000)

  afterAll(async () => {
    await app?.kill9()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts again on the same folder with exactly what was committed, and no bulk job left running', async () => {
    const outcomes = []
    // Once, at a random moment: a fresh embedded database costs most of this file's time (its migrations).
    for (const [i, delay] of [500 + Math.round(Math.random() * 2000)].entries()) {
      app = await startAppProcess(env)
      await untilReady(app)
      api.base = app.url
      const w = await startMidWrite(await login(), projectId, `E${i}`, newParcel)
      await sleep(delay)
      await app.kill9()
      // The server starts again on the folder (PGlite's recovery, then the start-up sweep of orphaned jobs).
      app = await startAppProcess(env)
      await untilReady(app)
      api.base = app.url
      await until('the parcel answers', async () => (await (await login()).request('GET', `/api/parcels/${w.parcelId}`)).status === 200, 10_000)
      await app.stop()
      outcomes.push(await withFolder((db) => checkAfterCrash(db, w)))
    }
    console.log('[faults] after SIGKILL (embedded database):', JSON.stringify(outcomes))
  }, 240_000)

  // R16 on the embedded database, on the folder the crash left (the server suite's drill is in
  // tests/api/backup-restore.test.ts): here a fresh process holds only this folder, where the api suite's one
  // process, after fifty files on its shared PGlite, took minutes to start a second one.
  it('is backed up and restored into a new folder with every table equal and the invariants sound (R16)', async () => {
    await app?.stop()
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-faults-backup-'))
    try {
      const { dir, manifest } = await withFolder((db) => takeBackup(db, { outDir: scratch }))
      expect(manifest.kind).toBe('embedded')
      expect(manifest.tables['public.parcels']!.rows).toBeGreaterThan(0)
      const report = await restoreBackup(dir, { dataDir: path.join(scratch, 'restored') })
      console.log(`[restore drill] embedded: restore and verify (RTO) ${report.seconds.toFixed(1)} s`)
      expect(report.differences).toEqual([])
      expect(report.violations).toEqual([])
      expect(report.keyRows['public.parcels']).toBe(manifest.tables['public.parcels']!.rows)
      await expect(restoreBackup(dir, { dataDir: path.join(scratch, 'restored') })).rejects.toThrow(/not empty/)
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true })
    }
  }, 180_000)
})
