import { Problem } from '../problem.ts'
import type { IssueCode } from '../domain/issue-codes.ts'
import { streamedItems, type BulkFormat } from '../imports/bulk/geojson-stream.ts'
import { crsOfMember, stagedColumns, stagedRow } from '../imports/bulk/staged-rows.ts'
import type { SourceCrs } from '../imports/types.ts'
import type { Database, Queryable } from './database.ts'
import { lockParcels, withParcelWrite } from './parcel-writes.ts'
import { loadQueries } from './queries.ts'
import { sqlName, sqlNames, withSqlNames } from './sql-text.ts'

const q = loadQueries('bulk-imports', [
  'project', 'unfinished', 'abandon', 'start', 'drop_tables', 'create_rows', 'progress', 'no_timeout', 'check', 'problems',
  'counts', 'set_counts', 'codes_taken_since', 'scope_version', 'outside_scope_since', 'add_problems', 'bulk_mode',
  'parcel_count', 'spatial_indexes_drop', 'spatial_indexes_build', 'insert', 'finish', 'fail', 'lease', 'orphans',
])

export type BulkPhase = 'received' | 'validating' | 'inserting' | 'done' | 'failed'

/** Where a job stands, as onProgress reports it and GET /api/imports/bulk/:id answers it. */
export interface BulkImportProgress {
  id: number
  phase: BulkPhase
  /** Bytes of the file read so far. */
  bytes: number
  /** Features read so far (all of them once the phase is past `received`). */
  received: number
  /** Features without any problem, and with at least one; null until the checks have run. */
  valid: number | null
  invalid: number | null
  /** Parcels written (0 until the insert has committed). */
  inserted: number
}

/** The end of a job: `done` (committed, or nothing to commit) or `failed` (nothing written; `error` says why). */
export interface BulkImportReport extends BulkImportProgress {
  phase: 'done' | 'failed'
  projectId: number
  /** The new parcels' ids in file order (empty unless done). */
  parcelIds: number[]
  error: { code: IssueCode; params: Record<string, unknown> } | null
  /** Wall-clock seconds of each step: reading and COPY, checks, the insert transaction. */
  seconds: { read: number; check: number; insert: number; total: number }
}

export interface BulkImportOptions {
  projectId: number
  /** The username every new parcel and its history row are written by. */
  actor: string
  format: BulkFormat
  /** Insert the valid features and leave out the others; default: all or nothing. */
  skipInvalid?: boolean
  /** The original file name, for the job and the history's reason. */
  filename?: string
  /** Refuse a file larger than this many bytes (BODY_TOO_LARGE). */
  maxBytes?: number
  /** Called as the job moves: after each batch read, at each phase. */
  onProgress?: (p: BulkImportProgress) => void
  /** Called once the whole file has been read and staged (the HTTP answer 202 goes out then). */
  onReceived?: (p: BulkImportProgress) => void
  /**
   * Called inside the insert transaction after the parcels went in, with the final counts: the caller writes its
   * operation-log row there, so that the parcels and their log row commit together or not at all (fail-closed audit).
   */
  onCommit?: (tx: Queryable, done: { id: number; received: number; valid: number; invalid: number; inserted: number }) => Promise<void>
}

/** The file's bytes or text as they arrive: a Node stream (a request, a file), or any (async) iterable of chunks. */
export type BulkSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | NodeJS.ReadableStream

/** Features per COPY batch: large enough that a batch's round trip is noise, small enough to bound memory. */
const batchRows = 5000
/** A job that reported nothing for this long and runs in no process of ours is taken as abandoned. */
const abandonedAfterS = 30 * 60

/** Jobs running in this process (an unfinished job outside it is abandoned on the embedded database). */
const runningHere = new Set<number>()

/**
 * A job's staging tables: the only names spliced into the bulk import's SQL (server/db/sql-text.ts). They live in the
 * schema zd_staging, the one place the application's role may create tables (sql/migrations/022_app_role.sql).
 */
const stagingTable = /^zd_staging\.bulk_import_(rows|checked)_[1-9]\d*$/
const tablesOf = (id: number) => ({
  rows: sqlName(`zd_staging.bulk_import_rows_${id}`, stagingTable),
  checked: sqlName(`zd_staging.bulk_import_checked_${id}`, stagingTable),
})
const withTables = (sql: string, id: number) => withSqlNames(sql, tablesOf(id))

/**
 * Opens a job for the project: 422 UNKNOWN_PROJECT, 409 BULK_IMPORT_RUNNING while another job of the project runs
 * (a job abandoned by a process that died is closed first, and its staging dropped).
 */
async function openJob(db: Database, o: BulkImportOptions): Promise<number> {
  if (!(await db.query(q.project, [o.projectId])).length) throw new Problem('UNKNOWN_PROJECT', { id: o.projectId })
  for (const job of await db.query<{ id: number; idle_s: number }>(q.unfinished, [o.projectId])) {
    const abandoned = !runningHere.has(job.id) && (db.kind === 'embedded' || job.idle_s > abandonedAfterS)
    if (!abandoned) throw new Problem('BULK_IMPORT_RUNNING', { id: job.id }, [], { import_id: job.id })
    await db.query(q.abandon, [job.id])
    await db.exec(withTables(q.drop_tables, job.id))
  }
  try {
    const [row] = await db.query<{ id: number }>(q.start, [o.projectId, o.actor, o.filename ?? null, o.format, o.skipInvalid ?? false])
    return row!.id
  } catch (err) {
    // Two starts at once: the partial unique index lets one through.
    if ((err as { code?: string }).code === '23505') throw new Problem('BULK_IMPORT_RUNNING', { id: '?' })
    throw err
  }
}

/** Counts the bytes of a source as they pass, refusing more than `max`. */
async function* counted(source: BulkSource, counter: { bytes: number }, max: number) {
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength
    if (counter.bytes > max) throw new Problem('BODY_TOO_LARGE', { max: `${Math.round(max / 1024 / 1024)} MB` })
    yield chunk
  }
}

/**
 * Reads the file into the staging table: features → csv rows → COPY in batches, with one batch in flight while
 * the next is parsed. Returns the number of features read.
 */
async function stage(db: Database, id: number, source: BulkSource, o: BulkImportOptions, state: BulkImportProgress & { bytesSeen: { bytes: number } }) {
  const copy = db.copyIn?.bind(db)
  if (!copy) throw new Error('this database cannot COPY (a read replica?)')
  const table = tablesOf(id).rows
  const columns = sqlNames(stagedColumns, stagedColumns)
  let crs: SourceCrs = { srid: 4490, zone: null }
  let batch: string[] = []
  let inFlight: Promise<void> = Promise.resolve()
  const flush = async () => {
    const csv = batch.join('')
    batch = []
    await inFlight
    inFlight = copy(table, columns, csv)
    // A rejection is awaited at the next flush or at the end; never left unhandled meanwhile.
    inFlight.catch(() => {})
    state.bytes = state.bytesSeen.bytes
    await db.query(q.progress, [id, 'received', state.bytes, state.received])
    o.onProgress?.({ ...state })
  }
  for await (const item of streamedItems(counted(source, state.bytesSeen, o.maxBytes ?? Number.MAX_SAFE_INTEGER), o.format)) {
    if (item.kind === 'crs') {
      crs = crsOfMember(item.value)
      continue
    }
    batch.push(stagedRow(state.received, item.value, crs))
    state.received++
    if (batch.length >= batchRows) await flush()
  }
  if (batch.length) await flush()
  await inFlight
  state.bytes = state.bytesSeen.bytes
  if (state.received === 0) throw new Problem('IMPORT_EMPTY')
}

/** The version of the project's acquisition scope, locked to the end of the transaction; null when it has none. */
async function scopeVersion(tx: Queryable, projectId: number): Promise<number | null> {
  const [row] = await tx.query<{ version: number }>(q.scope_version, [projectId])
  return row?.version ?? null
}

/**
 * The problems of every staged feature, written set-based; returns the counts and the version of the acquisition
 * scope the features were measured against.
 */
async function check(db: Database, id: number, projectId: number): Promise<{ received: number; invalid: number; scopeVersion: number | null }> {
  return db.transaction(async (tx) => {
    await tx.query(q.no_timeout)
    await tx.query(withTables(q.check, id))
    const scope = await scopeVersion(tx, projectId)
    await tx.query(withTables(q.problems, id), [id, projectId])
    const [c] = await tx.query<{ received: number; invalid: number }>(withTables(q.counts, id), [id])
    await tx.query(q.set_counts, [id, c!.received, c!.received - c!.invalid, c!.invalid])
    return { ...c!, scopeVersion: scope }
  })
}

type LateProblem = { feature_index: number; code: string; issue: IssueCode; path: string; params: Record<string, unknown> }

/**
 * Under the parcels lock, the valid rows that writes since the checks made invalid: codes another write took, and,
 * when the acquisition scope changed (its version differs from `checkedScope`), rows now wholly outside it. Holds
 * the scope to the commit.
 */
async function lateProblems(tx: Queryable, id: number, projectId: number, checkedScope: number | null): Promise<LateProblem[]> {
  const taken = await tx.query<{ feature_index: number; code: string }>(withTables(q.codes_taken_since, id), [id, projectId])
  const rows: LateProblem[] = taken.map((r) => ({ ...r, issue: 'PARCEL_CODE_TAKEN', path: 'properties.code', params: { code: r.code } }))
  const scope = await scopeVersion(tx, projectId)
  // A scope removed since: what the checks found outside the old one stays refused.
  if (scope === null || scope === checkedScope) return rows
  const listed = new Set(rows.map((r) => r.feature_index))
  const outside = await tx.query<{ feature_index: number; code: string; params: Record<string, unknown> }>(
    withTables(q.outside_scope_since, id), [id, projectId])
  const moved = outside.filter((r) => !listed.has(r.feature_index))
  return [...rows, ...moved.map((r) => ({ ...r, issue: 'OUTSIDE_PROJECT_BOUNDARY' as const, path: 'geometry' }))]
}

/**
 * The one insert transaction, through withParcelWrite (compensation, overview refresh, then the tile version bump
 * after the commit): under the parcels lock, rows made invalid since the checks (lateProblems) are refused (or
 * skipped), then every valid row goes in with its history in one statement; a load of at least as many parcels as
 * the table holds (a survey base layer into an empty or small database) drops the spatial indexes for it and builds
 * them again after, which locks parcels against reads until the commit. Returns the new ids in file order.
 */
async function insert(db: Database, id: number, counts: { received: number; valid: number; invalid: number; scopeVersion: number | null }, o: BulkImportOptions): Promise<{ ids: number[]; lateInvalid: number }> {
  const valid = counts.valid
  return withParcelWrite({ db }, async (tx: Queryable, touch) => {
    await tx.query(q.no_timeout)
    await lockParcels(tx)
    const late = await lateProblems(tx, id, o.projectId, counts.scopeVersion)
    if (late.length) {
      if (!o.skipInvalid) throw new Problem('BULK_IMPORT_INVALID', { invalid: late.length })
      await tx.query(q.add_problems, [id, JSON.stringify(late)])
    }
    const reason = `bulk import ${id}: ${o.filename ?? o.format}`
    await tx.query(q.bulk_mode, [o.actor, reason])
    const [stored] = await tx.query<{ n: number }>(q.parcel_count)
    const rebuild = valid - late.length > 0 && valid - late.length >= stored!.n
    if (rebuild) await tx.query(q.spatial_indexes_drop)
    const [row] = await tx.query<{ ids: number[] }>(withTables(q.insert, id), [id, o.projectId, o.actor])
    if (rebuild) {
      await tx.query(q.spatial_indexes_build)
    }
    // The job is done in the same transaction as its parcels: a process that dies after the commit leaves no
    // job that looks unfinished over parcels that are in.
    await tx.query(q.finish, [id, 'done', row!.ids.length, row!.ids, null])
    await o.onCommit?.(tx, {
      id, received: counts.received, valid: valid - late.length, invalid: counts.invalid + late.length, inserted: row!.ids.length,
    })
    touch(o.projectId)
    return { ids: row!.ids, lateInvalid: late.length }
  })
}

const errorOf = (err: unknown) => (err instanceof Problem ? { code: err.code, params: err.params } : { code: 'INTERNAL' as const, params: {} })

/**
 * Imports a large GeoJSON file (a FeatureCollection or GeoJSON text sequences) into a project's parcels as a job
 * (table bulk_imports): streams it into an UNLOGGED staging table by COPY, checks every feature set-based in SQL
 * (the rules of POST /api/parcels except overlaps: reading faults, required fields, land class, zd_geometry_issues,
 * codes repeated in the file or used in the project) into bulk_import_problems, then inserts all valid features in
 * one transaction with their history rows, folds the overview and bumps the tile versions. All or nothing unless
 * `skipInvalid`. Overlaps are a separate step (bulkImportOverlaps). Throws only before a job exists
 * (UNKNOWN_PROJECT, BULK_IMPORT_RUNNING); every later failure ends the job `failed`, with nothing written, and is
 * in the report.
 */
async function runJob(
  db: Database,
  source: BulkSource,
  options: BulkImportOptions,
): Promise<BulkImportReport> {
  const started = performance.now()
  const id = await openJob(db, options)
  runningHere.add(id)
  const state = { id, phase: 'received' as BulkPhase, bytes: 0, received: 0, valid: null as number | null, invalid: null as number | null, inserted: 0, bytesSeen: { bytes: 0 } }
  const report = (phase: 'done' | 'failed', parcelIds: number[], error: BulkImportReport['error'], t: number[]): BulkImportReport => {
    const { bytesSeen: _b, ...p } = state
    const s = (ms: number) => Math.round(ms) / 1000
    return { ...p, phase, projectId: options.projectId, parcelIds, error, seconds: { read: s(t[0] ?? 0), check: s(t[1] ?? 0), insert: s(t[2] ?? 0), total: s(performance.now() - started) } }
  }
  const times: number[] = []
  const tables = withTables(q.drop_tables, id)
  try {
    await db.exec(withTables(q.create_rows, id))
    await stage(db, id, source, options, state)
    times.push(performance.now() - started)
    state.phase = 'validating'
    await db.query(q.progress, [id, state.phase, state.bytes, state.received])
    options.onReceived?.({ ...state })
    options.onProgress?.({ ...state })

    const counts = await check(db, id, options.projectId)
    state.valid = counts.received - counts.invalid
    state.invalid = counts.invalid
    times.push(performance.now() - started - times[0]!)
    if (counts.invalid > 0 && !options.skipInvalid) throw new Problem('BULK_IMPORT_INVALID', { invalid: counts.invalid })

    state.phase = 'inserting'
    await db.query(q.progress, [id, state.phase, state.bytes, state.received])
    options.onProgress?.({ ...state })
    const t = performance.now()
    const { ids, lateInvalid } = await insert(db, id, { received: state.received, valid: state.valid, invalid: state.invalid, scopeVersion: counts.scopeVersion }, options)
    times.push(performance.now() - t)
    state.inserted = ids.length
    state.invalid += lateInvalid
    state.valid -= lateInvalid
    state.phase = 'done'
    options.onProgress?.({ ...state })
    return report('done', ids, null, times)
  } catch (err) {
    const error = errorOf(err)
    state.phase = 'failed'
    // The job row is best effort here: the database itself may be what failed.
    await db.query(q.fail, [id, JSON.stringify(error), state.bytesSeen.bytes, state.received]).catch(() => {})
    options.onProgress?.({ ...state })
    if (error.code === 'INTERNAL') throw err
    return report('failed', [], error, times)
  } finally {
    runningHere.delete(id)
    await db.exec(tables).catch(() => {})
  }
}

/**
 * bulkImportParcels (runJob) while holding the project's lease on a server database: a session advisory lock on a
 * connection of its own, so that a job whose process died is recognisable (closeOrphanedBulkImports). Another
 * process's lease on the project: 409 BULK_IMPORT_RUNNING.
 */
export async function bulkImportParcels(db: Database, source: BulkSource, options: BulkImportOptions): Promise<BulkImportReport> {
  const lease = await db.dedicatedSession?.()
  try {
    const [row] = lease ? await lease.query<{ held: boolean }>(q.lease, [options.projectId]) : [{ held: true }]
    if (!row?.held) throw new Problem('BULK_IMPORT_RUNNING', { id: '?' })
    return await runJob(db, source, options)
  } finally {
    await lease?.release()
  }
}

/**
 * Marks failed (BULK_IMPORT_INTERRUPTED) every unfinished job whose process is gone (killed, crashed, its host
 * lost) and drops its staging tables; called at start, before the server answers. Returns their ids.
 */
export async function closeOrphanedBulkImports(db: Database): Promise<number[]> {
  const ids = (await db.transaction((tx) => tx.query<{ id: number }>(q.orphans))).map((r) => r.id)
  for (const id of ids) await db.exec(withTables(q.drop_tables, id))
  return ids
}
