/**
 * Fuzzing what comes from outside the page (fast-check, a fixed seed): mutated and hostile share
 * links and scenario files, and junk, through the store's own paths (applyLink, importText). Each
 * must give a valid run or LoadErrors, never an exception; every LoadError must read as a message
 * in English and in Korean (no missing key or value, nothing empty, only the alert's own markup);
 * a refused file or source keeps the run shown; nothing leaks onto Object.prototype.
 */
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellError } from '../components/panels/loadErrorText';
import type { Language } from '../i18n';
import { markupText, strictI18n } from '../i18n/strictTesting';
import type { LoadError } from './errors';
import { PROTO_KEYS, fileBytes, fileName, junkLink, junkText, mutatedLink, scenarioText } from './fuzzInputs';
import type { LabStore } from './index';
import { applyLink } from './presenterPage';
import { limitRunSteps } from './run';
import { createTestStore } from './testing';

/** Fixed, so CI runs the same inputs; FUZZ_SEED=<n> FUZZ_SCALE=<k> npx vitest run src/store/fuzz.test.tsx explores further (k times as many). */
const SEED = Number(process.env.FUZZ_SEED) || 20261203;
const SCALE = Number(process.env.FUZZ_SCALE) || 1;

const strict = { en: strictI18n('en'), ko: strictI18n('ko') };

/**
 * A LoadError as the alert renders it, in one language: its markup has only the alert's own
 * elements (a list of the schema's issues), and its text is what a reader sees.
 */
function renderError(e: LoadError, lng: Language): { text: string; tags: string[]; problems: string[] } {
  const { i, problems } = strict[lng];
  problems.length = 0;
  return { ...markupText(renderToStaticMarkup(<>{tellError(i.t, e)}</>)), problems: [...problems] };
}

/** Codes whose error means the source itself could not be had: the run shown must stay as it was. */
const SOURCE_REFUSED = new Set(['unknown-preset', 'unknown-scenario', 'invalid-run', 'run-too-large', 'run-too-long']);
const sourceRefused = (e: LoadError) => SOURCE_REFUSED.has(e.code) || ((e.code === 'bad-link-part' || e.code === 'link-part-invalid') && e.part === 'custom');

const fed = { links: 0, files: 0 };
const seen = { codes: new Set<string>(), valid: 0, refused: 0 };

/** What must hold after any input: a finished run on screen, at a step it has, and words for every error. */
function check(store: LabStore, input: string, before: { hash: string; source: unknown; cursor: number }, kind: 'link' | 'file') {
  const s = store.getState();
  expect(s.traceHash, input).toMatch(/^[0-9a-f]{14}$/);
  expect(s.timeline.done, input).toBeTruthy();
  expect(s.cursor, input).toBeGreaterThanOrEqual(0);
  expect(s.cursor, input).toBeLessThanOrEqual(s.timeline.lastIndex);
  expect(s.stateNow, input).toBeDefined();
  if (s.errors.length === 0) seen.valid++;
  else seen.refused++;
  for (const e of s.errors) {
    seen.codes.add(e.code);
    for (const lng of ['en', 'ko'] as const) {
      const r = renderError(e, lng);
      expect(r.problems, `${lng} ${JSON.stringify(e)}`).toEqual([]);
      expect(r.text.trim(), `${lng} ${JSON.stringify(e)}`).not.toBe('');
      expect(r.tags.every((t) => t === 'ul' || t === 'li'), `${lng} markup ${r.tags.join()}`).toBe(true);
      if (!input.includes('undefined')) expect(r.text, `${lng} ${JSON.stringify(e)}`).not.toContain('undefined');
      if (lng === 'ko') expect(r.text, JSON.stringify(e)).toMatch(/[\uAC00-\uD7A3]/);
    }
  }
  // A file that is refused, or a link whose source is refused, changes nothing on screen.
  const kept = kind === 'file' ? s.errors.length > 0 : s.errors.some(sourceRefused);
  if (kept) {
    expect(s.traceHash, input).toBe(before.hash);
    expect(s.source, input).toBe(before.source);
  }
  if (kind === 'file' && s.errors.length === 0) expect(s.source.kind).toBe('custom');
  expect(Object.keys(Object.prototype), input).toEqual([]);
  expect(({} as Record<string, unknown>).polluted, input).toBeUndefined();
}

const snapshot = (store: LabStore) => ({ hash: store.getState().traceHash, source: store.getState().source, cursor: store.getState().cursor });

async function feedLink(store: LabStore, search: string) {
  const before = snapshot(store);
  fed.links++;
  await applyLink(store, search);
  check(store, search, before, 'link');
}

function feedFile(store: LabStore, name: string, text: string) {
  const before = snapshot(store);
  fed.files++;
  store.getState().importText(name, text);
  check(store, `${name}: ${text.slice(0, 300)}`, before, 'file');
}

describe('fuzzing links and files', () => {
  // A run that does not end is refused after 10,000 steps here (the page: 200,000), so such inputs cost milliseconds.
  beforeAll(() => limitRunSteps(10_000));
  afterAll(() => {
    limitRunSteps(undefined);
    // Not a test that passes by doing nothing: this many inputs, some still valid runs, many kinds of refusal.
    expect(fed.links + fed.files).toBeGreaterThanOrEqual(2000);
    expect(seen.valid).toBeGreaterThan(150);
    expect(seen.refused).toBeGreaterThan(1000);
    expect(seen.codes.size).toBeGreaterThanOrEqual(16);
  });

  it('1,100 mutated links and 150 junk ones: a valid run or a clear message, the run kept when the source is refused', async () => {
    const store = createTestStore({ storage: null });
    await fc.assert(
      fc.asyncProperty(mutatedLink, (search) => feedLink(store, search)),
      { seed: SEED, numRuns: 1100 * SCALE, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(junkLink, (search) => feedLink(store, search)),
      { seed: SEED + 1, numRuns: 150 * SCALE, endOnFailure: true },
    );
  });

  it('700 mutated scenario files, 150 of junk and 150 not UTF-8, under hostile names: a valid run, or a message and the run kept', () => {
    const store = createTestStore({ storage: null });
    fc.assert(
      fc.property(scenarioText, fileName, (text, name) => feedFile(store, name, text)),
      { seed: SEED + 2, numRuns: 700 * SCALE, endOnFailure: true },
    );
    fc.assert(
      fc.property(junkText, fileName, (text, name) => feedFile(store, name, text)),
      { seed: SEED + 3, numRuns: 150 * SCALE, endOnFailure: true },
    );
    // As File.text() reads bytes that are not UTF-8: U+FFFD in their place.
    fc.assert(
      fc.property(fileBytes, (bytes) => feedFile(store, 'bytes.json', new TextDecoder().decode(bytes))),
      { seed: SEED + 4, numRuns: 150 * SCALE, endOnFailure: true },
    );
  });

  it('the prototype keys are among the inputs (the generators reach what they claim to)', () => {
    const texts = fc.sample(scenarioText, { seed: SEED, numRuns: 400 });
    for (const key of ['__proto__', 'constructor']) expect(texts.some((t) => t.includes(`"${key}"`)), key).toBe(true);
    expect(PROTO_KEYS).toContain('__proto__');
    expect(texts.some((t) => t.includes('[[[[[[[[[['))).toBe(true);
    const links = fc.sample(mutatedLink, { seed: SEED, numRuns: 400 });
    for (const part of ['custom=', 'settings=', 'faults=', 'step=', 'lesson=', 'compare=', 'seed=', 'lang=']) expect(links.some((l) => l.includes(part)), part).toBe(true);
  });
});
