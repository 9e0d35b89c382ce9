/**
 * Adds a feature's words to an i18n instance once, for both languages: the words that ship with a
 * lazily loaded chunk (Prove it, side by side, Why?) rather than with the first page load.
 */
import type { i18n } from 'i18next';

const added = new WeakMap<i18n, Set<string>>();

export function addTexts(instance: i18n, key: string, en: object, ko: object): void {
  const done = added.get(instance) ?? new Set<string>();
  if (done.has(key)) return;
  done.add(key);
  added.set(instance, done);
  // Deep and not overwriting: what the language bundle already has under `key` stays.
  instance.addResourceBundle('en', 'translation', { [key]: en }, true, false);
  instance.addResourceBundle('ko', 'translation', { [key]: ko }, true, false);
}
