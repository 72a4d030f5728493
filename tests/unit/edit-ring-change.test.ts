import { describe, expect, it } from 'vitest'
import { applyRingChange, classifyRingChange } from '../../client/edit/ring-change.ts'
import { editStateOf } from '../../client/edit/state.ts'
import { square } from '../helpers/fixtures.ts'

// The select tool reports a whole ring after each gesture; these are the pure actions it maps to.
const sq = square(110, 27.55)
const state = editStateOf({ type: 'Polygon', coordinates: [sq] })

describe('classifyRingChange', () => {
  it('finds a moved vertex (the first moves with the closing position)', () => {
    const after = sq.map((p) => [...p])
    after[0] = [109.9999, 27.5499]
    after[4] = [109.9999, 27.5499]
    expect(classifyRingChange(sq, after)).toEqual({ type: 'move', index: 0, position: [109.9999, 27.5499] })
  })

  it('finds an inserted midpoint and a deleted vertex', () => {
    const inserted = [sq[0]!, sq[1]!, [110.0011, 27.5505], sq[2]!, sq[3]!, sq[0]!]
    expect(classifyRingChange(sq, inserted)).toEqual({ type: 'insert', index: 2, position: [110.0011, 27.5505] })
    expect(classifyRingChange(inserted, sq)).toEqual({ type: 'delete', index: 2 })
    expect(classifyRingChange(sq, [sq[1]!, sq[2]!, sq[3]!, sq[1]!])).toEqual({ type: 'delete', index: 0 })
  })

  it('finds a translation and falls back to a replacement', () => {
    const moved = sq.map(([x, y]) => [x! + 0.00012, y! - 0.00003])
    const t = classifyRingChange(sq, moved)
    expect(t.type).toBe('translate')
    expect(classifyRingChange(sq, square(111, 27))).toEqual({ type: 'translate', delta: [1, -0.5500000000000007] })
    expect(classifyRingChange(sq, [sq[0]!, [110.0012, 27.5], [110.0011, 27.5512], sq[3]!, sq[0]!])).toEqual({ type: 'replace' })
    expect(classifyRingChange(sq, sq)).toEqual({ type: 'none' })
  })
})

describe('applyRingChange', () => {
  it('keeps a dragged vertex’s own (snapped) coordinates and rounds an inserted midpoint', () => {
    const snapped = [110.00012345678901234, 27.549876543210987]
    const after = sq.map((p) => [...p])
    after[2] = snapped
    expect(applyRingChange(state, 0, 0, after).parts[0]![0]![2]).toEqual(snapped)
    const inserted = [sq[0]!, [110.00050000000123, 27.5499999], sq[1]!, sq[2]!, sq[3]!, sq[0]!]
    expect(applyRingChange(state, 0, 0, inserted).parts[0]![0]![1]).toEqual([110.0005, 27.5499999])
  })

  it('returns the same state when nothing changed or the part does not exist', () => {
    expect(applyRingChange(state, 0, 0, sq)).toBe(state)
    expect(applyRingChange(state, 2, 0, sq)).toBe(state)
  })
})
