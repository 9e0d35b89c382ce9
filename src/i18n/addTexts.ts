/**
 * Adds a feature's words to an i18n instance, for each language once its own texts are in: the
 * words that ship with a lazily loaded chunk (Prove it, side by side, Why?) rather than with the
 * first page load. A language not loaded yet gets them when it is (lazy.ts adds its bundle then):
 * adding a bundle for it now would make it look loaded, and it would never be fetched.
 */
import type { i18n } from 'i18next';
import type { Language } from './index';

const NS = 'translation';
const done = new WeakMap<i18n, Set<string>>();

export function addTexts(instance: i18n, key: string, en: object, ko: object): void {
  let marks = done.get(instance);
  if (!marks) done.set(instance, (marks = new Set<string>()));
  const seen = marks;
  const add = (lng: string) => {
    const id = `${lng}:${key}`;
    if ((lng !== 'en' && lng !== 'ko') || seen.has(id) || !instance.hasResourceBundle(lng, NS)) return;
    seen.add(id);
    // Deep and not overwriting: what the language's bundle already has under `key` stays.
    instance.addResourceBundle(lng, NS, { [key]: (lng as Language) === 'en' ? en : ko }, true, false);
  };
  add('en');
  add('ko');
  if (!seen.has(`listening:${key}`)) {
    seen.add(`listening:${key}`);
    instance.store.on('added', (lng: string) => add(lng));
  }
}
