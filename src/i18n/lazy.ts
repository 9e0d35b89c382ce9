/**
 * The page's i18n: it loads only the language it starts in (before the first render), and fetches
 * another (its own chunk, a dynamic import) when the user switches to it. Until those texts are
 * in, the page stays in the language it shows; if they cannot be fetched (offline), it stays there
 * and the next switch tries again.
 */
import i18next, { type i18n } from 'i18next';
import type { Resources } from './en';
import { retryable } from '../chunks';
import { I18N_OPTIONS, type Language } from './index';

/** Fetches one language's texts. */
export type TextsLoader = (lng: Language) => Promise<Resources>;

/** A language's chunk, as a module: `{ en }` or `{ ko }`. */
type TextsModule = Partial<Record<Language, Resources>>;

const CHUNKS: Record<Language, () => Promise<TextsModule>> = {
  en: retryable(() => import('./en')),
  ko: retryable(() => import('./ko')),
};

/** Each language's texts as a chunk of its own (en-*.js, ko-*.js); a failed fetch is tried again on the next call. */
export const loadTexts: TextsLoader = async (lng) => {
  const texts = (await CHUNKS[lng]())[lng];
  if (!texts) throw new Error(`no ${lng} texts in its chunk`);
  return texts;
};

const NS = 'translation';

/** An i18next instance in `lng`, once its texts are loaded (and only its texts). */
export async function createPageI18n(lng: Language, load: TextsLoader = loadTexts): Promise<i18n> {
  const translation = await load(lng);
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, lng, resources: { [lng]: { [NS]: translation } } });
  return instance;
}

/** Whether `lng`'s texts are in `instance` (loading them if not); false if they could not be fetched. */
export async function ensureTexts(instance: i18n, lng: Language, load: TextsLoader = loadTexts): Promise<boolean> {
  if (instance.hasResourceBundle(lng, NS)) return true;
  try {
    const translation = await load(lng);
    // Another call may have added them meanwhile; the texts are the same.
    if (!instance.hasResourceBundle(lng, NS)) instance.addResourceBundle(lng, NS, translation);
    return true;
  } catch {
    // Offline, say: nothing changes, and nothing is remembered, so the next switch tries again.
    return false;
  }
}

/** The language each instance was last asked to switch to: a slow load never undoes a later click. */
const wanted = new WeakMap<i18n, Language>();

/**
 * Switches to `lng` with `apply` (the store's setLanguage; the page follows the store), at once if
 * its texts are in, else once they are loaded; until then nothing changes. Resolves to whether it
 * switched: false if the texts could not be fetched, or if another switch was asked for meanwhile.
 */
export function switchLanguage(instance: i18n, lng: Language, apply: (lng: Language) => void, load: TextsLoader = loadTexts): Promise<boolean> {
  wanted.set(instance, lng);
  if (instance.hasResourceBundle(lng, NS)) {
    apply(lng);
    return Promise.resolve(true);
  }
  return ensureTexts(instance, lng, load).then((ok) => {
    if (!ok || wanted.get(instance) !== lng) return false;
    apply(lng);
    return true;
  });
}
