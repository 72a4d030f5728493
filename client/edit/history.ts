/**
 * Undo/redo as a stack of states (iD style): every step the user takes pushes the state it produced, so undo
 * is going back one state and redo forward one. States are immutable values; nothing here knows what they hold.
 */
export interface History<S> {
  readonly past: readonly S[]
  readonly present: S
  readonly future: readonly S[]
}

/** The most steps kept; the oldest are dropped beyond it. */
export const historyLimit = 500

export function historyStart<S>(state: S): History<S> {
  return { past: [], present: state, future: [] }
}

/**
 * Records `state` as the new present. A step that changed nothing (the action returned the same object) is not
 * a step: the history is returned unchanged. A new step clears the redo stack.
 */
export function historyPush<S>(history: History<S>, state: S, limit = historyLimit): History<S> {
  if (state === history.present) return history
  const past = [...history.past, history.present]
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: state, future: [] }
}

/** Replaces the present without a new step (e.g. the same drawing re-read from the map). */
export function historyReplace<S>(history: History<S>, state: S): History<S> {
  return state === history.present ? history : { ...history, present: state }
}

export function canUndo<S>(history: History<S>): boolean {
  return history.past.length > 0
}

export function canRedo<S>(history: History<S>): boolean {
  return history.future.length > 0
}

export function historyUndo<S>(history: History<S>): History<S> {
  if (!history.past.length) return history
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1]!,
    future: [history.present, ...history.future],
  }
}

export function historyRedo<S>(history: History<S>): History<S> {
  if (!history.future.length) return history
  return {
    past: [...history.past, history.present],
    present: history.future[0]!,
    future: history.future.slice(1),
  }
}
