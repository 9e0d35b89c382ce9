/** The page's i18n loads only the language it shows, and fetches another on a switch. */
import { describe, expect, it, vi } from 'vitest';
import { createTestStore } from '../store/testing';
import { bindPage } from '../store/page';
import { en, type Resources } from './en';
import type { Language } from './index';
import { ko } from './ko';
import { failedModuleUrl } from '../chunks';
import { createPageI18n, loadTexts, switchLanguage, type TextsLoader } from './lazy';

const TEXTS: Record<Language, Resources> = { en, ko };

/** A loader that resolves (or fails) when the test says so, and counts its calls. */
function controlledLoader() {
  const pending: { lng: Language; resolve: () => void; reject: (e: Error) => void }[] = [];
  const load = vi.fn<TextsLoader>(
    (lng) =>
      new Promise<Resources>((resolve, reject) => {
        pending.push({ lng, resolve: () => resolve(TEXTS[lng]), reject });
      }),
  );
  return { load, pending };
}

const instant: TextsLoader = (lng) => Promise.resolve(TEXTS[lng]);

function fakeWindow(search: string) {
  const win = {
    document: { documentElement: { lang: '' } },
    location: { search, hash: '' },
    history: {
      state: null,
      replaceState: (_: unknown, __: string, url: string) => {
        win.location.search = url;
      },
    },
  };
  return win;
}

describe('the page i18n (lazy)', () => {
  it('each language is its own module, the same texts as the bundled ones', async () => {
    expect(await loadTexts('en')).toBe(en);
    expect(await loadTexts('ko')).toBe(ko);
  });

  it('starts with the texts of its language only', async () => {
    const load = vi.fn(instant);
    const i18n = await createPageI18n('ko', load);
    expect(load.mock.calls).toEqual([['ko']]);
    expect(i18n.language).toBe('ko');
    expect(i18n.hasResourceBundle('ko', 'translation')).toBe(true);
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(false);
    expect(i18n.t('node.producer')).toBe('프로듀서');
  });

  it('a switch loads the other bundle, and the language changes only once it is in', async () => {
    const i18n = await createPageI18n('en', instant);
    const { load, pending } = controlledLoader();
    const apply = vi.fn((lng: Language) => void i18n.changeLanguage(lng));

    const switched = switchLanguage(i18n, 'ko', apply, load);
    expect(load.mock.calls).toEqual([['ko']]);
    await Promise.resolve();
    // Loading: the page still shows English.
    expect(apply).not.toHaveBeenCalled();
    expect(i18n.language).toBe('en');
    expect(i18n.t('node.producer')).toBe('producer');

    pending[0]!.resolve();
    expect(await switched).toBe(true);
    expect(apply.mock.calls).toEqual([['ko']]);
    expect(i18n.language).toBe('ko');
    expect(i18n.t('node.producer')).toBe('프로듀서');

    // Both are in now: back and forth without loading again, at once.
    expect(await switchLanguage(i18n, 'en', apply, load)).toBe(true);
    expect(i18n.language).toBe('en');
    void switchLanguage(i18n, 'ko', apply, load);
    expect(i18n.language).toBe('ko');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a failing loader keeps the language, and the next switch tries again', async () => {
    const i18n = await createPageI18n('en', instant);
    const apply = vi.fn((lng: Language) => void i18n.changeLanguage(lng));
    const offline = vi.fn<TextsLoader>(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));

    expect(await switchLanguage(i18n, 'ko', apply, offline)).toBe(false);
    expect(apply).not.toHaveBeenCalled();
    expect(i18n.language).toBe('en');
    expect(i18n.hasResourceBundle('ko', 'translation')).toBe(false);
    expect(i18n.t('node.producer')).toBe('producer');

    // Back online: the next click loads it.
    expect(await switchLanguage(i18n, 'ko', apply, instant)).toBe(true);
    expect(offline).toHaveBeenCalledTimes(1);
    expect(i18n.language).toBe('ko');
  });

  it('a slow load does not undo a later switch', async () => {
    const i18n = await createPageI18n('en', instant);
    const { load, pending } = controlledLoader();
    const apply = vi.fn((lng: Language) => void i18n.changeLanguage(lng));

    const toKo = switchLanguage(i18n, 'ko', apply, load);
    // The user clicks EN again before Korean is in.
    expect(await switchLanguage(i18n, 'en', apply, load)).toBe(true);
    pending[0]!.resolve();
    expect(await toKo).toBe(false);
    expect(i18n.language).toBe('en');
    expect(apply.mock.calls).toEqual([['en']]);
    // Korean came in anyway: the next switch is immediate.
    void switchLanguage(i18n, 'ko', apply, load);
    expect(i18n.language).toBe('ko');
  });

  it('a failed chunk is named by its URL (Chromium keeps the failure: the retry asks under a fresh query)', () => {
    const base = 'http://localhost:4399/assets/index-D1.js';
    const chromium = new TypeError('Failed to fetch dynamically imported module: http://localhost:4399/assets/ko-BX_b-N1.js?retry=2');
    expect(failedModuleUrl(chromium, base)).toBe('http://localhost:4399/assets/ko-BX_b-N1.js');
    expect(failedModuleUrl(new TypeError('error loading dynamically imported module: http://localhost:4399/assets/en-Ub.js'), base)).toBe('http://localhost:4399/assets/en-Ub.js');
    // Not ours, or no URL at all (Safari): the retry imports the chunk as usual.
    expect(failedModuleUrl(new TypeError('Failed to fetch dynamically imported module: https://elsewhere.example/ko.js'), base)).toBeNull();
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'), base)).toBeNull();
    expect(failedModuleUrl('offline', base)).toBeNull();
  });

  it('with the store: the run, the step and the URL stay; the language follows once its texts are in', async () => {
    const win = fakeWindow('?scenario=alo-lost-ack&seed=3&lang=en');
    const store = createTestStore({ search: win.location.search });
    store.getState().seek(5);
    const i18n = await createPageI18n(store.getState().language, instant);
    bindPage(store, i18n, win as unknown as Window);
    const { traceHash, cursor } = store.getState();
    const { load, pending } = controlledLoader();

    const switched = switchLanguage(i18n, 'ko', store.getState().setLanguage, load);
    await Promise.resolve();
    expect(store.getState().language).toBe('en');
    expect(win.location.search).toBe('?scenario=alo-lost-ack&seed=3&lang=en&step=5');
    expect(win.document.documentElement.lang).toBe('en');

    pending[0]!.resolve();
    expect(await switched).toBe(true);
    expect(store.getState().language).toBe('ko');
    expect(i18n.language).toBe('ko');
    expect(win.document.documentElement.lang).toBe('ko');
    expect(win.location.search).toBe('?scenario=alo-lost-ack&seed=3&lang=ko&step=5');
    expect(store.getState().traceHash).toBe(traceHash);
    expect(store.getState().cursor).toBe(cursor);
    expect(cursor).toBe(5);
  });
});
