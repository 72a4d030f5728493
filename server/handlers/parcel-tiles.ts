/**
 * GET /api/tiles/parcels/:z/:x/:y.mvt (any logged-in role): the parcels as a Mapbox Vector Tile
 * (server/tiles/parcel-tiles.ts). 200 application/vnd.mapbox-vector-tile; 204 when nothing meets the tile;
 * `X-Tile-Capped: <cap>` when the feature cap left features out; 404 INVALID_TILE for an address that does not exist.
 * Cached (server/tiles/tile-response.ts): `ETag: "parcels-<region version>"` (server/tiles/tile-versions.ts), 304 on
 * If-None-Match with no database work (the session, checked seconds ago, from server/auth/session-cache.ts; the route
 * is marked `cachedSession` in server/routes.ts), gzipped tiles in the process's cache, and
 * `Cache-Control: private, no-cache`. From z14 layer `parcels` (id, project_id, status, land_class, code), from z16
 * also layer `parcel_labels` (label points, id, code).
 */
import { parcelTile, parcelTileHeaders } from '../tiles/parcel-tiles.ts'
import { privateTileCacheControl, sendTile } from '../tiles/tile-response.ts'
import { parcelTileVersions } from '../tiles/tile-versions.ts'
import { parseTileAddress } from '../tiles/tiles.ts'
import type { Handler } from './context.ts'

export const getParcelTile: Handler = async (ctx, req, res) => {
  const { z, x, y } = parseTileAddress(req.params)
  const versions = parcelTileVersions(ctx.db)
  await versions.refreshIfDue(ctx.db)
  await sendTile(ctx.db, ctx.config.tileCacheMb, req, res, {
    layer: 'parcels', z, x, y,
    version: versions.parcelVersion(z, x, y),
    cacheControl: privateTileCacheControl,
    render: async () => {
      const tile = await parcelTile(ctx.db, z, x, y)
      return { bytes: tile.bytes, headers: parcelTileHeaders(tile) }
    },
  })
}
