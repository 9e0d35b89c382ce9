import { describe, expect, it } from 'vitest';
import { BUNDLED, eagerCatalog, lazyCatalog } from './bundled';
import { LOADED_CATALOG, createTestStore } from './testing';
import { clip, parseSeed, readSearch, toSearch } from './url';

describe('the lab store', () => {
  it('starts with a finished at-least-once run and no errors', () => {
    const s = createTestStore().getState();
    expect(s.source).toEqual({ kind: 'preset', name: 'at-least-once' });
    expect(s.seed).toBe(1);
    expect(s.timeline.done).toBe('quiescent');
    expect(s.ledger.summary).toMatchObject({ messages: 3, effects: 3, lost: 0, duplicated: 0, end: 'quiescent' });
    expect(s.traceHash).toMatch(/^[0-9a-f]{14}$/);
    expect(s.expectation).toBeNull();
    expect(s.errors).toEqual([]);
  });

  it('every bundled scenario meets its own expectation', () => {
    const store = createTestStore();
    for (const b of store.getState().catalog.entries) {
      store.getState().selectScenario(b.id);
      const s = store.getState();
      expect(s.errors, b.id).toEqual([]);
      expect(s.source, b.id).toEqual({ kind: 'scenario', id: b.id });
      if (s.scenario.expect) expect(s.expectation?.matched, b.id).toBe(true);
    }
  });

  it('loads a scenario, a seed and a language from the URL', () => {
    const s = createTestStore({ search: '?scenario=alo-lost-ack&seed=9&lang=ko' }).getState();
    expect(s.source).toEqual({ kind: 'scenario', id: 'alo-lost-ack' });
    expect(s.seed).toBe(9);
    expect(s.language).toBe('ko');
    expect(s.ledger.summary.duplicated).toBe(1);
    expect(s.errors).toEqual([]);
  });

  it('reports an unknown source and keeps the run it had', () => {
    const store = createTestStore({ search: '?preset=exactly-once' });
    const before = store.getState().traceHash;
    store.getState().loadFromUrl('?scenario=nope&seed=3');
    const s = store.getState();
    expect(s.errors).toEqual([{ code: 'unknown-scenario', value: 'nope' }]);
    expect(s.source).toEqual({ kind: 'preset', name: 'exactly-once' });
    expect(s.seed).toBe(1);
    expect(s.traceHash).toBe(before);
  });

  it('runs the source at its own seed when the seed is bad', () => {
    for (const bad of ['abc', '-1', '1.5', '2147483648', '']) {
      const s = createTestStore({ search: `?preset=at-most-once&seed=${encodeURIComponent(bad)}` }).getState();
      expect(s.errors, bad).toEqual([{ code: 'bad-seed', value: bad }]);
      expect(s.source, bad).toEqual({ kind: 'preset', name: 'at-most-once' });
      expect(s.seed, bad).toBe(1);
    }
  });

  it('quotes hostile values as clipped data', () => {
    const s = createTestStore({ search: `?preset=${encodeURIComponent('<script>alert(1)</script>'.repeat(10))}&lang=xx` }).getState();
    expect(s.errors).toHaveLength(2);
    expect(s.errors[0]).toEqual({ code: 'bad-language', value: 'xx' });
    const e = s.errors[1];
    expect(e?.code).toBe('unknown-preset');
    if (e?.code === 'unknown-preset') expect(e.value.length).toBeLessThanOrEqual(61);
    expect(s.language).toBe('en');
  });

  it('setSeed re-runs the current source; a bad seed changes nothing', () => {
    const store = createTestStore({ search: '?scenario=amo-lost-request' });
    store.getState().setSeed(77);
    expect(store.getState().seed).toBe(77);
    expect(store.getState().source).toEqual({ kind: 'scenario', id: 'amo-lost-request' });
    store.getState().setSeed('x');
    expect(store.getState().seed).toBe(77);
    expect(store.getState().errors[0]?.code).toBe('bad-seed');
    store.getState().selectPreset('exactly-once');
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().seed).toBe(1);
  });

  it('switching language keeps the run', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack' });
    const { timeline, traceHash } = store.getState();
    store.getState().setLanguage('ko');
    expect(store.getState().timeline).toBe(timeline);
    expect(store.getState().traceHash).toBe(traceHash);
  });
});

describe('bundled scenarios', () => {
  it("the page's catalog lists every file by its title before fetching any", async () => {
    expect(BUNDLED.entries.length).toBeGreaterThanOrEqual(30);
    expect(BUNDLED.entries).toEqual(LOADED_CATALOG.entries);
    expect(BUNDLED.entries.every((e) => typeof e.title === 'object' && e.title.en && e.title.ko)).toBe(true);
    expect(BUNDLED.peek('alo-lost-ack')).toBeUndefined();
    const item = await BUNDLED.load('alo-lost-ack');
    expect(item?.ok && item.scenario.scenario.title).toEqual(BUNDLED.entries.find((e) => e.id === 'alo-lost-ack')?.title);
  });

  it('reports a broken file when it is opened, and keeps the run', () => {
    const catalog = eagerCatalog({
      '../scenarios/b.json': { id: 'b', preset: 'at-most-once' },
      '../scenarios/a.json': { preset: 'nope' },
      '../scenarios/c.json': [1, 2],
      '../scenarios/d.json': { id: 'other' },
      '../scenarios/e.json': {},
    });
    expect(catalog.entries.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => catalog.peek(id)?.ok)).toEqual([false, true, false, false, true]);
    const store = createTestStore({ catalog });
    const before = store.getState().traceHash;
    void store.getState().selectScenario('a');
    expect(store.getState().errors).toEqual([{ code: 'invalid-run', issues: [expect.objectContaining({ path: 'preset' })] }]);
    expect(store.getState().traceHash).toBe(before);
    void store.getState().selectScenario('d');
    expect(store.getState().errors[0]).toEqual({ code: 'invalid-run', issues: [{ path: 'id', message: 'the id "other" is not the file\'s name "d"' }] });
    void store.getState().selectScenario('b');
    expect(store.getState().source).toEqual({ kind: 'scenario', id: 'b' });
  });

  it('fetches a file once, when first selected; a later selection wins over a slow fetch', async () => {
    const fetched: string[] = [];
    const release: Array<() => void> = [];
    const file = (id: string, preset: string) => () => {
      fetched.push(id);
      return new Promise<unknown>((resolve) => release.push(() => resolve({ preset })));
    };
    const catalog = lazyCatalog(
      {
        '../scenarios/x.json': { title: { en: 'X' }, lesson: { group: 'at-least-once', order: 5 } },
        '../scenarios/y.json': { title: 'Y', lesson: { group: 'nonsense' } },
      },
      { '../scenarios/x.json': file('x', 'at-most-once'), '../scenarios/y.json': file('y', 'exactly-once') },
    );
    expect(catalog.entries).toEqual([
      { id: 'x', file: 'x.json', title: { en: 'X' }, lesson: { group: 'at-least-once', order: 5 } },
      // A malformed card is left out of the lesson index; opening the file reports what is wrong.
      { id: 'y', file: 'y.json', title: 'Y', lesson: undefined },
    ]);
    const store = createTestStore({ catalog });
    const x = store.getState().selectScenario('x');
    expect(store.getState().pendingScenario).toBe('x');
    expect(store.getState().source).toEqual({ kind: 'preset', name: 'at-least-once' });
    store.getState().selectPreset('exactly-once');
    release.shift()!();
    await x;
    expect(store.getState().source).toEqual({ kind: 'preset', name: 'exactly-once' });
    const y = store.getState().selectScenario('y');
    release.shift()!();
    await y;
    expect(store.getState().source).toEqual({ kind: 'scenario', id: 'y' });
    await store.getState().selectScenario('x');
    expect(store.getState().source).toEqual({ kind: 'scenario', id: 'x' });
    expect(fetched).toEqual(['x', 'y']);
  });

  it('says so when a file cannot be fetched, and keeps the run', async () => {
    const catalog = lazyCatalog({ '../scenarios/x.json': { title: 'X' } }, { '../scenarios/x.json': () => Promise.reject(new Error('offline')) });
    const store = createTestStore({ catalog });
    await store.getState().loadFromUrl('?scenario=x');
    expect(store.getState().errors).toEqual([{ code: 'scenario-unavailable', value: 'x' }]);
    expect(store.getState().pendingScenario).toBeNull();
    expect(store.getState().source).toEqual({ kind: 'preset', name: 'at-least-once' });
  });
});

describe('URL state', () => {
  it('round-trips a selection', () => {
    const search = toSearch({ kind: 'scenario', id: 'alo-lost-ack' }, 12, 'ko');
    expect(search).toBe('?scenario=alo-lost-ack&seed=12&lang=ko');
    expect(readSearch(search)).toEqual({ preset: null, scenario: 'alo-lost-ack', seed: '12', lang: 'ko' });
  });

  it('accepts only whole seeds from 0 to 2147483647', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed(' 42 ')).toBe(42);
    expect(parseSeed('2147483647')).toBe(2147483647);
    for (const bad of ['', '-1', '1e3', '0x10', '2147483648', '99999999999', 'abc', '1.0']) expect(parseSeed(bad), bad).toBeNull();
  });
});

describe('quoting a value in a message', () => {
  it('cuts it short, and isolates one with direction controls so it cannot turn the message around', () => {
    expect(clip('x'.repeat(70))).toBe(`${'x'.repeat(60)}…`);
    expect(clip('plain.json')).toBe('plain.json');
    expect(clip('\u202Enosj.exe')).toBe('\u2068\u202Enosj.exe\u2069');
    // Zero-width characters do not change direction: shown as they are, nothing added.
    expect(clip('a\u200Bb')).toBe('a\u200Bb');
    const store = createTestStore();
    store.getState().importText('\u202Enosj.exe', 'not json');
    expect(store.getState().errors[0]).toMatchObject({ code: 'file-not-json', name: '\u2068\u202Enosj.exe\u2069' });
  });
});
