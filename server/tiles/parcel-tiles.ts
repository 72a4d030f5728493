import type { Database, Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { applyTileSettings, tileByNode, tileByPostgis, type EncodedTile } from './tiles.ts'

const q = loadQueries('parcel-tiles', ['parcels_mvt', 'parcels_rows', 'overview_mvt', 'overview_rows'])

/** From this zoom the tile draws every parcel (layer `parcels`); below it, the overview (layer `parcels_overview`). */
export const parcelDetailMinZoom = 14

/**
 * Features at most in one parcel tile. A z14 tile at Huaihua is about 2.2 km square: 10 000 parcels there average
 * 480 m² each, denser than a 三调 land-survey layer, and make a tile of about 700 KB. Beyond it the tile draws the
 * 10 000 of lowest id and says so (`X-Tile-Capped`), and the map zooms in for the rest.
 */
export const parcelTileFeatureCap = 10_000

/** The header that says a tile left features out: its value is the cap. */
export const tileCappedHeader = 'X-Tile-Capped'

export interface ParcelTileOptions {
  /** Features at most (default parcelTileFeatureCap). */
  cap?: number
}

/** The layer and its queries for zoom z: full detail from parcelDetailMinZoom, the overview below. */
function layerAt(z: number) {
  return z >= parcelDetailMinZoom
    ? { name: 'parcels', mvt: q.parcels_mvt, rows: q.parcels_rows }
    : { name: 'parcels_overview', mvt: q.overview_mvt, rows: q.overview_rows }
}

/** The parcel tile z/x/y as PostGIS encodes it (ST_AsMVT): server databases only. */
export function parcelTileByPostgis(tx: Queryable, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  return tileByPostgis(tx, layerAt(z).mvt, [z, x, y, opts.cap ?? parcelTileFeatureCap])
}

/** The same tile from the same features encoded in Node (server/tiles/mvt-encode.ts): the embedded database's way. */
export function parcelTileByNode(tx: Queryable, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  const cap = opts.cap ?? parcelTileFeatureCap
  const layer = layerAt(z)
  return tileByNode(tx, layer.rows, [z, x, y, cap], layer.name, cap)
}

/**
 * The parcel tile z/x/y (a valid address, server/tiles/tiles.ts parseTileAddress), in one transaction with the tile
 * settings: z ≥ 14 layer `parcels` (feature id = parcel id; project_id, status, land_class), below it layer
 * `parcels_overview` (grid cells, townships, villages with their parcel count and area_mu). Extent 4096, buffer 64
 * px. PostGIS encodes it on a server database, Node on the embedded one. Empty bytes when nothing is drawn.
 */
export function parcelTile(db: Database, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  return db.transaction(async (tx) => {
    await applyTileSettings(db.kind, tx)
    return db.kind === 'server' ? parcelTileByPostgis(tx, z, x, y, opts) : parcelTileByNode(tx, z, x, y, opts)
  })
}

/** The headers a tile answers with besides its type: `X-Tile-Capped: <cap>` when the cap left features out. */
export function parcelTileHeaders(tile: EncodedTile, cap = parcelTileFeatureCap): Record<string, string> {
  return tile.capped ? { [tileCappedHeader]: String(cap) } : {}
}
