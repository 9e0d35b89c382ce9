/**
 * The working part of Prove it, fetched when a search starts or a counterexample is replayed (it
 * brings the explorer's merging and the counterexample files; the search itself is in the workers).
 */
import type { Timeline } from '../engine';
import { counterexampleScenario } from '../engine/explore/counterexample';
import { mergeProgress, type ExploreProgress, type Violation } from '../engine/explore/explore';
import type { ProveView } from './proveSlice';
import type { ProveReply, ProveWorker, ProveWorkers } from './proveWorkers';
import { loadSource, loaded } from './runSlice';
import type { LabState } from './state';

type Get = () => LabState;
type Set = (partial: Partial<LabState>) => void;

/** Starts `count` workers on the view's run, one shard each; returns them (to terminate). */
export function startWorkers(workers: ProveWorkers, view: ProveView, get: Get, set: Set, now: () => number, isCurrent: (w: ProveWorker) => boolean, done: () => void): ProveWorker[] {
  const count = Math.max(1, workers.count);
  const parts: ExploreProgress[] = Array.from({ length: count }, () => view.progress);
  const mine: ProveWorker[] = [];
  const fail = (message: string) => {
    done();
    const p = get().prove;
    if (p) set({ prove: { ...p, status: 'failed', error: message, elapsedMs: now() - view.startedAt } });
  };
  for (let index = 0; index < count; index++) {
    const w = workers.create();
    w.onmessage = (e: { data: ProveReply }) => {
      if (!isCurrent(w)) return;
      const reply = e.data;
      if (reply.type === 'error') return fail(reply.message);
      parts[index] = reply.progress;
      const progress = mergeProgress(parts);
      const p = get().prove;
      if (!p) return;
      if (progress.done) done();
      set({ prove: { ...p, progress, status: progress.done ? 'done' : 'running', elapsedMs: now() - view.startedAt } });
    };
    w.onerror = (e) => fail(e.message ?? 'the worker stopped');
    mine.push(w);
  }
  const options = { maxFaults: view.maxFaults, copies: view.copies };
  mine.forEach((w, index) => w.postMessage({ run: view.timeline.run, options: { ...options, shard: { index, count } } }));
  return mine;
}

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

/** Loads the view's shortest counterexample of `violation` as the run shown, at its first fault. */
export function replay(p: ProveView, violation: Violation, get: Get, set: Set): void {
  const c = p.progress.shortest[violation];
  if (!c || !p.base) return;
  const r = loadSource(get().catalog, { kind: 'custom', input: counterexampleScenario(p.base, c, p.maxFaults) });
  if (!r.ok) {
    set({ errors: [r.error] });
    return;
  }
  set({ ...loaded(r.state, get().clock), errors: [] });
  const timeline = get().timeline;
  const steps = faultSteps(timeline);
  set({ proveReplay: { violation, faults: c.faults, steps, messages: c.messages, timeline } });
  get().seek(steps[0] ?? 0);
}
