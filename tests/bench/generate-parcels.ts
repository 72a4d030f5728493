import type pg from 'pg'
import { performance } from 'node:perf_hooks'

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
    );`)
}

export interface Generated {
  /** False when the database already held this data set and nothing was written. */
  generated: boolean
  /** Seconds of the full reload (truncate, insert with every trigger, indexes, overview refresh, analyse). */
  reloadS: number
  overviewS: number | null
  generatedAt: Date
  hasGeom3857: boolean
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
 * Makes sure the database holds exactly the data set (seed, count): when bench.dataset records it and parcels has
 * that many rows, nothing is done; otherwise the parcels are reloaded in one transaction (a failure leaves the old
 * data): TRUNCATE, drop the parcels' and history's secondary indexes, INSERT … SELECT from generate_series through
 * the parcels' own triggers (history, and the stored 3857 column where migration 013 keeps it), recreate the
 * indexes, then ANALYZE and refresh the overview. Also keeps bench.parcels_floor, a trigger-free copy with the same
 * indexes, into which the COPY floor of the import row writes.
 */
export async function ensureDataset(client: pg.Client, want: Dataset, log: (line: string) => void): Promise<Generated> {
  await ensureBenchSchema(client)
  const hasGeom3857 = await hasColumn(client, 'parcels', 'geom_3857')
  const [recorded] = (await client.query(`SELECT seed, count, generated_at, reload_s, overview_s, floor_table FROM bench.dataset`)).rows
  if (recorded && recorded.seed === want.seed && recorded.count === want.count && recorded.floor_table === hasGeom3857) {
    // The import row's sample lives in project BENCH-IMPORT and is removed after each run; leftovers of an interrupted
    // run do not count.
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM parcels p JOIN projects j ON j.id = p.project_id WHERE j.code <> 'BENCH-IMPORT'`)
    if (Number(rows[0]!.n) === want.count) {
      log(`data set seed ${want.seed}, ${want.count} parcels already present (generated ${recorded.generated_at.toISOString()})`)
      return { generated: false, reloadS: recorded.reload_s, overviewS: recorded.overview_s, generatedAt: recorded.generated_at, hasGeom3857 }
    }
  }
  log(`generating ${want.count} parcels (seed ${want.seed}) …`)
  const g = gridOf(want.count)
  await defineVertex(client)
  const refresh = await overviewRefresh(client)
  const t0 = performance.now()
  let overviewS: number | null = null
  await client.query('BEGIN')
  try {
    await client.query(`SELECT set_config('zd.actor', 'bench', true), set_config('zd.reason', $1, true)`, [`synthetic bench data, seed ${want.seed}`])
    await client.query(`TRUNCATE parcel_history, parcels, imports, projects RESTART IDENTITY CASCADE`)
    await client.query(`TRUNCATE bench.dataset`)
    // The overview aggregates are sums kept by statement triggers, which TRUNCATE does not fire: empty them too.
    const { rows: ov } = await client.query<{ t: string | null }>(`SELECT to_regclass('parcel_overview')::text AS t`)
    if (ov[0]!.t) await client.query(`TRUNCATE parcel_overview, parcel_overview_pending`)
    // Secondary indexes are built once at the end, which is several times faster than a million GiST insertions.
    const { rows: indexes } = await client.query<{ name: string; def: string }>(`
      SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
      WHERE i.indrelid IN ('parcels'::regclass, 'parcel_history'::regclass)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`)
    for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`)
    await client.query(`
      INSERT INTO projects (code, name, name_en, district)
      SELECT 'BENCH-' || p, '基准测试项目 ' || p, 'Bench project ' || p, '鹤城区' FROM generate_series(1, 8) AS p`)
    await client.query(`INSERT INTO projects (code, name, name_en, district) VALUES ('BENCH-IMPORT', '基准测试导入', 'Bench imports', '鹤城区')`)
    const { rows: cls } = await client.query<{ codes: string[] }>(`SELECT array_agg(code ORDER BY code) AS codes FROM land_classes`)
    const codes = cls[0]!.codes
    // Project by band of rows; township by 100 × 100 cells (about 4.7 km), village by 20 × 20 cells.
    await client.query(`
      INSERT INTO parcels (project_id, code, land_class, owner, status, survey_zone, geom, updated_by)
      SELECT 1 + (j * 8) / $7::int, 'B' || (k + 1), ($8::text[])[1 + (((i * 7919) # (j * 104729) # $1::int) & 2147483647) % cardinality($8::text[])],
             '示范' || (1 + (j / 100) * (($3::int + 99) / 100) + i / 100) || '镇第' || (1 + ((j % 100) / 20) * 5 + (i % 100) / 20) || '村',
             (ARRAY['draft', 'surveyed', 'approved', 'acquired'])[1 + ((i / 7 + j / 5) % 4)], 37, geom, 'bench'
      FROM (${cellsSql}) cells`,
      [want.seed, want.count, g.cols, g.lon0, g.lat0, 0, g.rows, codes])
    for (const ix of indexes) await client.query(ix.def)
    if (refresh) {
      const t1 = performance.now()
      await client.query(refresh)
      overviewS = (performance.now() - t1) / 1000
    }
    await client.query(`INSERT INTO bench.dataset (seed, count, reload_s, overview_s, floor_table) VALUES ($1, $2, 0, NULL, $3)`, [want.seed, want.count, hasGeom3857])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  }
  await client.query('ANALYZE parcels')
  await client.query('ANALYZE parcel_history')
  const reloadS = (performance.now() - t0) / 1000
  await client.query(`UPDATE bench.dataset SET reload_s = $1, overview_s = $2`, [reloadS, overviewS])
  log(`generated in ${reloadS.toFixed(1)} s${overviewS === null ? ' (no overview refresh function)' : `, of which the overview refresh ${overviewS.toFixed(1)} s`}`)
  await makeFloorTable(client, hasGeom3857, log)
  const { rows } = await client.query<{ at: Date }>(`SELECT generated_at AS at FROM bench.dataset`)
  return { generated: true, reloadS, overviewS, generatedAt: rows[0]!.at, hasGeom3857 }
}

/** bench.parcels_floor: the parcels' columns and indexes without triggers, for the plain COPY floor. */
async function makeFloorTable(client: pg.Client, hasGeom3857: boolean, log: (line: string) => void) {
  const t0 = performance.now()
  await client.query(`DROP TABLE IF EXISTS bench.parcels_floor`)
  await client.query(`
    CREATE TABLE bench.parcels_floor AS
    SELECT id, project_id, code, land_class, owner, claimed_area_mu, survey_zone, status, version, geom,
           ${hasGeom3857 ? 'geom_3857' : 'NULL::geometry(MultiPolygon, 3857) AS geom_3857'}, updated_at, updated_by
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
