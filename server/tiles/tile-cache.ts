/** One cached tile: its gzipped body (empty for a tile that nothing meets), and the headers it was answered with. */
export interface CachedTile {
  /** The MVT bytes gzipped (RFC 1952); zero bytes for an empty tile (answered 204). */
  gzip: Buffer
  /** Extra response headers the tile was made with (e.g. the feature cap's), replayed on every hit. */
  headers?: Readonly<Record<string, string>>
}

/**
 * The cache key of a tile: layer, address and the data version it was made from. A new version makes new keys; the
 * entries of older versions are never read again and leave by LRU eviction.
 */
export function tileCacheKey(layer: string, z: number, x: number, y: number, version: string): string {
  return `${layer}/${z}/${x}/${y}/${version}`
}

/** The bytes an entry holds: the gzipped body, the key and the replayed headers (UTF-16 strings, 2 bytes a unit). */
export function entryBytes(key: string, tile: CachedTile): number {
  let n = tile.gzip.byteLength + key.length * 2
  for (const [k, v] of Object.entries(tile.headers ?? {})) n += (k.length + v.length) * 2
  return n
}

/**
 * An in-process LRU of gzipped tiles bounded by bytes, not entries: a z14 tile of a dense town is a hundred times
 * the size of a rural one. A JavaScript Map keeps insertion order, so the first key is the least recently used:
 * a hit moves its key to the end, and a store evicts from the front until the total fits the budget.
 */
export class TileCache {
  private readonly entries = new Map<string, { tile: CachedTile; bytes: number }>()
  private total = 0
  hits = 0
  misses = 0

  /** @param maxBytes the byte budget (ZD_TILE_CACHE_MB × 2^20); 0 turns the cache off. */
  constructor(readonly maxBytes: number) {}

  /** Bytes held now (bodies, keys and headers as entryBytes counts them); never above maxBytes. */
  get bytes(): number {
    return this.total
  }

  /** Number of tiles held. */
  get size(): number {
    return this.entries.size
  }

  /** The tile under `key`, made most recently used; undefined on a miss. */
  get(key: string): CachedTile | undefined {
    const e = this.entries.get(key)
    if (!e) {
      this.misses++
      return undefined
    }
    this.entries.delete(key)
    this.entries.set(key, e)
    this.hits++
    return e.tile
  }

  /** Keys from least to most recently used (for tests and diagnostics). */
  keys(): string[] {
    return [...this.entries.keys()]
  }

  /**
   * Stores a tile as the most recently used, evicting the least recently used until everything fits. A tile larger
   * than the whole budget is not stored (it would evict everything and then itself).
   */
  set(key: string, tile: CachedTile): void {
    const bytes = entryBytes(key, tile)
    const old = this.entries.get(key)
    if (old) {
      this.entries.delete(key)
      this.total -= old.bytes
    }
    if (bytes > this.maxBytes) return
    this.entries.set(key, { tile, bytes })
    this.total += bytes
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break
      this.entries.delete(k)
      this.total -= e.bytes
    }
  }

  /** Empties the cache. */
  clear(): void {
    this.entries.clear()
    this.total = 0
  }
}
