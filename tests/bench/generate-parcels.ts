import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { performance } from 'node:perf_hooks'
import { to as copyTo } from 'pg-copy-streams'

/**
 * The synthetic data set: `count` parcels on a jittered grid around Huaihua (110.0°E, 27.55°N). Grid vertices are
 * shared by the four cells around them and each moves by at most 0.2 of a cell, so every quadrilateral is simple
 * and convex-ish, neighbours share their edges exactly and no two parcels overlap. A cell is about 47 m × 47 m on
 * the ground, which puts about 2,100 parcels in a z14 tile, as in a dense survey layer. The jitter comes from an
 * integer hash of (column, row, seed): the same seed gives the same parcels on every machine.
 */
export interface Dataset { seed: number; count: number }

/** Degrees per cell: 47 m of latitude and 47 m of longitude at 27.55°N. */
export const cellDeg = { lon: 0.000476, lat: 0.000422 }
export const centre = { lon: 110.0, lat: 27.55 }

/** Columns and rows of the grid and its lon/lat box (before jitter, which stays inside the outer half-cells). */
export function gridOf(count: number) {
  const cols = Math.ceil(Math.sqrt(count))
  const rows = Math.ceil(count / cols)
  const lon0 = centre.lon - (cols * cellDeg.lon) / 2
  const lat0 = centre.lat - (rows * cellDeg.lat) / 2
  return { cols, rows, lon0, lat0, box: [lon0, lat0, lon0 + cols * cellDeg.lon, lat0 + rows * cellDeg.lat] as [number, number, number, number] }
}

/**
 * SQL (a row source) of `$count` cells numbered k = 0… on a grid of `$cols` columns with origin ($lon0, $lat0):
 * k, i (column), j (row), geom (MultiPolygon, EPSG:4490). Parameters: $1 seed, $2 count, $3 cols, $4 lon0, $5 lat0,
 * $6 first k.
 */
const cellsSql = `
  SELECT k, i, j, ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[
      pg_temp.bench_vertex(i, j, $1, $4, $5), pg_temp.bench_vertex(i + 1, j, $1, $4, $5),
      pg_temp.bench_vertex(i + 1, j + 1, $1, $4, $5), pg_temp.bench_vertex(i, j + 1, $1, $4, $5),
      pg_temp.bench_vertex(i, j, $1, $4, $5)])), 4490))::geometry(MultiPolygon, 4490) AS geom
  FROM (SELECT k, (k % $3::int) AS i, (k / $3::int) AS j FROM generate_series($6::int, $6::int + $2::int - 1) AS k) c`

/** The vertex function: a session-local SQL function, inlined by the planner. */
async function defineVertex(client: pg.Client) {
  await client.query(`
    CREATE OR REPLACE FUNCTION pg_temp.bench_jitter(i int, j int, seed int, salt bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$
      SELECT ((((i::bigint * 73856093) # (j::bigint * 19349663) # (seed::bigint * 83492791) # salt) & 1023) / 1023.0 - 0.5) * 0.4
    $$;
    CREATE OR REPLACE FUNCTION pg_temp.bench_vertex(i int, j int, seed int, lon0 float8, lat0 float8) RETURNS geometry
    LANGUAGE sql IMMUTABLE AS $$
      SELECT ST_MakePoint(lon0 + (i + pg_temp.bench_jitter(i, j, seed, 2654435761)) * ${cellDeg.lon},
                          lat0 + (j + pg_temp.bench_jitter(i, j, seed, 40503)) * ${cellDeg.lat})
    $$;`)
}

/** The bench's own bookkeeping, in schema `bench` of the bench database (never in the app's schema). */
async function ensureBenchSchema(client: pg.Client) {
  await client.query(`
    CREATE SCHEMA IF NOT EXISTS bench;
    CREATE TABLE IF NOT EXISTS bench.dataset (
      seed int NOT NULL, count int NOT NULL, generated_at timestamptz NOT NULL DEFAULT now(),
      reload_s float8 NOT NULL, overview_s float8, floor_table boolean NOT NULL
    );
    -- How the recorded load was done: a data set from before the bulk import was generated in SQL.
    ALTER TABLE bench.dataset ADD COLUMN IF NOT EXISTS loaded_by text NOT NULL
      DEFAULT 'INSERT … SELECT from generate_series through the parcels'' triggers (before the bulk import existed)';`)
}

/** What bench.dataset records of the data set in the database. */
export interface Recorded {
  generatedAt: Date
  /** Seconds of the full reload (empty, load, ANALYZE). */
  reloadS: number
  overviewS: number | null
  /** How it was loaded (the bulk import API, or an earlier way). */
  loadedBy: string
}

export async function hasColumn(client: pg.Client, table: string, column: string): Promise<boolean> {
  const r = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`, [table, column])
  return r.rowCount! > 0
}

/** The overview refresh of migration 013, when it exists (a function without arguments). */
export async function overviewRefresh(client: pg.Client): Promise<string | null> {
  const r = await client.query<{ f: string | null }>(`SELECT to_regprocedure('zd_parcel_overview_refresh()')::text AS f`)
  return r.rows[0]!.f ? 'SELECT zd_parcel_overview_refresh()' : null
}

/**
 * The record of the data set when the database holds exactly it (bench.dataset names the same seed and count, and the
 * projects BENCH-1…8 hold that many parcels; the import row's leftovers in BENCH-IMPORT do not count), else null.
 */
export async function datasetPresent(client: pg.Client, want: Dataset): Promise<Recorded | null> {
  await ensureBenchSchema(client)
  const [recorded] = (await client.query(`SELECT seed, count, generated_at, reload_s, overview_s, loaded_by FROM bench.dataset`)).rows
  if (!recorded || recorded.seed !== want.seed || recorded.count !== want.count) return null
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM parcels p JOIN projects j ON j.id = p.project_id WHERE j.code <> 'BENCH-IMPORT'`)
  if (Number(rows[0]!.n) !== want.count) return null
  return { generatedAt: recorded.generated_at, reloadS: recorded.reload_s, overviewS: recorded.overview_s, loadedBy: recorded.loaded_by }
}

/** The land-class codes the data set draws from, in code order. */
export async function landClassCodes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ codes: string[] }>(`SELECT array_agg(code ORDER BY code) AS codes FROM land_classes`)
  return rows[0]!.codes
}

/** The projects of the data set: BENCH-p holds the p-th band of grid rows (p = 1…8); BENCH-IMPORT the import row's. */
export const projectCount = 8
const projectOfRow = (j: number, rows: number) => 1 + Math.floor((j * projectCount) / rows)

/** COPY (query) TO STDOUT into a file: the bench's files are written by PostgreSQL's own streaming. */
async function copyToFile(client: pg.Client, sql: string, file: string) {
  await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), fs.createWriteStream(file))
}

/** cellsSql with its parameters written in: COPY takes none. All are numbers. */
function cellsLiteral(values: number[]): string {
  let sql = cellsSql
  for (let n = values.length; n >= 1; n--) sql = sql.replaceAll(`$${n}`, `(${String(values[n - 1])})`)
  return sql
}

/**
 * Writes the data set as GeoJSON text sequences (one Feature a line, EPSG:4490 coordinates with every digit of the
 * stored doubles), one file per project into `dir`, with the properties a survey file has: code B<k+1>, land class,
 * owner (township and village: 100 × 100 and 20 × 20 cells), status, survey zone 37. Answers the files in project
 * order: loading them in that order gives parcel ids k + 1.
 */
export async function writeDatasetFiles(client: pg.Client, want: Dataset, dir: string): Promise<{ project: number; file: string; features: number }[]> {
  const g = gridOf(want.count)
  await defineVertex(client)
  const codes = await landClassCodes(client)
  const files: { project: number; file: string; features: number }[] = []
  for (let p = 1; p <= projectCount; p++) {
    let j0 = -1
    let j1 = -1
    for (let j = 0; j < g.rows; j++) {
      if (projectOfRow(j, g.rows) !== p) continue
      if (j0 < 0) j0 = j
      j1 = j
    }
    if (j0 < 0) continue
    const first = j0 * g.cols
    const features = Math.min(want.count, (j1 + 1) * g.cols) - first
    if (features <= 0) continue
    const file = path.join(dir, `bench-${want.seed}-${want.count}-p${p}.geojsonl`)
    await copyToFile(client, `
      SELECT json_build_object(
        'type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 15)::json,
        'properties', json_build_object(
          'code', 'B' || (k + 1),
          'land_class', (${client.escapeLiteral(`{${codes.join(',')}}`)}::text[])[1 + (((i * 7919) # (j * 104729) # ${want.seed}) & 2147483647) % ${codes.length}],
          'owner', '示范' || (1 + (j / 100) * ((${g.cols} + 99) / 100) + i / 100) || '镇第' || (1 + ((j % 100) / 20) * 5 + (i % 100) / 20) || '村',
          'status', (ARRAY['draft', 'surveyed', 'approved', 'acquired'])[1 + ((i / 7 + j / 5) % 4)],
          'survey_zone', 37))::text
      FROM (${cellsLiteral([want.seed, features, g.cols, g.lon0, g.lat0, first])}) cells ORDER BY k`, file)
    files.push({ project: p, file, features })
  }
  return files
}

/**
 * Empties the bench database for a reload, in one transaction: parcels with their history, imports, bulk import
 * jobs and projects (identities restarted, so that the reload's ids are k + 1 again), the overview, bench.dataset;
 * then the projects BENCH-1…8 and BENCH-IMPORT again (ids 1…9).
 */
export async function emptyForReload(client: pg.Client): Promise<void> {
  await ensureBenchSchema(client)
  await client.query('BEGIN')
  try {
    // The append-only tables refuse TRUNCATE (migrations/020); their owner lifts the guards for this transaction.
    const { rows: guards } = await client.query<{ f: string | null }>(`SELECT to_regproc('zd_append_only_guards')::text AS f`)
    if (guards[0]!.f) await client.query('SELECT zd_append_only_guards(false)')
    await client.query(`TRUNCATE parcel_history, parcels, imports, projects RESTART IDENTITY CASCADE`)
    if (guards[0]!.f) await client.query('SELECT zd_append_only_guards(true)')
    await client.query(`TRUNCATE bench.dataset`)
    // The overview aggregates are sums kept by the writes, which TRUNCATE does not go through: empty them too.
    const { rows: ov } = await client.query<{ t: string | null }>(`SELECT to_regclass('parcel_overview')::text AS t`)
    if (ov[0]!.t) await client.query(`TRUNCATE parcel_overview, parcel_overview_pending`)
    await client.query(`
      INSERT INTO projects (code, name, name_en, district)
      SELECT 'BENCH-' || p, '基准测试项目 ' || p, 'Bench project ' || p, '鹤城区' FROM generate_series(1, ${projectCount}) AS p`)
    await client.query(`INSERT INTO projects (code, name, name_en, district) VALUES ('BENCH-IMPORT', '基准测试导入', 'Bench imports', '鹤城区')`)
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  }
}

/** Records the data set and how long its reload took; rebuilds the floor table from it. */
export async function recordDataset(client: pg.Client, want: Dataset, reloadS: number, loadedBy: string, log: (line: string) => void): Promise<Recorded> {
  await client.query(`TRUNCATE bench.dataset`)
  const { rows } = await client.query<{ at: Date }>(
    `INSERT INTO bench.dataset (seed, count, reload_s, overview_s, floor_table, loaded_by) VALUES ($1, $2, $3, NULL, true, $4) RETURNING generated_at AS at`,
    [want.seed, want.count, reloadS, loadedBy])
  await makeFloorTable(client, log)
  return { generatedAt: rows[0]!.at, reloadS, overviewS: null, loadedBy }
}

/** bench.parcels_floor: the parcels' columns and indexes without triggers, for the plain COPY floor. */
async function makeFloorTable(client: pg.Client, log: (line: string) => void) {
  const t0 = performance.now()
  await client.query(`DROP TABLE IF EXISTS bench.parcels_floor`)
  await client.query(`
    CREATE TABLE bench.parcels_floor AS
    SELECT id, project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, version, geom,
           geom_3857, updated_at, updated_by
    FROM parcels`)
  await client.query(`
    ALTER TABLE bench.parcels_floor ADD PRIMARY KEY (id);
    ALTER TABLE bench.parcels_floor ADD UNIQUE (project_id, code);
    CREATE INDEX ON bench.parcels_floor USING gist (geom);
    CREATE INDEX ON bench.parcels_floor USING gist (geom_3857);
    CREATE INDEX ON bench.parcels_floor (project_id);
    ANALYZE bench.parcels_floor;`)
  log(`floor table bench.parcels_floor in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

/**
 * Extra parcels for the import rows, east of the grid so that they overlap nothing stored: the same jittered grid
 * shifted by `offsetCols` columns. Answers rows with GeoJSON (EPSG:4490) and hex EWKB in 4490 and 3857.
 */
export async function extraCells(client: pg.Client, seed: number, count: number, offsetCols: number, baseCount: number) {
  await defineVertex(client)
  const g = gridOf(baseCount)
  const cols = Math.ceil(Math.sqrt(count))
  const { rows } = await client.query<{ k: number; geojson: string; ewkb: string; ewkb3857: string }>(`
    SELECT k, ST_AsGeoJSON(geom, 9, 0) AS geojson, ST_AsEWKB(geom)::text AS ewkb, ST_AsEWKB(ST_Transform(geom, 3857))::text AS ewkb3857
    FROM (${cellsSql}) cells ORDER BY k`,
    [seed, count, cols, g.lon0 + (g.cols + offsetCols) * cellDeg.lon, g.lat0, 0])
  // ST_AsEWKB()::text is bytea's hex text '\x…'; COPY's text format wants the hex digits alone.
  return rows.map((r) => ({ ...r, ewkb: r.ewkb.slice(2), ewkb3857: r.ewkb3857.slice(2) }))
}
