/**
 * Side by side: the run shown (its messages, seed and fault schedule) run again under two or three
 * settings, one lane each, and what each lane shows at one virtual time. Pure functions of the
 * store's state; only the side-by-side chunk imports this module (the page's first load does not
 * need it).
 *
 * A fault names a message kind and its n-th occurrence (or a node's n-th crash point), so "the same
 * fault" is the same moment only roughly: under acks=0 there is no ProduceResponse to lose at all.
 * `missedFaults` says, per lane, which faults found nothing to hit.
 */
import { mergeSettings, PRESETS, type Fault, type Issue, type Step } from '../engine';
import type { LaneChoice } from './compareSlice';
import { runScenario, type LabRun } from './run';
import { sourceInput, withChanges } from './runSlice';
import { appliedSettings } from './share';
import type { LabState } from './state';

/** One lane: its run, or why the engine refused the setting combination. */
export type CompareLane =
  | { choice: LaneChoice; ok: true; run: LabRun; missed: Fault[] }
  | { choice: LaneChoice; ok: false; issues: readonly Issue[] };

type RunShown = Pick<LabState, 'catalog' | 'source' | 'seed' | 'overrides' | 'settingsIssues' | 'scenario' | 'userFaults'>;

/**
 * The scenario of the run shown, as data: the source's with the user's settings and faults laid
 * over it, at the run's seed, without what claims the source's own outcome (expect) or narrates it.
 */
export function runInput(s: RunShown): Record<string, unknown> | null {
  const base = sourceInput(s.catalog, s.source);
  if (!base.ok) return null;
  const input: Record<string, unknown> = { ...withChanges(base.input, { settings: appliedSettings(s), faults: s.userFaults }), seed: s.seed };
  delete input.expect;
  delete input.lesson;
  return input;
}

/**
 * A lane's scenario: the run's own for `run`; for a preset, the run's workload and faults with the
 * preset laid over the run's settings. What the preset sets (acks, retries, idempotence, commits,
 * transactions) is the preset's; what it does not (timeouts, latency, partitions) stays the run's.
 */
export function laneInput(input: Record<string, unknown>, choice: LaneChoice): Record<string, unknown> {
  if (choice === 'run') return input;
  const settings = mergeSettings((input.settings ?? {}) as never, PRESETS[choice]);
  return { ...input, preset: choice, settings };
}

/** The 1-based count of each message kind sent in a run, and the crash points each node reached. */
function occurrences(steps: readonly Step[]): { sent: Map<string, number>; points: Map<string, number> } {
  const sent = new Map<string, number>();
  const points = new Map<string, number>();
  for (const step of steps) {
    for (const e of step.events) {
      if (e.type === 'net.sent') sent.set(e.msg.kind, Math.max(sent.get(e.msg.kind) ?? 0, e.msg.nth));
      else if (e.type === 'node.crashed' && e.point) {
        const key = `${e.node} ${e.point}`;
        points.set(key, (points.get(key) ?? 0) + 1);
      }
    }
  }
  return { sent, points };
}

/**
 * The faults of the schedule that had nothing to hit in this run: a message kind's n-th that was
 * never sent, a crash point never reached, a time after the run was over.
 */
export function missedFaults(faults: readonly Fault[], steps: readonly Step[]): Fault[] {
  const { sent, points } = occurrences(steps);
  const end = steps.at(-1)?.time ?? 0;
  return faults.filter((f) => {
    switch (f.type) {
      case 'drop':
      case 'delay':
      case 'duplicate':
        return (sent.get(f.message) ?? 0) < f.nth;
      case 'reject':
        return (sent.get('ProduceRequest') ?? 0) < f.nth;
      case 'fail':
        return f.what === 'sink-write' && (sent.get('SinkWrite') ?? 0) < f.nth;
      case 'crash':
        // A crash point fires once it is reached; a timed crash always fires (a quiet run waits for it).
        return 'point' in f ? (points.get(`${f.node} ${f.point}`) ?? 0) < 1 : false;
      case 'cut':
        return f.fromMs > end;
      default:
        return false;
    }
  });
}

/** Runs every lane; a lane the engine refuses says why, the others run. */
export function runLanes(s: RunShown, choices: readonly LaneChoice[]): CompareLane[] {
  const input = runInput(s);
  return choices.map((choice): CompareLane => {
    if (!input) return { choice, ok: false, issues: [{ path: '(the source)', message: 'the run shown has no scenario to run again' }] };
    const r = runScenario(laneInput(input, choice));
    if (!r.ok) return { choice, ok: false, issues: r.issues };
    return { choice, ok: true, run: r.value, missed: missedFaults(r.value.run.faults, r.value.timeline.steps) };
  });
}

/**
 * Every virtual time at which something happens in some lane, in order: the scrubber's notches.
 * Lanes take different steps (an acks=0 producer waits for nothing), so they are synchronised by
 * time, not by step.
 */
export function laneTimes(lanes: readonly CompareLane[]): number[] {
  const times = new Set<number>();
  for (const lane of lanes) if (lane.ok) for (const step of lane.run.timeline.steps) times.add(step.time);
  return [...times].sort((a, b) => a - b);
}

/** The last step at or before virtual time `time` (binary search; steps are in time order). */
export function stepAtTime(steps: readonly Step[], time: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid]!.time <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The notch at or before `time` (the scrubber's position for a time). */
export function notchAt(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
