import type { Queryable } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'
import { encodeMvt, type MvtFeature } from './mvt-encode.ts'

const q = loadQueries('public-notices', ['tile_mvt', 'tile_rows'])

/** Tile extent and buffer of the notices layer, in tile pixels; the same for both encoders. */
export const noticeTileExtent = 4096
export const noticeTileBuffer = 64
/** Deepest zoom served; a tile of z 22 is about 10 m wide at Huaihua. */
export const maxNoticeTileZoom = 22

/** A tile address that exists: 0 ≤ z ≤ maxNoticeTileZoom and 0 ≤ x, y < 2^z. */
export function validTile(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || z < 0 || z > maxNoticeTileZoom) return false
  const n = 2 ** z
  return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < n && y < n
}

/**
 * The tile z/x/y of layer `notices` encoded by PostGIS (ST_AsMVT over ST_AsMVTGeom): server databases only.
 * `tx` runs as zd_public (server/db/public-reads.ts). Empty (0 bytes) when no public notice meets the tile.
 */
export async function noticeTileByPostgis(tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  const [row] = await tx.query<{ mvt: Uint8Array | null }>(q.tile_mvt, [z, x, y])
  return row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array(0)
}

/**
 * The same tile from the same rows, the geometry brought to tile coordinates in SQL and encoded in Node
 * (server/tiles/mvt-encode.ts): for the embedded database, whose PostGIS lacks protobuf. Empty (0 bytes) when no
 * public notice meets the tile.
 */
export async function noticeTileByNode(tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  const rows = await tx.query<{ id: number; kind: string; status: string; geometry_json: string }>(q.tile_rows, [z, x, y])
  const features: MvtFeature[] = rows.map((r) => ({
    id: r.id,
    properties: { kind: r.kind, status: r.status },
    geometry: JSON.parse(r.geometry_json) as MvtFeature['geometry'],
  }))
  return encodeMvt([{ name: 'notices', extent: noticeTileExtent, features }])
}

/** The notices tile, by PostGIS on a server database and by Node on the embedded one. */
export function noticeTile(kind: 'embedded' | 'server', tx: Queryable, z: number, x: number, y: number): Promise<Uint8Array> {
  return kind === 'server' ? noticeTileByPostgis(tx, z, x, y) : noticeTileByNode(tx, z, x, y)
}
