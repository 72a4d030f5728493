import type { CompensationChange, Rate, RateSet, RateSetBody } from '../../api/compensation.ts'
import { sumDecimals } from './decimal-sum.ts'

// Pure helpers of the rate set editor and the compensation list: drafts of a new rate set version, yuan typed by
// hand, what a draft changes against the current version, and the server's compensation changes grouped by item.
// Money stays decimal text throughout (decimal-sum.ts adds it on integers of fen).

/** Item types whose rates are keyed by a land class or a group of them (or '*'). */
export const landKeyedTypes: readonly string[] = ['land', 'resettlement_subsidy', 'young_crops']
/** Item types with one rate for all ('*'). */
export const starOnlyTypes: readonly string[] = ['relocation', 'transition', 'delayed_transition', 'grave_relocation']

/** One editable rate of a draft; `uid` keeps a row's identity while the user edits. */
export interface DraftRate {
  uid: number
  item_type: string
  key: string
  /** As typed: "24,000", "２４０００", "24000.5". */
  rate: string
}

export interface RateDraft {
  name: string
  basis: string
  /** YYYY-MM-DD */
  effective_from: string
  /** Why the new version is made (the rate set's note). */
  note: string
  rates: DraftRate[]
}

let nextUid = 1

/** A new row of a draft. */
export function draftRate(item_type: string, key: string, rate = ''): DraftRate {
  return { uid: nextUid++, item_type, key, rate }
}

/**
 * A draft of the next version: a copy of `current`'s name, basis and rates (empty when there is none), effective
 * from `today`, with an empty note for the reason of the change.
 */
export function draftFrom(current: RateSet | null, today: string): RateDraft {
  return {
    name: current?.name ?? '',
    basis: current?.basis ?? '',
    effective_from: today,
    note: '',
    rates: (current?.rates ?? []).map((r) => draftRate(r.item_type, r.key, r.rate_yuan)),
  }
}

const fullWidth = /[０-９．，]/g

/**
 * Yuan as typed by hand → the decimal text the API takes ("24,000" → "24000", "２４０００．５" → "24000.5",
 * "1 280.00" → "1280.00"), or null when it is not 0 or more with at most 2 decimals and below 1 000 000 000.
 */
export function normalizeYuan(input: string): string | null {
  const ascii = input.replace(fullWidth, (c) => (c === '．' ? '.' : c === '，' ? ',' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
  const plain = ascii.trim().replace(/[\s,\u00a0\u202f]/g, '')
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plain)
  if (!m) return null
  const whole = m[1]!.replace(/^0+(?=\d)/, '')
  if (whole.length > 9) return null
  return m[2] === undefined ? whole : `${whole}.${m[2]}`
}

/** A quantity as typed (up to 4 decimals, as compensation_items.quantity) → decimal text, or null. */
export function normalizeQuantity(input: string): string | null {
  const ascii = input.replace(fullWidth, (c) => (c === '．' ? '.' : c === '，' ? ',' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
  const plain = ascii.trim().replace(/[\s,\u00a0\u202f]/g, '')
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(plain)
  if (!m) return null
  const whole = m[1]!.replace(/^0+(?=\d)/, '')
  if (whole.length > 10) return null
  return m[2] === undefined ? whole : `${whole}.${m[2]}`
}

/** What is wrong with a draft, by field: `name`, `effective_from`, `note`, `rates`, `rate:<uid>`, `key:<uid>`. */
export type DraftFault = 'required' | 'yuan' | 'repeated' | 'date' | 'empty'

export function checkDraft(draft: RateDraft): Record<string, DraftFault> {
  const faults: Record<string, DraftFault> = {}
  if (!draft.name.trim()) faults.name = 'required'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.effective_from) || draft.effective_from < '1990-01-01' || draft.effective_from > '2200-01-01') {
    faults.effective_from = 'date'
  }
  if (!draft.note.trim()) faults.note = 'required'
  if (!draft.rates.length) faults.rates = 'empty'
  const seen = new Set<string>()
  for (const r of draft.rates) {
    const key = r.key.trim()
    if (!key) faults[`key:${r.uid}`] = 'required'
    else {
      const pair = `${r.item_type}\u0000${key}`
      if (seen.has(pair)) faults[`key:${r.uid}`] = 'repeated'
      seen.add(pair)
    }
    if (normalizeYuan(r.rate) === null) faults[`rate:${r.uid}`] = r.rate.trim() ? 'yuan' : 'required'
  }
  return faults
}

/** The POST body of a checked draft (checkDraft found nothing). */
export function rateSetBody(draft: RateDraft): RateSetBody {
  return {
    name: draft.name.trim(),
    basis: draft.basis.trim() || null,
    effective_from: draft.effective_from,
    note: draft.note.trim(),
    rates: draft.rates.map((r) => ({ item_type: r.item_type, key: r.key.trim(), rate_yuan: normalizeYuan(r.rate)! })),
  }
}

/** A rate the draft adds, removes or changes against the current version; `delta` is new − old in yuan. */
export interface RateDiff {
  item_type: string
  key: string
  kind: 'added' | 'removed' | 'changed'
  old_yuan: string | null
  new_yuan: string | null
  delta_yuan: string
}

/** Equal amounts compare equal however they are written ("24000" = "24000.00"). */
const same = (a: string, b: string) => sumDecimals([a, `-${b}`], 2).replace('-', '') === '0.00'

/**
 * The rates `next` changes against `old`, in the order of `types` (item type codes), then by key: changed,
 * added and removed rates; rates typed invalidly are left out (checkDraft reports them).
 */
export function diffRates(old: readonly Rate[], next: readonly Rate[], types: readonly string[] = []): RateDiff[] {
  const id = (r: Rate) => `${r.item_type}\u0000${r.key}`
  const before = new Map(old.map((r) => [id(r), r]))
  const after = new Map(next.map((r) => [id(r), r]))
  const out: RateDiff[] = []
  for (const [k, n] of after) {
    const o = before.get(k)
    if (!o) out.push({ item_type: n.item_type, key: n.key, kind: 'added', old_yuan: null, new_yuan: n.rate_yuan, delta_yuan: sumDecimals([n.rate_yuan], 2) })
    else if (!same(o.rate_yuan, n.rate_yuan)) {
      out.push({ item_type: n.item_type, key: n.key, kind: 'changed', old_yuan: o.rate_yuan, new_yuan: n.rate_yuan, delta_yuan: sumDecimals([n.rate_yuan, `-${o.rate_yuan}`], 2) })
    }
  }
  for (const [k, o] of before) {
    if (!after.has(k)) out.push({ item_type: o.item_type, key: o.key, kind: 'removed', old_yuan: o.rate_yuan, new_yuan: null, delta_yuan: sumDecimals([`-${o.rate_yuan}`], 2) })
  }
  const order = (t: string) => {
    const i = types.indexOf(t)
    return i < 0 ? types.length : i
  }
  return out.sort((a, b) => order(a.item_type) - order(b.item_type) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** The draft's rates that are typed validly, as the API's rates. */
export function draftRates(draft: RateDraft): Rate[] {
  return draft.rates.flatMap((r) => {
    const y = normalizeYuan(r.rate)
    return y === null || !r.key.trim() ? [] : [{ item_type: r.item_type, key: r.key.trim(), rate_yuan: y }]
  })
}

/** The changes of one item type: how many items are added, updated, removed or held, and what they add up to. */
export interface ChangeGroup {
  item_type: string
  added: number
  updated: number
  removed: number
  held: number
  /** New minus old amounts of the applied changes (held items change nothing), exact yuan. */
  delta_yuan: string
  /** What the held items would change if they were not paid, exact yuan. */
  held_delta_yuan: string
}

/** The amount a change makes (new − old), exact yuan. */
export const changeDelta = (c: CompensationChange) => sumDecimals([c.new_amount_yuan ?? '0', `-${c.old_amount_yuan ?? '0'}`], 2)

/** Changes grouped by item type, in the order of `types`, each with its counts and exact sums. */
export function groupChanges(changes: readonly CompensationChange[], types: readonly string[] = []): ChangeGroup[] {
  const groups = new Map<string, CompensationChange[]>()
  for (const c of changes) groups.set(c.item_type, [...(groups.get(c.item_type) ?? []), c])
  const order = (t: string) => {
    const i = types.indexOf(t)
    return i < 0 ? types.length : i
  }
  return [...groups.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([item_type, list]) => {
      const applied = list.filter((c) => c.change !== 'held')
      const held = list.filter((c) => c.change === 'held')
      return {
        item_type,
        added: list.filter((c) => c.change === 'add').length,
        updated: list.filter((c) => c.change === 'update').length,
        removed: list.filter((c) => c.change === 'remove').length,
        held: held.length,
        delta_yuan: sumDecimals(applied.map(changeDelta), 2),
        held_delta_yuan: sumDecimals(held.map(changeDelta), 2),
      }
    })
}

/** The held changes by the item they hold (a paid item that a recompute would change), for marking it 'held'. */
export function heldByItem(changes: readonly CompensationChange[]): Map<number, CompensationChange> {
  const held = new Map<number, CompensationChange>()
  for (const c of changes) if (c.change === 'held' && c.item_id !== null) held.set(c.item_id, c)
  return held
}

/** A signed amount for display: "+1 333.33", "-120.50", "0.00" (the sign is the text's). */
export function signed(delta: string, format: (v: string) => string | null): string {
  const f = format(delta) ?? delta
  return delta.startsWith('-') || /^0*(\.0*)?$/.test(delta.replace('-', '')) ? f : `+${f}`
}

/** Today in the user's time zone, YYYY-MM-DD (a payment date defaults to it). */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}
