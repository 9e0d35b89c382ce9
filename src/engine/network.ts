/**
 * The network: turns a node's send into a message entity with sentAt/deliverAt and a fate.
 *
 * Messages travel on connections, and a connection behaves like TCP: FIFO (jitter never
 * reorders it), and a lost message takes the connection down with it, so nothing behind it on
 * that connection arrives either, in either direction, until the client opens a new one. (A
 * network that lost one request and delivered the next would let a broker see sequence 1 before
 * sequence 0, which no Kafka broker ever does.) Clients reconnect when Kafka's client does: after
 * a request timeout they drop the connection; with acks=0, whose failed writes the broker answers
 * by closing the connection, at the next send. A restarted process, at either end, also starts
 * on a new connection.
 *
 * Faults decide a message's fate when it is sent, from data: drop / delay / duplicate the n-th
 * message of a kind, cut a link for a window of time, or lose any message with a seeded
 * probability.
 */
import { nextFloat, nextInt } from './rng';
import { fromIsClient } from './topology';
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
  /**
   * Per direction of a link (by its number, Link.clock): the connection in use and when its last
   * message arrives (FIFO). An array, as every message copies it: a slice costs a tenth of an
   * object spread.
   */
  linkClock: readonly ({ connection: string; at: number } | undefined)[];
  /** Per client and server: how many times the client has opened a new connection. */
  reconnects: Readonly<Record<string, number>>;
  /** Per client and server: a connection that went down, and when. */
  broken: Readonly<Record<string, { connection: string; at: number }>>;
}

export const initialNetwork = (rng: number): NetworkState => ({ rng, nextMessageId: 1, sent: noneSent(), linkClock: [], reconnects: {}, broken: {} });

/** When `connection` went down, if it did. */
function brokenAt(s: NetworkState, pair: string, connection: string): number | undefined {
  const b = s.broken[pair];
  return b && b.connection === connection ? b.at : undefined;
}

/** The two ends of a message and the process incarnations behind them. */
export interface Endpoints {
  from: NodeId;
  to: NodeId;
  fromIncarnation: number;
  toIncarnation: number;
  /** What travels (between two brokers it tells which end is the client); none: `from` is the client. */
  kind?: MessageKind;
}

/**
 * The connection the client process currently uses toward the server: it belongs to the client
 * (its incarnation and how often it reconnected). A crash at either end breaks it (see `breakAt`);
 * the client notices only when it times out.
 */
export function connectionOf(s: NetworkState, e: Endpoints): string {
  const link = linkOf(e.from, e.to, e.kind);
  return connectionName(link, link.fromClient ? e.fromIncarnation : e.toIncarnation, s.reconnects[link.pair] ?? 0);
}

/** The names of one direction of a link: every message of the run needs them, so each is built once. */
interface Link {
  /**
   * This direction's index into NetworkState.linkClock (directions are numbered as the process
   * first meets them; both sides of a direction share its clock).
   */
  clock: number;
  fromClient: boolean;
  /** `client~server`. */
  pair: string;
  /** Connection names by client incarnation, then by reconnect count. */
  connections: string[][];
}

/**
 * Per sender and receiver, a direction's clock and its links by side (a ReplicaFetchResponse
 * goes from server to client). Node ids are few and fixed, so this stays small; building these
 * strings anew for every message cost more than the rest of the send, and equal strings made once
 * compare at once.
 */
const directions = new Map<NodeId, Map<NodeId, { clock: number; sides: [Link | undefined, Link | undefined] }>>();
let directionCount = 0;

function linkOf(from: NodeId, to: NodeId, kind?: MessageKind): Link {
  let byTo = directions.get(from);
  if (!byTo) directions.set(from, (byTo = new Map()));
  let direction = byTo.get(to);
  if (!direction) byTo.set(to, (direction = { clock: directionCount++, sides: [undefined, undefined] }));
  const side = kind === 'ReplicaFetchResponse' ? 1 : 0;
  let link = direction.sides[side];
  if (!link) {
    const fromClient = fromIsClient(from, to, kind);
    link = { clock: direction.clock, fromClient, pair: fromClient ? `${from}~${to}` : `${to}~${from}`, connections: [] };
    direction.sides[side] = link;
  }
  return link;
}

function connectionName(link: Link, incarnation: number, reconnects: number): string {
  const byIncarnation = (link.connections[incarnation] ??= []);
  return (byIncarnation[reconnects] ??= `${link.pair}/${incarnation}.${reconnects}`);
}

/** Marks a connection broken from `at` (keeping an earlier break). */
export function breakAt(s: NetworkState, pair: string, connection: string, at: number): NetworkState {
  const downAt = brokenAt(s, pair, connection);
  return { ...s, broken: { ...s.broken, [pair]: { connection, at: downAt === undefined ? at : Math.min(downAt, at) } } };
}

/** The client opens a new connection to the server (after dropping the old one). */
export function reconnect(s: NetworkState, client: NodeId, server: NodeId): NetworkState {
  const key = `${client}~${server}`;
  return { ...s, reconnects: { ...s.reconnects, [key]: (s.reconnects[key] ?? 0) + 1 } };
}

export interface Sent {
  state: NetworkState;
  messages: NetMessage[];
  /** Set when this send took its connection down: messages in flight behind it are lost too. */
  broke?: { connection: string; at: number };
}

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

/**
 * Sends `payload` between `endpoints` at `now`: a message (and a copy, if a fault duplicates it).
 * A reply goes on `onConnection`, the connection its request came on; a request goes on the
 * client's current connection. `toDown`: the receiver is down, so the message cannot get through.
 */
export function sendMessage(
  s0: NetworkState,
  net: NetworkConfig,
  faults: readonly Fault[],
  endpoints: Endpoints,
  payload: Payload,
  now: number,
  onConnection?: string,
  toDown = false,
): Sent {
  const { from, to } = endpoints;
  let s = s0;
  const kind = payload.kind;
  const link = linkOf(from, to, kind);
  const pair = link.pair;
  let connection = onConnection ?? connectionName(link, link.fromClient ? endpoints.fromIncarnation : endpoints.toIncarnation, s.reconnects[pair] ?? 0);
  // acks=0: a failed write makes the broker close the connection, which the producer sees at its next send.
  if (brokenAt(s, pair, connection) !== undefined && payload.kind === 'ProduceRequest' && payload.acks === 0) {
    s = reconnect(s, from, to);
    connection = connectionOf(s, endpoints);
  }
  let rng = s.rng;
  const kindIndex = KIND_INDEX.get(kind)!;
  const nth = (s.sent[kindIndex] ?? 0) + 1;
  let latency = net.latencyMs;
  if (net.jitterMs > 0) {
    const [j, r] = nextInt(rng, net.jitterMs);
    latency += j;
    rng = r;
  }
  const clock = s.linkClock[link.clock];
  let deliverAt = Math.max(now + latency, clock && clock.connection === connection ? clock.at : 0);
  for (const f of faults) {
    if (f.type === 'delay' && f.message === kind && f.nth === nth) deliverAt += f.byMs;
  }
  let fate: Fate = { kind: 'deliver' };
  let copyAfter: number | null = null;
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
  const downAt = brokenAt(s, pair, connection);
  if (downAt !== undefined) fate = { kind: 'drop', at: Math.max(now, downAt), reason: 'connection' };
  else if (toDown) fate = { kind: 'drop', at: now, reason: 'node-down' };

  const msg: NetMessage = { id: s.nextMessageId, kind, nth, from, to, connection, sentAt: now, deliverAt, payload, fate };
  const messages = [msg];
  let nextMessageId = s.nextMessageId + 1;
  let lastArrival = deliverAt;
  if (copyAfter !== null) {
    // What follows on the connection arrives after the copy too (FIFO).
    lastArrival = deliverAt + copyAfter;
    const copyFate: Fate = fate.kind === 'drop' ? { kind: 'drop', at: fate.at, reason: 'connection' } : { kind: 'deliver' };
    messages.push({ ...msg, id: nextMessageId++, deliverAt: lastArrival, fate: copyFate, copyOf: msg.id });
  }
  const sent = s.sent.slice();
  sent[kindIndex] = nth;
  const final: Fate = fate;
  // Every loss takes the connection down, a refused connection to a down node included.
  const breaksAt = final.kind === 'drop' && final.reason !== 'connection' ? final.at : null;
  const linkClock = s.linkClock.slice();
  linkClock[link.clock] = { connection, at: lastArrival };
  const state: NetworkState = {
    rng,
    nextMessageId,
    sent,
    linkClock,
    reconnects: s.reconnects,
    broken: breaksAt === null ? s.broken : { ...s.broken, [pair]: { connection, at: Math.min(breaksAt, downAt ?? breaksAt) } },
  };
  return breaksAt === null ? { state, messages } : { state, messages, broke: { connection, at: breaksAt } };
}
