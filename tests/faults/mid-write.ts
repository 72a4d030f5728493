import { expect } from 'vitest'
import type { Queryable } from '../../server/db/database.ts'
import type { Reply, TestApi } from '../helpers/api.ts'

type Session = Awaited<ReturnType<TestApi['as']>>
type Feature = { type: string; geometry: unknown; properties: Record<string, unknown> }

export const bulkFeatures = 3000
export const importFeatures = 300

/** Three writers at once, to be cut off by a SIGKILL of the server: a bulk import, a multi-feature import, edits. */
export interface MidWrite {
  tag: string
  parcelId: number
  /** The versions the server acknowledged (200 with an ETag) for the edited parcel. */
  acknowledged: number[]
  /** Settles once every writer has its answer or lost its connection. */
  settled: Promise<{ bulk: Reply | Error; imported: Reply | Error; editStop: string }>
}

const etagVersion = (r: Reply) => Number(r.headers.get('etag')?.replace(/\D/g, ''))

/**
 * Starts the three writers for project `projectId`; `newParcel(prefix)` gives a parcel of its own place and code.
 * The edits move one parcel again and again, each with the version the previous one answered.
 */
export async function startMidWrite(planner: Session, projectId: number, tag: string, newParcel: (prefix: string) => Feature): Promise<MidWrite> {
  const first = newParcel(`EDIT${tag}`)
  const created = await planner.request('POST', '/api/parcels', { json: first })
  expect(created.status, created.text).toBe(201)
  const parcelId = created.body.id as number
  const acknowledged: number[] = []
  let version = etagVersion(created)

  let stopped = ''
  const edits = (async () => {
    for (;;) {
      const f = newParcel(`MOVE${tag}`)
      const r = await planner.request('PUT', `/api/parcels/${parcelId}`, {
        json: { ...f, properties: { ...f.properties, code: first.properties.code }, reason: '测绘更正' },
        headers: { 'if-match': `"v${version}"` },
      }).catch(() => undefined)
      if (r?.status !== 200) return (stopped = r ? `${r.status} ${r.body?.code ?? ''}` : 'no answer')
      acknowledged.push((version = etagVersion(r)))
    }
  })()
  // The imports start once an edit has gone through, so that the kill finds all three writers under way.
  while (!acknowledged.length && !stopped) await new Promise((r) => setTimeout(r, 20))
  expect(stopped, 'the first edit').toBe('')
  const collection = { type: 'FeatureCollection', features: Array.from({ length: bulkFeatures }, () => newParcel(`BULK${tag}`)) }
  const bulk = planner.request('POST', `/api/imports/bulk?project=${projectId}&filename=crash-${tag}.geojson`, {
    raw: JSON.stringify(collection), headers: { 'content-type': 'application/geo+json' },
  }).catch((err: Error) => err)
  const imported = planner.request('POST', '/api/imports/commit', {
    json: {
      project_id: projectId,
      source: { format: 'geojson', filename: `crash-${tag}.geojson`, source_crs: 'EPSG:4490', encoding: 'utf-8' },
      features: Array.from({ length: importFeatures }, () => {
        const f = newParcel(`IMP${tag}`)
        return { geometry: f.geometry, properties: { code: f.properties.code, land_class: '0101', owner: '盈口乡炉天冲村三组' } }
      }),
    },
  }).catch((err: Error) => err)
  const settled = Promise.all([bulk, imported, edits]).then(([b, i]) => ({ bulk: b, imported: i, editStop: stopped }))
  return { tag, parcelId, acknowledged, settled }
}

/**
 * What must hold once the server that ran `w` was killed and the database reopened: each import all in or not at
 * all (and all in when it was acknowledged), the bulk job done or failed with its staging tables dropped, every
 * acknowledged edit stored, and zd_invariant_violations() empty. Returns what happened, for the log.
 */
export async function checkAfterCrash(db: Queryable, w: MidWrite) {
  const { bulk, imported, editStop } = await w.settled
  const count = async (prefix: string) =>
    ((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE code LIKE $1', [`${prefix}-%`])) as [{ n: number }])[0].n
  const answer = (r: Reply | Error) => (r instanceof Error ? 'no answer' : `${r.status} ${r.body?.code ?? ''}`.trim())

  const bulkIn = await count(`BULK${w.tag}`)
  expect([0, bulkFeatures]).toContain(bulkIn)
  const [job] = await db.query<{ phase: string }>('SELECT phase FROM bulk_imports WHERE filename = $1', [`crash-${w.tag}.geojson`])
  if (job) expect(job.phase === 'done' ? bulkIn === bulkFeatures : job.phase === 'failed' && bulkIn === 0, JSON.stringify(job)).toBe(true)
  if (!(bulk instanceof Error) && bulk.status === 202) expect(job).toBeDefined()
  expect(await db.query("SELECT id FROM bulk_imports WHERE phase NOT IN ('done', 'failed')")).toEqual([])
  expect(await db.query("SELECT tablename FROM pg_tables WHERE tablename ~ '^bulk_import_(rows|checked)_'")).toEqual([])

  const importIn = await count(`IMP${w.tag}`)
  expect([0, importFeatures]).toContain(importIn)
  if (!(imported instanceof Error) && imported.status === 201) expect(importIn).toBe(importFeatures)

  const [row] = await db.query<{ version: number }>('SELECT version FROM parcels WHERE id = $1', [w.parcelId])
  expect(row!.version).toBeGreaterThanOrEqual(Math.max(1, ...w.acknowledged))
  expect(await db.query('SELECT kind, detail FROM zd_invariant_violations()')).toEqual([])
  return { bulk: job?.phase ?? 'none', bulkAnswer: answer(bulk), bulkIn, importAnswer: answer(imported), importIn, edits: w.acknowledged.length, editStop }
}
