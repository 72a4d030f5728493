import type { ExpressionSpecification } from 'maplibre-gl'
import type { AgreementStatus, PaymentStatus } from '../api/parcels.ts'
import { fallbackParcelColor, projectColorExpression } from './style.ts'

/**
 * How parcels are filled: by their project's colour, by the agreements of their households
 * (`agreement_status` of the parcel Feature) or by the payment of their compensation (`payment_status`).
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

/** The property of a parcel Feature a status mode reads. */
export const statusProperty = { agreement: 'agreement_status', payment: 'payment_status' } as const

/**
 * A parcel's class in a status mode, or null in the project mode or when the server did not send the status
 * (the parcel is then drawn in the fallback grey and counted nowhere).
 */
export function parcelStatusClass(
  mode: ParcelColorMode,
  properties: { agreement_status?: string | null; payment_status?: string | null },
): string | null {
  if (mode === 'project') return null
  const value = properties[statusProperty[mode]]
  const classes: readonly string[] = mode === 'agreement' ? agreementStatuses : paymentStatuses
  return typeof value === 'string' && classes.includes(value) ? value : null
}

function matchExpression(property: string, colors: Record<string, string>): ExpressionSpecification {
  return ['match', ['get', property], ...Object.entries(colors).flat(), fallbackParcelColor] as unknown as ExpressionSpecification
}

/** The `fill-color` of the parcel layer in a mode. */
export function parcelFillColor(
  mode: ParcelColorMode,
  projects: readonly { id: number; color: string }[],
): ExpressionSpecification | string {
  switch (mode) {
    case 'agreement':
      return matchExpression(statusProperty.agreement, agreementColors)
    case 'payment':
      return matchExpression(statusProperty.payment, paymentColors)
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

/** What the legend counts of the parcels loaded in the view: per project and per status class. */
export interface ParcelCounts {
  total: number
  byProject: Record<number, number>
  agreement: Record<AgreementStatus, number>
  payment: Record<PaymentStatus, number>
}

export function countParcels(
  parcels: readonly { properties: { project_id: number; agreement_status?: string | null; payment_status?: string | null } }[],
): ParcelCounts {
  const counts: ParcelCounts = {
    total: parcels.length,
    byProject: {},
    agreement: Object.fromEntries(agreementStatuses.map((s) => [s, 0])) as Record<AgreementStatus, number>,
    payment: Object.fromEntries(paymentStatuses.map((s) => [s, 0])) as Record<PaymentStatus, number>,
  }
  for (const { properties: p } of parcels) {
    counts.byProject[p.project_id] = (counts.byProject[p.project_id] ?? 0) + 1
    const a = parcelStatusClass('agreement', p) as AgreementStatus | null
    if (a) counts.agreement[a] += 1
    const pay = parcelStatusClass('payment', p) as PaymentStatus | null
    if (pay) counts.payment[pay] += 1
  }
  return counts
}
