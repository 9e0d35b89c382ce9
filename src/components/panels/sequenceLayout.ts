/**
 * The geometry of the sequence diagram, shared by the panel (a window of steps around the stage's)
 * and its export (the whole run, or a long run's window): lanes, rows, where a message's line ends
 * and what marks a lane. Presentation only; no React, no DOM.
 */
import type { NodeId, Packet, Step } from '../../engine';

/** Height of one step's row and width of one node's lane, in SVG units. */
export const ROW = 14;
export const LANE = 150;

/** What marks a lane at a step: a crash, a restart, an effect written, an effect skipped. */
export type Mark = { step: number; node: NodeId; kind: 'crash' | 'restart' | 'effect' | 'skip' };

/** The marks of steps `from` to `to` (inclusive). */
export function marksOf(steps: readonly Step[], from: number, to: number): Mark[] {
  const marks: Mark[] = [];
  for (let i = from; i <= to; i++) {
    for (const e of steps[i]!.events) {
      if (e.type === 'node.crashed') marks.push({ step: i, node: e.node, kind: 'crash' });
      else if (e.type === 'node.restarted') marks.push({ step: i, node: e.node, kind: 'restart' });
      else if (e.type === 'sink.applied') marks.push({ step: i, node: e.instance ?? 'sink', kind: 'effect' });
      else if (e.type.startsWith('sink.') && e.type.endsWith('Skipped')) marks.push({ step: i, node: e.instance ?? 'sink', kind: 'skip' });
    }
  }
  return marks;
}

/** The packets with a part of their line in steps `from` to `to`. */
export function packetsIn(packets: readonly Packet[], from: number, to: number): Packet[] {
  return packets.filter((p) => p.sentStep <= to && (p.endStep ?? Infinity) >= from);
}

/** How far along its link a message's line goes: all the way, or (lost) to where it was lost. */
export function lineShare(p: Packet): number {
  return p.outcome === 'dropped' ? Math.max(0.15, Math.min(1, (p.endAt - p.sentAt) / Math.max(1, p.deliverAt - p.sentAt))) : 1;
}
