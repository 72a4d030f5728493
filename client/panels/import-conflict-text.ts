import type { ImportConflict } from '../api/imports.ts'
import { formatDecimal } from '../i18n/format.ts'
import { t } from '../i18n/i18n.svelte.ts'

/** One overlap of an imported feature as a sentence: with which parcel or feature, and how large (亩 and m²). */
export function conflictText(c: ImportConflict): string {
  const none = t('parcel.none')
  const m2 = formatDecimal(c.overlap_m2, 2) ?? none
  const mu = c.overlap_mu !== undefined && c.overlap_mu !== null ? (formatDecimal(c.overlap_mu, 4) ?? none) : null
  const size = mu ? t('import.overlapSize', { mu, m2 }) : `${m2} ${t('unit.m2')}`
  if (c.id !== undefined) return t('import.overlapParcel', { code: c.code ?? `#${c.id}`, size })
  if (c.index !== undefined) return t('import.overlapFeature', { n: c.index + 1, size })
  return t('import.overlapOther', { size })
}
