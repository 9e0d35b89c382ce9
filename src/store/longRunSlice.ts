/**
 * Long runs: a scenario with more than MAX_RUN_MESSAGES messages (up to MAX_LONG_RUN_MESSAGES) is
 * not run to its end at once and kept whole, as every other run is; it is computed in slices
 * between frames (longRunCompute.ts, a chunk of its own) with a progress bar and a cancel button,
 * and what the page keeps of it is the last steps for the stage and the whole run's counts.
 * Until it ends the run shown stays; a cancelled long run leaves it as it was, and another run shown
 * meanwhile cancels it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { LongRunProgress } from './longRunCompute';
import { MAX_LONG_RUN_MESSAGES, type Source } from './run';
import type { Changes, Loaded } from './runSlice';
import type { LabState } from './state';

export interface LongRunJob extends LongRunProgress {
  /** Asked for by this source and seed (the run shown until it ends). */
  source: Source;
}

/** What a long run is asked for besides its source (see startLongRun). */
export interface LongRunStart {
  seed?: number;
  changes?: Changes;
  messages?: number;
  window?: number;
}

export interface LongRunSlice {
  /** The long run being computed, or null. */
  longRunJob: LongRunJob | null;
  /**
   * Runs `source` (with `seed` and the user's `changes`) as a long run; resolves once it is shown,
   * refused or cancelled. `messages`: the run's message count, replaced (a source that produces a
   * count of messages; a longer horizon if that many need it).
   */
  startLongRun: (source: Source, options?: LongRunStart) => Promise<'shown' | 'cancelled' | 'refused'>;
  cancelLongRun: () => void;
}

/** A refused load that is a long run's to do: more messages than the page keeps whole, and not more than a long run takes. */
export const forLongRun = (r: Loaded): boolean => !r.ok && r.error.code === 'run-too-large' && r.error.messages <= MAX_LONG_RUN_MESSAGES;

let jobs = 0;

export const createLongRunSlice: StateCreator<LabState, [], [], LongRunSlice> = (set, get) => {
  let current = 0;
  return {
    longRunJob: null,
    startLongRun: async (source, options = {}) => {
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
      // The rest comes with the long-run chunk (the first page load does not carry it).
      const { showLongRun } = await import('./longRunCompute');
      const r = await showLongRun(get, set, source, options, superseded);
      if (current === id) current = 0;
      return r;
    },
    cancelLongRun: () => {
      current = 0;
      set({ longRunJob: null });
    },
  };
};
