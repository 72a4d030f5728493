import fs from 'node:fs'
import path from 'node:path'
import type { World } from './world.ts'
import { writeCounts } from './world.ts'

/** The import fixtures as files (tests/fixtures/imports, made by make-fixtures.ts). */
export const importFixturesDir = path.resolve('tests/fixtures/imports')
/** The query parameters each fixture file is previewed with, by its path under importFixturesDir. */
export const importFixtureParams: Record<string, Record<string, string>> = JSON.parse(fs.readFileSync(path.join(importFixturesDir, 'params.json'), 'utf8'))

/**
 * The calls of the import tests on the world `w`: POST /api/imports/preview of a fixture file (its path under
 * importFixturesDir) or of bytes, as a role and in a language; POST /api/imports/commit as the planner; a commit
 * body made from a preview; and the row counts a refused import must leave alone.
 */
export function importRequests(w: World) {
  const root = importFixturesDir

  async function preview(file: string | Uint8Array, query: Record<string, string> = {}, role: 'planner' | 'auditor' = 'planner', lang = 'zh-CN') {
    const bytes = typeof file === 'string' ? new Uint8Array(fs.readFileSync(path.join(root, file))) : file
    const qs = new URLSearchParams({ ...(typeof file === 'string' ? { filename: path.basename(file) } : {}), project: String(w.projectId), ...query })
    const user = await w.api.as(role)
    return user.request('POST', `/api/imports/preview?${qs}`, {
      raw: bytes, headers: { 'content-type': 'application/octet-stream', 'accept-language': lang },
    })
  }

  async function commit(body: unknown, headers: Record<string, string> = {}) {
    const planner = await w.api.as('planner')
    return planner.request('POST', '/api/imports/commit', { json: body, headers })
  }

  async function importCounts() {
    const [row] = await w.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports')
    return { ...(await writeCounts(w.db)), imports: row!.n }
  }

  /** A commit body from a preview: each feature's geometry with the properties a planner would complete. */
  function commitFrom(p: any, fill: (f: any, i: number) => Record<string, unknown> = () => ({})) {
    return {
      project_id: w.projectId,
      source: { format: p.format, filename: p.filename, source_crs: p.source_crs, encoding: p.encoding },
      features: p.features.map((f: any, i: number) => ({
        geometry: f.geometry,
        properties: {
          code: f.properties.code ?? `F-${i + 1}`,
          land_class: f.properties.land_class ?? '0101',
          owner: f.properties.owner ?? '盈口乡炉天冲村三组',
          ...(f.properties.survey_zone ? { survey_zone: f.properties.survey_zone } : {}),
          ...fill(f, i),
        },
      })),
    }
  }

  return { preview, commit, commitFrom, importCounts }
}
