import { performance } from 'node:perf_hooks'
import path from 'node:path'
import type { HttpClient } from './measure.ts'

/** A bulk import job as GET /api/imports/bulk/:id answers it (the fields the bench reads). */
export interface BulkJob {
  id: number
  phase: 'received' | 'validating' | 'inserting' | 'done' | 'failed'
  received: number
  valid: number | null
  invalid: number | null
  inserted: number
  error: { code: string; message: string } | null
}

/**
 * Imports a GeoJSON text sequence file into a project through the API, as the office does with a large file:
 * POST /api/imports/bulk streams it (202 once staged), then the job is followed every 50 ms until it is done.
 * Answers the job and the milliseconds from the first byte sent to the job's end. A failed job throws.
 */
export async function uploadBulk(api: HttpClient, projectId: number, file: string): Promise<{ ms: number; job: BulkJob }> {
  const t0 = performance.now()
  const started = await api.postFile(`/api/imports/bulk?project=${projectId}&filename=${encodeURIComponent(path.basename(file))}`, file, { 'content-type': 'application/x-ndjson' })
  if (started.status !== 202) throw new Error(`bulk import of ${file}: ${started.status} ${started.body!.toString().slice(0, 500)}`)
  const { id } = JSON.parse(started.body!.toString()) as { id: number }
  for (;;) {
    const r = await api.get(`/api/imports/bulk/${id}`, { 'accept-encoding': 'identity' }, true)
    if (r.status !== 200) throw new Error(`GET /api/imports/bulk/${id}: ${r.status}`)
    const job = JSON.parse(r.body!.toString()) as BulkJob
    if (job.phase === 'done') return { ms: performance.now() - t0, job }
    if (job.phase === 'failed') throw new Error(`bulk import ${id} of ${file} failed: ${job.error?.code} ${job.error?.message} (${job.invalid ?? 0} invalid features)`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
