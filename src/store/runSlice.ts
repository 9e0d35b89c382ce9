/**
 * The run slice: which source and seed are selected, and the finished run they give. Every
 * action either replaces the whole run with a valid new one, or leaves it as it was and reports
 * why in `errors`: the page never shows a half-loaded or broken run.
 */
import type { StateCreator } from 'zustand/vanilla';
import { isPresetName, type Fault, type SettingsInput } from '../engine';
import type { BundledCatalog } from './bundled';
import type { LoadError } from './errors';
import { forLongRun } from './longRunSlice';
import { freshPlayback } from './playbackSlice';
import { MAX_RUN_MESSAGES, runScenario, type LabRun, type Source } from './run';
import type { LabState } from './state';
import { clip, parseSeed } from './url';

export interface RunSlice extends LabRun {
  source: Source;
  seed: number;
  catalog: BundledCatalog;
  /** Why the last request (URL, picker, seed input) was not applied, fully or in part. */
  errors: readonly LoadError[];
  selectPreset: (name: string) => void;
  /** Runs a scenario given as data (a file's JSON); a bad one is reported and the run shown stays. */
  loadScenario: (input: unknown) => void;
  /**
   * Selects a bundled scenario by id, at the seed its file gives: at once if its file is loaded,
   * else once it is fetched (`pendingScenario` meanwhile). Resolves when it is shown or refused.
   */
  selectScenario: (id: string) => Promise<void>;
  /** The bundled scenario being fetched; any other selection in the meantime wins over it. */
  pendingScenario: string | null;
  /** Runs the current source again with another seed (a number, or text as typed or linked). */
  setSeed: (seed: number | string) => void;
  dismissErrors: () => void;
}

export type Loaded = { ok: true; state: LabRun & { source: Source; seed: number } } | { ok: false; error: LoadError };

/** What the user changed on top of a source: settings (laid over the source's) and faults added on the stage. */
export interface Changes {
  settings?: SettingsInput;
  faults?: readonly Fault[];
}

/** The scenario a source gives, as JSON data; a bundled one must have been loaded (catalog.load). */
export function sourceInput(catalog: BundledCatalog, source: Source): { ok: true; input: Record<string, unknown> } | { ok: false; error: LoadError } {
  if (source.kind === 'preset') return { ok: true, input: { preset: source.name } };
  if (source.kind === 'custom') return { ok: true, input: source.input };
  const item = catalog.peek(source.id);
  if (!item) return { ok: false, error: { code: 'unknown-scenario', value: clip(source.id) } };
  return item.ok ? { ok: true, input: item.scenario.input } : { ok: false, error: { code: 'invalid-run', issues: item.broken.issues } };
}

/**
 * Fetches a bundled scenario's file, then calls `then` if nothing else was selected meanwhile
 * (`pendingScenario` is still `id`); a fetch that fails (offline) is reported and changes nothing.
 */
export async function fetchScenario(get: () => LabState, set: (partial: Partial<LabState>) => void, id: string, then: () => void): Promise<void> {
  set({ pendingScenario: id });
  try {
    await get().catalog.load(id);
  } catch {
    if (get().pendingScenario === id) set({ pendingScenario: null, errors: [{ code: 'scenario-unavailable', value: clip(id) }] });
    return;
  }
  if (get().pendingScenario !== id) return;
  set({ pendingScenario: null });
  then();
}

/** The scenario with the user's changes: settings merged section by section, faults appended. */
export function withChanges(input: Record<string, unknown>, changes: Changes): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if (changes.settings && Object.keys(changes.settings).length > 0) {
    const base = (input.settings ?? {}) as Record<string, Record<string, unknown>>;
    const merged: Record<string, unknown> = { ...base };
    for (const [group, values] of Object.entries(changes.settings)) merged[group] = { ...base[group], ...values };
    out.settings = merged;
  }
  if (changes.faults && changes.faults.length > 0) out.faults = [...((input.faults ?? []) as unknown[]), ...changes.faults];
  return out;
}

/** Runs `source` with `seed` (default: the one the scenario gives) and the user's changes. */
export function loadSource(catalog: BundledCatalog, source: Source, seed?: number, changes: Changes = {}): Loaded {
  const base = sourceInput(catalog, source);
  if (!base.ok) return base;
  const input = withChanges(base.input, changes);
  const r = runScenario(seed === undefined ? input : { ...input, seed });
  if (!r.ok) {
    if (r.tooLarge) return { ok: false, error: { code: 'run-too-large', messages: r.tooLarge, max: MAX_RUN_MESSAGES } };
    return { ok: false, error: r.tooLong ? { code: 'run-too-long', max: r.tooLong } : { code: 'invalid-run', issues: r.issues } };
  }
  return { ok: true, state: { ...r.value, source, seed: r.value.scenario.seed } };
}

export const DEFAULT_SOURCE: Source = { kind: 'preset', name: 'at-least-once' };

/** The run the lab opens with. */
export function initialRun(catalog: BundledCatalog): LabRun & { source: Source; seed: number } {
  const initial = loadSource(catalog, DEFAULT_SOURCE);
  if (!initial.ok) throw new Error(`the default preset does not run: ${JSON.stringify(initial.error)}`);
  return initial.state;
}

/** A newly loaded run replaces the old one: the stage starts at its first step, without the user's changes. */
export function loaded(state: LabRun & { source: Source; seed: number }, clock: LabState['clock']) {
  clock.set(0);
  return { ...state, ...freshPlayback(state), overrides: {}, settingsIssues: [], pendingScenario: null };
}

export function createRunSlice(catalog: BundledCatalog, initial: LabRun & { source: Source; seed: number }): StateCreator<LabState, [], [], RunSlice> {
  return (set, get) => {
    const apply = (source: Source, seed?: number) => {
      const r = loadSource(catalog, source, seed);
      if (forLongRun(r)) return void get().startLongRun(source, { seed });
      set(r.ok ? { ...loaded(r.state, get().clock), errors: [] } : { errors: [r.error], pendingScenario: null });
    };
    /** Another seed for the same setup: the user's settings and faults stay. */
    const reseed = (seed: number) => {
      const { source, overrides, userFaults } = get();
      const r = loadSource(catalog, source, seed, { settings: overrides, faults: userFaults });
      if (forLongRun(r)) return void get().startLongRun(source, { seed, changes: { settings: overrides, faults: userFaults } });
      set(r.ok ? { ...loaded(r.state, get().clock), overrides, userFaults, errors: [] } : { errors: [r.error] });
    };
    return {
      ...initial,
      catalog,
      errors: [],
      pendingScenario: null,
      selectPreset: (name) => {
        if (isPresetName(name)) apply({ kind: 'preset', name });
        else set({ errors: [{ code: 'unknown-preset', value: clip(name) }] });
      },
      selectScenario: (id) => {
        const show = () => apply({ kind: 'scenario', id });
        if (catalog.peek(id) || !catalog.entries.some((e) => e.id === id)) {
          show();
          return Promise.resolve();
        }
        return fetchScenario(get, set, id, show);
      },
      loadScenario: (input) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) set({ errors: [{ code: 'invalid-run', issues: [{ path: '(the scenario)', message: 'a scenario is a JSON object' }] }] });
        else apply({ kind: 'custom', input: input as Record<string, unknown> });
      },
      setSeed: (seed) => {
        const n = typeof seed === 'number' ? (Number.isInteger(seed) ? parseSeed(String(seed)) : null) : parseSeed(seed);
        if (n === null) set({ errors: [{ code: 'bad-seed', value: clip(String(seed)) }] });
        else reseed(n);
      },
      dismissErrors: () => set({ errors: [] }),
    };
  };
}
