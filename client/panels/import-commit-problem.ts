import type { ImportConflict } from '../api/imports.ts'
import type { Problem, ProblemError } from '../api/http.ts'

/** A refused import commit, sorted onto the preview's features. */
export interface CommitProblemByFeature {
  /** Errors by preview position, their paths made relative to the feature (`properties.code`). */
  errors: Map<number, ProblemError[]>
  /** Errors that name no feature sent. */
  other: ProblemError[]
  /** Overlaps by preview position, each naming the other feature as `index` the way a preview does. */
  conflicts: Map<number, ImportConflict[]>
  /** Overlaps whose feature was not sent (shown as a sentence of their own). */
  unplacedConflicts: ImportConflict[]
}

/**
 * The commit's refusal (paths `features[i]…`, 409 `conflicts`) turned from the positions sent into the preview's
 * positions: `sentIndex[i]` is the preview position of the i-th feature sent (the excluded ones are not sent).
 */
export function commitProblemByFeature(problem: Problem, sentIndex: readonly number[]): CommitProblemByFeature {
  const errors = new Map<number, ProblemError[]>()
  const other: ProblemError[] = []
  for (const e of problem.errors ?? []) {
    const m = /^features\[(\d+)\](.*)$/.exec(e.path ?? '')
    const row = m ? sentIndex[Number(m[1])] : undefined
    if (row === undefined) other.push(e)
    else errors.set(row, [...(errors.get(row) ?? []), { ...e, path: m![2]!.replace(/^\./, '') }])
  }
  const conflicts = new Map<number, ImportConflict[]>()
  const unplacedConflicts: ImportConflict[] = []
  // In a 409, `index` is the feature sent and `other_index` the other feature it overlaps.
  for (const c of (problem as { conflicts?: ImportConflict[] }).conflicts ?? []) {
    const row = c.index !== undefined ? sentIndex[c.index] : undefined
    const otherRow = c.other_index !== undefined ? sentIndex[c.other_index] : undefined
    const shown: ImportConflict = { ...c, index: otherRow, other_index: undefined }
    if (row !== undefined) conflicts.set(row, [...(conflicts.get(row) ?? []), shown])
    else unplacedConflicts.push(shown)
  }
  return { errors, other, conflicts, unplacedConflicts }
}
