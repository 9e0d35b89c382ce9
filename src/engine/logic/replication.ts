/**
 * Replication, the leader's side (kafka-part2 §5; KAFKA-RULES §4): which replica leads each
 * partition (as the controller says), the followers' fetch state, the ISR, the high watermark, and
 * produce requests that wait for it (acks=all). broker.ts calls in here only when the topic has
 * replication.factor > 1; the follower's fetcher is in replicaFetcher.ts, the controller in
 * controller.ts.
 *
 * - A follower's LEO, as the leader knows it, is the fetchOffset of its latest fetch ("I have
 *   everything below this"). The records of an append reach a follower with one fetch; only its
 *   next fetch tells the leader, so the HW and an acks=all answer need two fetch rounds.
 * - HW = min(leader LEO, LEO of every ISR member), monotonic, and frozen while the ISR is smaller
 *   than min(min.insync.replicas, replication.factor) (trunk's isUnderMinIsr guard).
 * - A follower leaves the ISR once it has not caught up for replica.lag.time.max.ms (checked every
 *   half of it) and rejoins once its LEO reaches the HW and the leader epoch's start offset.
 * - ISR changes reach the controller at once (an `alterPartition` effect; no AlterPartition round trip).
 */
import { reply, trace, type Out, type Stepped } from '../machines/effects';
import type { Acks, ErrorCode, MessageId, NetMessage, NodeId, Payload, ReplicaFetchPartition, ReplicaFetchedPartition } from '../types';
import { AppendLog } from './appendLog';
import { wakeParkedFetches, type BrokerContext, type BrokerTimer, type PartitionState } from './broker';
import { startFetchers } from './replicaFetcher';
import { assignEpoch, endOffsetFor, readBatches, type ReplicaDisk } from './replicaLog';

/** A partition's leader, epoch and ISR, as the controller decides them. */
export interface PartitionMeta {
  leader: NodeId | null;
  leaderEpoch: number;
  isr: readonly NodeId[];
}

/** What the leader knows of one follower (Kafka's Replica: LEO and lastCaughtUpTimeMs). */
export interface FollowerState {
  leo: number;
  lastCaughtUpAt: number;
  lastFetchAt: number;
  /** The leader's LEO when this follower last fetched. */
  leaderLeoAtLastFetch: number;
}

/** A produce request that waits (acks=all, Kafka's DelayedProduce), or an answer queued behind one. */
export interface PendingAnswer {
  msg: NetMessage;
  requestId: string;
  partition: number;
  messageIds: readonly MessageId[];
  /** Answered once the HW reaches this offset (the batch's last offset + 1). */
  requiredOffset: number;
  baseOffset: number;
  duplicate: boolean;
  /** Null while it waits for the ISR. */
  answer: Extract<Payload, { kind: 'ProduceResponse' }> | null;
}

export interface ParkedReplicaFetch {
  msg: NetMessage;
  requestId: string;
  partitions: readonly ReplicaFetchPartition[];
}

export interface ReplicaPartition extends PartitionMeta {
  role: 'leader' | 'follower' | 'none';
  /** The leader's LEO when it became leader (Kafka's leaderEpochStartOffset). */
  epochStartOffset: number;
  followers: Readonly<Record<NodeId, FollowerState>>;
}

export interface ReplicaContext {
  self: NodeId;
  /** Every partition's replicas, in assignment order (the order of a clean election). */
  replicas: readonly NodeId[];
  minInsync: number;
  lagTimeMaxMs: number;
  fetchWaitMaxMs: number;
  /** The producer's request.timeout.ms, which Kafka's ProduceRequest carries as its timeout. */
  produceTimeoutMs: number;
  // In memory: what the controller last said, and the leader's and the fetcher's state.
  partitions: readonly ReplicaPartition[];
  pending: readonly PendingAnswer[];
  parked: readonly ParkedReplicaFetch[];
  /** Per leader: the fetch in flight (or 'backoff'). */
  fetching: Readonly<Record<NodeId, string>>;
  fetchNo: number;
  isrCheckArmed: boolean;
}

export type ReplicaTimer =
  | { type: 'REPLICA_FETCH_WAIT_EXPIRED'; requestId: string; background: true }
  | { type: 'REPLICA_FETCH_TIMEOUT'; leader: NodeId; requestId: string; background: true }
  | { type: 'REPLICA_FETCH_BACKOFF'; leader: NodeId; background: true }
  | { type: 'ISR_CHECK'; background: true }
  | { type: 'PRODUCE_TIMEOUT'; requestId: string };

type Step = Stepped<BrokerContext, BrokerTimer>;
export type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

/** Records per replica fetch (Kafka counts bytes: replica.fetch.max.bytes); whole batches always. */
export const REPLICA_FETCH_MAX_RECORDS = 500;

export interface ReplicationInput {
  self: NodeId;
  replicas: readonly NodeId[];
  minInsync: number;
  lagTimeMaxMs: number;
  fetchWaitMaxMs: number;
  produceTimeoutMs: number;
}

const noMeta = (): ReplicaPartition => ({ leader: null, leaderEpoch: -1, isr: [], role: 'none', epochStartOffset: 0, followers: {} });

export function initialReplicaContext(input: ReplicationInput, partitions: number): ReplicaContext {
  return { ...input, partitions: Array.from({ length: partitions }, noMeta), pending: [], parked: [], fetching: {}, fetchNo: 0, isrCheckArmed: false };
}

/** What a crash takes: everything but the disk (the controller tells a restarted broker its roles). */
export const replicaMemoryReset = (r: ReplicaContext): ReplicaContext => ({
  ...r,
  partitions: r.partitions.map(noMeta),
  pending: [],
  parked: [],
  fetching: {},
  isrCheckArmed: false,
});

// ---------------------------------------------------------------------------------------------
// Small accessors

export const rep = (c: BrokerContext): ReplicaContext => c.replica!;
export const withReplica = (c: BrokerContext, r: ReplicaContext): BrokerContext => ({ ...c, replica: r });
export const metaOf = (c: BrokerContext, p: number): ReplicaPartition => rep(c).partitions[p]!;
export function withMeta(c: BrokerContext, p: number, m: ReplicaPartition): BrokerContext {
  const r = rep(c);
  return withReplica(c, { ...r, partitions: r.partitions.map((x, i) => (i === p ? m : x)) });
}

/** The partition's disk with its replication parts (present whenever replication is on). */
export function diskOf(c: BrokerContext, p: number): ReplicaDisk {
  const d = c.partitions[p]!;
  return { log: d.log, producers: d.producers, batches: d.batches ?? AppendLog.empty(), epochs: d.epochs ?? [], hw: d.hw ?? 0 };
}

export const withDisk = (c: BrokerContext, p: number, d: ReplicaDisk): BrokerContext => ({
  ...c,
  partitions: c.partitions.map((x, i) => (i === p ? (d satisfies PartitionState) : x)),
});

export const isLeader = (c: BrokerContext, p: number) => c.replica?.partitions[p]?.role === 'leader';
const effectiveMinIsr = (r: ReplicaContext) => Math.min(r.minInsync, r.replicas.length);

// ---------------------------------------------------------------------------------------------
// Produce

/** Checked before anything is appended: leadership, then (acks=all) enough in-sync replicas. */
export function produceRefusal(c: BrokerContext, partition: number, acks: Acks): ErrorCode | null {
  const m = metaOf(c, partition);
  if (m.role !== 'leader') return 'NOT_LEADER_OR_FOLLOWER';
  if (acks === 'all' && m.isr.length < effectiveMinIsr(rep(c))) return 'NOT_ENOUGH_REPLICAS';
  return null;
}

/** Answers a produce request, or queues the answer behind a request of its connection that still waits. */
export function answerProduce(c: BrokerContext, msg: NetMessage, answer: P<'ProduceResponse'>, messageIds: readonly MessageId[], out: O[]): BrokerContext {
  const r = rep(c);
  if (!r.pending.some((x) => x.msg.connection === msg.connection)) {
    out.push(reply(msg, answer));
    return c;
  }
  const queued: PendingAnswer = { msg, requestId: answer.requestId, partition: answer.partition, messageIds, requiredOffset: 0, baseOffset: answer.baseOffset, duplicate: answer.duplicate, answer };
  return withReplica(c, { ...r, pending: [...r.pending, queued] });
}

/**
 * After the leader's own write (or a recognised duplicate, at its original offsets): acks=1 is
 * answered now, acks=all once the HW passes the batch (or at the request's timeout).
 */
export function afterLeaderWrite(
  c0: BrokerContext,
  msg: NetMessage,
  p: P<'ProduceRequest'>,
  w: { baseOffset: number; lastOffset: number; duplicate: boolean },
  now: number,
  out: O[],
): BrokerContext {
  const { partition } = p;
  const messageIds = p.batch.records.map((r) => r.messageId);
  let c = c0;
  if (!w.duplicate) {
    const d = diskOf(c, partition);
    const m = metaOf(c, partition);
    c = withDisk(c, partition, { ...d, batches: d.batches.push({ baseOffset: w.baseOffset, lastOffset: w.lastOffset, leaderEpoch: m.leaderEpoch }) });
    c = wakeReplicaFetches(c, partition, out);
    c = maybeIncrementHw(c, partition, now, out);
  }
  const answer: P<'ProduceResponse'> = { kind: 'ProduceResponse', requestId: p.requestId, partition, error: 'NONE', baseOffset: w.baseOffset, duplicate: w.duplicate };
  if (p.acks === 0) return c;
  const requiredOffset = w.lastOffset + 1;
  if (p.acks === 1 || diskOf(c, partition).hw >= requiredOffset) return answerProduce(c, msg, answer, messageIds, out);
  const r = rep(c);
  const waiting: PendingAnswer = { msg, requestId: p.requestId, partition, messageIds, requiredOffset, baseOffset: w.baseOffset, duplicate: w.duplicate, answer: null };
  out.push(
    trace({ type: 'replica.waitingForIsr', node: r.self, partition, messageIds, requiredOffset }),
    { type: 'timer', id: `produce:${p.requestId}`, delay: r.produceTimeoutMs, event: { type: 'PRODUCE_TIMEOUT', requestId: p.requestId } },
  );
  return withReplica(c, { ...r, pending: [...r.pending, waiting] });
}

/** Sends the answers that are ready, in request order per connection. */
function flushAnswers(c: BrokerContext, out: O[]): BrokerContext {
  const r = rep(c);
  const blocked = new Set<string>();
  const pending: PendingAnswer[] = [];
  for (const x of r.pending) {
    if (x.answer && !blocked.has(x.msg.connection)) out.push(reply(x.msg, x.answer));
    else {
      blocked.add(x.msg.connection);
      pending.push(x);
    }
  }
  return pending.length === r.pending.length ? c : withReplica(c, { ...r, pending });
}

/** Completes waiting requests: NONE once the HW passes them (NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank meanwhile). */
function completeDelayed(c: BrokerContext, partition: number, out: O[], force?: { error: ErrorCode; requestId?: string }): BrokerContext {
  const r = rep(c);
  if (!r.pending.some((x) => x.answer === null && x.partition === partition)) return c;
  const hw = diskOf(c, partition).hw;
  const m = metaOf(c, partition);
  const pending = r.pending.map((x) => {
    if (x.answer !== null || x.partition !== partition) return x;
    let error: ErrorCode | null = null;
    if (force && (force.requestId === undefined || force.requestId === x.requestId)) error = force.error;
    else if (!force && hw >= x.requiredOffset) error = m.isr.length >= effectiveMinIsr(r) ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    if (error === null) return x;
    if (force?.error !== 'REQUEST_TIMED_OUT') out.push({ type: 'cancel', id: `produce:${x.requestId}` });
    out.push(trace({ type: 'replica.produceCompleted', node: r.self, partition, messageIds: x.messageIds, error }));
    const baseOffset = error === 'NONE' ? x.baseOffset : -1;
    return { ...x, answer: { kind: 'ProduceResponse', requestId: x.requestId, partition, error, baseOffset, duplicate: error === 'NONE' && x.duplicate } } satisfies PendingAnswer;
  });
  return flushAnswers(withReplica(c, { ...r, pending }), out);
}

/** The request's timeout passed before the ISR had the batch: REQUEST_TIMED_OUT (the record stays in the log and may still commit). */
export function onProduceTimeout(c: BrokerContext, requestId: string): Step {
  const out: O[] = [];
  const x = c.replica?.pending.find((y) => y.requestId === requestId && y.answer === null);
  if (!x) return { context: c, out };
  return { context: completeDelayed(c, x.partition, out, { error: 'REQUEST_TIMED_OUT', requestId }), out };
}

// ---------------------------------------------------------------------------------------------
// High watermark and ISR

/** maybeIncrementLeaderHW: min LEO over the ISR, never backwards, frozen below min.insync.replicas. */
export function maybeIncrementHw(c0: BrokerContext, partition: number, now: number, out: O[]): BrokerContext {
  void now;
  const r = rep(c0);
  const m = metaOf(c0, partition);
  if (m.role !== 'leader' || m.isr.length < effectiveMinIsr(r)) return c0;
  const d = diskOf(c0, partition);
  let hw = d.log.length;
  for (const f of m.isr) if (f !== r.self) hw = Math.min(hw, m.followers[f]?.leo ?? -1);
  if (hw <= d.hw) return c0;
  let c = withDisk(c0, partition, { ...d, hw });
  out.push(trace({ type: 'replica.highWatermark', node: r.self, partition, highWatermark: hw }));
  c = completeDelayed(c, partition, out);
  return wakeParkedFetches(c, partition, out);
}

/** A new ISR for a partition this broker leads: told to the controller, then HW and waiting requests re-checked. */
function setIsr(c0: BrokerContext, partition: number, isr: readonly NodeId[], now: number, out: O[]): BrokerContext {
  const m = metaOf(c0, partition);
  let c = withMeta(c0, partition, { ...m, isr });
  out.push({ type: 'alterPartition', partition, leaderEpoch: m.leaderEpoch, isr });
  c = maybeIncrementHw(c, partition, now, out);
  return completeDelayed(c, partition, out);
}

/** The ISR in assignment order. */
const ordered = (r: ReplicaContext, members: readonly NodeId[]) => r.replicas.filter((b) => members.includes(b));

/** Replica.updateFetchStateOrThrow, then maybeExpandIsr and maybeIncrementLeaderHW. */
function updateFollower(c0: BrokerContext, partition: number, follower: NodeId, fetchOffset: number, now: number, out: O[]): BrokerContext {
  const r = rep(c0);
  const m = metaOf(c0, partition);
  const leo = diskOf(c0, partition).log.length;
  const f = m.followers[follower] ?? { leo: -1, lastCaughtUpAt: 0, lastFetchAt: 0, leaderLeoAtLastFetch: 0 };
  let lastCaughtUpAt = f.lastCaughtUpAt;
  if (fetchOffset >= leo) lastCaughtUpAt = Math.max(lastCaughtUpAt, now);
  else if (fetchOffset >= f.leaderLeoAtLastFetch) lastCaughtUpAt = Math.max(lastCaughtUpAt, f.lastFetchAt);
  const next: FollowerState = { leo: fetchOffset, lastCaughtUpAt, lastFetchAt: now, leaderLeoAtLastFetch: leo };
  let c = withMeta(c0, partition, { ...m, followers: { ...m.followers, [follower]: next } });
  if (!m.isr.includes(follower) && fetchOffset >= diskOf(c, partition).hw && fetchOffset >= m.epochStartOffset) {
    const isr = ordered(r, [...m.isr, follower]);
    out.push(trace({ type: 'replica.isrExpanded', node: r.self, partition, added: follower, isr }));
    return setIsr(c, partition, isr, now, out);
  }
  if (fetchOffset !== f.leo) c = maybeIncrementHw(c, partition, now, out);
  return c;
}

/** The isr-expiration task (every replica.lag.time.max.ms / 2): drop followers that have not caught up for too long. */
export function onIsrCheck(c0: BrokerContext, now: number): Step {
  const out: O[] = [];
  const r = rep(c0);
  let c = c0;
  r.partitions.forEach((m, partition) => {
    if (m.role !== 'leader') return;
    const leo = diskOf(c, partition).log.length;
    const out_ = m.isr.filter((f) => {
      if (f === r.self) return false;
      const s = m.followers[f];
      return !(s && (s.leo >= leo || now - s.lastCaughtUpAt <= r.lagTimeMaxMs));
    });
    if (out_.length === 0) return;
    const isr = m.isr.filter((f) => !out_.includes(f));
    for (const removed of out_) out.push(trace({ type: 'replica.isrShrank', node: r.self, partition, removed, isr, reason: 'lagging' }));
    c = setIsr(c, partition, isr, now, out);
  });
  const leads = rep(c).partitions.some((m) => m.role === 'leader');
  if (leads) out.push(isrCheckTimer(rep(c)));
  return { context: withReplica(c, { ...rep(c), isrCheckArmed: leads }), out };
}

const isrCheckTimer = (r: ReplicaContext): O => ({ type: 'timer', id: 'isr-check', delay: Math.max(1, Math.floor(r.lagTimeMaxMs / 2)), event: { type: 'ISR_CHECK', background: true } });

// ---------------------------------------------------------------------------------------------
// Follower fetches, leader side

/** One partition of a follower's fetch: an error, a divergence, or whole batches from fetchOffset. */
function servePartition(c: BrokerContext, rp: ReplicaFetchPartition, hw: number): ReplicaFetchedPartition {
  const m = metaOf(c, rp.partition);
  const none = { records: [], batches: [], highWatermark: hw };
  if (m.role !== 'leader') return { partition: rp.partition, error: 'NOT_LEADER_OR_FOLLOWER', ...none };
  if (rp.currentLeaderEpoch !== m.leaderEpoch) {
    return { partition: rp.partition, error: rp.currentLeaderEpoch < m.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH', ...none };
  }
  const d = diskOf(c, rp.partition);
  if (rp.lastFetchedEpoch >= 0) {
    const e = endOffsetFor(d.epochs, d.log.length, rp.lastFetchedEpoch);
    if (e.endOffset < rp.fetchOffset || e.epoch < rp.lastFetchedEpoch) {
      return { partition: rp.partition, error: 'NONE', ...none, divergingEpoch: { epoch: e.epoch, endOffset: e.endOffset } };
    }
  }
  return { partition: rp.partition, error: 'NONE', ...readBatches(d, rp.fetchOffset, REPLICA_FETCH_MAX_RECORDS), highWatermark: hw };
}

const hasNews = (x: ReplicaFetchedPartition) => x.records.length > 0 || x.error !== 'NONE' || x.divergingEpoch !== undefined;

/**
 * A follower's fetch: the leader answers with the HW it had before this fetch (readRecords'
 * initialHighWatermark), then records the follower's fetch offset as its LEO, which may move the
 * ISR and the HW. With nothing to return it waits up to replica.fetch.wait.max.ms.
 */
export function onReplicaFetch(c0: BrokerContext, msg: NetMessage, p: P<'ReplicaFetchRequest'>, now: number): Step {
  const out: O[] = [];
  const served = p.partitions.map((rp) => servePartition(c0, rp, c0.replica?.partitions[rp.partition]?.role === 'leader' ? diskOf(c0, rp.partition).hw : 0));
  let c = c0;
  served.forEach((s, i) => {
    if (s.error === 'NONE' && s.divergingEpoch === undefined) c = updateFollower(c, s.partition, msg.from, p.partitions[i]!.fetchOffset, now, out);
  });
  if (served.some(hasNews)) {
    out.push(reply(msg, { kind: 'ReplicaFetchResponse', requestId: p.requestId, partitions: served }));
    return { context: c, out };
  }
  const r = rep(c);
  out.push({ type: 'timer', id: `rpark:${p.requestId}`, delay: r.fetchWaitMaxMs, event: { type: 'REPLICA_FETCH_WAIT_EXPIRED', requestId: p.requestId, background: true } });
  return { context: withReplica(c, { ...r, parked: [...r.parked, { msg, requestId: p.requestId, partitions: p.partitions }] }), out };
}

function answerParked(c: BrokerContext, f: ParkedReplicaFetch, out: O[]) {
  const partitions = f.partitions.map((rp) => servePartition(c, rp, isLeader(c, rp.partition) ? diskOf(c, rp.partition).hw : 0));
  out.push(reply(f.msg, { kind: 'ReplicaFetchResponse', requestId: f.requestId, partitions }));
}

/** New records in `partition` (or a change of leadership): answer the follower fetches waiting for it. */
export function wakeReplicaFetches(c: BrokerContext, partition: number | null, out: O[]): BrokerContext {
  const r = rep(c);
  if (r.parked.length === 0) return c;
  const woken = r.parked.filter((f) => partition === null || f.partitions.some((x) => x.partition === partition));
  if (woken.length === 0) return c;
  for (const f of woken) {
    out.push({ type: 'cancel', id: `rpark:${f.requestId}` });
    answerParked(c, f, out);
  }
  return withReplica(c, { ...r, parked: r.parked.filter((f) => !woken.includes(f)) });
}

export function onReplicaFetchWaitExpired(c: BrokerContext, requestId: string): Step {
  const r = rep(c);
  const f = r.parked.find((x) => x.requestId === requestId);
  if (!f) return { context: c, out: [] };
  const out: O[] = [];
  answerParked(c, f, out);
  return { context: withReplica(c, { ...r, parked: r.parked.filter((x) => x !== f) }), out };
}

// ---------------------------------------------------------------------------------------------
// Roles, from the controller

/**
 * The controller's word on every partition (KRaft metadata reaches brokers at once in the lab):
 * a broker named leader with a newer epoch becomes leader (makeLeader); a leader named no longer
 * steps down, answering what waits with NOT_LEADER_OR_FOLLOWER; followers follow the named leader.
 */
export function onMetadataUpdate(c0: BrokerContext, table: readonly PartitionMeta[], now: number): Step {
  const out: O[] = [];
  let c = c0;
  table.forEach((t, partition) => {
    const r = rep(c);
    const m = metaOf(c, partition);
    if (t.leader === r.self) {
      if (m.role !== 'leader' || m.leaderEpoch < t.leaderEpoch) c = becomeLeader(c, partition, t, now, out);
      else if (t.isr.join() !== m.isr.join()) c = setIsr(c, partition, t.isr, now, out);
      return;
    }
    const wasLeader = m.role === 'leader';
    c = withMeta(c, partition, { ...t, role: 'follower', epochStartOffset: 0, followers: {} });
    if (wasLeader) {
      c = completeDelayed(c, partition, out, { error: 'NOT_LEADER_OR_FOLLOWER' });
      c = wakeParkedFetches(c, partition, out);
      c = wakeReplicaFetches(c, partition, out);
    }
  });
  c = startFetchers(c, now, out);
  const r = rep(c);
  if (!r.isrCheckArmed && r.partitions.some((m) => m.role === 'leader')) {
    out.push(isrCheckTimer(r));
    c = withReplica(c, { ...r, isrCheckArmed: true });
  }
  return { context: c, out };
}

/** makeLeader: a new epoch from this broker's log end; ISR members count as caught up from now. */
function becomeLeader(c0: BrokerContext, partition: number, t: PartitionMeta, now: number, out: O[]): BrokerContext {
  const r = rep(c0);
  const d = diskOf(c0, partition);
  const leo = d.log.length;
  const followers: Record<NodeId, FollowerState> = {};
  for (const b of r.replicas) {
    if (b !== r.self) followers[b] = { leo: -1, lastCaughtUpAt: t.isr.includes(b) ? now : 0, lastFetchAt: now, leaderLeoAtLastFetch: leo };
  }
  let c = withDisk(c0, partition, { ...d, epochs: assignEpoch(d.epochs, t.leaderEpoch, leo) });
  c = withMeta(c, partition, { ...t, role: 'leader', epochStartOffset: leo, followers });
  return maybeIncrementHw(c, partition, now, out);
}

/** MetadataRequest: the leaders this broker's metadata cache has (clients ask any broker). */
export function onMetadataRequest(c: BrokerContext, msg: NetMessage, p: P<'MetadataRequest'>): Step {
  const partitions = rep(c).partitions.map((m, partition) => ({ partition, leader: m.leader, leaderEpoch: m.leaderEpoch }));
  return { context: c, out: [reply(msg, { kind: 'MetadataResponse', requestId: p.requestId, partitions })] };
}

/**
 * Whether replication has nothing left to do for a partition this broker leads: every live
 * follower is in the ISR with the whole log, and the HW is at the log end or frozen for good (the
 * ISR, every live replica in it, is below min.insync.replicas). A live follower outside the ISR
 * will fetch, catch up and rejoin, which may move the HW.
 */
export function replicationSettled(c: BrokerContext, partition: number, live: readonly NodeId[]): boolean {
  const r = rep(c);
  const m = metaOf(c, partition);
  if (m.role !== 'leader') return true;
  const d = diskOf(c, partition);
  for (const f of live) if (f !== r.self && (!m.isr.includes(f) || m.followers[f]?.leo !== d.log.length)) return false;
  return d.hw === d.log.length || m.isr.length < effectiveMinIsr(r);
}

/** How many produce requests wait for the ISR (a crash loses them). */
export const delayedCount = (c: BrokerContext) => c.replica?.pending.filter((x) => x.answer === null).length ?? 0;

