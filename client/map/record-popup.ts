import type { BuildingFeature } from '../api/buildings.ts'
import type { GraveFeature } from '../api/graves.ts'
import { formatDecimal } from '../i18n/format.ts'
import { t } from '../i18n/i18n.svelte.ts'

/**
 * The short card a clicked building or grave shows on the map: its code and the facts that tell it apart; the full
 * record is in the parcel panel. Built with textContent only: codes and notes are user input, never HTML.
 */
export function recordPopupContent(record: { kind: 'building'; feature: BuildingFeature } | { kind: 'grave'; feature: GraveFeature }): HTMLElement {
  const el = document.createElement('div')
  el.className = 'zd-record-popup'
  el.dataset.testid = 'record-popup'
  el.dataset.kind = record.kind
  el.dataset.id = String(record.feature.properties.id)
  const lines: string[] = []
  let title: string
  if (record.kind === 'building') {
    const p = record.feature.properties
    title = `${t('legend.buildings')} ${p.code}`
    lines.push(
      `${t(`records.structure.${p.structure}`)} · ${t('records.floorsN', { n: p.floors })} · ${formatDecimal(p.floor_area_m2, 2) ?? '—'} ${t('unit.m2')}`,
      t(`records.legal.${p.legal_status}`),
      p.demolished_on ? t('records.demolished', { date: p.demolished_on }) : t('records.standing'),
    )
  } else {
    const p = record.feature.properties
    title = `${t('legend.graves')} ${p.code}`
    lines.push(t('records.coffins', { n: p.coffins }), p.relocated_on ? t('records.relocated', { date: p.relocated_on }) : t('records.notRelocated'))
  }
  const strong = document.createElement('strong')
  strong.textContent = title
  el.append(strong)
  for (const line of lines) {
    const div = document.createElement('div')
    div.textContent = line
    el.append(div)
  }
  return el
}
