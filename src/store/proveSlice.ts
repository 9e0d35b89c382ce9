/**
 * Prove it: the search over every schedule of up to k faults (engine/explore), run in workers
 * that share it (one shard each), its progress merged here, and a counterexample replayed on the
 * stage as a scenario of its own (the same file `npm run explore` writes).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Fault, Timeline } from '../engine';
import { counterexampleScenario } from '../engine/explore/counterexample';
import { mergeProgress, type ExploreProgress, type Violation } from '../engine/explore/explore';
import type { ProveReply, ProveWorker, ProveWorkers } from './proveWorkers';
import { loadSource, loaded } from './runSlice';
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
  startProve: (maxFaults: number, copies: boolean) => void;
  cancelProve: () => void;
  /** Loads the shortest counterexample of a violation as the run shown, at its first fault. */
  replayCounterexample: (violation: Violation) => void;
  closeProve: () => void;
}

const empty = (): ExploreProgress => ({
  explored: 0,
  fraction: 0,
  violations: { lost: 0, duplicated: 0, outOfOrder: 0 },
  unsettled: 0,
  shortest: {},
  faultPoints: 0,
  stepsRun: 0,
  stepsShared: 0,
  done: false,
});

/** The steps of a run at which an added fault shows: a loss aimed at a message, a copy, a rejection, a crash. */
export function faultSteps(timeline: Timeline): number[] {
  const out: number[] = [];
  for (const s of timeline.steps) {
    const fired = s.events.some(
      (e) => (e.type === 'net.dropped' && e.reason === 'fault') || e.type === 'net.duplicated' || e.type === 'broker.rejected' || e.type === 'node.crashed',
    );
    if (fired) out.push(s.index);
  }
  return out;
}

export function createProveSlice(workers: ProveWorkers | null, now: () => number = () => performance.now()): StateCreator<LabState, [], [], ProveSlice> {
  return (set, get) => {
    let running: ProveWorker[] = [];
    const stop = () => {
      for (const w of running) w.terminate();
      running = [];
    };
    return {
      prove: null,
      proveReplay: null,
      startProve: (maxFaultsIn, copies) => {
        stop();
        const maxFaults = Math.max(1, Math.min(PROVE_MAX_FAULTS, Math.floor(maxFaultsIn) || 1));
        const s = get();
        const startedAt = now();
        const base = exportScenario(s)?.scenario ?? null;
        const view: ProveView = { status: 'running', maxFaults, copies, progress: empty(), workers: workers?.count ?? 0, startedAt, elapsedMs: 0, timeline: s.timeline, base, error: null };
        if (!workers) {
          set({ prove: { ...view, status: 'failed', error: 'no-workers' } });
          return;
        }
        const count = Math.max(1, workers.count);
        const parts: ExploreProgress[] = Array.from({ length: count }, empty);
        const mine: ProveWorker[] = [];
        const fail = (message: string) => {
          stop();
          const p = get().prove;
          if (p) set({ prove: { ...p, status: 'failed', error: message, elapsedMs: now() - startedAt } });
        };
        for (let index = 0; index < count; index++) {
          const w = workers.create();
          w.onmessage = (e: { data: ProveReply }) => {
            if (!running.includes(w)) return;
            const reply = e.data;
            if (reply.type === 'error') return fail(reply.message);
            parts[index] = reply.progress;
            const progress = mergeProgress(parts);
            const p = get().prove;
            if (!p) return;
            if (progress.done) running = [];
            set({ prove: { ...p, progress, status: progress.done ? 'done' : 'running', elapsedMs: now() - startedAt } });
          };
          w.onerror = (e) => fail(e.message ?? 'the worker stopped');
          mine.push(w);
        }
        running = mine;
        set({ prove: view });
        for (const [index, w] of mine.entries()) w.postMessage({ run: s.timeline.run, options: { maxFaults, copies, shard: { index, count } } });
      },
      cancelProve: () => {
        const p = get().prove;
        if (!p || p.status !== 'running') return;
        stop();
        set({ prove: { ...p, status: 'cancelled', elapsedMs: now() - p.startedAt } });
      },
      replayCounterexample: (violation) => {
        const p = get().prove;
        const c = p?.progress.shortest[violation];
        if (!p || !c || !p.base) return;
        const scenario = counterexampleScenario(p.base, c, p.maxFaults);
        const r = loadSource(get().catalog, { kind: 'custom', input: scenario });
        if (!r.ok) {
          set({ errors: [r.error] });
          return;
        }
        set({ ...loaded(r.state, get().clock), errors: [] });
        const timeline = get().timeline;
        const steps = faultSteps(timeline);
        set({ proveReplay: { violation, faults: c.faults, steps, messages: c.messages, timeline } });
        get().seek(steps[0] ?? 0);
      },
      closeProve: () => {
        stop();
        set({ prove: null, proveReplay: null });
      },
    };
  };
}
