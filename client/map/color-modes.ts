import type { ExpressionSpecification } from 'maplibre-gl'
import type { AgreementStatus, PaymentStatus } from '../api/parcels.ts'
import type { ParcelStateRow } from '../api/parcel-states.ts'
import { fallbackParcelColor, projectColorExpression } from './style.ts'

/**
 * How parcels are filled: by their project's colour, by the agreements of their households or by the payment of
 * their compensation (the statuses of GET /api/projects/:id/parcel-states, set as feature-state).
 */
export type ParcelColorMode = 'project' | 'agreement' | 'payment'

export const parcelColorModes: readonly ParcelColorMode[] = ['project', 'agreement', 'payment']

/** The status classes of each status mode, in the order a legend lists them (not started → done). */
export const agreementStatuses: readonly AgreementStatus[] = ['no_households', 'none_signed', 'partly_signed', 'all_signed']
export const paymentStatuses: readonly PaymentStatus[] = ['no_items', 'unpaid', 'partly_paid', 'paid']

/**
 * One ordinal scale for both status modes, after the Okabe–Ito palette (its blue darkened): grey = nothing to do,
 * vermillion = not started, yellow = partly done, blue = done. Every pair stays apart (CIE76 ΔE ≥ 20) for protan,
 * deutan and tritan vision too (tests/unit/map-record-style.test.ts), and their lightness differs by at least
 * 10 L*, so they also differ in greyscale print. Parcels are outlined in near-black, so even the pale yellow keeps
 * its edge.
 */
export const statusPalette = {
  none: '#bbbbbb',
  open: '#d55e00',
  partly: '#f0e442',
  done: '#005a9c',
} as const

export const agreementColors: Record<AgreementStatus, string> = {
  no_households: statusPalette.none,
  none_signed: statusPalette.open,
  partly_signed: statusPalette.partly,
  all_signed: statusPalette.done,
}

export const paymentColors: Record<PaymentStatus, string> = {
  no_items: statusPalette.none,
  unpaid: statusPalette.open,
  partly_paid: statusPalette.partly,
  paid: statusPalette.done,
}

/** The feature-state key a status mode reads (client/map/parcel-states.ts sets it on the tile features). */
export const statusStateKey = { agreement: 'agreement', payment: 'payment' } as const

/**
 * A parcel's class in a status mode, or null in the project mode or for a status this client does not know (the
 * parcel is then drawn in the fallback grey and counted nowhere).
 */
export function parcelStatusClass(
  mode: ParcelColorMode,
  properties: { agreement_status?: string | null; payment_status?: string | null },
): string | null {
  if (mode === 'project') return null
  const value = mode === 'agreement' ? properties.agreement_status : properties.payment_status
  const classes: readonly string[] = mode === 'agreement' ? agreementStatuses : paymentStatuses
  return typeof value === 'string' && classes.includes(value) ? value : null
}

/** A status colour read from feature-state: grey until the parcel's state is set, or for an unknown status. */
function stateMatch(key: string, colors: Record<string, string>): ExpressionSpecification {
  return ['match', ['feature-state', key], ...Object.entries(colors).flat(), fallbackParcelColor] as unknown as ExpressionSpecification
}

/** The `fill-color` of the parcel layer in a mode. */
export function parcelFillColor(
  mode: ParcelColorMode,
  projects: readonly { id: number; color: string }[],
): ExpressionSpecification | string {
  switch (mode) {
    case 'agreement':
      return stateMatch(statusStateKey.agreement, agreementColors)
    case 'payment':
      return stateMatch(statusStateKey.payment, paymentColors)
    default:
      return projectColorExpression(projects)
  }
}

/**
 * The `fill-opacity` of the parcel layer: the status colours are the message, so they are drawn stronger than
 * the project tints (which let the background through).
 */
export function parcelFillOpacity(mode: ParcelColorMode): ExpressionSpecification {
  const [selected, hovered, base] = mode === 'project' ? [0.75, 0.6, 0.4] : [0.9, 0.8, 0.7]
  return [
    'case',
    ['boolean', ['feature-state', 'selected'], false], selected,
    ['boolean', ['feature-state', 'hover'], false], hovered,
    base,
  ]
}

/** What the legend counts: the parcels of the projects in view, per project and per status class. */
export interface ParcelCounts {
  total: number
  byProject: Record<number, number>
  agreement: Record<AgreementStatus, number>
  payment: Record<PaymentStatus, number>
}

/**
 * Counts whole projects: `states` when loaded (then they decide the total too), else `parcels`, the project list's
 * count, which adds to the total and to the project's row but to no status class.
 */
export function countParcels(
  projects: readonly { project_id: number; parcels: number; states: readonly ParcelStateRow[] | null }[],
): ParcelCounts {
  const counts: ParcelCounts = {
    total: 0,
    byProject: {},
    agreement: Object.fromEntries(agreementStatuses.map((s) => [s, 0])) as Record<AgreementStatus, number>,
    payment: Object.fromEntries(paymentStatuses.map((s) => [s, 0])) as Record<PaymentStatus, number>,
  }
  for (const { project_id, parcels, states } of projects) {
    const n = states ? states.length : parcels
    counts.total += n
    counts.byProject[project_id] = (counts.byProject[project_id] ?? 0) + n
    for (const [, agreement_status, payment_status] of states ?? []) {
      const a = parcelStatusClass('agreement', { agreement_status }) as AgreementStatus | null
      if (a) counts.agreement[a] += 1
      const pay = parcelStatusClass('payment', { payment_status }) as PaymentStatus | null
      if (pay) counts.payment[pay] += 1
    }
  }
  return counts
}
