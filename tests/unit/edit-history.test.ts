import { describe, expect, it } from 'vitest'
import { actionAddVertex } from '../../client/edit/actions/add-vertex.ts'
import { actionFinishDrawing } from '../../client/edit/actions/finish-drawing.ts'
import { actionMoveVertex } from '../../client/edit/actions/move-vertex.ts'
import { canRedo, canUndo, historyPush, historyRedo, historyStart, historyUndo } from '../../client/edit/history.ts'
import { emptyEditState, type EditState } from '../../client/edit/state.ts'

describe('history', () => {
  it('undoes and redoes every vertex added while drawing, then the finish and a drag', () => {
    let h = historyStart<EditState>(emptyEditState)
    const clicks = [[110, 27.55], [110.001, 27.55], [110.001, 27.551], [110, 27.551]]
    for (const p of clicks) h = historyPush(h, actionAddVertex(h.present, p))
    h = historyPush(h, actionFinishDrawing(h.present))
    h = historyPush(h, actionMoveVertex(h.present, { part: 0, ring: 0, index: 2 }, [110.0012, 27.5512]))
    expect(h.past).toHaveLength(6)

    h = historyUndo(h) // the drag
    expect(h.present.parts[0]![0]![2]).toEqual([110.001, 27.551])
    h = historyUndo(h) // the finish: drawing again with 4 vertices
    expect(h.present.parts).toEqual([])
    expect(h.present.drawing?.vertices).toHaveLength(4)
    h = historyUndo(h) // the fourth vertex
    expect(h.present.drawing?.vertices).toEqual(clicks.slice(0, 3))
    h = historyRedo(historyRedo(h))
    expect(h.present.parts).toHaveLength(1)
    expect(canRedo(h)).toBe(true)
    h = historyRedo(h)
    expect(h.present.parts[0]![0]![2]).toEqual([110.0012, 27.5512])
    expect(canRedo(h)).toBe(false)
  })

  it('records no step for an action that changed nothing, and a new step clears redo', () => {
    let h = historyStart<EditState>(emptyEditState)
    h = historyPush(h, actionAddVertex(h.present, [110, 27.55]))
    const same = historyPush(h, actionAddVertex(h.present, [110, 27.55]))
    expect(same).toBe(h)
    h = historyUndo(h)
    expect(canRedo(h)).toBe(true)
    h = historyPush(h, actionAddVertex(h.present, [111, 27.55]))
    expect(canRedo(h)).toBe(false)
    expect(canUndo(historyStart(1))).toBe(false)
    expect(historyUndo(historyStart(1))).toEqual(historyStart(1))
  })

  it('keeps at most the limit of steps, dropping the oldest', () => {
    let h = historyStart(0)
    for (let i = 1; i <= 10; i++) h = historyPush(h, i, 4)
    expect(h.past).toEqual([6, 7, 8, 9])
    expect(h.present).toBe(10)
  })
})
