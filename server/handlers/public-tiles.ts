/**
 * GET /public/tiles/notices/:z/:x/:y.mvt: the public notices as a Mapbox Vector Tile, layer `notices`, feature id
 * = notice id, properties kind and status, extent 4096 with a 64-px buffer. Encoded by PostGIS (ST_AsMVT) on a
 * server database and by server/tiles/mvt-encode.ts on the embedded one, from the same rows of public_notices read
 * as zd_public. A tile that no public notice meets is answered 204 No Content (MapLibre shows it as empty).
 * Cached like the notices (ETag of the public version, Cache-Control: public, no-cache, 304 on If-None-Match).
 */
import { asPublic } from '../db/public-reads.ts'
import { Problem } from '../problem.ts'
import { noticeTile, validTile } from '../tiles/notice-tiles.ts'
import type { Handler } from './context.ts'
import { answeredFromCache } from './public-notices.ts'

const tileNumber = /^(0|[1-9]\d{0,7})$/

export const getNoticeTile: Handler = async (ctx, req, res) => {
  const [zs, xs, ys] = [req.params.z, req.params.x, req.params.y] as string[]
  if (![zs, xs, ys].every((s) => s !== undefined && tileNumber.test(s))) throw new Problem('INVALID_TILE')
  const [z, x, y] = [Number(zs), Number(xs), Number(ys)]
  if (!validTile(z, x, y)) throw new Problem('INVALID_TILE')
  if (await answeredFromCache(ctx, req, res)) return
  const tile = await asPublic(ctx.db, (tx) => noticeTile(ctx.db.kind, tx, z, x, y))
  if (!tile.length) {
    res.status(204).end()
    return
  }
  res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength))
}
