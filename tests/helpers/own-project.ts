import { demoApi } from './browser.ts'

/**
 * A project of the test's own with no acquisition scope (拟征收范围), created through the API as the demo planner.
 * Every demo project has a scope (its parcels grown by 5 m), so a parcel drawn on an empty spot of the map inside
 * a demo project is refused 422 OUTSIDE_PROJECT_BOUNDARY (G33); a project without a scope takes it anywhere.
 * The code ends in a time stamp so that a rerun against the same server (ZD_E2E_URL) makes a new project.
 */
export async function createProjectWithoutScope(baseUrl: string, codePrefix: string, name: string): Promise<{ id: number; code: string }> {
  const planner = await demoApi(baseUrl, 'planner')
  const code = `${codePrefix}-${Date.now().toString(36)}`
  const answer = await planner('POST', '/api/projects', { code, name, district: '鹤城区' })
  if (answer.status !== 201) throw new Error(`POST /api/projects ${code}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return { id: (answer.body as { id: number }).id, code }
}
