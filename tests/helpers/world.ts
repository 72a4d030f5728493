import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { loadQueries } from '../../server/db/queries.ts'
import { TestApi } from './api.ts'
import { resetData, testDb } from './test-db.ts'

const q = loadQueries('projects', ['insert'])

export interface World {
  db: Database
  api: TestApi
  /** A project created fresh for each test. */
  projectId: number
}

/**
 * Installs the hooks every api test file needs: one shared database, an app on a free port, and before each
 * test an emptied database with one project. Returns a live object filled in by the hooks.
 */
export function useWorld(env: NodeJS.ProcessEnv = {}): World {
  const world = {} as World
  beforeAll(async () => {
    world.db = await testDb()
    world.api = await new TestApi(world.db, env).start()
  })
  afterAll(async () => {
    await world.api.stop()
  })
  beforeEach(async () => {
    await resetData(world.db)
    world.api.forget()
    const [row] = await world.db.query<{ id: number }>(q.insert, ['P1', '测试项目', 'Test project', '鹤城区', null])
    world.projectId = row!.id
  })
  return world
}

/** Row counts of the tables a rejected write must leave alone. */
export async function writeCounts(db: Database) {
  const [row] = await db.query<{ parcels: number; history: number }>(
    'SELECT (SELECT count(*) FROM parcels)::int AS parcels, (SELECT count(*) FROM parcel_history)::int AS history')
  return row!
}
