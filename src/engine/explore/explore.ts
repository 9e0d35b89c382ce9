/**
 * Prove it: every schedule of up to k faults over every fault point of a run (faultPoints.ts), each
 * run to quiescence and checked for the guarantee: no message lost, none with a second effect,
 * first effects in order per key. A depth-first search over the fault points in run order: each
 * schedule is a run forked from its parent's run at the step its last fault fires (a checkpoint at
 * every step, so only the steps after it are run again), and its next fault comes later in its own
 * run, so every set of faults is run once. A generator, so its caller decides when to pause: the
 * page runs it in a Web Worker, the CLI in a loop; the engine itself keeps no clock.
 */
import { CompactLedger } from '../compactLedger';
import type { LedgerSummary } from '../ledger';
import type { RunConfig } from '../simulation';
import { Timeline } from '../timeline';
import type { Fault } from '../types';
import { before, faultPoints, type FaultPoint } from './faultPoints';

/** What the explorer checks: a message without an effect, a second effect, effects out of key order. */
export const VIOLATIONS = ['lost', 'duplicated', 'outOfOrder'] as const;
export type Violation = (typeof VIOLATIONS)[number];

/** The faults the explorer tries itself; a run's other faults (late starters, poison messages, ...) are its workload. */
const BREAKING: ReadonlySet<Fault['type']> = new Set(['drop', 'delay', 'duplicate', 'reject', 'crash', 'restart', 'cut']);

export interface Counterexample {
  violation: Violation;
  /** The faults added to the explored run, in the order they fire. */
  faults: Fault[];
  /** The run's length in steps. */
  steps: number;
  summary: LedgerSummary;
  /** The messages that break the guarantee. */
  messages: string[];
}

export interface ExploreProgress {
  /** Schedules run so far (the run without added faults included). */
  explored: number;
  /** How far the search is, 0..1 (by the share of the fault points of each run searched). */
  fraction: number;
  /** Schedules with each violation (a schedule may count under more than one). */
  violations: Record<Violation, number>;
  /** Schedules with at least one violation. */
  broken: number;
  /** Schedules whose run did not settle before its horizon (not checked). */
  unsettled: number;
  /** Per violation, the counterexample with the fewest faults (then the fewest steps). */
  shortest: Partial<Record<Violation, Counterexample>>;
  /** Fault points of the run without added faults. */
  faultPoints: number;
  /** Steps run, and steps the forks did not have to run again because they share them. */
  stepsRun: number;
  stepsShared: number;
  done: boolean;
}

export interface ExploreOptions {
  maxFaults: number;
  /** Also try the network delivering a message twice (a what-if TCP never allows; default false). */
  copies?: boolean;
  /** Yield progress after this many schedules (default 25). */
  every?: number;
  /**
   * Explore only the first faults with `index % count === shard.index` (and what follows them):
   * `count` shards together explore everything once, so workers can share the search.
   */
  shard?: { index: number; count: number };
  /** Told of every violating schedule (once per violation it shows). */
  onViolation?: (c: Counterexample) => void;
}

/** A fault of a kind the explorer adds itself (a scenario's other faults are its workload). */
export const isBreaking = (f: Fault): boolean => BREAKING.has(f.type);

/** The run the explorer breaks: the same settings, messages and workload, without faults of the kinds it adds. */
export function exploredRun(run: RunConfig): RunConfig {
  return { ...run, faults: run.faults.filter((f) => !isBreaking(f)) };
}

/** Explores `run` (faults of the kinds it adds are removed first, see exploredRun); yields progress, returns the last. */
export function* explore(run: RunConfig, options: ExploreOptions): Generator<ExploreProgress, ExploreProgress> {
  const every = Math.max(1, options.every ?? 25);
  const maxFaults = Math.max(0, Math.floor(options.maxFaults));
  const shard = options.shard ?? { index: 0, count: 1 };
  const root = Timeline.start(exploredRun(run), 1).runToEnd();
  const workload = root.run.faults.length;
  const p: ExploreProgress = {
    explored: 0,
    fraction: 0,
    violations: { lost: 0, duplicated: 0, outOfOrder: 0 },
    broken: 0,
    unsettled: 0,
    shortest: {},
    faultPoints: 0,
    stepsRun: shard.index === 0 ? root.steps.length : 0,
    stepsShared: 0,
    done: false,
  };
  const check = (t: Timeline) => {
    p.explored++;
    // The ledger's verdict without its lists (compactLedger.ts): a few counters per message.
    const ledger = new CompactLedger(t.run, 1);
    for (const s of t.steps) ledger.add(s);
    const summary = ledger.summary();
    if (summary.end !== 'quiescent') {
      p.unsettled++;
      return;
    }
    const faults = t.run.faults.slice(workload);
    const verdict = ledger.violations();
    let broken = false;
    for (const v of VIOLATIONS) {
      const messages = verdict[v];
      if (messages.length === 0) continue;
      broken = true;
      p.violations[v]++;
      const c: Counterexample = { violation: v, faults, steps: t.steps.length, summary, messages };
      options.onViolation?.(c);
      const best = p.shortest[v];
      if (!best || shorter(c, best)) p.shortest[v] = c;
    }
    if (broken) p.broken++;
  };
  // The run without added faults is counted once, by the first shard.
  if (shard.index === 0) check(root);
  const rootPoints = faultPoints(root, options.copies);
  // Counted once, by the first shard.
  p.faultPoints = shard.index === 0 ? rootPoints.length : 0;
  // The shards split the schedules of one and of two faults between them, in the order every
  // shard enumerates them (a subtree of more faults goes with its two-fault schedule): splitting
  // only the first faults would leave one shard most of the work, since early faults have the
  // most faults after them. Each shard runs every one-fault schedule it needs to find the next faults.
  let slot = 0;
  const mine = () => slot++ % shard.count === shard.index;

  function* visit(t: Timeline, points: FaultPoint[], hit: ReadonlySet<string>, depth: number, lo: number, width: number): Generator<ExploreProgress> {
    const share = width / Math.max(1, points.length);
    for (let i = 0; i < points.length; i++) {
      const fp = points[i]!;
      const owned = depth <= 1 ? mine() : true;
      p.fraction = lo + (i + 1) * share;
      // Not this shard's, and nothing of this shard's under it.
      if (!owned && (depth === 1 || maxFaults === 1)) continue;
      const child = t.fork(fp.step, fp.fault);
      const shared = child.steps.length;
      child.runToEnd();
      if (owned) {
        p.stepsShared += shared;
        p.stepsRun += child.steps.length - shared;
        check(child);
      }
      if (depth + 1 < maxFaults) {
        const targets = new Set(hit).add(fp.target);
        const next = faultPoints(child, options.copies).filter((q) => before(fp, q) && !targets.has(q.target));
        yield* visit(child, next, targets, depth + 1, lo + i * share, share);
      }
      p.fraction = lo + (i + 1) * share;
      if (owned && p.explored % every === 0) yield { ...p };
    }
  }
  if (maxFaults > 0) yield* visit(root, rootPoints, new Set(), 0, 0, 1);
  p.fraction = 1;
  p.done = true;
  return { ...p };
}

/** Runs the search to its end at once (the CLI, the tests). */
export function exploreAll(run: RunConfig, options: ExploreOptions): ExploreProgress {
  const search = explore(run, { ...options, every: Number.MAX_SAFE_INTEGER });
  for (;;) {
    const r = search.next();
    if (r.done) return r.value;
  }
}

/** Fewer faults, then fewer steps, then the faults' text: the same answer however the search is split. */
function shorter(a: Counterexample, b: Counterexample): boolean {
  if (a.faults.length !== b.faults.length) return a.faults.length < b.faults.length;
  if (a.steps !== b.steps) return a.steps < b.steps;
  return JSON.stringify(a.faults) < JSON.stringify(b.faults);
}

/** The progress of shards (one per worker) as one search. */
export function mergeProgress(parts: readonly ExploreProgress[]): ExploreProgress {
  const out: ExploreProgress = {
    explored: 0,
    fraction: 0,
    violations: { lost: 0, duplicated: 0, outOfOrder: 0 },
    broken: 0,
    unsettled: 0,
    shortest: {},
    faultPoints: 0,
    stepsRun: 0,
    stepsShared: 0,
    done: parts.length > 0,
  };
  for (const p of parts) {
    out.explored += p.explored;
    out.fraction += p.fraction / parts.length;
    out.unsettled += p.unsettled;
    out.broken += p.broken;
    out.stepsRun += p.stepsRun;
    out.stepsShared += p.stepsShared;
    out.done &&= p.done;
    for (const v of VIOLATIONS) {
      out.violations[v] += p.violations[v];
      const c = p.shortest[v];
      const best = out.shortest[v];
      if (c && (!best || shorter(c, best))) out.shortest[v] = c;
    }
  }
  // Every shard sees the same run without added faults; the fault points are its (the shards split them).
  out.faultPoints = parts.reduce((n, p) => n + p.faultPoints, 0);
  return out;
}
