/**
 * The network: turns a node's send into a message entity with sentAt/deliverAt and a fate.
 * Each connection is FIFO like TCP (jitter never reorders it; a restart opens a new one); faults
 * decide a message's fate when it is sent, from data: drop / delay / duplicate the n-th message
 * of a kind, cut a link for a window of time, or lose any message with a seeded probability.
 */
import { nextFloat, nextInt } from './rng';
import { MESSAGE_KINDS, type Fate, type Fault, type MessageKind, type NetMessage, type NetworkConfig, type NodeId, type Payload } from './types';

const KIND_INDEX = new Map<MessageKind, number>(MESSAGE_KINDS.map((k, i) => [k, i]));

/** How many messages of each kind were sent so far (indexed like MESSAGE_KINDS). */
export type SentCounts = readonly number[];
export const noneSent = (): SentCounts => MESSAGE_KINDS.map(() => 0);
export const sentOf = (sent: SentCounts, kind: MessageKind): number => sent[KIND_INDEX.get(kind)!] ?? 0;

/** The part of the simulation state the network reads and advances. */
export interface NetworkState {
  rng: number;
  nextMessageId: number;
  sent: SentCounts;
  linkClock: Readonly<Record<string, number>>;
}

export interface Sent {
  state: NetworkState;
  messages: NetMessage[];
}

/** A connection: a restarted process (at either end) opens a new one, with its own FIFO order. */
export interface Connection {
  from: NodeId;
  to: NodeId;
  fromIncarnation: number;
  toIncarnation: number;
}

const connectionKey = (c: Connection) => `${c.from}#${c.fromIncarnation}>${c.to}#${c.toIncarnation}`;

/** Whether a cut fault separates these two nodes. */
export const cuts = (f: Fault, a: NodeId, b: NodeId): f is Extract<Fault, { type: 'cut' }> =>
  f.type === 'cut' && ((f.between[0] === a && f.between[1] === b) || (f.between[0] === b && f.between[1] === a));

/** Where a message in flight over [sentAt, deliverAt] is lost, if a cut of its link overlaps it. */
function cutDrop(faults: readonly Fault[], from: NodeId, to: NodeId, sentAt: number, deliverAt: number): number | null {
  let at: number | null = null;
  for (const f of faults) {
    if (!cuts(f, from, to) || f.fromMs > deliverAt || sentAt >= f.toMs) continue;
    const dropAt = Math.max(sentAt, f.fromMs);
    at = at === null ? dropAt : Math.min(at, dropAt);
  }
  return at;
}

/** Sends `payload` over `connection` at `now`: a message (and a copy, if a fault duplicates it). */
export function sendMessage(
  s0: NetworkState,
  net: NetworkConfig,
  faults: readonly Fault[],
  connection: Connection,
  payload: Payload,
  now: number,
): Sent {
  const { from, to } = connection;
  let rng = s0.rng;
  const kind = payload.kind;
  const kindIndex = KIND_INDEX.get(kind)!;
  const nth = (s0.sent[kindIndex] ?? 0) + 1;
  let latency = net.latencyMs;
  if (net.jitterMs > 0) {
    const [j, r] = nextInt(rng, net.jitterMs);
    latency += j;
    rng = r;
  }
  const key = connectionKey(connection);
  let deliverAt = Math.max(now + latency, s0.linkClock[key] ?? 0);
  let fate: Fate = { kind: 'deliver' };
  let copyAfter: number | null = null;
  for (const f of faults) {
    if (f.type === 'delay' && f.message === kind && f.nth === nth) deliverAt += f.byMs;
  }
  for (const f of faults) {
    if (f.type === 'drop' && f.message === kind && f.nth === nth) {
      const at = f.atMs === undefined ? Math.floor((now + deliverAt) / 2) : Math.min(Math.max(f.atMs, now), deliverAt);
      fate = { kind: 'drop', at, reason: 'fault' };
    }
    if (f.type === 'duplicate' && f.message === kind && f.nth === nth) copyAfter = Math.max(1, f.afterMs ?? 1);
  }
  if (fate.kind === 'deliver' && net.dropProbability > 0) {
    const [p, r] = nextFloat(rng);
    rng = r;
    if (p < net.dropProbability) fate = { kind: 'drop', at: Math.floor((now + deliverAt) / 2), reason: 'random' };
  }
  const cutAt = cutDrop(faults, from, to, now, deliverAt);
  if (cutAt !== null && (fate.kind === 'deliver' || cutAt < fate.at)) fate = { kind: 'drop', at: cutAt, reason: 'cut' };

  const msg: NetMessage = { id: s0.nextMessageId, kind, nth, from, to, sentAt: now, deliverAt, payload, fate };
  const messages = [msg];
  let nextMessageId = s0.nextMessageId + 1;
  if (copyAfter !== null) {
    const copyDeliverAt = deliverAt + copyAfter;
    const copyCut = cutDrop(faults, from, to, now, copyDeliverAt);
    messages.push({
      ...msg,
      id: nextMessageId++,
      deliverAt: copyDeliverAt,
      fate: copyCut === null ? { kind: 'deliver' } : { kind: 'drop', at: copyCut, reason: 'cut' },
      copyOf: msg.id,
    });
  }
  const sent = s0.sent.slice();
  sent[kindIndex] = nth;
  return {
    state: {
      rng,
      nextMessageId,
      sent,
      linkClock: { ...s0.linkClock, [key]: deliverAt },
    },
    messages,
  };
}
