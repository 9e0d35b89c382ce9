/**
 * The network messages of a run as packets the visualizer draws: each with where it goes, when it
 * was sent and when it arrives or is lost, and at which steps, all read from the trace. A packet's
 * position on its link is derived, never stored: `progressAt(packet, now)` (RaftScope's
 * `(now - sentAt) / (deliverAt - sentAt)`).
 */
import type { DropReason, MessageKind, NetMessage, NodeId, Payload, Step } from './types';

export interface Packet {
  /** The network message id (a duplicate's copy has its own). */
  id: number;
  kind: MessageKind;
  /** 1-based among messages of its kind: what a drop fault names. */
  nth: number;
  from: NodeId;
  to: NodeId;
  payload: Payload;
  sentAt: number;
  /** When it would arrive (for a lost one: where its path was headed). */
  deliverAt: number;
  /** The step that sent it. */
  sentStep: number;
  /** The step it arrived or was lost at; null if the run ended first. */
  endStep: number | null;
  /** When it arrived or was lost. */
  endAt: number;
  outcome: 'delivered' | 'dropped' | 'unfinished';
  dropReason?: DropReason;
  /** The network's second copy of message `copyOf` (a duplicate fault). */
  copyOf?: number;
  /** A request sent again: a producer retry, or a database write written again. */
  retry: boolean;
}

/** Every packet of a run, in the order sent. */
export function buildPackets(steps: readonly Step[]): Packet[] {
  const packets: Packet[] = [];
  const byId = new Map<number, Packet>();
  const attempts = new Map<string, number>();
  for (const s of steps) {
    let sinkRetries: Set<string> | null = null;
    for (const e of s.events) {
      switch (e.type) {
        case 'producer.request':
          attempts.set(e.requestId, e.attempt);
          break;
        case 'consumer.sinkRetry':
          (sinkRetries ??= new Set()).add(e.messageId);
          break;
        case 'net.sent': {
          const p = packetOf(e.msg, s.index, isRetry(e.msg, attempts, sinkRetries));
          packets.push(p);
          byId.set(p.id, p);
          break;
        }
        case 'net.duplicated': {
          const original = byId.get(e.id);
          if (!original) break;
          const copy: Packet = { ...original, id: e.copyId, sentStep: s.index, copyOf: e.id, endStep: null, outcome: 'unfinished' };
          packets.push(copy);
          byId.set(copy.id, copy);
          break;
        }
        case 'net.delivered':
        case 'net.dropped': {
          const p = byId.get(e.id);
          if (!p) break;
          p.endStep = s.index;
          p.endAt = s.time;
          p.outcome = e.type === 'net.delivered' ? 'delivered' : 'dropped';
          if (e.type === 'net.dropped') p.dropReason = e.reason;
          // A copy's arrival is known only from here.
          if (p.copyOf !== undefined && e.type === 'net.delivered') p.deliverAt = Math.max(p.deliverAt, s.time);
          break;
        }
      }
    }
  }
  return packets;
}

function packetOf(msg: NetMessage, step: number, retry: boolean): Packet {
  return {
    id: msg.id,
    kind: msg.kind,
    nth: msg.nth,
    from: msg.from,
    to: msg.to,
    payload: msg.payload,
    sentAt: msg.sentAt,
    deliverAt: msg.deliverAt,
    sentStep: step,
    endStep: null,
    endAt: msg.fate.kind === 'drop' ? msg.fate.at : msg.deliverAt,
    outcome: 'unfinished',
    retry,
  };
}

function isRetry(msg: NetMessage, attempts: ReadonlyMap<string, number>, sinkRetries: ReadonlySet<string> | null): boolean {
  const p = msg.payload;
  if (p.kind === 'ProduceRequest') return (attempts.get(p.requestId) ?? 1) > 1;
  if (p.kind === 'SinkWrite') return sinkRetries?.has(p.messageId) ?? false;
  return false;
}

/**
 * How many steps back a packet still on the wire at some step can have been sent, per packet list
 * (computed once): a lookup at a step scans only the packets sent since, not the whole run.
 */
const spans = new WeakMap<readonly Packet[], { span: number; unfinished: Packet[] }>();
function spanOf(packets: readonly Packet[]): { span: number; unfinished: Packet[] } {
  let s = spans.get(packets);
  if (!s) {
    // Packets the run ended with are looked at apart: they would make every lookup scan everything.
    s = { span: 0, unfinished: [] };
    for (const p of packets) {
      if (p.endStep === null) s.unfinished.push(p);
      else s.span = Math.max(s.span, p.endStep - p.sentStep);
    }
    spans.set(packets, s);
  }
  return s;
}

/** The index of the first packet sent at or after `step` (packets are in the order sent). */
function firstSentAt(packets: readonly Packet[], step: number): number {
  let lo = 0;
  let hi = packets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (packets[mid]!.sentStep < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The packets on the wire after step `step`: sent by then, not yet arrived or lost. */
export function inFlightAt(packets: readonly Packet[], step: number): Packet[] {
  const { span, unfinished } = spanOf(packets);
  const from = firstSentAt(packets, step - span);
  // Those the run ended with and sent before the scanned stretch come first: they were sent first.
  const out: Packet[] = unfinished.filter((p) => p.sentStep < step - span && p.sentStep <= step);
  for (let i = from; i < packets.length; i++) {
    const p = packets[i]!;
    if (p.sentStep > step) break;
    if (p.endStep === null || p.endStep > step) out.push(p);
  }
  return out;
}

/** The packets lost at steps `step - window + 1 ... step` (shown failing for a moment). */
export function droppedNear(packets: readonly Packet[], step: number, window = 3): Packet[] {
  const out: Packet[] = [];
  // A lost packet has an end: its span is within the finished packets' longest.
  for (let i = firstSentAt(packets, step - window - spanOf(packets).span); i < packets.length; i++) {
    const p = packets[i]!;
    if (p.sentStep > step) break;
    if (p.outcome === 'dropped' && p.endStep !== null && p.endStep <= step && p.endStep > step - window) out.push(p);
  }
  return out;
}

/** How far along its link a packet is at virtual time `now`, from 0 (sent) to 1 (arrived). */
export function progressAt(p: Packet, now: number): number {
  const span = p.deliverAt - p.sentAt;
  if (span <= 0) return 1;
  const t = Math.min(now, p.endAt);
  return Math.max(0, Math.min(1, (t - p.sentAt) / span));
}
