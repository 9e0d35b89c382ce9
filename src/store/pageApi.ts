/**
 * The page's hook for tests and benchmarks, on `window.deliveryLab`: drive the lab and read what
 * happened without waiting on animations. It calls the store's own actions; nothing else.
 */
import type { Ledger, LedgerSummary } from '../engine';
import type { ExploreProgress } from '../engine/explore/explore';
import type { LabStore } from './index';
import { awaitingAnswer } from './lessonSlice';
import { ledgerNowOf } from './playbackSlice';

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
}

export function pageApi(store: LabStore): DeliveryLabApi {
  const s = () => store.getState();
  return {
    load: (scenario) => s().loadScenario(scenario),
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
  };
}
