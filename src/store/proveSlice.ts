/**
 * Prove it: the search over every schedule of up to k faults (engine/explore), run in workers
 * that share it (one shard each), its progress merged, and a counterexample replayed on the stage
 * as a scenario of its own (the same file `npm run explore` writes). The working part is
 * proveRun.ts, fetched on first use: the page's first load does not carry it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Fault, Timeline } from '../engine';
import type { ExploreProgress, Violation } from '../engine/explore/explore';
import type { ProveWorker, ProveWorkers } from './proveWorkers';
import { exportScenario } from './share';
import type { LabState } from './state';

export const PROVE_MAX_FAULTS = 3;

export interface ProveView {
  status: 'running' | 'done' | 'cancelled' | 'failed';
  maxFaults: number;
  copies: boolean;
  /** The shards' progress as one search. */
  progress: ExploreProgress;
  workers: number;
  startedAt: number;
  elapsedMs: number;
  /** The run it explores (the stage may show another one since). */
  timeline: Timeline;
  /** The run as a scenario file: what a counterexample replays. */
  base: Record<string, unknown> | null;
  error: string | null;
}

/** A counterexample on the stage: its faults, and the steps at which they fired. */
export interface ReplayView {
  violation: Violation;
  faults: readonly Fault[];
  steps: readonly number[];
  messages: readonly string[];
  timeline: Timeline;
}

export interface ProveSlice {
  prove: ProveView | null;
  proveReplay: ReplayView | null;
  /** Starts the search (status `running` at once; the workers start once proveRun.ts is in). */
  startProve: (maxFaults: number, copies: boolean) => Promise<void>;
  cancelProve: () => void;
  /** Loads the shortest counterexample of a violation as the run shown, at its first fault. */
  replayCounterexample: (violation: Violation) => Promise<void>;
  closeProve: () => void;
}

const empty = (): ExploreProgress => ({
  explored: 0,
  fraction: 0,
  violations: { lost: 0, duplicated: 0, outOfOrder: 0 },
  broken: 0,
  unsettled: 0,
  shortest: {},
  faultPoints: 0,
  stepsRun: 0,
  stepsShared: 0,
  done: false,
});

export function createProveSlice(workers: ProveWorkers | null, now: () => number = () => performance.now()): StateCreator<LabState, [], [], ProveSlice> {
  return (set, get) => {
    let running: ProveWorker[] = [];
    /** Each start gets a number: a start that a later one (or a cancel) replaced does nothing once its module is in. */
    let generation = 0;
    const stop = () => {
      generation++;
      for (const w of running) w.terminate();
      running = [];
    };
    return {
      prove: null,
      proveReplay: null,
      startProve: async (maxFaultsIn, copies) => {
        stop();
        const mine = generation;
        const maxFaults = Math.max(1, Math.min(PROVE_MAX_FAULTS, Math.floor(maxFaultsIn) || 1));
        const s = get();
        const base = exportScenario(s)?.scenario ?? null;
        const view: ProveView = { status: 'running', maxFaults, copies, progress: empty(), workers: workers?.count ?? 0, startedAt: now(), elapsedMs: 0, timeline: s.timeline, base, error: null };
        // Hundreds of thousands of steps, each a fault point: not a search that ends.
        if (s.longRun) {
          set({ prove: { ...view, status: 'failed', error: 'long-run' } });
          return;
        }
        if (!workers) {
          set({ prove: { ...view, status: 'failed', error: 'no-workers' } });
          return;
        }
        set({ prove: view });
        const m = await import('./proveRun');
        if (mine !== generation) return;
        const started = m.startWorkers(workers, view, get, set, now, (w) => running.includes(w), () => (running = []));
        running = started;
      },
      cancelProve: () => {
        const p = get().prove;
        if (!p || p.status !== 'running') return;
        stop();
        set({ prove: { ...p, status: 'cancelled', elapsedMs: now() - p.startedAt } });
      },
      replayCounterexample: async (violation) => {
        const p = get().prove;
        if (!p) return;
        const m = await import('./proveRun');
        m.replay(p, violation, get, set);
      },
      closeProve: () => {
        stop();
        set({ prove: null, proveReplay: null });
      },
    };
  };
}
