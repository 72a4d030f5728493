/**
 * GET /public/tiles/notices/:z/:x/:y.mvt: the public notices as a Mapbox Vector Tile, layer `notices`, feature id
 * = notice id, properties kind and status, extent 4096 with a 64-px buffer. Encoded by PostGIS (ST_AsMVT) on a
 * server database and by server/tiles/mvt-encode.ts on the embedded one, from the same rows of public_notices read
 * as zd_public. A tile that no public notice meets is answered 204 No Content (MapLibre shows it as empty).
 * Cached (server/tiles/tile-response.ts): `ETag: "notices-<public version>"` (server/db/public-version.ts), 304 on
 * If-None-Match before any database work, the gzipped tile kept in the process's tile cache under that version, and
 * Cache-Control for a CDN in front (public, max-age 30 s, stale-while-revalidate 60 s).
 */
import { asPublic } from '../db/public-reads.ts'
import { publicVersion } from '../db/public-version.ts'
import { noticeTile } from '../tiles/notice-tiles.ts'
import { parseTileAddress } from '../tiles/tiles.ts'
import { publicTileCacheControl, sendTile } from '../tiles/tile-response.ts'
import type { Handler } from './context.ts'

export const getNoticeTile: Handler = async (ctx, req, res) => {
  const { z, x, y } = parseTileAddress(req.params)
  await sendTile(ctx.db, ctx.config.tileCacheMb, req, res, {
    layer: 'notices', z, x, y,
    version: await publicVersion(ctx.publicDb),
    cacheControl: publicTileCacheControl,
    render: async () => ({ bytes: await asPublic(ctx.publicDb, (tx) => noticeTile(ctx.publicDb.kind, tx, z, x, y)) }),
  })
}
