import { en, type MessageKey } from './dictionaries/en.ts';
import { zh } from './dictionaries/zh.ts';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly { id: Locale; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem('kestrel.locale');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = $state({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  globalThis.localStorage?.setItem('kestrel.locale', locale);
  document.documentElement.lang = locale;
}

/** Fills `{name}` placeholders; the result is plain text and is rendered as text. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return interpolate(DICTIONARIES[i18n.locale][key], params);
}
