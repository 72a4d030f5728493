import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Database } from '../db/database.ts'
import { etagMatches } from '../handlers/public-notices.ts'
import { TileCache, tileCacheKey, type CachedTile } from './tile-cache.ts'
import { forgetParcelTileVersions } from './tile-versions.ts'

const gzip = promisify(zlib.gzip)
const gunzip = promisify(zlib.gunzip)

/**
 * Cache-Control of the public tiles (anyone, through a CDN): a CDN or browser may reuse a tile for 30 s and, while it
 * revalidates in the background, for 60 s more, so a withdrawn notice leaves every map within about 90 s.
 */
export const publicTileCacheControl = 'public, max-age=30, stale-while-revalidate=60'
/** Cache-Control of the parcel tiles (logged-in users only): no shared cache keeps them; the browser revalidates. */
export const privateTileCacheControl = 'private, no-cache'

/** A tile as the encoder made it: MVT bytes (empty when nothing meets the tile) and any headers to answer with. */
export interface RenderedTile {
  bytes: Uint8Array
  headers?: Record<string, string>
}

export interface TileRequest {
  /** The route's layer name, first part of the ETag and of the cache key ('parcels', 'notices'). */
  layer: string
  z: number
  x: number
  y: number
  /** The data version the tile is made from; decided without database work (server/tiles/tile-versions.ts). */
  version: string
  cacheControl: string
  /** Makes the tile on a cache miss (the only database work). */
  render: () => Promise<RenderedTile>
}

/** A database's tile cache, and the tiles being made now (concurrent misses of one tile wait for one render). */
interface TileStore {
  cache: TileCache
  making: Map<string, Promise<RenderedTile>>
}

const caches = new WeakMap<Database, TileStore>()

function storeOf(db: Database, mb: number): TileStore {
  let s = caches.get(db)
  if (!s) {
    s = { cache: new TileCache(mb * 1024 * 1024), making: new Map() }
    caches.set(db, s)
  }
  return s
}

/** The tile cache of the process for this database, with a budget of `mb` MiB (ZD_TILE_CACHE_MB). */
export function tileCacheOf(db: Database, mb: number): TileCache {
  return storeOf(db, mb).cache
}

/**
 * The cached form of a rendered tile. gzip level 1: on a synthetic 98 KB parcel tile it took 5.7 ms against 10 ms
 * at the default level 6, for a body 7 % larger; the time is paid by every miss on a shared 2-core machine.
 */
async function pack(made: RenderedTile): Promise<CachedTile> {
  const body = made.bytes.length ? await gzip(made.bytes, { level: zlib.constants.Z_BEST_SPEED }) : Buffer.alloc(0)
  return { gzip: body, ...(made.headers ? { headers: made.headers } : {}) }
}

/** Forgets a database's tile cache and parcel versions (tests: after TRUNCATE … RESTART IDENTITY ids repeat). */
export function forgetTiles(db: Database): void {
  caches.delete(db)
  forgetParcelTileVersions(db)
}

/**
 * Whether an Accept-Encoding header accepts gzip, as Express's req.acceptsEncodings('gzip') decides it (negotiator):
 * the most specific entry naming gzip, else `*`, with the highest q among equals, accepts when its q is above 0; no
 * header accepts only identity.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  let exact = -1
  let any = -1
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';')
    const coding = name.trim().toLowerCase()
    if (coding !== 'gzip' && coding !== '*') continue
    let q = 1
    for (const param of params) {
      const eq = param.indexOf('=')
      if (eq > 0 && param.slice(0, eq).trim() === 'q') q = parseFloat(param.slice(eq + 1))
    }
    if (Number.isNaN(q)) q = 0
    if (coding === 'gzip') exact = Math.max(exact, q)
    else any = Math.max(any, q)
  }
  return (exact >= 0 ? exact : any) > 0
}

/** The type of every tile body. */
const mvtType = 'application/vnd.mapbox-vector-tile'

/** The request a tile is answered to: Node's own (server/tiles/tile-http.ts) or Express's, which extends it. */
type TileHttpRequest = Pick<IncomingMessage, 'headers'>

/**
 * Answers a tile request: `ETag: "<layer>-<version>"` and Cache-Control always; 304 when If-None-Match holds that
 * ETag, before any other work; else the tile from the cache, or made by `t.render()` on a miss (sent as made, then
 * stored gzipped). A hit sends the gzipped bytes as they are (Content-Encoding: gzip) to a client that accepts gzip,
 * decompressed to one that does not. An empty tile is answered 204. `X-Tile-Cache: hit | miss` says which.
 * Written against Node's response (writeHead, end) rather than Express's helpers: a cache hit or a 304 is the
 * most frequent answer of the server, and this is all of its work.
 */
export async function sendTile(db: Database, mb: number, req: TileHttpRequest, res: ServerResponse, t: TileRequest): Promise<void> {
  const etag = `"${t.layer}-${t.version}"`
  const headers: Record<string, string | number> = { ETag: etag, 'Cache-Control': t.cacheControl, Vary: 'Accept-Encoding' }
  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end()
    return
  }
  const { cache, making } = storeOf(db, mb)
  const key = tileCacheKey(t.layer, t.z, t.x, t.y, t.version)
  const tile = cache.get(key)
  if (!tile) {
    // A miss answers the rendered bytes at once and gzips them for the cache once the answer is written (in
    // libuv's thread pool), so that compression adds nothing to the wait; requests for the same tile meanwhile
    // share the one render.
    let pending = making.get(key)
    if (!pending) {
      const render = t.render()
      pending = render
      making.set(key, render)
      render.then(
        (made) => setImmediate(() => pack(made).then((packed) => cache.set(key, packed)).catch(() => {}).finally(() => making.delete(key))),
        () => making.delete(key),
      )
    }
    const made = await pending
    Object.assign(headers, { 'X-Tile-Cache': 'miss' }, made.headers)
    if (!made.bytes.length) return void res.writeHead(204, headers).end()
    const body = Buffer.from(made.bytes.buffer, made.bytes.byteOffset, made.bytes.byteLength)
    res.writeHead(200, Object.assign(headers, { 'Content-Type': mvtType, 'Content-Length': body.length })).end(body)
    return
  }
  Object.assign(headers, { 'X-Tile-Cache': 'hit' }, tile.headers)
  if (!tile.gzip.length) return void res.writeHead(204, headers).end()
  headers['Content-Type'] = mvtType
  const gzipped = acceptsGzip(req.headers['accept-encoding'] as string | undefined)
  const body = gzipped ? tile.gzip : await gunzip(tile.gzip)
  if (gzipped) headers['Content-Encoding'] = 'gzip'
  headers['Content-Length'] = body.length
  res.writeHead(200, headers).end(body)
}
