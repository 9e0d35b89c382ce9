import { describe, expect, it } from 'vitest';
import { collectScenarios } from './bundled';
import { createLabStore } from './index';
import { parseSeed, readSearch, toSearch } from './url';

describe('the lab store', () => {
  it('starts with a finished at-least-once run and no errors', () => {
    const s = createLabStore().getState();
    expect(s.source).toEqual({ kind: 'preset', name: 'at-least-once' });
    expect(s.seed).toBe(1);
    expect(s.timeline.done).toBe('quiescent');
    expect(s.ledger.summary).toMatchObject({ messages: 3, effects: 3, lost: 0, duplicated: 0, end: 'quiescent' });
    expect(s.traceHash).toMatch(/^[0-9a-f]{14}$/);
    expect(s.expectation).toBeNull();
    expect(s.errors).toEqual([]);
  });

  it('every bundled scenario meets its own expectation', () => {
    const store = createLabStore();
    for (const b of store.getState().catalog.scenarios) {
      store.getState().selectScenario(b.id);
      const s = store.getState();
      expect(s.errors, b.id).toEqual([]);
      expect(s.source, b.id).toEqual({ kind: 'scenario', id: b.id });
      if (s.scenario.expect) expect(s.expectation?.matched, b.id).toBe(true);
    }
  });

  it('loads a scenario, a seed and a language from the URL', () => {
    const s = createLabStore({ search: '?scenario=alo-lost-ack&seed=9&lang=ko' }).getState();
    expect(s.source).toEqual({ kind: 'scenario', id: 'alo-lost-ack' });
    expect(s.seed).toBe(9);
    expect(s.language).toBe('ko');
    expect(s.ledger.summary.duplicated).toBe(1);
    expect(s.errors).toEqual([]);
  });

  it('reports an unknown source and keeps the run it had', () => {
    const store = createLabStore({ search: '?preset=exactly-once' });
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
      const s = createLabStore({ search: `?preset=at-most-once&seed=${encodeURIComponent(bad)}` }).getState();
      expect(s.errors, bad).toEqual([{ code: 'bad-seed', value: bad }]);
      expect(s.source, bad).toEqual({ kind: 'preset', name: 'at-most-once' });
      expect(s.seed, bad).toBe(1);
    }
  });

  it('quotes hostile values as clipped data', () => {
    const s = createLabStore({ search: `?preset=${encodeURIComponent('<script>alert(1)</script>'.repeat(10))}&lang=xx` }).getState();
    expect(s.errors).toHaveLength(2);
    expect(s.errors[0]).toEqual({ code: 'bad-language', value: 'xx' });
    const e = s.errors[1];
    expect(e?.code).toBe('unknown-preset');
    if (e?.code === 'unknown-preset') expect(e.value.length).toBeLessThanOrEqual(61);
    expect(s.language).toBe('en');
  });

  it('setSeed re-runs the current source; a bad seed changes nothing', () => {
    const store = createLabStore({ search: '?scenario=amo-lost-request' });
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
    const store = createLabStore({ search: '?scenario=alo-lost-ack' });
    const { timeline, traceHash } = store.getState();
    store.getState().setLanguage('ko');
    expect(store.getState().timeline).toBe(timeline);
    expect(store.getState().traceHash).toBe(traceHash);
  });
});

describe('bundled scenarios', () => {
  it('lists broken files instead of failing', () => {
    const c = collectScenarios({
      '../scenarios/b.json': { id: 'good', preset: 'at-most-once' },
      '../scenarios/a.json': { preset: 'nope' },
      '../scenarios/c.json': [1, 2],
      '../scenarios/d.json': { id: 'good' },
      '../scenarios/e.json': {},
    });
    expect(c.scenarios.map((s) => s.id)).toEqual(['good', 'e']);
    expect(c.broken.map((b) => b.file)).toEqual(['a.json', 'c.json', 'd.json']);
    expect(c.broken[0]?.issues[0]?.path).toBe('preset');
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
