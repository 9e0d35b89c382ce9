/** Scenarios kept in the browser: saved, listed, opened, renamed, deleted; full, corrupt or foreign storage loses nothing silently. */
import { describe, expect, it } from 'vitest';
import { LIBRARY_KEY, NAME_MAX, SET_ASIDE_KEY, checkName, readLibrary } from './library';
import { exportScenario } from './share';
import { createTestStore } from './testing';

/** localStorage as a browser has it, with a quota in characters (and a switch to refuse everything). */
class FakeStorage implements Storage {
  readonly items = new Map<string, string>();
  refuse = false;
  constructor(readonly quota = Infinity) {}
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    if (this.refuse) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.refuse) throw new DOMException('The operation is insecure.', 'SecurityError');
    const used = [...this.items].reduce((n, [key, value]) => n + (key === k ? 0 : key.length + value.length), 0);
    if (used + k.length + v.length > this.quota) throw new DOMException(`Setting the value of '${k}' exceeded the quota.`, 'QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  clear() {
    this.items.clear();
  }
}

const stored = (storage: FakeStorage) => JSON.parse(storage.items.get(LIBRARY_KEY) ?? 'null') as { version: number; scenarios: { id: string; name: string }[] } | null;
const setAside = (storage: FakeStorage) => JSON.parse(storage.items.get(SET_ASIDE_KEY) ?? '[]') as { reason: string; raw: string }[];

describe('saved scenarios', () => {
  it('saves the run shown (as exported), lists it, opens it after a reload, renames and deletes it', () => {
    const storage = new FakeStorage();
    const store = createTestStore({ search: '?scenario=alo-lost-ack&seed=6', storage });
    store.getState().setSetting('network', 'latencyMs', 15);
    const { traceHash } = store.getState();
    expect(store.getState().saveScenario('  My <b>lost</b> ack  ')).toBe(true);
    expect(store.getState().library).toEqual([{ id: 'mine-1', name: 'My <b>lost</b> ack', savedAt: expect.any(String), scenario: exportScenario(store.getState())!.scenario }]);
    expect(stored(storage)).toMatchObject({ version: 1, scenarios: [{ id: 'mine-1', name: 'My <b>lost</b> ack' }] });

    // A reload: a new store over the same storage.
    const again = createTestStore({ storage });
    expect(again.getState().library.map((e) => e.name)).toEqual(['My <b>lost</b> ack']);
    again.getState().openSaved('mine-1');
    expect(again.getState().errors).toEqual([]);
    expect(again.getState().traceHash).toBe(traceHash);
    expect(again.getState().source).toEqual({ kind: 'custom', input: again.getState().library[0]!.scenario });
    expect(again.getState().openedSaved?.id).toBe('mine-1');

    expect(again.getState().saveScenario('my <B>LOST</b> ack')).toBe(false); // taken, whatever the case
    expect(again.getState().renameSaved('mine-1', 'Renamed')).toBe(true);
    expect(stored(storage)?.scenarios.map((e) => e.name)).toEqual(['Renamed']);
    again.getState().deleteSaved('mine-1');
    expect(again.getState().library).toEqual([]);
    expect(stored(storage)?.scenarios).toEqual([]);
    again.getState().undoDelete();
    expect(again.getState().library.map((e) => [e.id, e.name])).toEqual([['mine-1', 'Renamed']]);
    expect(again.getState().lastDeleted).toBeNull();
  });

  it('checks names: not empty, not too long, no control characters, not taken', () => {
    const entries = [{ id: 'mine-1', name: 'Taken', savedAt: '', scenario: {} }];
    expect(checkName('   ', entries)).toBe('empty');
    expect(checkName('x'.repeat(NAME_MAX + 1), entries)).toBe('too-long');
    expect(checkName('a\u0000b', entries)).toBe('control');
    expect(checkName('line\nbreak', entries)).toBe('control');
    expect(checkName(' taken ', entries)).toBe('taken');
    expect(checkName('taken', entries, 'mine-1')).toBeNull();
    expect(checkName('<script>alert(1)</script>', entries)).toBeNull();
  });

  it('two tabs saving one after the other keep both', () => {
    const storage = new FakeStorage();
    const a = createTestStore({ storage });
    const b = createTestStore({ storage, search: '?preset=exactly-once' });
    a.getState().saveScenario('from A');
    b.getState().saveScenario('from B');
    expect(stored(storage)?.scenarios.map((e) => [e.id, e.name])).toEqual([
      ['mine-1', 'from A'],
      ['mine-2', 'from B'],
    ]);
    a.getState().reloadLibrary();
    expect(a.getState().library).toHaveLength(2);
  });

  it('full storage: says so, stores nothing, keeps what was there and the run', () => {
    const storage = new FakeStorage(1000);
    const store = createTestStore({ storage, search: '?preset=at-most-once' });
    expect(store.getState().saveScenario('small')).toBe(true);
    const before = storage.items.get(LIBRARY_KEY);
    const hash = store.getState().traceHash;
    // A scenario with a long description no longer fits.
    store.getState().loadScenario({ preset: 'at-least-once', description: 'x'.repeat(2000) });
    const shown = store.getState().traceHash;
    expect(store.getState().saveScenario('too big')).toBe(false);
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-full' }]);
    // Not lost: the scenario that did not fit is offered as the file Export writes.
    expect(store.getState().unsaved).toMatchObject({ name: 'too big', fileName: 'custom.json' });
    expect(JSON.parse(store.getState().unsaved!.text)).toEqual({ preset: 'at-least-once', description: 'x'.repeat(2000), seed: 1 });
    store.getState().dismissLibraryProblems();
    expect(store.getState().unsaved).toBeNull();
    expect(storage.items.get(LIBRARY_KEY)).toBe(before);
    expect(store.getState().library.map((e) => e.name)).toEqual(['small']);
    expect(store.getState().traceHash).toBe(shown);
    expect(hash).not.toBe(shown);
  });

  it('storage refused (private window, blocked site): says so on saving', () => {
    const storage = new FakeStorage();
    storage.refuse = true;
    const store = createTestStore({ storage });
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-unavailable' }]);
    expect(store.getState().saveScenario('x')).toBe(false);
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-unavailable' }]);
    expect(store.getState().unsaved?.name).toBe('x');
    // No storage at all (Node, an old browser): the same when saving.
    const none = createTestStore({ storage: null });
    expect(none.getState().libraryProblems).toEqual([]);
    expect(none.getState().saveScenario('x')).toBe(false);
    expect(none.getState().libraryProblems).toEqual([{ code: 'storage-unavailable' }]);
  });

  it('corrupt JSON: moved aside untouched, reported, and saving works again', () => {
    const storage = new FakeStorage();
    storage.items.set(LIBRARY_KEY, '{"version":1,"scenarios":[{');
    const store = createTestStore({ storage });
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-corrupt', setAsideKey: SET_ASIDE_KEY }]);
    expect(setAside(storage)).toEqual([expect.objectContaining({ reason: 'not JSON', raw: '{"version":1,"scenarios":[{' })]);
    expect(store.getState().saveScenario('fresh')).toBe(true);
    expect(stored(storage)?.scenarios.map((e) => e.name)).toEqual(['fresh']);
    // A second corrupt document is added to what was set aside, not written over it.
    storage.items.set(LIBRARY_KEY, 'garbage');
    readLibrary(storage);
    expect(setAside(storage).map((x) => x.raw)).toEqual(['{"version":1,"scenarios":[{', 'garbage']);
  });

  it('an older or unknown format: moved aside, reported with the version found, and offered as a download', () => {
    for (const version of [0, '1', 'beta']) {
      const storage = new FakeStorage();
      const old = JSON.stringify({ version, scenarios: [{ whatever: true }] });
      storage.items.set(LIBRARY_KEY, old);
      const store = createTestStore({ storage });
      expect(store.getState().libraryProblems).toEqual([{ code: 'storage-version', version: JSON.stringify(version), setAsideKey: SET_ASIDE_KEY }]);
      expect(setAside(storage)[0]?.raw).toBe(old);
      expect(store.getState().library).toEqual([]);
      const file = store.getState().storedData('set-aside');
      expect(file?.fileName).toBe('delivery-lab-scenarios-set-aside.json');
      expect(JSON.parse(file!.text)[0].raw).toBe(old);
    }
  });

  it("a newer lab's list: left where it is, saving off (the scenario offered as a file), set aside only when asked", () => {
    const storage = new FakeStorage();
    const v2 = JSON.stringify({ version: 2, scenarios: [{ id: 'x', title: 'from the future' }] });
    storage.items.set(LIBRARY_KEY, v2);
    const store = createTestStore({ storage, search: '?scenario=alo-lost-ack' });
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-version', version: '2', setAsideKey: null, newer: true }]);
    expect(storage.items.has(SET_ASIDE_KEY)).toBe(false);
    expect(store.getState().saveScenario('mine')).toBe(false);
    expect(storage.items.get(LIBRARY_KEY)).toBe(v2);
    expect(store.getState().unsaved).toMatchObject({ name: 'mine', fileName: 'alo-lost-ack.json' });
    expect(JSON.parse(store.getState().unsaved!.text)).toMatchObject({ id: 'alo-lost-ack' });
    expect(store.getState().storedData('stored')?.text).toBe(v2);

    store.getState().setAsideStored();
    expect(store.getState().libraryProblems).toEqual([]);
    expect(setAside(storage)).toEqual([expect.objectContaining({ reason: 'set aside by the user', raw: v2 })]);
    expect(store.getState().saveScenario('mine')).toBe(true);
    expect(stored(storage)?.scenarios.map((e) => e.name)).toEqual(['mine']);
  });

  it('entries that are not valid scenarios: the others stay, the bad ones are moved aside and named', () => {
    const storage = new FakeStorage();
    const good = { id: 'mine-1', name: 'good', savedAt: '2026-01-01T00:00:00.000Z', scenario: { preset: 'at-most-once' } };
    const bad = [
      { id: 'mine-2', name: 'old format', savedAt: '2026-01-01T00:00:00.000Z', scenario: { preset: 'at-most-once', retired: 1 } },
      { id: 'mine-3', name: '<img src=x onerror=alert(1)>', savedAt: 'x', scenario: 'not an object' },
      42,
      { ...good, name: 'same id twice' },
    ];
    storage.items.set(LIBRARY_KEY, JSON.stringify({ version: 1, scenarios: [good, ...bad] }));
    const store = createTestStore({ storage });
    expect(store.getState().library).toEqual([good]);
    expect(store.getState().libraryProblems).toEqual([
      { code: 'storage-dropped', names: ['old format', '<img src=x onerror=alert(1)>', 'same id twice'], count: 4, setAsideKey: SET_ASIDE_KEY },
    ]);
    expect(JSON.parse(setAside(storage)[0]!.raw)).toEqual(bad);
    expect(stored(storage)?.scenarios).toEqual([good]);
  });

  it('cannot move corrupt data aside (storage full): leaves it where it is and does not write over it', () => {
    const raw = `{"version":1,${'x'.repeat(500)}`;
    const storage = new FakeStorage(raw.length + LIBRARY_KEY.length + 10);
    storage.items.set(LIBRARY_KEY, raw);
    const store = createTestStore({ storage });
    expect(store.getState().libraryProblems).toEqual([{ code: 'storage-corrupt', setAsideKey: null }]);
    expect(store.getState().saveScenario('new')).toBe(false);
    expect(storage.items.get(LIBRARY_KEY)).toBe(raw);
  });

  it('a saved scenario deleted in another tab: renaming it says so and refreshes the list', () => {
    const storage = new FakeStorage();
    const a = createTestStore({ storage });
    a.getState().saveScenario('x');
    const b = createTestStore({ storage });
    b.getState().deleteSaved('mine-1');
    expect(a.getState().renameSaved('mine-1', 'y')).toBe(false);
    expect(a.getState().libraryProblems).toEqual([{ code: 'storage-missing' }]);
    expect(a.getState().library).toEqual([]);
  });
});
