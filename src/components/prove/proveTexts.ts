/** Adds Prove it's words to the page's i18n once (they come with this chunk, not the first page load). */
import type { i18n } from 'i18next';
import { proveEn } from '../../i18n/prove';
import { proveKo } from '../../i18n/proveKo';

const done = new WeakSet<i18n>();

export function ensureProveTexts(instance: i18n): void {
  if (done.has(instance)) return;
  done.add(instance);
  // Deep, not overwriting: the language bundles themselves may arrive later (a switch loads them).
  instance.addResourceBundle('en', 'translation', { prove: proveEn }, true, false);
  instance.addResourceBundle('ko', 'translation', { prove: proveKo }, true, false);
}
