import type { Database } from '../db/database.ts'
import { loadQueries } from '../db/queries.ts'

const q = loadQueries('tile-versions', ['parcel_changes'])

/**
 * The zoom of the regions the parcel versions are kept for: one version per z14 tile (about 2.4 × 2.1 km at
 * Huaihua). z14 is the shallowest zoom of full-detail parcel tiles, so each detail tile lies in exactly one region
 * and its version is one map lookup; an edit makes new versions only for the detail tiles that can show it.
 */
export const parcelRegionZoom = 14
/** Below this zoom the parcels route answers the overview layer, whose features reach far beyond one edit. */
export const parcelDetailMinZoom = 14
/**
 * How long a process trusts its versions before looking at parcel_history again for writes made by other server
 * processes (a write made here bumps at once): the staleness bound of a tile after another process's write.
 */
export const parcelVersionCheckMs = 5000
/** How long a missing parcel_history id is waited for (an open transaction) before it is taken as rolled back. */
export const gapWaitMs = 60_000
/** Rows read per look; a larger batch (a bulk import) bumps everything instead of reading it row by row. */
const batchLimit = 20_000
/** A change whose box covers more regions than this bumps everything (cheaper than thousands of entries). */
const maxRegionsPerBox = 4096
/** The tile buffer (64 px of 4096) as a fraction of a detail tile: a change that near a region's edge shows in it. */
const bufferFraction = 64 / 4096

/** A box in lon/lat degrees. */
export interface LonLatBox {
  west: number
  south: number
  east: number
  north: number
}

const maxLat = 85.0511287798066

/** The fractional tile coordinates of a lon/lat at zoom z (spherical Web Mercator, EPSG:3857). */
export function tileCoordinates(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const rad = (Math.max(-maxLat, Math.min(maxLat, lat)) * Math.PI) / 180
  return [((lon + 180) / 360) * n, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n]
}

/**
 * The z14 regions a change inside `box` can show in: the tiles the box meets, widened by the 64-px tile buffer.
 * 'too-many' beyond maxRegionsPerBox.
 */
export function regionsOf(box: LonLatBox): [number, number][] | 'too-many' {
  const n = 2 ** parcelRegionZoom
  const [fx0, fy0] = tileCoordinates(box.west, box.north, parcelRegionZoom)
  const [fx1, fy1] = tileCoordinates(box.east, box.south, parcelRegionZoom)
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v)))
  const [x0, x1] = [clamp(fx0 - bufferFraction), clamp(fx1 + bufferFraction)]
  const [y0, y1] = [clamp(fy0 - bufferFraction), clamp(fy1 + bufferFraction)]
  if ((x1 - x0 + 1) * (y1 - y0 + 1) > maxRegionsPerBox) return 'too-many'
  const out: [number, number][] = []
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push([x, y])
  return out
}

interface ChangeRow {
  max_id: number
  id: number | null
  x0: number; y0: number; x1: number; y1: number
  px0: number | null; py0: number | null; px1: number | null; py1: number | null
}

/**
 * The data versions of the parcel tiles in one server process, which decide ETags and cache keys without any
 * database work. Versions are values of one counter, so a bump is always larger than every version before it:
 * - each z14 region has its own (tiles at z ≥ 14 take their region's);
 * - the overview (tiles below z14) has one, bumped by every change, because an overview feature (a grid cell, a
 *   village, a township) reaches beyond the box of the parcel that changed it;
 * - `everything` lifts all of them at once (an identity restart, a bulk import).
 * Where changes are learnt: parcel_history, which every parcel write fills in its own transaction (a create row with
 * the new shape, a tombstone with the old one, an update with both through the version before it). A write path of
 * this process calls bumpParcelTiles() after its commit; every tile request calls refreshIfDue(), which looks again
 * at most every parcelVersionCheckMs, for the writes of other processes. The rows are read by id after a floor below
 * which every id is settled; an id missing below a seen one (a transaction still open, or rolled back) is waited for
 * up to gapWaitMs. Versions start from a per-process epoch, so no version repeats across restarts.
 */
export class TileVersions {
  /** Start time in base 36: part of every version, so that a restarted process never reuses one. */
  readonly epoch: string
  private counter = 0
  private everything = 0
  private overview = 0
  private readonly regions = new Map<number, number>()
  private floor = 0
  private readonly seen = new Set<number>()
  private gapSince: number | undefined
  private lastCheck = -Infinity
  /** False until the first look, which only learns the largest id: nothing is cached yet that could be stale. */
  private started = false
  private chain: Promise<void> = Promise.resolve()
  private failing = false

  constructor(private readonly now: () => number = Date.now) {
    this.epoch = now().toString(36)
  }

  /** The version of parcel tile z/x/y (a valid address), as `<epoch>.<n>`. */
  parcelVersion(z: number, x: number, y: number): string {
    let v: number
    if (z < parcelDetailMinZoom) v = this.overview
    else {
      const shift = 2 ** (z - parcelRegionZoom)
      v = this.regions.get(Math.floor(x / shift) * 2 ** parcelRegionZoom + Math.floor(y / shift)) ?? 0
    }
    return `${this.epoch}.${Math.max(v, this.everything)}`
  }

  /** New versions for the regions `box` can show in, and for the overview. */
  bumpBox(box: LonLatBox): void {
    const regions = regionsOf(box)
    if (regions === 'too-many') return this.bumpEverything()
    const v = ++this.counter
    for (const [x, y] of regions) this.regions.set(x * 2 ** parcelRegionZoom + y, v)
    this.overview = v
  }

  /** A new version for every parcel tile. */
  bumpEverything(): void {
    this.everything = ++this.counter
    this.overview = this.everything
    this.regions.clear()
  }

  /** Looks at parcel_history for changes not yet seen (after this process's own writes, or when due); never throws. */
  check(db: Database): Promise<void> {
    this.lastCheck = this.now()
    this.chain = this.chain.then(() => this.sync(db)).then(
      () => {
        this.failing = false
      },
      (err: unknown) => {
        // The tiles keep the versions they have; the next request after parcelVersionCheckMs tries again.
        if (!this.failing) console.warn('[tiles] could not read parcel changes; tile versions may lag:', (err as Error).message)
        this.failing = true
      },
    )
    return this.chain
  }

  /** check() when the last look is older than parcelVersionCheckMs; else waits only for a look under way. */
  refreshIfDue(db: Database): Promise<void> {
    return this.now() - this.lastCheck >= parcelVersionCheckMs ? this.check(db) : this.chain
  }

  private async sync(db: Database): Promise<void> {
    const rows = await db.query<ChangeRow>(q.parcel_changes, [this.started ? this.floor : 2 ** 31 - 1, batchLimit + 1])
    const maxId = rows[0]?.max_id ?? 0
    if (!this.started) {
      this.started = true
      this.floor = maxId
      return
    }
    const changes = rows.filter((r) => r.id !== null)
    if (maxId < this.floor || changes.length > batchLimit) {
      // The table was emptied with its identity restarted (ids will repeat), or a bulk change: start afresh.
      this.bumpEverything()
      this.floor = maxId
      this.seen.clear()
      this.gapSince = undefined
      return
    }
    for (const r of changes) {
      const id = r.id!
      if (this.seen.has(id)) continue
      this.seen.add(id)
      this.bumpBox({ west: r.x0, south: r.y0, east: r.x1, north: r.y1 })
      if (r.px0 !== null) this.bumpBox({ west: r.px0, south: r.py0!, east: r.px1!, north: r.py1! })
    }
    this.advanceFloor()
  }

  /** Moves the floor over the ids seen; gives up on a missing id after gapWaitMs. */
  private advanceFloor(): void {
    for (;;) {
      while (this.seen.delete(this.floor + 1)) this.floor++
      if (!this.seen.size) {
        this.gapSince = undefined
        return
      }
      const t = this.now()
      this.gapSince ??= t
      if (t - this.gapSince < gapWaitMs) return
      let next = Infinity
      for (const id of this.seen) if (id < next) next = id
      this.floor = next - 1
      this.gapSince = undefined
    }
  }
}

const byDatabase = new WeakMap<Database, TileVersions>()

/** The parcel tile versions of the process for this database. */
export function parcelTileVersions(db: Database): TileVersions {
  let v = byDatabase.get(db)
  if (!v) {
    v = new TileVersions()
    byDatabase.set(db, v)
  }
  return v
}

/**
 * Call after a parcel write has committed (create, update, delete, split, merge, restore, import): reads the new
 * parcel_history rows and bumps the versions of the regions they touch (the old and the new shape), so that this
 * process never serves a tile older than its own write. Never throws: the write has happened whatever this does.
 */
export function bumpParcelTiles(db: Database): Promise<void> {
  return parcelTileVersions(db).check(db)
}

/** Forgets the versions of a database (tests: after TRUNCATE … RESTART IDENTITY the ids repeat at once). */
export function forgetParcelTileVersions(db: Database): void {
  byDatabase.delete(db)
}
