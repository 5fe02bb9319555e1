// UI language (zh/en) and message lookup. Each domain keeps its strings in
// src-renderer/i18n/<domain>.ts as { en: {...}, zh: {...} }; they are merged here.
// scripts/lint.mjs fails CI when a key exists in one language and not the other.
export type Lang = 'en' | 'zh';
type Messages = Record<string, string>;

const modules = import.meta.glob<{ default: { en: Messages; zh: Messages } }>('../i18n/*.ts', { eager: true });
const catalogs: Record<Lang, Messages> = { en: {}, zh: {} };
for (const m of Object.values(modules)) {
  Object.assign(catalogs.en, m.default.en);
  Object.assign(catalogs.zh, m.default.zh);
}

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('headroom_lang') : null;
  if (saved === 'en' || saved === 'zh') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

class I18n {
  #lang = $state<Lang>(initialLang());
  get lang(): Lang { return this.#lang; }
  set lang(l: Lang) {
    this.#lang = l;
    localStorage.setItem('headroom_lang', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }
  get locale(): string { return this.#lang === 'zh' ? 'zh-CN' : 'en-US'; }
}

export const i18n = new I18n();

/** Message for key in the current language; {name} placeholders filled from params. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const msg = catalogs[i18n.lang][key] ?? catalogs.en[key] ?? key;
  return msg.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

export function hasKey(key: string): boolean {
  return key in catalogs.en;
}
