/**
 * The faults a user can add at the cursor, as data (the store forks the run with them): lose the
 * next message of a kind, crash or restart a node, crash it at its next meaningful point, cut a
 * link. Each names what the engine's fault format needs, counted from the steps so far, which a
 * fork never changes.
 */
import { CRASH_POINTS, pointKey, roleOf, type CrashPoint, type Fault, type MessageKind, type NodeId, type Packet, type SimState } from '../../engine';

/** A node that crashes from the stage comes back after this long (a process manager restarting it). */
export const RESTART_AFTER_MS = 2000;
/** How long a link cut from the stage lasts. */
export const CUT_MS = 3000;

/** One kind's sends (not the network's copies), in step order, with the highest ordinal so far. */
interface KindSends {
  steps: number[];
  /** Where each is in the packets array (the order the stage lists them in). */
  index: number[];
  maxNth: number[];
}

/** Every kind's sends, computed once per run's packets (they are in step order). */
const sendsCache = new WeakMap<readonly Packet[], Map<MessageKind, KindSends>>();
function sendsByKind(packets: readonly Packet[]): Map<MessageKind, KindSends> {
  let byKind = sendsCache.get(packets);
  if (byKind) return byKind;
  byKind = new Map();
  packets.forEach((p, i) => {
    if (p.copyOf !== undefined) return;
    let k = byKind.get(p.kind);
    if (!k) byKind.set(p.kind, (k = { steps: [], index: [], maxNth: [] }));
    k.steps.push(p.sentStep);
    k.index.push(i);
    k.maxNth.push(Math.max(p.nth, k.maxNth.at(-1) ?? 0));
  });
  sendsCache.set(packets, byKind);
  return byKind;
}

/** How many of the sorted `steps` are at or before `cursor`. */
function countUpTo(steps: readonly number[], cursor: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next message of `kind` the run will send after step `cursor`: its ordinal, whatever the future. */
export function nextOfKind(packets: readonly Packet[], cursor: number, kind: MessageKind): number {
  const k = sendsByKind(packets).get(kind);
  const n = k ? countUpTo(k.steps, cursor) : 0;
  return (n > 0 ? k!.maxNth[n - 1]! : 0) + 1;
}

const isResponseKind = (kind: MessageKind) => kind.endsWith('Response') || kind === 'SinkWriteAck';

/** The kinds sent after the cursor (in the run as it now goes), requests or responses, the soonest first. */
export function upcomingKinds(packets: readonly Packet[], cursor: number, responses: boolean): MessageKind[] {
  const next: { kind: MessageKind; index: number }[] = [];
  for (const [kind, k] of sendsByKind(packets)) {
    if (isResponseKind(kind) !== responses) continue;
    const n = countUpTo(k.steps, cursor);
    if (n < k.steps.length) next.push({ kind, index: k.index[n]! });
  }
  return next.sort((a, b) => a.index - b.index).map((x) => x.kind);
}

export const dropNext = (packets: readonly Packet[], cursor: number, kind: MessageKind): Fault => ({ type: 'drop', message: kind, nth: nextOfKind(packets, cursor, kind) });

/** The crash points of a node's role. */
export const pointsOf = (node: NodeId): CrashPoint[] => (Object.keys(CRASH_POINTS) as CrashPoint[]).filter((p) => CRASH_POINTS[p] === roleOf(node));

/** The fault for "crash `node` the next time it reaches `point`" (then restart). */
export function crashAtNextPoint(state: SimState, node: NodeId, point: CrashPoint): Fault {
  return { type: 'crash', node, point, nth: (state.points[pointKey(node, point)] ?? 0) + 1, restartAfterMs: RESTART_AFTER_MS };
}

export const crashNow = (node: NodeId, now: number, restart: boolean): Fault =>
  restart ? { type: 'crash', node, atMs: now, restartAfterMs: RESTART_AFTER_MS } : { type: 'crash', node, atMs: now };

export const restartNow = (node: NodeId, now: number): Fault => ({ type: 'restart', node, atMs: now });

export const cutNow = (a: NodeId, b: NodeId, now: number): Fault => ({ type: 'cut', between: [a, b], fromMs: now, toMs: now + CUT_MS });
