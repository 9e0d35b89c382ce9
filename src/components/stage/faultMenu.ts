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

/** The next message of `kind` the run will send after step `cursor`: its ordinal, whatever the future. */
export function nextOfKind(packets: readonly Packet[], cursor: number, kind: MessageKind): number {
  let sent = 0;
  for (const p of packets) {
    if (p.sentStep > cursor) break;
    if (p.kind === kind && p.copyOf === undefined) sent = Math.max(sent, p.nth);
  }
  return sent + 1;
}

/** The kinds sent after the cursor (in the run as it now goes), requests or responses. */
export function upcomingKinds(packets: readonly Packet[], cursor: number, responses: boolean): MessageKind[] {
  const kinds: MessageKind[] = [];
  for (const p of packets) {
    if (p.sentStep <= cursor || p.copyOf !== undefined) continue;
    const isResponse = p.kind.endsWith('Response') || p.kind === 'SinkWriteAck';
    if (isResponse === responses && !kinds.includes(p.kind)) kinds.push(p.kind);
  }
  return kinds;
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
