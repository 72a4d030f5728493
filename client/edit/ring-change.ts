import type { Position } from 'geojson'
import { actionDeleteVertex } from './actions/delete-vertex.ts'
import { actionInsertVertex } from './actions/insert-vertex.ts'
import { actionMoveFeature } from './actions/move-feature.ts'
import { actionMoveVertex } from './actions/move-vertex.ts'
import { actionReplaceRing } from './actions/replace-ring.ts'
import { openRing, ringAt, roundPosition, samePosition, type EditState } from './state.ts'

/** What one gesture of the drawing tool did to a ring, found by comparing the ring before and after it. */
export type RingChange =
  | { type: 'none' }
  | { type: 'move'; index: number; position: Position }
  | { type: 'insert'; index: number; position: Position }
  | { type: 'delete'; index: number }
  | { type: 'translate'; delta: [number, number] }
  | { type: 'replace' }

/** Translation tolerance in degrees: the tool adds the same offset to each vertex in floating point. */
const translateTolerance = 1e-9

/**
 * Classifies the change between two versions of a closed ring: one vertex moved, inserted or deleted, the whole
 * ring translated, or anything else ('replace'). Pure, so the mapping from a tool's gesture to an edit action
 * is tested without a map.
 */
export function classifyRingChange(before: Position[], after: Position[]): RingChange {
  const a = openRing(before)
  const b = openRing(after)
  if (a.length === b.length) {
    const differing: number[] = []
    for (let i = 0; i < a.length; i++) if (!samePosition(a[i], b[i])) differing.push(i)
    if (differing.length === 0) return { type: 'none' }
    if (differing.length === 1) return { type: 'move', index: differing[0]!, position: b[differing[0]!]! }
    const dx = b[0]![0]! - a[0]![0]!
    const dy = b[0]![1]! - a[0]![1]!
    const translated = a.every(
      (p, i) => Math.abs(b[i]![0]! - p[0]! - dx) <= translateTolerance && Math.abs(b[i]![1]! - p[1]! - dy) <= translateTolerance,
    )
    return translated ? { type: 'translate', delta: [dx, dy] } : { type: 'replace' }
  }
  if (b.length === a.length + 1) {
    let i = 0
    while (i < a.length && samePosition(a[i], b[i])) i++
    if (a.every((p, k) => samePosition(p, b[k < i ? k : k + 1]))) return { type: 'insert', index: i, position: b[i]! }
  }
  if (b.length === a.length - 1) {
    let i = 0
    while (i < b.length && samePosition(a[i], b[i])) i++
    if (b.every((p, k) => samePosition(p, a[k < i ? k : k + 1]))) return { type: 'delete', index: i }
    // The first vertex removed: the tool closes the ring on the old second vertex, i.e. the same ring.
    if (b.every((p, k) => samePosition(p, a[k + 1]))) return { type: 'delete', index: 0 }
  }
  return { type: 'replace' }
}

/**
 * The state after the drawing tool changed ring `ring` of polygon `part` to `after`, as the matching pure
 * action: a moved vertex keeps the tool's position (already snapped or rounded), an inserted midpoint and a
 * translation are rounded like any position the user places.
 */
export function applyRingChange(state: EditState, part: number, ring: number, after: Position[]): EditState {
  const before = ringAt(state, { part, ring })
  if (!before) return state
  const change = classifyRingChange(before, after)
  switch (change.type) {
    case 'none':
      return state
    case 'move':
      return actionMoveVertex(state, { part, ring, index: change.index }, change.position)
    case 'insert':
      return actionInsertVertex(state, { part, ring, index: change.index }, roundPosition(change.position))
    case 'delete':
      return actionDeleteVertex(state, { part, ring, index: change.index })
    case 'translate':
      return actionMoveFeature(state, change.delta, part)
    case 'replace':
      return actionReplaceRing(state, part, ring, after)
  }
}
