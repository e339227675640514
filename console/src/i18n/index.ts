// 简体中文 and English. The first visit follows the browser's languages; a choice made with the
// switch is remembered in localStorage (a preference, not a secret).
import { createI18n } from 'vue-i18n'
import { ref } from 'vue'
import en from './en'
import zhCN from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const KEY = 'paycenter.locale'

export function detectLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === 'zh-CN' || stored === 'en') {
    return stored
  }
  for (const l of languages) {
    const lower = l.toLowerCase()
    if (lower.startsWith('zh')) {
      return 'zh-CN'
    }
    if (lower.startsWith('en')) {
      return 'en'
    }
  }
  return 'en'
}

function storedLocale(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

const initial = detectLocale(storedLocale(), typeof navigator === 'undefined' ? [] : navigator.languages)

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})

/** The active locale, for components that follow it (Element Plus). */
export const activeLocale = ref<Locale>(initial)

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  activeLocale.value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem(KEY, l)
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

if (typeof document !== 'undefined') {
  document.documentElement.lang = initial
}
