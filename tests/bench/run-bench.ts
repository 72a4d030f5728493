/**
 * `npm run bench`: the benchmark on a million synthetic parcels (issue 7). One run prepares the bench database,
 * starts our server in its own process on it, makes sure the database holds the data set (loading it through the
 * bulk import when not), then measures our API against the plain-SQL floor and MapServer on the same tiles and data,
 * prints the table and writes it to test-results/bench-<date>.md and .json.
 *
 * Environment: DATABASE_URL (a database whose name contains "bench"; default: zhengdi_bench on the machine's
 * cluster, prepared like tests/setup-postgres.sh), ZD_BENCH_PARCELS (default 1000000), ZD_BENCH_SEED (default 7),
 * ZD_BENCH_RELOAD=1 (reload the data set even when present), ZD_BENCH_PAN=1 (also run the panning measure,
 * tests/bench/pan-map.ts, against the same server).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { migrate } from '../../server/db/migrate.ts'
import type { Database, Queryable } from '../../server/db/database.ts'
import { datasetPresent, extraCells, gridOf, cellDeg, centre, hasColumn, landClassCodes, overviewRefresh } from './generate-parcels.ts'
import { reloadDataset } from './reload-dataset.ts'
import { uploadBulk } from './bulk-upload.ts'
import { measurePanning, panRows } from './pan-map.ts'
import { sampleTiles, timeEach, timed, type Series, type Tile } from './measure.ts'
import { kb, markdown, ms, rps, writeReport, type Row } from './report.ts'
import { benchServerEnv, startServer } from './server-process.ts'
import { ensureBenchUser, logInOverHttp } from './bench-user.ts'
import { featureCounts, mapserverMissing, mapserverVersion, startMapServer, type MapServerPeer } from './mapserver-peer.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const count = Number(process.env.ZD_BENCH_PARCELS || 1_000_000)
const seed = Number(process.env.ZD_BENCH_SEED || 7)
const forceReload = process.env.ZD_BENCH_RELOAD === '1'
const log = (line: string) => console.log(`[bench] ${line}`)
/** Processes the bench started (our server, MapServer's), ended on the way out whether the run fails or not. */
const stops: (() => Promise<void>)[] = []
const stopAll = async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch((err) => console.error(err))
}

/** The bench database: DATABASE_URL, or zhengdi_bench beside the test database on the machine's cluster. */
function benchDatabaseUrl(): string {
  let url = process.env.DATABASE_URL
  if (!url) {
    const testUrl = execFileSync('bash', [path.join(root, 'tests/setup-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
    const u = new URL(testUrl)
    const psqlSu = (args: string) => execFileSync('su', ['postgres', '-c', `psql -p ${u.port} -v ON_ERROR_STOP=1 -qAt ${args}`], { encoding: 'utf8' })
    if (!psqlSu(`-c "SELECT 1 FROM pg_database WHERE datname='zhengdi_bench'"`).includes('1')) {
      psqlSu(`-c "CREATE DATABASE zhengdi_bench OWNER zhengdi"`)
    }
    psqlSu(`-d zhengdi_bench -c "CREATE EXTENSION IF NOT EXISTS postgis"`)
    u.pathname = '/zhengdi_bench'
    url = u.toString()
  }
  // The bench empties the parcels: never let it near a database that is not its own.
  const name = new URL(url).pathname.slice(1)
  if (!/bench/i.test(name)) throw new Error(`refusing to run the bench on database "${name}": its name must contain "bench"`)
  return url
}

/**
 * The plain-SQL floor of a tile: ST_AsMVTGeom + ST_AsMVT on the stored 3857 column, as the issue states it, with the
 * attributes of our `parcels` layer.
 */
const floorTileSql = `
  SELECT ST_AsMVT(t.*, 'parcels', 4096, 'geom', 'id') AS mvt FROM (
    SELECT id, project_id, status, land_class, code,
           ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1::int, $2::int, $3::int), 4096, 64, true) AS geom
    FROM parcels
    WHERE geom_3857 && ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096)
  ) t`

/** The best plain bbox GeoJSON build: per-row ST_AsGeoJSON, concatenated in Node. */
const floorBboxSql = `
  SELECT id, project_id, code, land_class, owner, status, ST_AsGeoJSON(geom, 9) AS g
  FROM parcels WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4490) ORDER BY id LIMIT $5`

/**
 * The Database interface on the bench's own connection, which has no statement timeout: a migration that fills a new
 * column of a million parcels takes longer than the server pool's 15 s allow any statement.
 */
function plainDatabase(client: pg.Client): Database {
  const q: Queryable = { query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[] }
  return {
    kind: 'server',
    ...q,
    async transaction(fn) {
      await client.query('BEGIN')
      try {
        const result = await fn(q)
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      }
    },
    async exec(sql) {
      await client.query(sql)
    },
    async close() {},
  }
}

async function floorClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query('SET jit = off; SET max_parallel_workers_per_gather = 0')
  return c
}

function machine(): string {
  const cpus = os.cpus()
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`
}

/**
 * Deletes parcels through their history trigger (a delete needs an actor) and folds the change into the overview,
 * in one transaction: when either fails, nothing is deleted, and the answer says why.
 */
async function removeParcels(client: pg.Client, where: string, params: unknown[], reason: string): Promise<string | null> {
  const refresh = await overviewRefresh(client)
  await client.query('BEGIN')
  try {
    await client.query(`SELECT set_config('zd.actor', 'bench', true), set_config('zd.reason', $1, true)`, [reason])
    await client.query(`DELETE FROM parcels WHERE ${where}`, params)
    if (refresh) await client.query(refresh)
    await client.query('COMMIT')
    return null
  } catch (err) {
    await client.query('ROLLBACK')
    return (err as Error).message
  }
}

async function main() {
  const date = new Date().toISOString()
  // Other work on the machine skews every row: the table says how busy it was.
  const loadAtStart = os.loadavg()[0]!
  const url = benchDatabaseUrl()
  const rows: Row[] = []
  const notes: string[] = []
  const missing = (what: string, goal: string, why: string) => rows.push({ what, ours: 'missing', floor: '—', ratio: null, goal, met: null, note: why })

  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  // Migrations before the data set is made (the server finds none left when it starts).
  const { applied } = await migrate(plainDatabase(admin))
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`)
  const { rows: ver } = await admin.query<{ v: string; p: string }>(`SELECT current_setting('server_version') AS v, postgis_lib_version() AS p`)
  const present = forceReload ? null : await datasetPresent(admin, { seed, count })
  const grid = gridOf(count)

  // Our server as in production: its own process on the bench database, logged in over HTTP as a browser is.
  await ensureBenchUser(admin)
  const serverLog = path.join(os.tmpdir(), `zd-bench-server-${process.pid}.log`)
  const server = await startServer(benchServerEnv(url), serverLog)
  stops.push(() => server.stop())
  log(`server pid ${server.pid} at ${server.base} (log ${serverLog})`)
  const api = await logInOverHttp(server.base)
  // The data set: loaded through the bulk import when missing (or ZD_BENCH_RELOAD=1); that load is the reload row.
  if (present) log(`data set seed ${seed}, ${count} parcels already present (loaded ${present.generatedAt.toISOString()})`)
  const data = present ?? (await reloadDataset(admin, api, { seed, count }, log))

  const floors = await Promise.all([0, 1, 2, 3].map(() => floorClient(url)))
  const tilePath = (t: Tile) => `/api/tiles/parcels/${t.z}/${t.x}/${t.y}.mvt`
  const floorTile = (c: pg.Client) => async (t: Tile) => {
    const r = await c.query<{ mvt: Buffer }>(floorTileSql, [t.z, t.x, t.y])
    return r.rows[0]?.mvt?.length ?? 0
  }
  /** Runs the floor over `clients` connections, one per client. */
  const floorSeries = (tiles: Tile[], clients: number): Promise<Series> => timeEach(tiles, clients, (t, c) => floorTile(floors[c]!)(t))
  const etags = new Map<string, string>()
  const oursTile = async (t: Tile) => {
    const r = await api.get(tilePath(t))
    if (r.status !== 200 && r.status !== 204) throw new Error(`${tilePath(t)}: ${r.status}`)
    if (r.headers.etag) etags.set(tilePath(t), String(r.headers.etag))
    return r.size
  }

  // The sampled tiles: z14 and z16 wholly inside the data; disjoint sets for 1 client (A) and 4 clients (B), so that
  // every timed request of ours is the first for its address (uncached).
  const [z14a, z14b] = sampleTiles(grid.box, 14, [60, 120], seed)
  const [z16a, z16b] = sampleTiles(grid.box, 16, [200, 400], seed + 1)
  const probe = z14a![0]!
  const probeReply = await api.get(tilePath(probe), {}, true)
  const tilesRoute = probeReply.status === 200 || probeReply.status === 204
  const hasFloor = await hasColumn(admin, 'parcels', 'geom_3857')
  if (!hasFloor) notes.push('parcels.geom_3857 (migration 013) is missing: the tile floors could not be measured.')
  if (!tilesRoute) notes.push(`GET /api/tiles/parcels/{z}/{x}/{y}.mvt answered ${probeReply.status}: the tile rows of ours are missing.`)
  if (tilesRoute && probeReply.headers['content-encoding'] === 'gzip') {
    const raw = gunzipSync(probeReply.body!)
    notes.push(`A z14 tile: ${kb(raw.length)} of MVT, ${kb(probeReply.body!.length)} gzipped as sent.`)
  }
  if (tilesRoute) etags.clear()

  // Warm PostgreSQL's and the OS's caches for every sampled tile through the floor (not timed), so that neither
  // side pays for the first read from disk.
  server.resetPeak()
  if (hasFloor) {
    log('warming the caches …')
    for (const t of [...z14a!, ...z14b!, ...z16a!, ...z16b!]) await floorTile(floors[0]!)(t)
  }

  const tileRows = async (z: number, a: Tile[], b: Tile[], goal: number) => {
    const floorA = hasFloor ? await floorSeries(a, 1) : null
    const oursA = tilesRoute ? await timeEach(a, 1, oursTile) : null
    // A small data set has few tiles wholly inside it at z14: no second set, and no 4-client row.
    const floorB = hasFloor && b.length ? await floorSeries(b, 4) : null
    const oursB = tilesRoute && b.length ? await timeEach(b, 4, oursTile) : null
    const row = (what: string, pick: (s: Series) => number, fmt: (v: number) => string, o: Series | null, f: Series | null, g: string, judge: ((r: number) => boolean) | null) => {
      if (!o) return missing(what, g, 'the tiles route does not answer')
      const ratio = f ? pick(o) / pick(f) : null
      rows.push({ what, ours: fmt(pick(o)), floor: f ? fmt(pick(f)) : 'missing', ratio, goal: g, met: ratio === null || !judge ? null : judge(ratio) })
    }
    row(`tile z${z} uncached, p50`, (s) => s.p50, ms, oursA, floorA, `≤ ${goal}×`, (r) => r <= goal)
    row(`tile z${z} uncached, p95`, (s) => s.p95, ms, oursA, floorA, `≤ ${goal}×`, (r) => r <= goal)
    row(`tile z${z} throughput, 1 client`, (s) => s.rps, rps, oursA, floorA, '—', null)
    if (b.length) row(`tile z${z} throughput, 4 clients`, (s) => s.rps, rps, oursB, floorB, z === 14 ? '≥ 0.85×' : '—', z === 14 ? (r) => r >= 0.85 : null)
    else missing(`tile z${z} throughput, 4 clients`, z === 14 ? '≥ 0.85×' : '—', `only ${a.length} tiles lie wholly inside ${count} parcels`)
    if (floorA) notes.push(`z${z}: ${a.length} + ${b.length} sampled tiles; the floor's mean ${kb(floorA.bytes)} of MVT.`)
    if (peer) await peerRows(z, a, b, oursA, oursB)
  }

  // MapServer on the same tiles: the same sets, one FastCGI connection (and mapserv process) per client.
  const peerMissing = mapserverMissing()
  const peer: MapServerPeer | null = peerMissing ? null : await startMapServer(url, 4)
  if (peer) {
    stops.push(() => peer.stop())
    log(`MapServer peer: ${mapserverVersion()}, 4 FastCGI processes`)
  }
  const peerRows = async (z: number, a: Tile[], b: Tile[], oursA: Series | null, oursB: Series | null) => {
    // Untimed: every connection opens its database session, and both servers' tiles are decoded and compared.
    for (let c = 0; c < peer!.clients.length; c++) await peer!.tile(a[0]!, c)
    const compared = a.slice(0, 5)
    let oursFeatures = 0
    let peerFeatures = 0
    let worst = 0
    for (const t of compared) {
      const r = await api.get(tilePath(t), {}, true)
      const body = r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body!) : r.body!
      const o = r.status === 200 ? featureCounts(body).parcels ?? 0 : 0
      const m = featureCounts(await peer!.tile(t, 0)).parcels ?? 0
      oursFeatures += o
      peerFeatures += m
      worst = Math.max(worst, Math.abs(o - m))
    }
    notes.push(`z${z}, MapServer's tiles decoded: ${(peerFeatures / compared.length).toFixed(0)} parcels a tile against our ${(oursFeatures / compared.length).toFixed(0)} (first ${compared.length} sampled tiles; largest difference in one tile ${worst}).`)
    const peerA = await timeEach(a, 1, async (t) => (await peer!.tile(t, 0)).length)
    const peerB = b.length ? await timeEach(b, 4, async (t, c) => (await peer!.tile(t, c)).length) : null
    const row = (what: string, o: Series | null, m: Series | null, pick: (s: Series) => number, fmt: (v: number) => string, faster: (r: number) => boolean, goal: string) => {
      if (!m) return missing(what, goal, `only ${a.length} tiles lie wholly inside ${count} parcels`)
      if (!o) return missing(what, goal, 'the tiles route does not answer')
      const ratio = pick(o) / pick(m)
      rows.push({ what, ours: fmt(pick(o)), floor: `${fmt(pick(m))} (MapServer)`, ratio, goal, met: faster(ratio), note: 'ours ÷ MapServer' })
    }
    row(`MapServer peer, tile z${z} p50`, oursA, peerA, (s) => s.p50, ms, (r) => r < 1, '< 1×')
    row(`MapServer peer, tile z${z} p95`, oursA, peerA, (s) => s.p95, ms, (r) => r < 1, '< 1×')
    row(`MapServer peer, tile z${z} throughput, 1 client`, oursA, peerA, (s) => s.rps, rps, (r) => r > 1, '> 1×')
    row(`MapServer peer, tile z${z} throughput, 4 clients`, oursB, peerB, (s) => s.rps, rps, (r) => r > 1, '> 1×')
  }
  if (peerMissing) notes.push(`MapServer is not installed (${peerMissing}): its peer rows are skipped.`)
  log('tiles z14 …')
  await tileRows(14, z14a!, z14b!, 1.2)
  log('tiles z16 …')
  await tileRows(16, z16a!, z16b!, 1.6)

  // Overview tiles z10–13: up to 20 per zoom among those touching the data, each requested once.
  if (tilesRoute) {
    log('overview tiles …')
    const overview: Tile[] = []
    for (let z = 10; z <= 13; z++) overview.push(...sampleTiles(grid.box, z, [20], seed + z, false)[0]!)
    let biggest = 0
    const s = await timeEach(overview, 1, async (t) => {
      const r = await api.get(tilePath(t), { 'accept-encoding': 'identity' })
      if (r.status !== 200 && r.status !== 204) throw new Error(`${tilePath(t)}: ${r.status}`)
      biggest = Math.max(biggest, r.size)
      return r.size
    })
    rows.push({ what: 'overview tiles z10–13, p95', ours: ms(s.p95), floor: '—', ratio: null, goal: '≤ 15 ms', met: s.p95 <= 15, note: `${s.n} tiles, uncached` })
    rows.push({ what: 'overview tiles z10–13, largest', ours: kb(biggest), floor: '—', ratio: null, goal: '≤ 500 KB', met: biggest <= 500 * 1024, note: 'uncompressed MVT' })
  } else {
    missing('overview tiles z10–13, p95', '≤ 15 ms', 'the tiles route does not answer')
    missing('overview tiles z10–13, largest', '≤ 500 KB', 'the tiles route does not answer')
  }

  // Cache hits and 304s: the z14 set A again (each tile already served once above), five times over.
  if (tilesRoute) {
    log('cache hits and 304s …')
    const again = [...Array(5)].flatMap(() => z14a!)
    const hit1 = await timeEach(again, 1, oursTile)
    const hit4 = await timeEach(again, 4, oursTile)
    rows.push({ what: 'tile cache hit, p50', ours: ms(hit1.p50), floor: '—', ratio: null, goal: '≤ 2 ms', met: hit1.p50 <= 2, note: 'z14, 1 client' })
    rows.push({ what: 'tile cache hit, requests/s', ours: rps(hit4.rps), floor: '—', ratio: null, goal: '≥ 2000 req/s', met: hit4.rps >= 2000, note: 'z14, 4 clients' })
    const withTag = again.filter((t) => etags.has(tilePath(t)))
    if (withTag.length) {
      const notModified = async (t: Tile) => {
        const r = await api.get(tilePath(t), { 'if-none-match': etags.get(tilePath(t))! })
        if (r.status !== 304) throw new Error(`${tilePath(t)} with If-None-Match: ${r.status}`)
        return r.size
      }
      const nm1 = await timeEach(withTag, 1, notModified)
      const nm4 = await timeEach(withTag, 4, notModified)
      rows.push({ what: '304 Not Modified, p50', ours: ms(nm1.p50), floor: '—', ratio: null, goal: '≤ 2 ms', met: nm1.p50 <= 2, note: 'z14, 1 client' })
      rows.push({ what: '304 Not Modified, requests/s', ours: rps(nm4.rps), floor: '—', ratio: null, goal: '≥ 2000 req/s', met: nm4.rps >= 2000, note: 'z14, 4 clients' })
    } else {
      missing('304 Not Modified, p50', '≤ 2 ms', 'the tiles carry no ETag')
      missing('304 Not Modified, requests/s', '≥ 2000 req/s', 'the tiles carry no ETag')
    }
  } else {
    for (const [w, g] of [['tile cache hit, p50', '≤ 2 ms'], ['tile cache hit, requests/s', '≥ 2000 req/s'], ['304 Not Modified, p50', '≤ 2 ms'], ['304 Not Modified, requests/s', '≥ 2000 req/s']]) missing(w!, g!, 'the tiles route does not answer')
  }
  // The server process's own peak resident memory while it served every tile above (VmHWM, reset before).
  const rssMb = server.peakRssMb()

  // bbox GeoJSON: 1 km² at the centre, and 100 × 100 cells (10,000 features, the list's limit).
  log('bbox GeoJSON …')
  const kmLon = 1000 / (111_320 * Math.cos((centre.lat * Math.PI) / 180))
  const kmLat = 1000 / 110_574
  const boxes: { what: string; box: number[]; limit: number; times: number; goal: number | null }[] = [
    { what: 'bbox GeoJSON 1 km²', box: [centre.lon - kmLon / 2, centre.lat - kmLat / 2, centre.lon + kmLon / 2, centre.lat + kmLat / 2], limit: 10000, times: 20, goal: null },
    { what: 'bbox GeoJSON 10,000 features', box: [centre.lon - 50 * cellDeg.lon, centre.lat - 50 * cellDeg.lat, centre.lon + 50 * cellDeg.lon, centre.lat + 50 * cellDeg.lat], limit: 10000, times: 10, goal: 1.25 },
  ]
  for (const b of boxes) {
    const q = `/api/parcels?bbox=${b.box.map((v) => v.toFixed(6)).join(',')}&limit=${b.limit}`
    let oursFeatures = 0
    const oursS = await timeEach([...Array(b.times)], 1, async () => {
      const r = await api.get(q, { 'accept-encoding': 'identity' }, true)
      if (r.status !== 200) throw new Error(`${q}: ${r.status} ${r.body}`)
      oursFeatures = (JSON.parse(r.body!.toString()) as { numberReturned: number }).numberReturned
      return r.size
    })
    let floorFeatures = 0
    const floorS = await timeEach([...Array(b.times)], 1, async () => {
      const r = await floors[0]!.query<{ id: number; project_id: number; code: string; land_class: string; owner: string; status: string; g: string }>(floorBboxSql, [...b.box.map((v) => Number(v.toFixed(6))), b.limit])
      const body = `{"type":"FeatureCollection","features":[${r.rows.map((x) => `{"type":"Feature","id":${x.id},"geometry":${x.g},"properties":${JSON.stringify({ id: x.id, project_id: x.project_id, code: x.code, land_class: x.land_class, owner: x.owner, status: x.status })}}`).join(',')}]}`
      floorFeatures = r.rows.length
      return Buffer.byteLength(body)
    })
    const ratio = oursS.p50 / floorS.p50
    rows.push({
      what: `${b.what}, p50`, ours: `${ms(oursS.p50)} (${(oursS.bytes / 2 ** 20).toFixed(1)} MB)`, floor: `${ms(floorS.p50)} (${(floorS.bytes / 2 ** 20).toFixed(1)} MB)`,
      ratio, goal: b.goal ? `≤ ${b.goal}×` : '—', met: b.goal ? ratio <= b.goal : null, note: `${oursFeatures} features (floor ${floorFeatures})`,
    })
  }

  // Panning in Chromium over the same server (ZD_BENCH_PAN=1; needs the built client in dist/client).
  if (process.env.ZD_BENCH_PAN === '1') {
    if (fs.existsSync(path.join(root, 'dist/client/index.html'))) {
      log('panning in Chromium …')
      const pan = await measurePanning(server.base, path.join(root, 'test-results'), [centre.lon, centre.lat], log)
      rows.push(...panRows(pan))
      notes.push(`Panning screenshots: ${pan.screenshots.map((f) => path.relative(root, f)).join(', ')}.`)
    } else {
      notes.push('ZD_BENCH_PAN=1 but the client is not built (npm run build): no panning rows.')
    }
  }

  // Import: the same 100,000 parcels (east of the grid) as psql COPY into the trigger-free million-row copy, and as a
  // file through our bulk import API into project BENCH-IMPORT.
  log('import …')
  const copyN = 100_000
  const copyCells = await extraCells(admin, seed, copyN, 10, count)
  const codes = await landClassCodes(admin)
  const landClassOf = (k: number) => codes[k % codes.length]!
  const csv = path.join(os.tmpdir(), `zd-bench-copy-${process.pid}.csv`)
  fs.writeFileSync(csv, copyCells.map((c) => `${count + 1 + c.k},9,C${c.k},${landClassOf(c.k)},示范导入镇第1村,37,surveyed,1,${c.ewkb},${c.ewkb3857},2026-01-01T00:00:00Z,bench`).join('\n') + '\n')
  const seq = path.join(os.tmpdir(), `zd-bench-import-${process.pid}.geojsonl`)
  // Codes of their own in every run: parcels an interrupted run left behind never collide with this run's.
  const runTag = Date.now().toString(36)
  fs.writeFileSync(seq, copyCells.map((c) => JSON.stringify({ type: 'Feature', geometry: JSON.parse(c.geojson), properties: { code: `I${runTag}-${c.k}`, land_class: landClassOf(c.k), owner: '示范导入镇第1村', status: 'surveyed', survey_zone: 37 } })).join('\n') + '\n')
  let copyS: number | null = null
  if (spawnSync('psql', ['--version']).status === 0) {
    const t = await timed(async () => {
      const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy bench.parcels_floor (id, project_id, code, land_class, owner, survey_zone, status, version, geom, geom_3857, updated_at, updated_by) FROM '${csv}' WITH (FORMAT csv)`], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`psql COPY: ${r.stderr}`)
    })
    copyS = t.ms / 1000
    await admin.query(`DELETE FROM bench.parcels_floor WHERE id > $1`, [count])
    await admin.query(`VACUUM bench.parcels_floor`)
  } else {
    notes.push('psql is not installed: the COPY floor of the import row is missing.')
  }
  fs.rmSync(csv, { force: true })
  const [{ id: importProject }] = (await admin.query<{ id: number }>(`SELECT id FROM projects WHERE code = 'BENCH-IMPORT'`)).rows as [{ id: number }]
  const leftovers = await removeParcels(admin, 'project_id = $1', [importProject], 'bench: import parcels of an interrupted run')
  if (leftovers) notes.push(`The parcels an earlier run left in project BENCH-IMPORT could not be removed (${leftovers}); they stay, outside the data set and east of this run's.`)
  // This run's parcels are those of BENCH-IMPORT above the largest id before it (ids only grow).
  const [{ before }] = (await admin.query<{ before: number }>(`SELECT coalesce(max(id), 0)::int AS before FROM parcels`)).rows as [{ before: number }]
  try {
    const imp = await uploadBulk(api, importProject, seq)
    const ratio = copyS === null ? null : imp.ms / 1000 / copyS
    rows.push({
      what: `import ${copyN.toLocaleString('en')} parcels`,
      ours: `${(imp.ms / 1000).toFixed(2)} s (${(imp.job.inserted / (imp.ms / 1000)).toFixed(0)} parcels/s)`,
      floor: copyS === null ? 'missing' : `${copyS.toFixed(2)} s (${(copyN / copyS).toFixed(0)} rows/s)`,
      ratio, goal: '≤ 1.5×', met: ratio === null ? null : ratio <= 1.5,
      note: `POST /api/imports/bulk of a ${(fs.statSync(seq).size / 2 ** 20).toFixed(0)} MB GeoJSON text sequence until the job is done (${imp.job.inserted} inserted) against psql \\copy of the same rows into the trigger-free copy`,
    })
  } catch (err) {
    missing(`import ${copyN.toLocaleString('en')} parcels`, '≤ 1.5×', `the bulk import failed: ${(err as Error).message}`)
  } finally {
    fs.rmSync(seq, { force: true })
  }
  // Back to exactly the data set: the imported parcels go again (with their history, as any delete).
  log('removing the imported parcels …')
  const removed = await removeParcels(admin, 'project_id = $1 AND id > $2', [importProject, before], 'bench: imported parcels removed')
  if (removed) notes.push(`Removing the imported parcels failed (${removed}): they stay in project BENCH-IMPORT; the next run removes them first.`)

  rows.push({
    what: `full reload of ${count.toLocaleString('en')} parcels`, ours: `${data.reloadS.toFixed(1)} s`, floor: '—', ratio: null, goal: '≤ 30 s', met: data.reloadS <= 30,
    note: `${present ? `recorded when loaded, ${data.generatedAt.toISOString()}` : 'this run'}: ${data.loadedBy}`,
  })
  rows.push({ what: 'server memory while serving tiles (peak RSS)', ours: `${rssMb.toFixed(0)} MB`, floor: '—', ratio: null, goal: '< 500 MB', met: rssMb < 500, note: `the server process alone (pid ${server.pid}), VmHWM while serving the tiles` })

  notes.push(`Load average (1 min) ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end, on ${os.cpus().length} cores.`)

  const report = {
    date, machine: machine(),
    database: `PostgreSQL ${ver[0]!.v}, PostGIS ${ver[0]!.p}, settings as configured (the floor's session: jit off, no parallel workers)`,
    dataset: `${count.toLocaleString('en')} synthetic parcels, seed ${seed}, jittered 47 m grid around 110.0°E 27.55°N (${grid.cols} × ${grid.rows} cells)`,
    rows, notes,
  }
  console.log('\n' + markdown(report))
  const files = writeReport(report, path.join(root, 'test-results'))
  log(`written: ${files.md}, ${files.json}`)

  for (const c of floors) await c.end()
  await admin.end()
  api.close()
  await stopAll()
}

// Interrupted (Ctrl-C, a timeout): end our server and MapServer's processes before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)))
}

main().catch(async (err) => {
  console.error(err)
  await stopAll()
  process.exit(1)
})
