/** Links, exported files and imported files: what goes in comes back out, and nothing hostile gets through. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { PRESET_NAMES, Timeline, parseScenarioText, traceHash, type MessageKind } from '../engine';
import { crashNow, cutNow, dropNext } from '../components/stage/faultMenu';
import type { LabStore } from './index';
import { MAX_FILE_BYTES, MAX_LONG_RUN_MESSAGES, exportScenario, linkSearch } from './share';
import { MAX_PART_CHARS, decodePart, encodePart } from './shareCodec';
import type { LabState } from './state';
import { LOADED_CATALOG, createTestStore } from './testing';
import { readSearch, toSearch } from './url';

const b64 = (v: unknown) => encodePart(v);
/** What a test compares of a run: everything a link must reproduce. */
const snapshot = (s: LabState) => ({
  source: s.source,
  seed: s.seed,
  language: s.language,
  overrides: s.overrides,
  userFaults: s.userFaults,
  cursor: s.cursor,
  traceHash: s.traceHash,
});
const reopen = (s: LabState) => createTestStore({ search: linkSearch(s) }).getState();

describe('the link codec', () => {
  it('round-trips any JSON value, any Unicode included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => {
        const text = encodePart(v);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        const d = decodePart(text);
        expect(d).toEqual({ ok: true, value: JSON.parse(JSON.stringify(v)) });
      }),
      { numRuns: 500 },
    );
  });

  it('reads plain JSON typed into a link by hand', () => {
    expect(decodePart('{"producer":{"acks":1}}')).toEqual({ ok: true, value: { producer: { acks: 1 } } });
    expect(decodePart(' [1] ')).toEqual({ ok: true, value: [1] });
  });

  it('refuses what is not base64url of UTF-8 JSON, and what is too long', () => {
    for (const bad of ['!!!', 'a b', 'abcde', '%3Cscript%3E', '<script>alert(1)</script>', '_w', b64('x').slice(0, -1)]) expect(decodePart(bad).ok, bad).toBe(false);
    expect(decodePart('_w')).toEqual({ ok: false, problem: 'encoding' }); // the byte 0xFF: not UTF-8
    expect(decodePart(btoa('{nope').replace(/=+$/, ''))).toEqual({ ok: false, problem: 'json' });
    expect(decodePart('{nope')).toEqual({ ok: false, problem: 'json' });
    expect(decodePart('A'.repeat(MAX_PART_CHARS + 4))).toEqual({ ok: false, problem: 'too-long' });
  });
});

/** A store showing `source` with the user's changes, made by the store's own actions as the page makes them. */
function build(setup: { source: LabState['source']; seed?: number; lang: 'en' | 'ko'; settings: [string, string, unknown][]; faults: { at: number; kind: number }[]; cursor: number }): LabStore | null {
  const store = createTestStore({ language: setup.lang });
  const s = () => store.getState();
  if (setup.source.kind === 'preset') s().selectPreset(setup.source.name);
  else if (setup.source.kind === 'scenario') void s().selectScenario(setup.source.id);
  else s().loadScenario(setup.source.input);
  if (s().errors.length > 0) return null;
  if (setup.seed !== undefined) s().setSeed(setup.seed);
  for (const [group, name, value] of setup.settings) s().setSetting(group as never, name as never, value);
  if (s().settingsIssues.length > 0) return null;
  for (const f of setup.faults) {
    s().seek(Math.floor(f.at * s().timeline.lastIndex));
    const now = s().timeline.steps[s().cursor]!.time;
    const kinds = [...new Set(s().packets.filter((p) => p.sentStep > s().cursor).map((p) => p.kind))] as MessageKind[];
    const pick = f.kind % 4;
    if (pick === 0 && kinds.length > 0) s().addFault(dropNext(s().packets, s().cursor, kinds[f.kind % kinds.length]!));
    else if (pick === 1) s().addFault(crashNow('consumer', now, f.kind % 2 === 0));
    else if (pick === 2) s().addFault(cutNow('producer', 'broker', now));
    else s().addFault(crashNow('broker', now, true));
  }
  s().seek(Math.floor(setup.cursor * s().timeline.lastIndex));
  return store;
}

const SETTINGS: fc.Arbitrary<[string, string, unknown]>[] = [
  fc.tuple(fc.constant('producer'), fc.constant('request.timeout.ms'), fc.integer({ min: 200, max: 30_000 })),
  fc.tuple(fc.constant('producer'), fc.constant('linger.ms'), fc.integer({ min: 0, max: 50 })),
  fc.tuple(fc.constant('consumer'), fc.constant('max.poll.records'), fc.integer({ min: 1, max: 500 })),
  fc.tuple(fc.constant('consumerApp'), fc.constant('processingMs'), fc.integer({ min: 0, max: 200 })),
  fc.tuple(fc.constant('network'), fc.constant('latencyMs'), fc.integer({ min: 1, max: 40 })),
  fc.tuple(fc.constant('network'), fc.constant('jitterMs'), fc.integer({ min: 0, max: 10 })),
  fc.tuple(fc.constant('network'), fc.constant('dropProbability'), fc.double({ min: 0, max: 0.2, noNaN: true })),
  fc.tuple(fc.constant('topic'), fc.constant('partitions'), fc.integer({ min: 1, max: 3 })),
];

const sourceArb: fc.Arbitrary<LabState['source']> = fc.oneof(
  fc.constantFrom(...PRESET_NAMES).map((name) => ({ kind: 'preset' as const, name })),
  fc.constantFrom(...LOADED_CATALOG.entries.map((e) => e.id)).map((id) => ({ kind: 'scenario' as const, id })),
  fc
    .record({ preset: fc.constantFrom(...PRESET_NAMES), title: fc.string({ unit: 'binary', maxLength: 40 }), count: fc.integer({ min: 1, max: 4 }), intervalMs: fc.integer({ min: 1, max: 300 }) })
    .map(({ preset, title, count, intervalMs }) => ({ kind: 'custom' as const, input: { title, preset, produce: { count, intervalMs } } })),
);

/** A place in a run, from its first step (0) to its last (1). */
const fraction = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);

describe('a link reproduces the run', () => {
  it('any run the page can show -> link -> the same source, seed, language, settings, faults, step and trace', () => {
    fc.assert(
      fc.property(
        fc.record({
          source: sourceArb,
          seed: fc.option(fc.integer({ min: 0, max: 2_147_483_647 }), { nil: undefined }),
          lang: fc.constantFrom('en' as const, 'ko' as const),
          settings: fc.array(fc.oneof(...SETTINGS), { maxLength: 3 }),
          faults: fc.array(fc.record({ at: fraction, kind: fc.nat(40) }), { maxLength: 2 }),
          cursor: fraction,
        }),
        (setup) => {
          const store = build(setup);
          fc.pre(store !== null);
          const shown = store!.getState();
          const link = linkSearch(shown);
          const back = createTestStore({ search: link }).getState();
          expect(back.errors).toEqual([]);
          expect(snapshot(back)).toEqual(snapshot(shown));
          // And the link a reopened run gives is the link it was opened with.
          expect(linkSearch(back)).toBe(link);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaves out what the run is at, when nothing is changed', () => {
    const s = createTestStore({ search: '?scenario=alo-lost-ack' }).getState();
    expect(linkSearch(s)).toBe('?scenario=alo-lost-ack&seed=1&lang=en');
    expect(readSearch('?preset=at-most-once&step=4&faults=W10')).toEqual({ preset: 'at-most-once', scenario: null, seed: null, lang: null, step: '4', faults: 'W10' });
  });

  it('holds the run shown while the settings panel has a value the engine refuses', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().setSetting('network', 'latencyMs', 20);
    store.getState().setSetting('producer', 'acks', 1);
    const good = store.getState().traceHash;
    store.getState().setSetting('producer', 'enable.idempotence', true);
    expect(store.getState().settingsIssues.length).toBeGreaterThan(0);
    expect(store.getState().traceHash).toBe(good);
    const back = reopen(store.getState());
    expect(back.errors).toEqual([]);
    expect(back.traceHash).toBe(good);
    expect(back.overrides).toEqual({ network: { latencyMs: 20 }, producer: { acks: 1 } });
  });

  it('a link without a source changes the run shown: its step, its settings', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&seed=4' });
    const hash = store.getState().traceHash;
    void store.getState().loadFromUrl('?step=7');
    expect(snapshot(store.getState())).toMatchObject({ source: { kind: 'scenario', id: 'alo-lost-ack' }, seed: 4, cursor: 7, traceHash: hash });
    void store.getState().loadFromUrl(`?settings=${b64({ network: { latencyMs: 30 } })}`);
    expect(store.getState()).toMatchObject({ seed: 4, overrides: { network: { latencyMs: 30 } } });
    expect(store.getState().traceHash).not.toBe(hash);
  });
});

describe('a hostile or broken link', () => {
  const start = '?scenario=alo-lost-ack&seed=3&step=5';
  const opened = (link: string) => {
    const store = createTestStore({ search: start });
    const before = snapshot(store.getState());
    void store.getState().loadFromUrl(link);
    return { before, after: store.getState() };
  };

  it('that is wholly bad changes nothing and says what was wrong', () => {
    for (const [link, codes] of [
      [`?custom=${encodeURIComponent('<script>alert(1)</script>')}`, ['bad-link-part']],
      [`?custom=${b64('not a scenario')}`, ['link-part-invalid']],
      [`?custom=${b64([1, 2])}&step=3`, ['link-part-invalid']],
      [`?custom=${b64({ preset: 'at-least-once', onload: 'alert(1)' })}`, ['link-part-invalid']],
      [`?custom=${b64({ produce: { count: MAX_LONG_RUN_MESSAGES + 1 } })}`, ['run-too-large']],
      ['?preset=nope&settings=zzzz&step=x', ['unknown-preset', 'bad-link-part', 'bad-step']],
      [`?settings=${b64({ producer: { acks: '<img src=x onerror=alert(1)>' } })}`, ['link-part-invalid']],
      [`?faults=${b64({ type: 'drop' })}`, ['link-part-invalid']],
    ] as const) {
      const { before, after } = opened(link);
      expect(snapshot(after), link).toEqual(before);
      expect(after.errors.map((e) => e.code), link).toEqual(codes);
    }
  });

  it('names the field the schema refuses, quoting nothing as markup', () => {
    const { after } = opened(`?custom=${b64({ preset: 'at-least-once', '<b>x</b>': 1 })}`);
    expect(after.errors).toEqual([{ code: 'link-part-invalid', part: 'custom', issues: [{ path: '<b>x</b>', message: 'unknown field "<b>x</b>"' }] }]);
  });

  it('runs a scenario given as data whose texts hold markup, as data', () => {
    const title = '<img src=x onerror="alert(1)">';
    const { after } = opened(`?custom=${b64({ title, preset: 'at-most-once' })}`);
    expect(after.errors).toEqual([]);
    expect(after.source).toEqual({ kind: 'custom', input: { title, preset: 'at-most-once' } });
    expect(after.scenario.title).toBe(title);
  });

  it('with a bad step runs the rest and says so; past the end shows the end', () => {
    let s = createTestStore({ search: `?preset=at-most-once&seed=9&step=-1&settings=${b64({ network: { latencyMs: 9 } })}` }).getState();
    expect(s.errors).toEqual([{ code: 'bad-step', value: '-1' }]);
    expect(snapshot(s)).toMatchObject({ source: { kind: 'preset', name: 'at-most-once' }, seed: 9, cursor: 0, overrides: { network: { latencyMs: 9 } } });
    s = createTestStore({ search: '?preset=at-most-once&step=99999' }).getState();
    expect(s.errors).toEqual([{ code: 'step-past-end', step: 99999, last: s.timeline.lastIndex }]);
    expect(s.cursor).toBe(s.timeline.lastIndex);
  });

  it('with settings the run refuses runs without them, and says why', () => {
    const settings = b64({ producer: { acks: 0, 'enable.idempotence': true } });
    const faults = b64([{ type: 'drop', message: 'ProduceResponse', nth: 1 }]);
    const s = createTestStore({ search: `?preset=at-least-once&settings=${settings}&faults=${faults}&step=4` }).getState();
    expect(s.errors).toEqual([{ code: 'link-part-invalid', part: 'settings', issues: [expect.objectContaining({ path: 'settings.producer.acks', message: expect.stringContaining('ConfigException') })] }]);
    expect(s.overrides).toEqual({});
    expect(s.userFaults).toEqual([{ type: 'drop', message: 'ProduceResponse', nth: 1 }]);
    expect(s.cursor).toBe(4);
  });

  it('with faults on a node the run does not have runs without them', () => {
    const faults = b64([{ type: 'crash', node: 'consumer-3', atMs: 5 }]);
    const s = createTestStore({ search: `?preset=at-least-once&settings=${b64({ network: { latencyMs: 7 } })}&faults=${faults}` }).getState();
    expect(s.errors.map((e) => e.code === 'link-part-invalid' && e.part)).toEqual(['faults']);
    expect(s.overrides).toEqual({ network: { latencyMs: 7 } });
    expect(s.userFaults).toEqual([]);
  });

  it('with a scenario given as data and a named one uses the data', () => {
    const s = createTestStore({ search: `?preset=exactly-once&custom=${b64({ preset: 'at-most-once' })}` }).getState();
    expect(s.errors).toEqual([{ code: 'several-sources' }]);
    expect(s.source).toEqual({ kind: 'custom', input: { preset: 'at-most-once' } });
  });

  it('clips what it quotes', () => {
    const s = createTestStore({ search: `?step=${'9'.repeat(500)}` }).getState();
    const e = s.errors[0];
    expect(e?.code === 'bad-step' && e.value.length).toBeLessThanOrEqual(61);
  });
});

describe('export and import', () => {
  /** A run with a setting and a fault added on the stage, as the page makes it. */
  function changedRun(search: string): LabStore {
    const store = createTestStore({ search });
    store.getState().setSetting('network', 'latencyMs', 12);
    store.getState().seek(3);
    store.getState().addFault(dropNext(store.getState().packets, 3, 'ProduceResponse'));
    return store;
  }

  it('an exported file replays in the engine, and in the CLI, to the trace hash the page shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'delivery-lab-export-'));
    try {
      for (const search of ['?scenario=alo-lost-ack&seed=5', '?preset=exactly-once', '?scenario=alo-random-loss&seed=11']) {
        const s = changedRun(search).getState();
        const file = exportScenario(s)!;
        const parsed = parseScenarioText(file.text);
        expect(parsed.ok, search).toBe(true);
        if (!parsed.ok) continue;
        expect(traceHash(Timeline.start(parsed.run).runToEnd().steps), search).toBe(s.traceHash);
        const path = join(dir, file.fileName);
        writeFileSync(path, file.text);
        const out = main([path, '--json']);
        expect(out.code, out.stderr).toBe(0);
        expect((JSON.parse(out.stdout) as { traceHash: string }).traceHash).toBe(s.traceHash);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file after the scenario; keeps `expect` only for an unchanged run', () => {
    const changed = exportScenario(changedRun('?scenario=alo-lost-ack').getState())!;
    expect(changed.fileName).toBe('alo-lost-ack.json');
    expect(changed.scenario.expect).toBeUndefined();
    expect(changed.scenario).toMatchObject({ id: 'alo-lost-ack', seed: 1, settings: { network: { latencyMs: 12 } } });
    const same = exportScenario(createTestStore({ search: '?scenario=alo-lost-ack' }).getState())!;
    expect(same.scenario.expect).toBeDefined();
    expect(exportScenario(createTestStore().getState())!.fileName).toBe('custom.json');
    const odd = createTestStore();
    odd.getState().loadScenario({ id: '../../etc/passwd <x>', preset: 'at-most-once' });
    expect(exportScenario(odd.getState())!.fileName).toBe('etc-passwd-x-.json');
  });

  it('export -> import gives the same run, as a custom source', async () => {
    const s = changedRun('?scenario=alo-lost-ack&seed=2').getState();
    const file = exportScenario(s)!;
    const store = createTestStore();
    await store.getState().importFile({ name: file.fileName, size: file.text.length, text: () => Promise.resolve(file.text) });
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().source.kind).toBe('custom');
    expect(store.getState().traceHash).toBe(s.traceHash);
    // And its link carries it.
    expect(reopen(store.getState()).traceHash).toBe(s.traceHash);
  });

  it('refuses a bad file with a message naming it, and keeps the run', async () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&step=4' });
    const before = snapshot(store.getState());
    const cases: [{ name: string; size: number; text: () => Promise<string> }, string][] = [
      [{ name: 'big.json', size: MAX_FILE_BYTES + 1, text: () => Promise.reject(new Error('must not be read')) }, 'file-too-large'],
      [{ name: 'gone.json', size: 10, text: () => Promise.reject(new Error('NotReadableError')) }, 'file-unreadable'],
      [{ name: '<b>x</b>.json', size: 5, text: () => Promise.resolve('{"a":') }, 'file-not-json'],
      [{ name: 'list.json', size: 5, text: () => Promise.resolve('[1,2]') }, 'file-invalid'],
      [{ name: 'x.json', size: 5, text: () => Promise.resolve('{"preset":"nope","<script>":1}') }, 'file-invalid'],
      [{ name: 'x.json', size: 5, text: () => Promise.resolve('{"settings":{"producer":{"acks":0,"enable.idempotence":true}}}') }, 'file-invalid'],
      [{ name: 'huge.json', size: 5, text: () => Promise.resolve(`{"produce":{"count":${MAX_LONG_RUN_MESSAGES * 10}}}`) }, 'run-too-large'],
    ];
    for (const [file, code] of cases) {
      await store.getState().importFile(file);
      expect(store.getState().errors.map((e) => e.code), file.name).toEqual([code]);
      expect(snapshot(store.getState()), file.name).toEqual(before);
    }
    const e = store.getState().errors[0];
    expect(e?.code === 'run-too-large' && e.messages).toBe(MAX_LONG_RUN_MESSAGES * 10);
    store.getState().importText('<b>x</b>.json', '{"a":');
    expect(store.getState().errors[0]).toMatchObject({ code: 'file-not-json', name: '<b>x</b>.json' });
  });

  it('reads a file that starts with a byte-order mark', () => {
    const store = createTestStore();
    store.getState().importText('bom.json', '\uFEFF{"preset":"at-most-once"}');
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().scenario.preset).toBe('at-most-once');
  });

  it('writes the same link the old way for a plain selection', () => {
    expect(toSearch({ kind: 'preset', name: 'exactly-once' }, 7, 'ko', { settings: {}, faults: [], step: 0 })).toBe('?preset=exactly-once&seed=7&lang=ko');
  });
});
