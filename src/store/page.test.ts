import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/bundled';
import { createTestStore } from './testing';
import { bindPage } from './page';

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

describe('bindPage', () => {
  it('keeps <html lang>, the i18n language and the URL in step with the store', () => {
    const win = fakeWindow('?scenario=nope');
    const store = createTestStore({ search: win.location.search });
    const i18n = createI18n('en');
    const unbind = bindPage(store, i18n, win as unknown as Window);
    // The bad link is replaced by the run on screen; the alert still says what was wrong.
    expect(win.location.search).toBe('?preset=at-least-once&seed=1&lang=en');
    expect(store.getState().errors).toHaveLength(1);
    expect(win.document.documentElement.lang).toBe('en');

    store.getState().setLanguage('ko');
    expect(i18n.language).toBe('ko');
    expect(win.document.documentElement.lang).toBe('ko');
    store.getState().selectScenario('alo-lost-ack');
    expect(win.location.search).toBe('?scenario=alo-lost-ack&seed=1&lang=ko');

    unbind();
    store.getState().setSeed(5);
    expect(win.location.search).toBe('?scenario=alo-lost-ack&seed=1&lang=ko');
  });
});
