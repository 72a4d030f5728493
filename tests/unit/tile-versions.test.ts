import { describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.ts'
import { gapWaitMs, parcelVersionCheckMs, regionsOf, tileCoordinates, TileVersions } from '../../server/tiles/tile-versions.ts'

/** The z/x/y of the tile holding a lon/lat. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const [fx, fy] = tileCoordinates(lon, lat, z)
  return [z, Math.floor(fx), Math.floor(fy)]
}

const box = (lon: number, lat: number, size = 0.001) => ({ west: lon, south: lat, east: lon + size, north: lat + size })

/**
 * A stand-in for the one query TileVersions runs (sql/queries/tile-versions.sql parcel_changes), answering from a
 * list of committed parcel_history rows: the clock and the outside world, not our own code.
 */
function historyDb(rows: { id: number; lon: number; lat: number }[]) {
  let calls = 0
  const db = {
    kind: 'embedded',
    async query(_sql: string, params?: unknown[]) {
      calls++
      const [floor, limit] = params as [number, number]
      const maxId = rows.reduce((m, r) => Math.max(m, r.id), 0)
      const after = rows.filter((r) => r.id > floor).sort((a, b) => a.id - b.id).slice(0, limit)
      if (!after.length) return [{ max_id: maxId, id: null }]
      return after.map((r) => ({
        max_id: maxId, id: r.id, x0: r.lon, y0: r.lat, x1: r.lon + 0.001, y1: r.lat + 0.001, px0: null, py0: null, px1: null, py1: null,
      }))
    },
  } as unknown as Database
  return { db, rows, calls: () => calls }
}

describe('regionsOf', () => {
  it('gives the z14 tile a small parcel lies in', () => {
    const [, x, y] = tileAt(110.0005, 27.5005, 14)
    expect(regionsOf(box(110.0002, 27.5002, 0.0005))).toEqual([[x, y]])
  })

  it('adds the neighbour whose 64-px buffer a parcel near the edge reaches into', () => {
    const [fx] = tileCoordinates(110.0005, 27.5005, 14)
    const edgeLon = (Math.ceil(fx) / 2 ** 14) * 360 - 180 // the east edge of the tile
    const regions = regionsOf({ west: edgeLon - 0.0003, south: 27.5002, east: edgeLon - 0.0002, north: 27.5003 })
    expect(regions).toHaveLength(2)
    expect(regionsOf({ west: edgeLon - 0.01, south: 27.5002, east: edgeLon - 0.009, north: 27.5003 })).toHaveLength(1)
  })

  it('refuses to list a box of thousands of regions', () => {
    expect(regionsOf({ west: 108, south: 26, east: 111, north: 29 })).toBe('too-many')
  })
})

describe('TileVersions', () => {
  it('bumps the region of a change and leaves a far region as it was', () => {
    const v = new TileVersions(() => 1_000_000)
    const near = tileAt(110.0005, 27.5005, 16)
    const far = tileAt(110.2, 27.6, 16)
    const [n0, f0] = [v.parcelVersion(...near), v.parcelVersion(...far)]
    v.bumpBox(box(110.0002, 27.5002, 0.0005))
    expect(v.parcelVersion(...near)).not.toBe(n0)
    expect(v.parcelVersion(...tileAt(110.0005, 27.5005, 14))).toBe(v.parcelVersion(...near))
    expect(v.parcelVersion(...far)).toBe(f0)
  })

  it('bumps every overview tile with any change, and everything when asked', () => {
    const v = new TileVersions(() => 1_000_000)
    const overview = tileAt(110.2, 27.6, 10)
    const far = tileAt(110.2, 27.6, 15)
    const o0 = v.parcelVersion(...overview)
    v.bumpBox(box(110.0002, 27.5002))
    const o1 = v.parcelVersion(...overview)
    expect(o1).not.toBe(o0)
    const f1 = v.parcelVersion(...far)
    v.bumpEverything()
    expect(v.parcelVersion(...far)).not.toBe(f1)
    expect(v.parcelVersion(...overview)).not.toBe(o1)
  })

  it('never repeats a version after a restart (the epoch is the start time)', () => {
    const a = new TileVersions(() => 1_000_000)
    const b = new TileVersions(() => 1_000_001)
    expect(a.parcelVersion(14, 1, 1)).not.toBe(b.parcelVersion(14, 1, 1))
  })

  it('learns the writes of other processes from parcel_history at most every check interval', async () => {
    let now = 1_000_000
    const v = new TileVersions(() => now)
    const h = historyDb([{ id: 1, lon: 110.0002, lat: 27.5002 }])
    await v.refreshIfDue(h.db) // the first look only learns where the history ends
    const near = tileAt(110.0005, 27.5005, 15)
    const n0 = v.parcelVersion(...near)
    h.rows.push({ id: 2, lon: 110.0002, lat: 27.5002 })
    now += parcelVersionCheckMs - 1
    await v.refreshIfDue(h.db)
    expect(h.calls()).toBe(1)
    expect(v.parcelVersion(...near)).toBe(n0)
    now += 1
    await v.refreshIfDue(h.db)
    expect(h.calls()).toBe(2)
    expect(v.parcelVersion(...near)).not.toBe(n0)
  })

  it('waits for an id committed late (a longer transaction) and bumps its region when it appears', async () => {
    let now = 1_000_000
    const v = new TileVersions(() => now)
    const h = historyDb([])
    await v.check(h.db)
    const late = tileAt(110.3005, 27.5005, 15)
    const l0 = v.parcelVersion(...late)
    h.rows.push({ id: 2, lon: 110.0002, lat: 27.5002 }) // id 1 is still in an open transaction
    await v.check(h.db)
    now += gapWaitMs / 2
    h.rows.push({ id: 1, lon: 110.3002, lat: 27.5002 })
    await v.check(h.db)
    expect(v.parcelVersion(...late)).not.toBe(l0)
  })

  it('starts afresh when the history was emptied and its ids restarted', async () => {
    const v = new TileVersions(() => 1_000_000)
    const h = historyDb([{ id: 1, lon: 110, lat: 27.5 }, { id: 2, lon: 110, lat: 27.5 }])
    await v.check(h.db)
    const far = tileAt(110.2, 27.6, 15)
    const f0 = v.parcelVersion(...far)
    h.rows.splice(0, 2)
    await v.check(h.db)
    expect(v.parcelVersion(...far)).not.toBe(f0)
  })

  it('keeps its versions and does not throw when the database cannot be read', async () => {
    const v = new TileVersions(() => 1_000_000)
    const broken = { kind: 'embedded', query: async () => { throw new Error('connection refused') } } as unknown as Database
    const before = v.parcelVersion(15, 1, 1)
    await expect(v.check(broken)).resolves.toBeUndefined()
    expect(v.parcelVersion(15, 1, 1)).toBe(before)
  })
})
