/**
 * Long runs: a scenario with more than MAX_RUN_MESSAGES messages (up to MAX_LONG_RUN_MESSAGES) is
 * not run to its end at once and kept whole, as every other run is; it is computed in slices
 * between frames (longRunCompute.ts, a chunk of its own) with a progress bar and a cancel button,
 * and what the page keeps of it is the last steps for the stage and the whole run's counts.
 * Until it ends the run shown stays; a cancelled long run leaves it as it was, and another run shown
 * meanwhile cancels it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { LoadError } from './errors';
import type { LongRunProgress } from './longRunCompute';
import { MAX_LONG_RUN_MESSAGES, type Source } from './run';
import { loaded, sourceInput, withChanges, type Changes, type Loaded } from './runSlice';
import type { LabState } from './state';

export interface LongRunJob extends LongRunProgress {
  /** Asked for by this source and seed (the run shown until it ends). */
  source: Source;
}

export interface LongRunSlice {
  /** The long run being computed, or null. */
  longRunJob: LongRunJob | null;
  /**
   * Runs `source` (with `seed` and the user's `changes`) as a long run; resolves once it is shown,
   * refused or cancelled. `messages`: the run's message count, replaced (a source that produces a
   * count of messages; a longer horizon if that many need it).
   */
  startLongRun: (source: Source, options?: { seed?: number; changes?: Changes; messages?: number; window?: number }) => Promise<'shown' | 'cancelled' | 'refused'>;
  cancelLongRun: () => void;
}

/** A refused load that is a long run's to do: more messages than the page keeps whole, and not more than a long run takes. */
export const forLongRun = (r: Loaded): boolean => !r.ok && r.error.code === 'run-too-large' && r.error.messages <= MAX_LONG_RUN_MESSAGES;

type Json = Record<string, unknown>;

/** The scenario with `messages` messages: its count replaced, and a horizon long enough to send them all and settle. */
export function withMessageCount(input: Json, messages: number): Json | null {
  const produce = (input.produce ?? { count: 3, intervalMs: 10 }) as Json;
  if (!('count' in produce) && 'messages' in produce) return null;
  const intervalMs = typeof produce.intervalMs === 'number' ? produce.intervalMs : 10;
  const startMs = typeof produce.startMs === 'number' ? produce.startMs : 0;
  const sending = startMs + messages * intervalMs;
  const horizon = typeof input.horizonMs === 'number' ? input.horizonMs : 0;
  // Ten minutes after the last send, at least: the preset's horizon was made for its few messages.
  return { ...input, produce: { ...produce, count: messages }, horizonMs: Math.max(horizon, sending + 600_000) };
}

let jobs = 0;

export const createLongRunSlice: StateCreator<LabState, [], [], LongRunSlice> = (set, get) => {
  let current = 0;
  return {
    longRunJob: null,
    startLongRun: async (source, options = {}) => {
      const s = get();
      const base = sourceInput(s.catalog, source);
      if (!base.ok) {
        set({ errors: [base.error] });
        return 'refused';
      }
      let input: Json | null = withChanges(base.input, options.changes ?? {});
      if (options.seed !== undefined) input = { ...input, seed: options.seed };
      if (options.messages !== undefined) input = withMessageCount(input, options.messages);
      if (!input) {
        set({ errors: [{ code: 'invalid-run', issues: [{ path: 'produce', message: 'this scenario lists its messages one by one: a long run needs produce.count' }] }] });
        return 'refused';
      }
      const id = (current = ++jobs);
      set({ longRunJob: { source, messages: 0, sent: 0, effects: 0, steps: 0 }, playing: false });
      // Another run shown meanwhile (a preset picked, a setting changed) wins over this one.
      const shownBefore = get().timeline;
      const superseded = () => {
        if (current !== id || get().timeline === shownBefore) return current !== id;
        current = 0;
        set({ longRunJob: null });
        return true;
      };
      const { computeLongRun } = await import('./longRunCompute');
      let shownAt = 0;
      const r = await computeLongRun(input, {
        window: options.window,
        cancelled: superseded,
        onProgress: (p) => {
          // A few updates a second are enough for a progress bar (and cheaper for React).
          const now = performance.now();
          if (now - shownAt < 100 || current !== id) return;
          shownAt = now;
          set({ longRunJob: { source, ...p } });
        },
      });
      if (superseded()) return 'cancelled';
      current = 0;
      if (!r.ok) {
        if ('cancelled' in r) return 'cancelled';
        const error: LoadError =
          r.tooLong
              ? { code: 'run-too-long', max: r.tooLong }
            : r.tooLarge
              ? { code: 'run-too-large', messages: r.tooLarge, max: MAX_LONG_RUN_MESSAGES }
              : { code: 'invalid-run', issues: r.issues };
        set({ longRunJob: null, errors: [error] });
        return 'refused';
      }
      const changes = options.changes ?? {};
      const shown = { ...r.value, source: options.messages !== undefined ? ({ kind: 'custom', input } as Source) : source, seed: r.value.scenario.seed };
      set({ ...loaded(shown, get().clock), longRunJob: null, errors: [], ...(options.messages === undefined ? { overrides: changes.settings ?? {}, userFaults: changes.faults ?? [] } : {}) });
      return 'shown';
    },
    cancelLongRun: () => {
      current = 0;
      set({ longRunJob: null });
    },
  };
};
