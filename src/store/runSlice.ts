/**
 * The run slice: which source and seed are selected, and the finished run they give. Every
 * action either replaces the whole run with a valid new one, or leaves it as it was and reports
 * why in `errors`: the page never shows a half-loaded or broken run.
 */
import type { StateCreator } from 'zustand/vanilla';
import { isPresetName } from '../engine';
import type { BundledCatalog } from './bundled';
import type { LoadError } from './errors';
import { freshPlayback } from './playbackSlice';
import { runScenario, type LabRun, type Source } from './run';
import type { LabState } from './state';
import { clip, parseSeed } from './url';

export interface RunSlice extends LabRun {
  source: Source;
  seed: number;
  catalog: BundledCatalog;
  /** Why the last request (URL, picker, seed input) was not applied, fully or in part. */
  errors: readonly LoadError[];
  selectPreset: (name: string) => void;
  /** Selects a bundled scenario by id, at the seed its file gives. */
  selectScenario: (id: string) => void;
  /** Runs the current source again with another seed (a number, or text as typed or linked). */
  setSeed: (seed: number | string) => void;
  dismissErrors: () => void;
}

export type Loaded = { ok: true; state: LabRun & { source: Source; seed: number } } | { ok: false; error: LoadError };

/** Runs `source` with `seed` (default: the one the scenario gives). */
export function loadSource(catalog: BundledCatalog, source: Source, seed?: number): Loaded {
  let input: Record<string, unknown>;
  if (source.kind === 'preset') {
    input = { preset: source.name };
  } else {
    const bundled = catalog.scenarios.find((s) => s.id === source.id);
    if (!bundled) return { ok: false, error: { code: 'unknown-scenario', value: clip(source.id) } };
    input = bundled.input;
  }
  const r = runScenario(seed === undefined ? input : { ...input, seed });
  if (!r.ok) return { ok: false, error: { code: 'invalid-run', issues: r.issues } };
  return { ok: true, state: { ...r.value, source, seed: r.value.scenario.seed } };
}

export const DEFAULT_SOURCE: Source = { kind: 'preset', name: 'at-least-once' };

/** The run the lab opens with. */
export function initialRun(catalog: BundledCatalog): LabRun & { source: Source; seed: number } {
  const initial = loadSource(catalog, DEFAULT_SOURCE);
  if (!initial.ok) throw new Error(`the default preset does not run: ${JSON.stringify(initial.error)}`);
  return initial.state;
}

/** A newly loaded run replaces the old one: the stage starts at its first step. */
export function loaded(state: LabRun & { source: Source; seed: number }, clock: LabState['clock']) {
  clock.set(0);
  return { ...state, ...freshPlayback(state) };
}

export function createRunSlice(catalog: BundledCatalog, initial: LabRun & { source: Source; seed: number }): StateCreator<LabState, [], [], RunSlice> {
  return (set, get) => {
    const apply = (source: Source, seed?: number) => {
      const r = loadSource(catalog, source, seed);
      set(r.ok ? { ...loaded(r.state, get().clock), errors: [] } : { errors: [r.error] });
    };
    return {
      ...initial,
      catalog,
      errors: [],
      selectPreset: (name) => {
        if (isPresetName(name)) apply({ kind: 'preset', name });
        else set({ errors: [{ code: 'unknown-preset', value: clip(name) }] });
      },
      selectScenario: (id) => apply({ kind: 'scenario', id }),
      setSeed: (seed) => {
        const n = typeof seed === 'number' ? (Number.isInteger(seed) ? parseSeed(String(seed)) : null) : parseSeed(seed);
        if (n === null) set({ errors: [{ code: 'bad-seed', value: clip(String(seed)) }] });
        else apply(get().source, n);
      },
      dismissErrors: () => set({ errors: [] }),
    };
  };
}
