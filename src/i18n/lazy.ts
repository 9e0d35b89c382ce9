/**
 * The page's i18n: it loads only the language it starts in (before the first render), and fetches
 * another (its own chunk, a dynamic import) when the user switches to it. Until those texts are
 * in, the page stays in the language it shows; if they cannot be fetched (offline), it stays there
 * and the next switch tries again.
 */
import i18next, { type i18n } from 'i18next';
import type { Resources } from './en';
import { I18N_OPTIONS, type Language } from './index';

/** Fetches one language's texts. */
export type TextsLoader = (lng: Language) => Promise<Resources>;

/** A language's chunk, as a module: `{ en }` or `{ ko }`. */
type TextsModule = Partial<Record<Language, Resources>>;

const CHUNKS: Record<Language, () => Promise<TextsModule>> = {
  en: () => import('./en'),
  ko: () => import('./ko'),
};

/**
 * Where a language's chunk was when its import failed. Chromium remembers a failed module fetch
 * for the page's life (whatwg/html#6768: importing the same URL again fails at once, even online),
 * so the next try asks for the same file under a fresh query.
 */
const failedAt = new Map<Language, string>();
let retries = 0;

/** Each language's texts as a chunk of its own (en-*.js, ko-*.js). */
export const loadTexts: TextsLoader = async (lng) => {
  const retry = failedAt.get(lng);
  try {
    const mod = retry ? ((await import(/* @vite-ignore */ `${retry}?retry=${++retries}`)) as TextsModule) : await CHUNKS[lng]();
    const texts = mod[lng];
    if (!texts) throw new Error(`no ${lng} texts in ${retry ?? lng}`);
    failedAt.delete(lng);
    return texts;
  } catch (err) {
    const url = failedModuleUrl(err);
    if (url) failedAt.set(lng, url);
    throw err;
  }
};

/**
 * The page's own script that a failed import() names, without its query (Chromium and Firefox say
 * "Failed to fetch dynamically imported module: <url>"); null if the error names none of ours.
 */
export function failedModuleUrl(err: unknown, base: string = import.meta.url): string | null {
  const found = /https?:\/\/[^\s'"]+?\.js\b/.exec(err instanceof Error ? err.message : String(err));
  if (!found || !URL.canParse(found[0])) return null;
  const url = new URL(found[0]);
  if (url.origin !== new URL(base).origin) return null;
  url.search = '';
  url.hash = '';
  return url.href;
}

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
