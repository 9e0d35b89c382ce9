/** The address bar follows the run, its changes and its step, without a write per frame of playback. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from '../i18n/bundled';
import { LIBRARY_KEY } from './library';
import { STEP_WRITE_DELAY_MS, bindPage } from './page';
import { linkSearch } from './share';
import { createTestStore } from './testing';

function fakeWindow(search: string) {
  const listeners = new Map<string, (e: unknown) => void>();
  const win = {
    writes: 0,
    document: { documentElement: { lang: '' } },
    location: { search, hash: '#x' },
    history: {
      state: null,
      replaceState: (_: unknown, __: string, url: string) => {
        win.writes++;
        win.location.search = url.replace(/#.*$/, '');
      },
    },
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    addEventListener: (type: string, f: (e: unknown) => void) => listeners.set(type, f),
    removeEventListener: (type: string) => listeners.delete(type),
    dispatch: (type: string, e: unknown) => listeners.get(type)?.(e),
  };
  return win;
}

describe('the address bar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gets a setting and a fault at once, a step once the stage stays there, and nothing while playing', () => {
    const win = fakeWindow('?scenario=alo-lost-ack');
    const store = createTestStore({ search: win.location.search });
    const unbind = bindPage(store, createI18n('en'), win as unknown as Window);
    const s = () => store.getState();
    expect(win.location.search).toBe('?scenario=alo-lost-ack&seed=1&lang=en');

    s().setSetting('network', 'latencyMs', 8);
    expect(win.location.search).toBe(linkSearch(s()));
    expect(win.location.search).toContain('&settings=');

    // Steps and seeks: one write, after the stage has stayed.
    const writes = win.writes;
    for (let i = 0; i < 20; i++) s().stepForward();
    s().seek(30);
    expect(win.writes).toBe(writes);
    vi.advanceTimersByTime(STEP_WRITE_DELAY_MS);
    expect(win.writes).toBe(writes + 1);
    expect(win.location.search).toContain('&step=30');

    // Playing: no writes per frame; the step is written when it stops.
    s().play();
    for (let i = 0; i < 200; i++) s().tick(16);
    vi.advanceTimersByTime(STEP_WRITE_DELAY_MS * 3);
    expect(win.writes).toBe(writes + 1);
    expect(s().cursor).toBeGreaterThan(30);
    s().pause();
    expect(win.writes).toBe(writes + 2);
    expect(win.location.search).toBe(linkSearch(s()));

    // A fault added on the stage: at once, with the step shown.
    s().addFault({ type: 'crash', node: 'consumer', atMs: s().timeline.steps[s().cursor]!.time });
    expect(win.location.search).toBe(linkSearch(s()));
    expect(win.location.search).toContain('&faults=');

    unbind();
    s().seek(2);
    vi.advanceTimersByTime(STEP_WRITE_DELAY_MS);
    expect(win.location.search).not.toContain('&step=2&');
  });

  it('the list of saved scenarios follows another tab', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) } as unknown as Storage;
    const win = fakeWindow('');
    const store = createTestStore({ storage });
    bindPage(store, createI18n('en'), win as unknown as Window);
    items.set(LIBRARY_KEY, JSON.stringify({ version: 1, scenarios: [{ id: 'mine-1', name: 'from the other tab', savedAt: '2026-01-01T00:00:00Z', scenario: { preset: 'at-most-once' } }] }));
    win.dispatch('storage', { key: 'something-else' });
    expect(store.getState().library).toEqual([]);
    win.dispatch('storage', { key: LIBRARY_KEY });
    expect(store.getState().library.map((e) => e.name)).toEqual(['from the other tab']);
  });
});
