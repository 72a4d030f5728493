import { describe, expect, it } from 'vitest'
import { snapPoint, type SnapVertex } from '../../client/edit/snap.ts'

// Screen positions in px, lon/lat positions as a neighbour parcel's vertices come from the API (full precision).
const a: SnapVertex = { x: 100, y: 100, position: [110.00012345678901, 27.550098765432101] }
const b: SnapVertex = { x: 200, y: 100, position: [110.00112345678901, 27.550098765432101] }
const c: SnapVertex = { x: 200, y: 200, position: [110.00112345678901, 27.549198765432101] }

describe('snapPoint', () => {
  it('snaps to a vertex within the tolerance with exactly its coordinates', () => {
    const r = snapPoint({ x: 104, y: 97 }, { vertices: [a, b, c], edges: [] }, 10)
    expect(r?.kind).toBe('vertex')
    expect(r?.position).toBe(a.position) // the same array, the same numbers
    expect(r?.distancePx).toBe(5)
  })

  it('prefers a vertex to a nearer edge', () => {
    const r = snapPoint({ x: 108, y: 101 }, { vertices: [a], edges: [{ a, b }] }, 10)
    expect(r?.kind).toBe('vertex')
  })

  it('picks the nearest of several vertices', () => {
    const near: SnapVertex = { x: 103, y: 100, position: [1, 2] }
    expect(snapPoint({ x: 104, y: 100 }, { vertices: [a, near], edges: [] }, 10)?.position).toEqual([1, 2])
  })

  it('snaps to a point on an edge at the pointer’s fraction of it', () => {
    const r = snapPoint({ x: 150, y: 104 }, { vertices: [a, b], edges: [{ a, b }] }, 10)
    expect(r?.kind).toBe('edge')
    expect(r?.distancePx).toBeCloseTo(4, 12)
    expect(r?.position[0]).toBeCloseTo((a.position[0]! + b.position[0]!) / 2, 12)
    expect(r?.position[1]).toBe(a.position[1])
  })

  it('snaps to nothing beyond the tolerance, past an edge’s ends, or when the tolerance is 0', () => {
    expect(snapPoint({ x: 150, y: 115 }, { vertices: [a, b], edges: [{ a, b }] }, 10)).toBeNull()
    expect(snapPoint({ x: 215, y: 100 }, { vertices: [], edges: [{ a, b }] }, 10)).toBeNull()
    expect(snapPoint({ x: 100, y: 100 }, { vertices: [a], edges: [] }, 0)).toBeNull()
  })
})
