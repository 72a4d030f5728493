import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { emptyForReload, recordDataset, writeDatasetFiles, type Dataset, type Recorded } from './generate-parcels.ts'
import { uploadBulk } from './bulk-upload.ts'
import type { HttpClient } from './measure.ts'

/** What bench.dataset records as the way the data set was loaded. */
export const reloadedBy = "emptied, then POST /api/imports/bulk of each project's file until its job is done, ANALYZE"

/**
 * The full reload of the data set through the product's own path: the files are written first (not timed: they
 * stand for the survey files an office receives), then the timed part empties the database (emptyForReload) and
 * bulk-imports every project's file through POST /api/imports/bulk of the running server, one after another, and
 * ANALYZEs. Records the data set with the reload's seconds.
 */
export async function reloadDataset(admin: pg.Client, api: HttpClient, want: Dataset, log: (line: string) => void): Promise<Recorded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zd-bench-data-'))
  try {
    log(`writing the data set's files (${want.count} parcels, seed ${want.seed}) …`)
    const files = await writeDatasetFiles(admin, want, dir)
    log(`reloading ${want.count} parcels through the bulk import …`)
    const t0 = performance.now()
    await emptyForReload(admin)
    const { rows: projects } = await admin.query<{ id: number; code: string }>(`SELECT id, code FROM projects`)
    const idOf = new Map(projects.map((p) => [p.code, p.id]))
    for (const f of files) {
      const { ms, job } = await uploadBulk(api, idOf.get(`BENCH-${f.project}`)!, f.file)
      if (job.inserted !== f.features) throw new Error(`bulk import of ${f.file}: ${job.inserted} of ${f.features} parcels inserted`)
      log(`  BENCH-${f.project}: ${job.inserted} parcels in ${(ms / 1000).toFixed(1)} s`)
    }
    await admin.query('ANALYZE parcels')
    await admin.query('ANALYZE parcel_history')
    const reloadS = (performance.now() - t0) / 1000
    log(`reloaded in ${reloadS.toFixed(1)} s`)
    return await recordDataset(admin, want, reloadS, reloadedBy, log)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
