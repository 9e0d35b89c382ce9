/**
 * The page's hook for tests and benchmarks, on `window.deliveryLab`: drive the lab and read what
 * happened without waiting on animations. It calls the store's own actions; nothing else.
 */
import { Timeline, type Ledger, type LedgerSummary } from '../engine';
import type { ExploreProgress } from '../engine/explore/explore';
import type { CrashWhere } from './crashSlice';
import type { LoadError } from './errors';
import type { LongRunJob } from './longRunSlice';
import type { LongRunInfo } from './run';
import type { LabStore } from './index';
import { awaitingAnswer } from './lessonSlice';
import { ledgerNowOf } from './playbackSlice';
import { applyLink } from './presenterPage';

export interface DeliveryLabApi {
  /** Runs a scenario given as data (the scenario file format); a bad one shows its message and keeps the run. */
  load: (scenario: unknown) => void;
  /** The step the stage shows, and the last step of the run. */
  step: () => { at: number; last: number };
  seek: (step: number) => void;
  seekEnd: () => void;
  play: () => void;
  pause: () => void;
  /** Playback speed (one of the speed buttons' values: 0.25 to 8). */
  setSpeed: (speed: number) => void;
  /** The ledger at the stage's step, and the run's final summary. */
  ledger: () => Ledger;
  final: () => LedgerSummary;
  traceHash: () => string;
  /** Packets on the wire at the stage's step. */
  inFlight: () => number;
  /** One step forward (paused), as the ▶| button. */
  stepForward: () => void;
  /** Opens a bundled scenario's lesson (at a narration, default the first); resolves once it is shown or refused. */
  openLesson: (id: string, index?: number) => Promise<void>;
  lessonNext: () => void;
  lessonBack: () => void;
  closeLesson: () => void;
  /** The open lesson: which narration of how many, and the step it is about; null when none is open. */
  lesson: () => { id: string; index: number; count: number; step: number; waiting: boolean } | null;
  /**
   * Prove it on the run shown (every schedule of up to `maxFaults` faults, default 2); resolves once
   * the search ends, is cancelled or fails: its status, and the counts and counterexamples it found.
   */
  prove: (maxFaults?: number, copies?: boolean) => Promise<{ status: string; progress: ExploreProgress }>;
  /**
   * Applies a link (a query string, `?scenario=...`) exactly as the page applies the one it opens
   * with (presenterPage.ts `applyLink`), without loading the page again; resolves once it is applied
   * or refused, to the errors it gave (also shown in the alert). For tests that feed many links.
   */
  applyLink: (search: string) => Promise<LoadError[]>;
  /**
   * Imports a file of this name and text through the same store action the *Import a file…*
   * input and a drop call (`importFile`); resolves to the errors it gave. For tests that feed many files.
   */
  importFile: (name: string, text: string) => Promise<LoadError[]>;
  /**
   * Runs a scenario (as data) as a long run (longRunSlice.ts), as a link with that many messages
   * does; resolves once it is shown, cancelled or refused.
   */
  longRun: (scenario: unknown, window?: number) => Promise<'shown' | 'cancelled' | 'refused'>;
  cancelLongRun: () => void;
  /** The long run being computed (how far it is), or null. */
  longRunJob: () => Omit<LongRunJob, 'source'> | null;
  /** What the run shown kept, if it is a long run (null otherwise). */
  longRunInfo: () => LongRunInfo | null;
  /** The errors the alert shows, as data (LoadError, errors.ts). */
  errors: () => LoadError[];
  /** The crash the page stopped on (where, and the error's message), or null. */
  crash: () => { where: CrashWhere; message: string; step: number } | null;
  /**
   * TEST ONLY, on purpose: makes the engine throw once, to show the crash screen. `step`: the
   * shown run's next Timeline.stateAt (any step, seek or frame of playing); `load`: the next
   * Timeline.start (picking a preset or a scenario, a link, a file, a setting); `render`: the run's
   * ledger throws whenever its messages are read, which the page does while drawing it again, at
   * once (going back to the last good run gives the good ledger back).
   */
  failNext: (where: 'step' | 'load' | 'render') => void;
}

/** The error failNext throws: its message names it, so a report of it is never mistaken for a real bug. */
const deliberate = (where: string) => new Error(`deliberate engine error for tests (deliveryLab.failNext('${where}'))`);

export function pageApi(store: LabStore): DeliveryLabApi {
  const s = () => store.getState();
  return {
    load: (scenario) => s().loadScenario(scenario),
    longRun: (scenario, window) => s().startLongRun({ kind: 'custom', input: scenario as Record<string, unknown> }, { window }),
    cancelLongRun: () => s().cancelLongRun(),
    longRunJob: () => {
      const j = s().longRunJob;
      return j && { messages: j.messages, sent: j.sent, effects: j.effects, steps: j.steps };
    },
    longRunInfo: () => s().longRun,
    step: () => ({ at: s().cursor, last: s().timeline.lastIndex }),
    seek: (step) => s().seek(step),
    seekEnd: () => s().seekEnd(),
    play: () => s().play(),
    pause: () => s().pause(),
    setSpeed: (speed) => s().setSpeed(speed),
    ledger: () => ledgerNowOf(s()),
    final: () => s().ledger.summary,
    traceHash: () => s().traceHash,
    inFlight: () => s().inFlight.length,
    stepForward: () => s().stepForward(),
    openLesson: (id, index) => s().openLesson(id, index),
    lessonNext: () => s().lessonNext(),
    lessonBack: () => s().lessonBack(),
    closeLesson: () => s().closeLesson(),
    lesson: () => {
      const l = s().lesson;
      return l && { id: l.id, index: l.index, count: l.steps.length, step: l.steps[l.index]!.step, waiting: awaitingAnswer(l) };
    },
    prove: async (maxFaults = 2, copies = false) => {
      await s().startProve(maxFaults, copies);
      const ended = () => {
        const p = s().prove;
        return p && p.status !== 'running' ? p : null;
      };
      const settled = await new Promise<NonNullable<ReturnType<typeof ended>>>((resolve) => {
        const now = ended();
        if (now) return resolve(now);
        const unsubscribe = store.subscribe(() => {
          const p = ended();
          if (p) {
            unsubscribe();
            resolve(p);
          }
        });
      });
      return { status: settled.status, progress: settled.progress };
    },
    applyLink: async (search) => {
      await applyLink(store, search);
      return [...s().errors];
    },
    importFile: async (name, text) => {
      await s().importFile({ name, size: new Blob([text]).size, text: () => Promise.resolve(text) });
      return [...s().errors];
    },
    errors: () => [...s().errors],
    crash: () => {
      const c = s().crash;
      return c && { where: c.where, message: c.message, step: c.step };
    },
    failNext: (where) => {
      if (where === 'step') {
        const timeline = s().timeline;
        const real = timeline.stateAt;
        timeline.stateAt = () => {
          timeline.stateAt = real;
          throw deliberate(where);
        };
      } else if (where === 'load') {
        const real = Timeline.start;
        Timeline.start = () => {
          Timeline.start = real;
          throw deliberate(where);
        };
      } else {
        const ledger = s().ledger;
        store.setState({ ledger: new Proxy(ledger, { get: (target, key) => (key === 'messages' ? (() => { throw deliberate(where); })() : Reflect.get(target, key)) }) });
      }
    },
  };
}
