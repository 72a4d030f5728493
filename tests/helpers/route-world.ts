import { expect } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { TestApi } from './api.ts'
import { parcelFeature, polygon, square } from './fixtures.ts'
import { resetData, testDb } from './test-db.ts'

/** The rows a route-by-route test fills its paths with. */
export interface RouteWorldIds {
  project: number
  parcel: number
  household: number
  notice: number
}

/**
 * For the tests that call every route of server/routes.ts (authorization-matrix, mass-assignment): an app on an
 * emptied database and one project with a parcel, a household on it and a draft notice, made through the API as the
 * sections make them (the planner, the legal section).
 */
export async function startRouteWorld(project: { code: string; name: string; name_en: string }): Promise<{ db: Database; api: TestApi; ids: RouteWorldIds }> {
  const db = await testDb()
  const api = await new TestApi(db).start()
  await resetData(db)
  api.forget()
  const planner = await api.as('planner')
  const legal = await api.as('legal')
  const p = (await planner.request('POST', '/api/projects', { json: { ...project, district: '鹤城区' } })).body
  const parcel = (await planner.request('POST', '/api/parcels', { json: parcelFeature(polygon(square(110.0, 27.5)), p.id) })).body
  const household = (await planner.request('POST', '/api/households', { json: { project_id: p.id, name: '张三', village_group: '一组', parcel_ids: [parcel.id], members: [] } })).body
  const notice = (await legal.request('POST', '/api/notices', { json: { project_id: p.id, kind: 'pre_announcement' } })).body
  const ids = { project: p.id, parcel: parcel.id, household: household.id, notice: notice.id }
  expect(Object.values(ids).every((id) => Number.isInteger(id)), JSON.stringify({ p, parcel, household, notice })).toBe(true)
  return { db, api, ids }
}
