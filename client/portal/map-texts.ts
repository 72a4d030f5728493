import type { PortalMapTexts } from '../map/portal-map.ts'
import { translate, type PortalLang } from './portal-i18n.ts'

/** The portal maps' texts in one language; `scope` names the map of one notice instead of the overview. */
export function portalMapTexts(lang: PortalLang, scope = false): PortalMapTexts {
  const t = (k: Parameters<typeof translate>[1]) => translate(lang, k)
  return {
    title: t(scope ? 'map.scopeLabel' : 'map.label'),
    districtLabel: t('map.districtLabel'),
    outlineAttribution: t('map.outlineAttribution'),
    zoomIn: t('map.zoomIn'),
    zoomOut: t('map.zoomOut'),
    resetBearing: t('map.resetBearing'),
    toggleAttribution: t('map.toggleAttribution'),
    twoFingers: t('map.twoFingers'),
    ctrlScroll: t('map.ctrlScroll'),
  }
}
