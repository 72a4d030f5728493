import type { Database, Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { applyTileSettings, tileByNode, tileByPostgis, tileBuffer, tileExtent, maxTileZoom, validTile } from './tiles.ts'

const q = loadQueries('public-notices', ['tile_mvt', 'tile_rows'])

/** Tile extent and buffer of the notices layer, in tile pixels; the same for both encoders (server/tiles/tiles.ts). */
export const noticeTileExtent = tileExtent
export const noticeTileBuffer = tileBuffer
/** Deepest zoom served. */
export const maxNoticeTileZoom = maxTileZoom
export { validTile }

/**
 * The tile z/x/y of layer `notices` encoded by PostGIS (ST_AsMVT over ST_AsMVTGeom): server databases only.
 * `tx` runs as zd_public (server/db/public-reads.ts). Empty (0 bytes) when no public notice meets the tile.
 */
export async function noticeTileByPostgis(tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  return (await tileByPostgis(tx, q.tile_mvt, [z, x, y])).bytes
}

/**
 * The same tile from the same rows, the geometry brought to tile coordinates in SQL (zd_tile_coords) and encoded in
 * Node (server/tiles/mvt-encode.ts): for the embedded database, whose PostGIS lacks protobuf. Empty (0 bytes) when
 * no public notice meets the tile.
 */
export async function noticeTileByNode(tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  return (await tileByNode(tx, q.tile_rows, [z, x, y], 'notices')).bytes
}

/** The notices tile, by PostGIS on a server database and by Node on the embedded one, with the tile settings. */
export async function noticeTile(kind: Database['kind'], tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  await applyTileSettings(kind, tx)
  return kind === 'server' ? noticeTileByPostgis(tx, z, x, y) : noticeTileByNode(tx, z, x, y)
}
