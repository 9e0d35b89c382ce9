/**
 * The crash slice: an exception the lab did not expect (the engine throwing while a run is
 * stepped, sought, loaded or drawn; in a render, an event handler or async code) stops the page
 * on a screen that says so and offers a bug report, instead of a blank page. The run that last
 * rendered well is remembered, so the user can go back to it, or start over.
 */
import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_SOURCE } from './runSlice';
import { exportScenario, linkSearch } from './share';
import type { LabState } from './state';

/** Where the exception was thrown: drawing the page, an event handler, async code, or the page's start. */
export type CrashWhere = 'render' | 'event' | 'async' | 'start';

export interface Crash {
  where: CrashWhere;
  name: string;
  message: string;
  stack: string;
  /** React's component stack, for an exception in a render. */
  componentStack: string | null;
  /** ISO 8601, when it was reported. */
  at: string;
  /** The step shown and the run's last step, when it happened. */
  step: number;
  last: number;
  /** The run shown as a link (query string) and as a scenario file, when they could be made. */
  search: string | null;
  file: { name: string; text: string } | null;
}

export interface CrashSlice {
  crash: Crash | null;
  /** How many times the page came back from a crash: the page is made anew under this key. */
  recoveries: number;
  /** What the last recovery came back to (said once on the page). */
  recovered: null | 'last-good' | 'started-over';
  /** At a crash: the step of the run that last rendered well, if one has (for the "back" button). */
  lastGoodStep: number | null;
  /** Stops the page on the crash screen (the first crash wins; what follows from it is not news). */
  reportCrash: (error: unknown, where: CrashWhere, componentStack?: string | null) => void;
  /** The page rendered the run shown without an exception: it is the one to go back to. */
  markGood: () => void;
  /** Leaves the crash screen: back to the run that last rendered well, or a fresh default run. */
  recover: (how: 'last-good' | 'start-over') => void;
  dismissRecovered: () => void;
}

/** Text of anything thrown (an Error, or whatever else `throw` was given). */
function describeThrown(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? '' };
  let message: string;
  try {
    message = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { name: 'thrown value', message, stack: '' };
}

/** `make()`, or null if the state is too broken to make it (the report says what it can). */
function attempt<T>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/** What a recovery keeps from the page as it is now rather than as the good run had it: the saved scenarios, a search in the workers. */
const KEPT = ['library', 'libraryProblems', 'lastDeleted', 'prove'] as const;

export const createCrashSlice: StateCreator<LabState, [], [], CrashSlice> = (set, get) => {
  /** The whole state the page last rendered well (zustand states are replaced, never changed in place). */
  let lastGood: LabState | null = null;
  return {
    crash: null,
    recoveries: 0,
    recovered: null,
    lastGoodStep: null,
    reportCrash: (error, where, componentStack = null) => {
      if (get().crash) return;
      const s = get();
      const file = attempt(() => exportScenario(s));
      const crash: Crash = {
        where,
        ...describeThrown(error),
        componentStack,
        at: new Date().toISOString(),
        step: s.cursor,
        last: attempt(() => s.timeline.lastIndex) ?? -1,
        search: attempt(() => linkSearch(s)),
        file: file ? { name: file.fileName, text: file.text } : null,
      };
      set({ crash, playing: false, recovered: null, lastGoodStep: lastGood ? lastGood.cursor : null });
    },
    // Not a change of state (it runs at every step shown): remembered, and said only when a crash comes.
    markGood: () => {
      if (!get().crash) lastGood = get();
    },
    recover: (how) => {
      const good = lastGood;
      const next = { crash: null, recoveries: get().recoveries + 1, playing: false } as const;
      if (how === 'last-good' && good) {
        const now = get();
        set({ ...good, ...Object.fromEntries(KEPT.map((k) => [k, now[k]])), ...next, recovered: 'last-good', lastGoodStep: good.cursor });
        attempt(() => good.clock.set(good.timeline.steps[good.cursor]!.time));
        return;
      }
      // A fresh default run, with every mode closed.
      set({ lesson: null, presenting: false, blank: false, compare: null, why: null, proveReplay: null });
      get().selectPreset(DEFAULT_SOURCE.kind === 'preset' ? DEFAULT_SOURCE.name : 'at-least-once');
      set({ ...next, errors: [], recovered: how === 'last-good' ? 'started-over' : null });
    },
    dismissRecovered: () => set({ recovered: null }),
  };
};
