import { describe, expect, it } from 'vitest'
import { actionAddPart } from '../../client/edit/actions/add-part.ts'
import { actionAddVertex } from '../../client/edit/actions/add-vertex.ts'
import { actionCancelDrawing } from '../../client/edit/actions/cancel-drawing.ts'
import { actionDeleteVertex } from '../../client/edit/actions/delete-vertex.ts'
import { actionFinishDrawing } from '../../client/edit/actions/finish-drawing.ts'
import { actionInsertVertex } from '../../client/edit/actions/insert-vertex.ts'
import { actionMoveFeature } from '../../client/edit/actions/move-feature.ts'
import { actionMoveVertex } from '../../client/edit/actions/move-vertex.ts'
import { actionRemoveLastVertex } from '../../client/edit/actions/remove-last-vertex.ts'
import { actionRemovePart } from '../../client/edit/actions/remove-part.ts'
import { actionReplaceGeometry } from '../../client/edit/actions/replace-geometry.ts'
import { actionReplaceRing } from '../../client/edit/actions/replace-ring.ts'
import { editStateOf, emptyEditState, geometryOf, signedArea2, vertexCount, type EditState } from '../../client/edit/state.ts'
import { square } from '../helpers/fixtures.ts'

// Each action is a pure function from one editing state to the next: the input is never changed, and a step that
// changes nothing returns the very same state (so the history does not record it).
const sq = square(110, 27.55) // counter-clockwise, closed
const one: EditState = editStateOf({ type: 'Polygon', coordinates: [sq] })

function frozen<T>(v: T): T {
  return structuredClone(v)
}

describe('drawing a ring', () => {
  it('starts a drawing with the first vertex and appends the next ones', () => {
    let s = actionAddVertex(emptyEditState, [110, 27.55])
    expect(s.drawing).toEqual({ kind: 'ring', target: 'replace', vertices: [[110, 27.55]] })
    s = actionAddVertex(s, [110.001, 27.55])
    s = actionAddVertex(s, [110.001, 27.551], { kind: 'line', target: 'add' }) // only the first vertex starts
    expect(s.drawing?.kind).toBe('ring')
    expect(s.drawing?.vertices).toHaveLength(3)
    expect(vertexCount(s)).toBe(3)
  })

  it('ignores a click on the previous vertex again', () => {
    const s = actionAddVertex(emptyEditState, [110, 27.55])
    expect(actionAddVertex(s, [110, 27.55])).toBe(s)
  })

  it('takes back the last vertex, and the only vertex ends the drawing', () => {
    let s = actionAddVertex(actionAddVertex(emptyEditState, [110, 27.55]), [110.001, 27.55])
    s = actionRemoveLastVertex(s)
    expect(s.drawing?.vertices).toEqual([[110, 27.55]])
    expect(actionRemoveLastVertex(s).drawing).toBeNull()
    expect(actionRemoveLastVertex(emptyEditState)).toBe(emptyEditState)
  })

  it('finishes a ring of 3+ vertices as a closed counter-clockwise polygon replacing the parts', () => {
    let s: EditState = { ...one }
    for (const p of [[110.002, 27.55], [110.002, 27.551], [110.003, 27.551]]) s = actionAddVertex(s, p) // clockwise
    const done = actionFinishDrawing(s)
    expect(done.drawing).toBeNull()
    expect(done.parts).toHaveLength(1)
    const ring = done.parts[0]![0]!
    expect(ring[0]).toEqual(ring[ring.length - 1])
    expect(signedArea2(ring)).toBeGreaterThan(0)
  })

  it('adds the finished ring as a further part when the drawing says so', () => {
    let s = one
    for (const p of [[110.002, 27.55], [110.003, 27.55], [110.003, 27.551]]) s = actionAddVertex(s, p, { kind: 'ring', target: 'add' })
    const done = actionFinishDrawing(s)
    expect(done.parts).toHaveLength(2)
    expect(geometryOf(done)?.type).toBe('MultiPolygon')
  })

  it('refuses to finish a ring with fewer than 3 vertices', () => {
    const s = actionAddVertex(actionAddVertex(emptyEditState, [110, 27.55]), [110.001, 27.55])
    expect(actionFinishDrawing(s)).toBe(s)
  })

  it('finishes a line of 2+ vertices as the split line', () => {
    let s = actionAddVertex(one, [109.9995, 27.5505], { kind: 'line', target: 'replace' })
    s = actionAddVertex(s, [110.0015, 27.5505])
    const done = actionFinishDrawing(s)
    expect(done.line).toEqual([[109.9995, 27.5505], [110.0015, 27.5505]])
    expect(done.parts).toBe(one.parts)
  })

  it('cancels a drawing and keeps the parts', () => {
    const s = actionAddVertex(one, [110.002, 27.55])
    expect(actionCancelDrawing(s)).toEqual(one)
    expect(actionCancelDrawing(one)).toBe(one)
  })

  it('counts a ring being drawn as a part only when asked, with 3 vertices', () => {
    let s = emptyEditState
    for (const p of [[110, 27.55], [110.001, 27.55]]) s = actionAddVertex(s, p)
    expect(geometryOf(s, true)).toBeNull()
    s = actionAddVertex(s, [110.001, 27.551])
    expect(geometryOf(s)).toBeNull()
    expect(geometryOf(s, true)).toEqual({ type: 'Polygon', coordinates: [[[110, 27.55], [110.001, 27.55], [110.001, 27.551], [110, 27.55]]] })
  })
})

describe('editing vertices', () => {
  it('moves a vertex, and the first vertex moves with the closing position', () => {
    const input = frozen(one)
    const moved = actionMoveVertex(input, { part: 0, ring: 0, index: 0 }, [109.9999, 27.5499])
    const ring = moved.parts[0]![0]!
    expect(ring[0]).toEqual([109.9999, 27.5499])
    expect(ring[ring.length - 1]).toEqual([109.9999, 27.5499])
    expect(input).toEqual(one)
    expect(actionMoveVertex(one, { part: 0, ring: 0, index: 9 }, [0, 0])).toBe(one)
  })

  it('inserts a vertex between two others and at the end before the closing position', () => {
    const mid = actionInsertVertex(one, { part: 0, ring: 0, index: 1 }, [110.0005, 27.5499])
    expect(mid.parts[0]![0]).toEqual([sq[0], [110.0005, 27.5499], sq[1], sq[2], sq[3], sq[0]])
    const end = actionInsertVertex(one, { part: 0, ring: 0, index: 4 }, [109.9999, 27.5505])
    expect(end.parts[0]![0]).toEqual([sq[0], sq[1], sq[2], sq[3], [109.9999, 27.5505], sq[0]])
  })

  it('deletes a vertex but keeps at least three', () => {
    const five = actionInsertVertex(one, { part: 0, ring: 0, index: 1 }, [110.0005, 27.5499])
    expect(actionDeleteVertex(five, { part: 0, ring: 0, index: 1 })).toEqual(one)
    const three = actionDeleteVertex(one, { part: 0, ring: 0, index: 0 })
    expect(three.parts[0]![0]).toEqual([sq[1], sq[2], sq[3], sq[1]])
    expect(actionDeleteVertex(three, { part: 0, ring: 0, index: 0 })).toBe(three)
  })

  it('moves the whole feature or one part, rounding to 9 places', () => {
    const two = actionAddPart(one, [square(110.002, 27.55)])
    const moved = actionMoveFeature(two, [0.0001, -0.0002], 1)
    expect(moved.parts[0]).toEqual(two.parts[0])
    expect(moved.parts[1]![0]![0]).toEqual([110.0021, 27.5498])
    const all = actionMoveFeature(two, [1e-10 + 0.0001, 0])
    expect(all.parts[0]![0]![0]).toEqual([110.0001, 27.55])
    expect(actionMoveFeature(two, [0, 0])).toBe(two)
  })

  it('adds and removes parts', () => {
    const two = actionAddPart(one, [square(110.002, 27.55)])
    expect(two.parts).toHaveLength(2)
    expect(actionRemovePart(two, 0).parts).toEqual([[square(110.002, 27.55)]])
    expect(actionRemovePart(two, 5)).toBe(two)
  })

  it('replaces the geometry from a drawing tool and one ring from the select tool', () => {
    expect(actionReplaceGeometry(one, [[square(111, 27)]]).parts).toEqual([[square(111, 27)]])
    const r = actionReplaceRing(one, 0, 0, square(110, 27.55, 0.002))
    expect(r.parts[0]![0]).toEqual(square(110, 27.55, 0.002))
    expect(actionReplaceRing(one, 0, 0, [[110, 27.55], [110.001, 27.55], [110, 27.55]])).toBe(one)
    expect(actionReplaceRing(one, 3, 0, sq)).toBe(one)
  })

  it('keeps holes of an existing parcel through vertex edits', () => {
    const holed = editStateOf({ type: 'MultiPolygon', coordinates: [[square(110, 27.55, 0.003), square(110.001, 27.551).reverse()]] })
    const moved = actionMoveVertex(holed, { part: 0, ring: 0, index: 2 }, [110.0031, 27.5531])
    expect(moved.parts[0]![1]).toEqual(holed.parts[0]![1])
  })
})
