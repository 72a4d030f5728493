import type { Database, Queryable } from '../db/database.ts'
import { Problem } from '../problem.ts'
import { encodeMvt, type MvtFeature, type MvtValue } from './mvt-encode.ts'

/**
 * What every vector tile of the app shares: the address rule, the tile connection's settings, and the two ways a
 * tile is made from one parameterised query — by PostGIS (ST_AsMVT, server databases) or by the Node encoder from
 * the same rows with their geometry already in tile coordinates (the embedded PGlite, which lacks ST_AsMVT).
 */

/** Tile extent and buffer, in tile pixels, of every layer; the same for both encoders. */
export const tileExtent = 4096
export const tileBuffer = 64
/** Deepest zoom served; a tile of z 22 is about 10 m wide at Huaihua. */
export const maxTileZoom = 22

/** A tile address: zoom, column, row (XYZ, row 0 at the north). */
export interface TileAddress { z: number; x: number; y: number }

/** Bytes of a tile (empty when nothing is drawn) and whether its feature cap left features out. */
export interface EncodedTile { bytes: Uint8Array; capped: boolean }

/** A tile address that exists: 0 ≤ z ≤ maxTileZoom and 0 ≤ x, y < 2^z. */
export function validTile(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || z < 0 || z > maxTileZoom) return false
  const n = 2 ** z
  return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < n && y < n
}

const tileNumber = /^(0|[1-9]\d{0,7})$/

/** The z/x/y of a route's params (decimal, no sign or leading zero); 404 INVALID_TILE for any other. */
export function parseTileAddress(params: Record<string, string | string[] | undefined>): TileAddress {
  const [zs, xs, ys] = [params.z, params.x, params.y]
  if (![zs, xs, ys].every((s) => typeof s === 'string' && tileNumber.test(s))) throw new Problem('INVALID_TILE')
  const [z, x, y] = [Number(zs), Number(xs), Number(ys)]
  if (!validTile(z, x, y)) throw new Problem('INVALID_TILE')
  return { z, x, y }
}

/** How long one tile statement may run on a server database before PostgreSQL cancels it (→ 503 DB_TIMEOUT). */
export const tileStatementTimeoutMs = 5000

/**
 * The settings of a tile transaction on a server database: no JIT (its compile time exceeds a tile's query), no
 * parallel workers (a tile is one small index scan; workers cost more to start than they save and take cores from
 * the other tiles) and a statement timeout; all SET LOCAL, so the pooled connection goes back as it came. The
 * embedded database has neither JIT nor workers, and its single-threaded PostgreSQL has no timer to time out with.
 */
export async function applyTileSettings(kind: Database['kind'], tx: Queryable) {
  if (kind !== 'server') return
  await tx.query(
    `SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
            set_config('statement_timeout', $1, true)`, [String(tileStatementTimeoutMs)])
}

/**
 * The same settings for a whole session, as libpq options: the connections of the tile pool start with them, so a
 * tile is one statement and one round trip, with no BEGIN, SET LOCAL or COMMIT around it.
 */
export const tileSessionOptions =
  `-c jit=off -c max_parallel_workers_per_gather=0 -c statement_timeout=${tileStatementTimeoutMs}`

/**
 * Connections of the tile pool. A tile keeps a core busy while it runs, so more tiles at once than a small server
 * has cores only share them; further requests wait in the pool's queue (and, past the timeout, answer 503).
 */
export const tilePoolSize = 4

/**
 * Runs a tile's reads under the tile settings: on a server, on the tile pool (Database.sessionPool); on the embedded
 * database (or a wrapper without a session pool), in one transaction that sets them first (applyTileSettings).
 */
export function withTileSettings<T>(db: Database, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const pool = db.sessionPool?.(tileSessionOptions, tilePoolSize)
  if (pool) return fn(pool)
  return db.transaction(async (tx) => {
    await applyTileSettings(db.kind, tx)
    return fn(tx)
  })
}

/** A layer's pair of queries: `mvt` answers ST_AsMVT bytes, `rows` the same features for the Node encoder. */
export interface TileQueries {
  /** One row: `mvt` (bytea or NULL when nothing is drawn), optionally `capped` (boolean). */
  mvt: string
  /**
   * The features: `id`, `geometry_json` (GeoJSON in tile coordinates, NULL when the feature draws nothing) and
   * every other column a property (NULL ones left out, as ST_AsMVT does). With a cap, the first cap + 1 by id.
   */
  rows: string
}

/** The tile as PostGIS encodes it (ST_AsMVT): server databases only. */
export async function tileByPostgis(tx: Queryable, sql: string, params: unknown[]): Promise<EncodedTile> {
  const [row] = await tx.query<{ mvt: Uint8Array | null; capped?: boolean | null }>(sql, params)
  return { bytes: row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array(0), capped: row?.capped === true }
}

/** A point layer the Node encoder draws from one more column of the same rows (the parcels' labels). */
export interface NodePointLayer {
  name: string
  /** The column with the point as GeoJSON in tile coordinates (NULL: no point); not a property of the main layer. */
  column: string
  /** The columns that are the point's properties (NULL ones left out). */
  properties: string[]
}

/** The non-NULL values of `keys` in a row, as tile properties. */
function propertiesOf(r: Record<string, unknown>, keys: Iterable<string>): Record<string, MvtValue> {
  const properties: Record<string, MvtValue> = {}
  for (const k of keys) if (r[k] !== null && r[k] !== undefined) properties[k] = r[k] as MvtValue
  return properties
}

/**
 * The same tile encoded in Node (server/tiles/mvt-encode.ts) from rows whose geometry SQL brought to tile
 * coordinates. With `cap`, the rows are the first cap + 1 met, by id: the first `cap` are drawn and a row beyond
 * says the tile was capped. With `points`, a second layer of the drawn rows' points.
 */
export async function tileByNode(
  tx: Queryable, sql: string, params: unknown[], layer: string, cap?: number, points?: NodePointLayer,
): Promise<EncodedTile> {
  const rows = await tx.query<Record<string, unknown> & { id: number; geometry_json: string | null }>(sql, params)
  const capped = cap !== undefined && rows.length > cap
  const drawn = capped ? rows.slice(0, cap) : rows
  const own = (k: string) => k !== 'id' && k !== 'geometry_json' && k !== points?.column
  const features: MvtFeature[] = []
  const pointFeatures: MvtFeature[] = []
  for (const r of drawn) {
    if (r.geometry_json !== null) {
      features.push({ id: r.id, properties: propertiesOf(r, Object.keys(r).filter(own)), geometry: JSON.parse(r.geometry_json) as MvtFeature['geometry'] })
    }
    const point = points ? r[points.column] : null
    if (typeof point === 'string') {
      pointFeatures.push({ id: r.id, properties: propertiesOf(r, points!.properties), geometry: JSON.parse(point) as MvtFeature['geometry'] })
    }
  }
  const layers = [{ name: layer, extent: tileExtent, features }]
  if (points) layers.push({ name: points.name, extent: tileExtent, features: pointFeatures })
  return { bytes: encodeMvt(layers), capped }
}

/** The tile by PostGIS on a server database and by Node on the embedded one, from the same query parameters. */
export function tileOf(kind: Database['kind'], tx: Queryable, queries: TileQueries, params: unknown[], layer: string, cap?: number): Promise<EncodedTile> {
  return kind === 'server' ? tileByPostgis(tx, queries.mvt, params) : tileByNode(tx, queries.rows, params, layer, cap)
}
