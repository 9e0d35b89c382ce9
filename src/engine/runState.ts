/**
 * What the scheduler keeps per run and per step besides the step itself: each run's topology and
 * its producers' last messages (made once), crash-point keys (built once), and a step's own copy
 * of the state.
 */
import type { RunConfig, SimState } from './simulation';
import { topologyOf, type Topology } from './topology';
import type { CrashPoint, NodeId, ProduceMessage } from './types';

/**
 * The step's own copy of the state, field by field: in Node 20's V8 a spread of an object that was
 * itself made by a spread is ~10x slower than a literal, and this runs on every step.
 */
export function working(s: SimState, step: number): SimState {
  const copy: SimState = {
    rng: s.rng,
    nextMessageId: s.nextMessageId,
    sent: s.sent,
    linkClock: s.linkClock,
    reconnects: s.reconnects,
    broken: s.broken,
    step,
    now: s.now,
    nodes: { ...s.nodes },
    agenda: s.agenda,
    nextOrder: s.nextOrder,
    points: s.points,
    incarnations: s.incarnations,
    failures: s.failures,
    done: s.done,
  };
  if (s.controller !== undefined) copy.controller = s.controller;
  return copy;
}

/** Per script, the indexes of each producer's last message (its application then commits what is open). */
const lastSends = new WeakMap<readonly ProduceMessage[], ReadonlySet<number>>();
export function lastSendsOf(messages: readonly ProduceMessage[]): ReadonlySet<number> {
  let s = lastSends.get(messages);
  if (!s) {
    const last = new Map<NodeId, number>();
    messages.forEach((m, i) => last.set(m.producer ?? 'producer', i));
    s = new Set(last.values());
    lastSends.set(messages, s);
  }
  return s;
}

const topologies = new WeakMap<RunConfig['settings'], Topology>();
/** The nodes of a run (made once per settings object). */
export function topologyOfRun(run: RunConfig): Topology {
  let t = topologies.get(run.settings);
  if (!t) {
    t = topologyOf(run.settings);
    topologies.set(run.settings, t);
  }
  return t;
}

/** Point keys by node and point, each built once: a run counts points on most of its steps. */
const pointKeys = new Map<NodeId, Map<CrashPoint, string>>();

/** The key of a node's count of a crash point. */
export function pointKey(node: NodeId, p: CrashPoint): string {
  let byPoint = pointKeys.get(node);
  if (!byPoint) pointKeys.set(node, (byPoint = new Map()));
  let key = byPoint.get(p);
  if (key === undefined) byPoint.set(p, (key = `${node} ${p}`));
  return key;
}
