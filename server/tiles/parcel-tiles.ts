import type { Database, Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { tileByNode, tileByPostgis, withTileSettings, type EncodedTile, type NodePointLayer } from './tiles.ts'

const q = loadQueries('parcel-tiles', ['parcels_mvt', 'parcels_labels_mvt', 'parcels_rows', 'overview_mvt', 'overview_rows'])

/** From this zoom the tile draws every parcel (layer `parcels`); below it, the overview (layer `parcels_overview`). */
export const parcelDetailMinZoom = 14

/** From this zoom the parcel tile also has layer `parcel_labels`: each parcel's label point, property code. */
export const parcelLabelMinZoom = 16

/** The label layer of the Node encoder: the column label_json of sql/queries/parcel-tiles.sql parcels_rows. */
const labelLayer: NodePointLayer = { name: 'parcel_labels', column: 'label_json', properties: ['code'] }

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
  if (z < parcelDetailMinZoom) return { name: 'parcels_overview', mvt: q.overview_mvt, rows: q.overview_rows, points: undefined }
  return z >= parcelLabelMinZoom
    ? { name: 'parcels', mvt: q.parcels_labels_mvt, rows: q.parcels_rows, points: labelLayer }
    : { name: 'parcels', mvt: q.parcels_mvt, rows: q.parcels_rows, points: undefined }
}

/**
 * The parcel tile z/x/y as PostGIS encodes it (ST_AsMVT): server databases only. From z14 the query draws cap + 1
 * rows and counts them, the plain floor's one pass; only when more than the cap met the tile (a dense town at z14)
 * is it drawn again with the cap, so the lowest ids are exactly the ones drawn.
 */
export async function parcelTileByPostgis(tx: Queryable, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  const cap = opts.cap ?? parcelTileFeatureCap
  const layer = layerAt(z)
  if (z < parcelDetailMinZoom) return tileByPostgis(tx, layer.mvt, [z, x, y, cap])
  const draw = async (rows: number) => {
    const [row] = await tx.query<{ mvt: Uint8Array | null; met: number }>(layer.mvt, [z, x, y, rows])
    return { bytes: row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array(0), met: row?.met ?? 0 }
  }
  const first = await draw(cap + 1)
  if (first.met <= cap) return { bytes: first.bytes, capped: false }
  return { bytes: (await draw(cap)).bytes, capped: true }
}

/** The same tile from the same features encoded in Node (server/tiles/mvt-encode.ts): the embedded database's way. */
export function parcelTileByNode(tx: Queryable, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  const cap = opts.cap ?? parcelTileFeatureCap
  const layer = layerAt(z)
  return tileByNode(tx, layer.rows, [z, x, y, cap], layer.name, cap, layer.points)
}

/**
 * The parcel tile z/x/y (a valid address, server/tiles/tiles.ts parseTileAddress), read under the tile settings
 * (withTileSettings): z ≥ 14 layer `parcels` (feature id = parcel id; project_id, status, land_class, code), from z16
 * also the point layer `parcel_labels` (feature id = parcel id; code; the stored label point), below z14 layer
 * `parcels_overview` (grid cells, townships, villages with their parcel count and area_mu). Extent 4096, buffer 64
 * px. PostGIS encodes it on a server database, Node on the embedded one. Empty bytes when nothing is drawn.
 */
export function parcelTile(db: Database, z: number, x: number, y: number, opts: ParcelTileOptions = {}): Promise<EncodedTile> {
  return withTileSettings(db, (q) => (db.kind === 'server' ? parcelTileByPostgis(q, z, x, y, opts) : parcelTileByNode(q, z, x, y, opts)))
}

/** The headers a tile answers with besides its type: `X-Tile-Capped: <cap>` when the cap left features out. */
export function parcelTileHeaders(tile: EncodedTile, cap = parcelTileFeatureCap): Record<string, string> {
  return tile.capped ? { [tileCappedHeader]: String(cap) } : {}
}
