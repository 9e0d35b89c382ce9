/**
 * Where a run can be broken: every fault the explorer may add to a run, found in the run's own
 * trace, so a fault that would fire after the run is quiet is never tried.
 */
import { CRASH_POINT_NAMES, CRASH_POINTS, type Fault, type NodeId } from '../types';
import type { Timeline } from '../timeline';
import { idsOf } from '../topology';
import { topologyOfRun } from '../runState';
import { pointKey } from '../simulation';

/** A crashed node comes back this long after (the stage's ⚡ menu uses the same). */
export const EXPLORE_RESTART_AFTER_MS = 2000;


/** One fault the explorer can add, and where in the run it first fires. */
export interface FaultPoint {
  fault: Fault;
  /** The step at which it fires (a message's sending, a node reaching the point). */
  step: number;
  /** Its place among the fault points of that step: (step, ordinal) orders every fault point of a run. */
  ordinal: number;
  /** What it hits: two faults of one schedule never hit the same message or the same moment. */
  target: string;
}

/** True if fault point a comes before b in the run. */
export const before = (a: Pick<FaultPoint, 'step' | 'ordinal'>, b: Pick<FaultPoint, 'step' | 'ordinal'>) =>
  a.step < b.step || (a.step === b.step && a.ordinal < b.ordinal);

/**
 * Every fault point of a run whose timeline keeps a checkpoint at every step: losing each message
 * that would arrive, NOT_ENOUGH_REPLICAS for each produce (acks=all), and a crash of each node at
 * each time it reaches one of its meaningful points, restarted 2 s later. With `copies`, also the
 * network delivering each message twice: a what-if, since TCP never does (the lab's duplicate fault).
 */
export function faultPoints(timeline: Timeline, copies = false): FaultPoint[] {
  const run = timeline.run;
  const rejects = run.settings.producer.acks === 'all';
  const topology = topologyOfRun(run);
  const pointsOf = new Map<NodeId, { point: (typeof CRASH_POINT_NAMES)[number]; key: string }[]>();
  for (const point of CRASH_POINT_NAMES) {
    for (const node of idsOf(topology, CRASH_POINTS[point])) {
      const list = pointsOf.get(node) ?? [];
      list.push({ point, key: pointKey(node, point) });
      pointsOf.set(node, list);
    }
  }
  const out: FaultPoint[] = [];
  for (const step of timeline.steps) {
    let ordinal = 0;
    const add = (fault: Fault, target: string) => out.push({ fault, step: step.index, ordinal: ordinal++, target });
    for (const e of step.events) {
      if (e.type !== 'net.sent' || e.msg.copyOf !== undefined || e.msg.fate.kind !== 'deliver') continue;
      const { kind: message, nth, id } = e.msg;
      add({ type: 'drop', message, nth }, `msg:${id}`);
      if (copies) add({ type: 'duplicate', message, nth }, `msg:${id}`);
      if (rejects && message === 'ProduceRequest') add({ type: 'reject', nth }, `msg:${id}`);
    }
    if (step.index === 0) continue;
    const was = timeline.stateAt(step.index - 1).points;
    const now = timeline.stateAt(step.index).points;
    if (was === now) continue;
    for (const [node, list] of pointsOf) {
      for (const { point, key } of list) {
        const n = now[key] ?? 0;
        for (let nth = (was[key] ?? 0) + 1; nth <= n; nth++) {
          add({ type: 'crash', node, point, nth, restartAfterMs: EXPLORE_RESTART_AFTER_MS }, `point:${key}#${nth}`);
        }
      }
    }
  }
  return out;
}
