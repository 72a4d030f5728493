import { en } from './en.ts'
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts'

/** The UI languages, as BCP 47 tags; also sent as `Accept-Language` so the server answers in the same one. */
export type Lang = 'zh-CN' | 'en'

const catalogs: Record<Lang, Messages> = { 'zh-CN': zhCN, en }
const storageKey = 'zd.lang'

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(storageKey)
    return v === 'en' || v === 'zh-CN' ? v : 'zh-CN'
  } catch {
    return 'zh-CN' // storage blocked (privacy mode): fall back to the default
  }
}

/** The current UI language. Reading `i18n.lang` inside a template or `$effect` makes it re-run on a change. */
export const i18n = $state<{ lang: Lang }>({ lang: storedLang() })

/** Switches the UI language and remembers it in localStorage for the next visit. */
export function setLang(lang: Lang): void {
  i18n.lang = lang
  document.documentElement.lang = lang
  try {
    localStorage.setItem(storageKey, lang)
  } catch {
    // not persisted; the choice still holds for this page
  }
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogs[i18n.lang][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
