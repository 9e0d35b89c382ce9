/**
 * The lab's store: the only place the engine meets React. The core store is plain zustand
 * (no React); components read it through `useLab(selector)`.
 */
import { useDeferredValue, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Ledger } from '../engine';
import { ledgerNowOf } from './playbackSlice';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Language } from '../i18n';
import { BUNDLED, type BundledCatalog } from './bundled';
import { createCompareSlice } from './compareSlice';
import { createCrashSlice } from './crashSlice';
import { createLanguageSlice } from './languageSlice';
import { createLessonSlice } from './lessonSlice';
import { createLibrarySlice } from './librarySlice';
import { createLongRunSlice } from './longRunSlice';
import { pageStorage } from './library';
import { createPlaybackSlice } from './playbackSlice';
import { createProveSlice } from './proveSlice';
import { pageWorkers, type ProveWorkers } from './proveWorkers';
import { createRunSlice, initialRun } from './runSlice';
import { createSettingsSlice } from './settingsSlice';
import { createShareSlice } from './shareSlice';
import type { LabState } from './state';
import { createUrlSlice } from './urlSlice';
import { createWhySlice } from './whySlice';

export type LabStore = StoreApi<LabState>;

export interface LabStoreOptions {
  language?: Language;
  /** A query string to load right away (`?scenario=...`). */
  search?: string;
  catalog?: BundledCatalog;
  /** Where saved scenarios are kept (default: the page's localStorage, if any). */
  storage?: Storage | null;
  /** The workers Prove it runs in (default: the page's Web Workers; null: none). */
  proveWorkers?: ProveWorkers | null;
}

/** A new store: the default run (the at-least-once preset), then `search` if given. */
export function createLabStore({ language = 'en', search, catalog = BUNDLED, storage = pageStorage(), proveWorkers = pageWorkers() }: LabStoreOptions = {}): LabStore {
  const initial = initialRun(catalog);
  const store = createStore<LabState>()((...a) => ({
    ...createRunSlice(catalog, initial)(...a),
    ...createPlaybackSlice(initial)(...a),
    ...createSettingsSlice(...a),
    ...createLanguageSlice(language)(...a),
    ...createUrlSlice(...a),
    ...createLessonSlice(...a),
    ...createShareSlice(...a),
    ...createLibrarySlice(storage)(...a),
    ...createProveSlice(proveWorkers)(...a),
    ...createWhySlice(...a),
    ...createCompareSlice(...a),
    ...createCrashSlice(...a),
    ...createLongRunSlice(...a),
  }));
  // Another selection ends the lesson (a changed run of the same source keeps it, flagged).
  store.subscribe((s) => {
    if (s.lesson && s.source !== s.lesson.source) s.closeLesson();
    // A counterexample's faults are told of its own run; a fault added on the stage makes another.
    if (s.proveReplay && s.timeline !== s.proveReplay.timeline) store.setState({ proveReplay: null });
    // A why-chain belongs to the run it explains: another run (a fault added, a setting, a seed) closes it.
    if (s.why && s.why.timeline !== s.timeline) s.closeWhy();
  });
  // With a catalog whose files are loaded (tests), this applies before it returns.
  if (search) void store.getState().loadFromUrl(search);
  return store;
}

/** The page's store. main.tsx sets its language and loads the URL before the first render. */
export const labStore: LabStore = createLabStore();

/**
 * The ledger at the stage's step, for panels: computed after the stage has shown the step (a
 * deferred value, so a seek in a long run is not held up by a thousand ledger rows).
 */
export function useLedgerNow(): { ledger: Ledger; step: number } {
  const ledger = useLab((s) => s.ledger);
  const step = useDeferredValue(useLab((s) => s.cursor));
  return useMemo(() => ({ ledger: ledgerNowOf({ ledger, cursor: step }), step }), [ledger, step]);
}

/** Reads the page's store from a component: `const ledger = useLab((s) => s.ledger)`. */
export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(labStore, selector);
}

export type { LabState } from './state';
export { awaitingAnswer, PLAY_THROUGH_MAX, type LessonView } from './lessonSlice';
export type { LoadError } from './errors';
export type { WhyView } from './whySlice';
export type { Crash, CrashWhere } from './crashSlice';
export type { BundledScenario, BrokenScenario, BundledCatalog } from './bundled';
export type { Source, LabRun } from './run';
export type { ExpectationCheck, ExpectationRow } from '../engine';
export { toSearch, parseSeed, SEED_MAX } from './url';
export { LANE_CHOICES, DEFAULT_LANES, type LaneChoice, type CompareMode } from './compareSlice';
