import { describe, expect, it } from 'vitest'
import { entryBytes, TileCache, tileCacheKey, type CachedTile } from '../../server/tiles/tile-cache.ts'

const tile = (bytes: number, headers?: Record<string, string>): CachedTile => ({ gzip: Buffer.alloc(bytes, 7), ...(headers ? { headers } : {}) })

describe('tileCacheKey', () => {
  it('names layer, address and data version, so that a new version never reads an old entry', () => {
    expect(tileCacheKey('parcels', 14, 13301, 6923, 'mi0x.5')).toBe('parcels/14/13301/6923/mi0x.5')
    expect(tileCacheKey('parcels', 14, 13301, 6923, 'mi0x.6')).not.toBe(tileCacheKey('parcels', 14, 13301, 6923, 'mi0x.5'))
    expect(tileCacheKey('notices', 14, 13301, 6923, 'mi0x.5')).not.toBe(tileCacheKey('parcels', 14, 13301, 6923, 'mi0x.5'))
    expect(tileCacheKey('parcels', 1, 11, 1, 'v')).not.toBe(tileCacheKey('parcels', 11, 1, 1, 'v'))
  })
})

describe('TileCache', () => {
  it('counts the body, the key (2 bytes a UTF-16 unit) and the replayed headers', () => {
    expect(entryBytes('ab', tile(100))).toBe(104)
    expect(entryBytes('ab', tile(100, { 'X-Cap': '1' }))).toBe(104 + 12)
    const c = new TileCache(1000)
    c.set('ab', tile(100))
    c.set('cd', tile(0))
    expect(c.bytes).toBe(108)
    expect(c.size).toBe(2)
  })

  it('never holds more bytes than its budget: a store evicts the least recently used first', () => {
    const c = new TileCache(3 * 110)
    for (const k of ['k1', 'k2', 'k3']) c.set(k, tile(100))
    expect(c.bytes).toBe(312)
    c.set('k4', tile(100))
    expect(c.keys()).toEqual(['k2', 'k3', 'k4'])
    expect(c.bytes).toBe(312)
    expect(c.get('k1')).toBeUndefined()
  })

  it('keeps a tile that was read: a hit makes it the most recently used', () => {
    const c = new TileCache(3 * 110)
    for (const k of ['k1', 'k2', 'k3']) c.set(k, tile(100))
    expect(c.get('k1')?.gzip.length).toBe(100)
    c.set('k4', tile(100))
    expect(c.keys()).toEqual(['k3', 'k1', 'k4'])
    expect(c.hits).toBe(1)
  })

  it('evicts as many small tiles as a large one needs', () => {
    const c = new TileCache(1000)
    for (let i = 0; i < 9; i++) c.set(`s${i}`, tile(96))
    expect(c.size).toBe(9)
    c.set('big', tile(592))
    expect(c.keys()).toEqual(['s5', 's6', 's7', 's8', 'big'])
    expect(c.bytes).toBeLessThanOrEqual(1000)
  })

  it('replaces a key in place, counting only the new bytes', () => {
    const c = new TileCache(1000)
    c.set('k', tile(100))
    c.set('k', tile(300))
    expect(c.size).toBe(1)
    expect(c.bytes).toBe(302)
  })

  it('does not store a tile larger than the whole budget, and a budget of 0 stores nothing', () => {
    const c = new TileCache(500)
    c.set('a', tile(100))
    c.set('huge', tile(600))
    expect(c.keys()).toEqual(['a'])
    const off = new TileCache(0)
    off.set('a', tile(0))
    expect(off.size).toBe(0)
    expect(off.get('a')).toBeUndefined()
    expect(off.misses).toBe(1)
  })
})
