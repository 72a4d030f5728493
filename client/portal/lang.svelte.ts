import { translate, type PortalLang, type PortalMessageKey } from './portal-i18n.ts'

const storageKey = 'zd.portal.lang'

function initialLang(): PortalLang {
  try {
    const v = localStorage.getItem(storageKey)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    // storage blocked: zh-CN first
  }
  return 'zh-CN'
}

/** The portal's language; reading `portalLang.lang` in a template or `$effect` re-runs it on a switch. */
export const portalLang = $state<{ lang: PortalLang }>({ lang: initialLang() })

export function setPortalLang(lang: PortalLang): void {
  portalLang.lang = lang
  document.documentElement.lang = lang
  try {
    localStorage.setItem(storageKey, lang)
  } catch {
    // kept for this page only
  }
}

/** The message for `key` in the portal's current language. */
export function pt(key: PortalMessageKey, params?: Record<string, string | number>): string {
  return translate(portalLang.lang, key, params)
}
