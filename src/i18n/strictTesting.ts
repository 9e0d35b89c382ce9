/**
 * For tests: an i18n instance with both languages that records a missing key or a missing value
 * instead of hiding it (no fallback language: a Korean key missing does not quietly read English).
 */
import i18next, { type i18n } from 'i18next';
import { resources } from './bundled';
import { I18N_OPTIONS, type Language } from './index';

export function strictI18n(lng: Language): { i: i18n; problems: string[] } {
  const problems: string[] = [];
  const i = i18next.createInstance();
  void i.init({
    ...I18N_OPTIONS,
    lng,
    fallbackLng: false,
    resources,
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => problems.push(`missing key ${key}`),
    missingInterpolationHandler: (text, value: unknown[]) => (problems.push(`missing value ${String(value[1])} in "${text}"`), ''),
  });
  return { i, problems };
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#x27;': "'" };

/** Static markup's elements (by tag name) and its text as a reader sees it. */
export function markupText(html: string): { text: string; tags: string[] } {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!);
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&lt;|&gt;|&amp;|&quot;|&#x27;/g, (m) => ENTITIES[m]!);
  return { text, tags };
}
