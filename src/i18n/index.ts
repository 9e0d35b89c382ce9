/**
 * i18n for the UI and the CLI: the languages, `explain`, which tells a trace event in words, and
 * node names. No texts here, so importing this module loads neither language: an i18next instance
 * with both comes from bundled.ts (the CLI, the tests), the page's from lazy.ts (only the language
 * it shows; another is fetched when the user switches). React binds to it through react-i18next.
 */
import type { i18n, InitOptions } from 'i18next';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What every instance is initialized with, besides its language and its texts. */
export const I18N_OPTIONS = {
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
} as const satisfies InitOptions;

/** The language to start in: the browser's, if it is Korean or English; else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

/** A run's services (consumerApp.services), by node: their nodes are named after them. */
export type ServiceNames = readonly { name: string; consumer: string; sink: string }[];

/**
 * A node's name in the current language: its role's name, and its instance number after the first
 * (`consumer-2` -> "consumer 2"); a service's consumer and database are named after the service.
 */
export function nodeName(i: i18n, id: string, services: ServiceNames = []): string {
  const s = services.find((x) => x.consumer === id || x.sink === id);
  if (s) return i.t(s.consumer === id ? 'serviceNode.consumer' : 'serviceNode.sink', { service: s.name });
  const dash = id.indexOf('-');
  return dash < 0 ? i.t(`node.${id}`) : `${i.t(`node.${id.slice(0, dash)}`)} ${id.slice(dash + 1)}`;
}
