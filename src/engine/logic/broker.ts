/**
 * The broker: one topic with `partitions` partitions. The first broker (`broker`) also acts as the
 * group coordinator of every consumer group (it keeps their committed offsets). Without replication the high watermark is
 * the log end offset; with replication.factor > 1 every broker holds a replica of every partition
 * and replication.ts decides who leads, the ISR and the high watermark. Each partition's log and
 * producer state are on disk and survive a crash (Kafka rebuilds producer state from its snapshots
 * and the log; the lab keeps it directly). Transactions (markers, the last stable offset,
 * read_committed) are in brokerTxn.ts; the transactional copier's output topic and the dead-letter
 * topic live on the first broker too.
 */
import { point, reply, trace, type Out, type Stepped } from '../machines/effects';
import type { BatchInfo, BrokerConfig, ErrorCode, FetchedPartition, GroupId, IsolationLevel, LogRecord, LostItem, NetMessage, PartitionOffset, Payload, TopicName } from '../types';
import { AppendLog } from './appendLog';
import type { DeadLetterTopic } from './deadLetter';
import { DEFAULT_GROUP_ID, emptyGroup, type ClassicGroup, type GroupTimer } from './groupCoordinator';
import { abortedIn, beginTxn, lastStableOffset, type PartitionTxns } from './brokerTxn';
import { checkBatch, lastSequence, liveEntry, recordBatch, type ProducerStates } from './producerState';
import type { EpochEntry } from './replicaLog';
import {
  afterLeaderWrite,
  answerProduce,
  delayedCount,
  initialReplicaContext,
  isLeader,
  produceRefusal,
  type ReplicaContext,
  type ReplicaTimer,
  type ReplicationInput,
} from './replication';
import { withBroker, withPartitionChanges } from './brokerCopy';

export type BrokerTimer = { type: 'FETCH_WAIT_EXPIRED'; requestId: string; background: true } | GroupTimer | ReplicaTimer;

interface ParkedFetch {
  /** The request, so the answer goes back on its connection. */
  msg: NetMessage;
  requestId: string;
  partitions: readonly PartitionOffset[];
  maxRecords: number;
  isolation: IsolationLevel;
}

/** One partition: its log and, per producer id, the idempotence state Kafka keeps per partition. */
export interface PartitionState {
  log: AppendLog<LogRecord>;
  producers: ProducerStates;
  /** Open and aborted transactions (absent until the first transactional record). */
  txn?: PartitionTxns;
  // With replication only (see replicaLog.ts): batch headers, leader-epoch cache, high watermark.
  batches?: AppendLog<BatchInfo>;
  epochs?: readonly EpochEntry[];
  hw?: number;
}

export interface BrokerContext {
  config: BrokerConfig;
  fetchMaxWaitMs: number;
  // On disk
  partitions: readonly PartitionState[];
  nextProducerId: number;
  /** The consumer groups, by group.id: members, generation, rebalance state, committed offsets (groupCoordinator.ts). */
  groups: Readonly<Record<GroupId, ClassicGroup>>;
  /** `<topic>.DLT`: its own log per partition, and how far the re-drive batch has republished it. */
  deadLetter: DeadLetterTopic;
  /** The copier's output topic (same partition count). */
  output: readonly PartitionState[];
  /** Offsets sent with TxnOffsetCommit, by producer id, until their transaction's marker. */
  pendingOffsets: Readonly<Record<number, readonly PartitionOffset[]>>;
  // In memory
  parked: readonly ParkedFetch[];
  /** Replication (replication.factor > 1): roles, followers, ISR, waiting produce requests. */
  replica?: ReplicaContext;
}

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

/**
 * `firstProducerId`: each broker hands out producer ids from its own block (Kafka's brokers get
 * blocks of 1000 from the controller), so ids stay unique across brokers.
 */
export function initialBrokerContext(
  config: BrokerConfig,
  fetchMaxWaitMs: number,
  partitions: number,
  replication?: ReplicationInput,
  firstProducerId = 1000,
): BrokerContext {
  const c: BrokerContext = {
    config,
    fetchMaxWaitMs,
    partitions: Array.from({ length: partitions }, () =>
      replication
        ? { log: AppendLog.empty<LogRecord>(), producers: new Map(), batches: AppendLog.empty<BatchInfo>(), epochs: [], hw: 0 }
        : { log: AppendLog.empty<LogRecord>(), producers: new Map() },
    ),
    nextProducerId: firstProducerId,
    groups: { [DEFAULT_GROUP_ID]: emptyGroup() },
    deadLetter: { logs: Array.from({ length: partitions }, () => AppendLog.empty<LogRecord>()), redriven: Array.from({ length: partitions }, () => 0) },
    output: Array.from({ length: partitions }, () => ({ log: AppendLog.empty<LogRecord>(), producers: new Map() })),
    pendingOffsets: {},
    parked: [],
  };
  return replication ? withBroker(c, { replica: initialReplicaContext(replication, partitions) }) : c;
}

/**
 * The high watermark of a partition: with a single replica, every appended record is committed at
 * once; with replication, the offset every in-sync replica has reached (replication.ts).
 */
export const highWatermark = (c: BrokerContext, partition: number) =>
  c.replica ? (c.partitions[partition]?.hw ?? 0) : (c.partitions[partition]?.log.length ?? 0);

/** The partitions of the application's topic, or of the output topic. */
export const partitionsOf = (c: BrokerContext, topic?: TopicName): readonly PartitionState[] => (topic === 'output' ? c.output : c.partitions);

export const withPartition = (c: BrokerContext, partition: number, state: PartitionState, topic?: TopicName): BrokerContext =>
  topic === 'output'
    ? withBroker(c, { output: c.output.map((x, i) => (i === partition ? state : x)) })
    : withBroker(c, { partitions: c.partitions.map((x, i) => (i === partition ? state : x)) });

/** InitProducerId for an idempotent (non-transactional) producer: a new id, epoch 0, every call. */
export function onInitProducerId(c: BrokerContext, msg: NetMessage, p: P<'InitProducerIdRequest'>): Step {
  const producerId = c.nextProducerId;
  return {
    context: withBroker(c, { nextProducerId: producerId + 1 }),
    out: [
      trace({ type: 'broker.producerIdAllocated', producerId }),
      reply(msg, { kind: 'InitProducerIdResponse', requestId: p.requestId, producerId, producerEpoch: 0 }),
    ],
  };
}

/**
 * Produce: validate the batch against the producer state, append or answer, then wake fetches.
 * With replication, a broker that does not lead the partition refuses first, and so does a leader
 * whose ISR is below min.insync.replicas (acks=all); after the write replication.ts answers.
 */
export function onProduce(c0: BrokerContext, msg: NetMessage, p: P<'ProduceRequest'>, now: number, reject?: ErrorCode): Step {
  const out: O[] = [];
  const { batch, partition, topic } = p;
  const part = partitionsOf(c0, topic)[partition]!;
  let answered = c0;
  const respond = (payload: P<'ProduceResponse'>) => {
    // acks=0: the producer expects no response, and the broker sends none.
    if (p.acks === 0) return;
    // With replication, an answer never overtakes one its connection still waits for.
    if (c0.replica) answered = answerProduce(c0, msg, payload, batch.records.map((r) => r.messageId), out);
    else out.push(reply(msg, payload));
  };
  // With replication the events name the broker (without it there is only one).
  const at = c0.replica ? { node: c0.replica.self } : {};
  const refusal = reject ?? (c0.replica && !topic ? produceRefusal(c0, partition, p.acks) : null);
  if (refusal) {
    const messageIds = batch.records.map((r) => r.messageId);
    out.push(
      refusal === 'NOT_LEADER_OR_FOLLOWER'
        ? trace({ type: 'replica.notLeader', node: c0.replica!.self, partition, request: 'produce', messageIds })
        : trace({ type: 'broker.rejected', ...at, partition, messageIds, error: refusal }),
    );
    respond({ kind: 'ProduceResponse', requestId: p.requestId, partition, error: refusal, baseOffset: -1, duplicate: false });
    return { context: answered, out };
  }
  const identity = {
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    lastSequence: lastSequence(batch.baseSequence, batch.records.length),
  };
  const messageIds = batch.records.map((r) => r.messageId);
  let producers = part.producers;
  let entry = producers.get(batch.producerId);
  // A producer id expires only without an open transaction (ProducerStateManager.isProducerExpired).
  if (entry && !liveEntry(producers, batch.producerId, now, c0.config['producer.id.expiration.ms']) && !part.txn?.ongoing.has(batch.producerId)) {
    out.push(trace({ type: 'broker.producerExpired', producerId: batch.producerId }));
    const next = new Map(producers);
    next.delete(batch.producerId);
    producers = next;
    entry = undefined;
  }
  const check = checkBatch(entry, identity);
  if (check.result === 'duplicate') {
    out.push(trace({ type: 'broker.duplicate', ...at, partition, messageIds, ...identity, baseOffset: check.cached.firstOffset }));
    const c = withPartition(c0, partition, withPartitionChanges(part, { producers }), topic);
    // With acks=all a recognised retry still waits until the ISR has the original (Kafka's DelayedProduce).
    if (c.replica && !topic) return { context: afterLeaderWrite(c, msg, p, { baseOffset: check.cached.firstOffset, lastOffset: check.cached.lastOffset, duplicate: true }, now, out), out };
    respond({ kind: 'ProduceResponse', requestId: p.requestId, partition, error: 'NONE', baseOffset: check.cached.firstOffset, duplicate: true });
    return { context: c, out };
  }
  // A producer with an open transaction here may not write outside it (InvalidTxnStateException).
  if (check.result === 'append' && !batch.transactional && part.txn?.ongoing.has(batch.producerId)) {
    out.push(trace({ type: 'broker.rejected', ...at, partition, messageIds, error: 'INVALID_TXN_STATE' }));
    respond({ kind: 'ProduceResponse', requestId: p.requestId, partition, error: 'INVALID_TXN_STATE', baseOffset: -1, duplicate: false });
    return { context: withPartition(answered, partition, withPartitionChanges(part, { producers }), topic), out };
  }
  if (check.result === 'error') {
    out.push(
      check.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER'
        ? trace({ type: 'broker.outOfOrderSequence', partition, ...identity, expected: check.expected })
        : trace({ type: 'broker.invalidProducerEpoch', ...identity, current: check.currentEpoch }),
    );
    respond({ kind: 'ProduceResponse', requestId: p.requestId, partition, error: check.error, baseOffset: -1, duplicate: false });
    return { context: withPartition(answered, partition, withPartitionChanges(part, { producers }), topic), out };
  }
  const baseOffset = part.log.length;
  const records: LogRecord[] = batch.records.map((r, i) => ({
    partition,
    offset: baseOffset + i,
    messageId: r.messageId,
    key: r.key,
    sendNo: r.sendNo,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    sequence: batch.baseSequence < 0 ? -1 : (batch.baseSequence + i) % 2147483648,
    appendedAt: now,
    ...(r.version === undefined ? {} : { version: r.version }),
  }));
  const lastOffset = baseOffset + records.length - 1;
  if (batch.producerId >= 0) {
    const next = new Map(producers);
    next.set(batch.producerId, recordBatch(entry, identity, baseOffset, lastOffset, now));
    producers = next;
  }
  let state: PartitionState = withPartitionChanges(part, { producers, log: part.log.push(...records) });
  if (batch.transactional) {
    for (const r of records) r.transactional = true;
    state = beginTxn(state, batch.producerId, baseOffset);
  }
  let c = withPartition(c0, partition, state, topic);
  out.push(
    trace(
      batch.transactional || topic
        ? { type: 'broker.appended', ...at, partition, messageIds, baseOffset, lastOffset, ...identity, ...(topic ? { topic } : {}), ...(batch.transactional ? { transactional: true } : {}) }
        : { type: 'broker.appended', ...at, partition, messageIds, baseOffset, lastOffset, ...identity },
    ),
  );
  // The append is on disk; a crash here loses only the response.
  out.push(point('after-append-before-response'));
  if (c.replica && !topic) return { context: afterLeaderWrite(c, msg, p, { baseOffset, lastOffset, duplicate: false }, now, out), out };
  respond({ kind: 'ProduceResponse', requestId: p.requestId, partition, error: 'NONE', baseOffset, duplicate: false });
  if (!topic) c = wakeParkedFetches(c, partition, out);
  return { context: c, out };
}

/**
 * How far a fetch may read: the high watermark (read_uncommitted), or the last stable offset
 * (read_committed: nothing at or after the first open transaction).
 */
export function readLimit(c: BrokerContext, partition: number, isolation: IsolationLevel): number {
  const hw = highWatermark(c, partition);
  const part = c.partitions[partition];
  return isolation === 'read_committed' && part?.txn ? lastStableOffset(part.txn, hw) : hw;
}

/**
 * One partition's records from `offset` up to its read limit, at most `max`. An offset past the
 * log end is out of range; one between the HW and the log end (a new leader's HW can lag) just has
 * nothing to read yet. With replication only the leader serves consumers.
 */
function fetchPartition(c: BrokerContext, partition: number, offset: number, max: number, isolation: IsolationLevel): FetchedPartition {
  const hw = highWatermark(c, partition);
  if (c.replica && !isLeader(c, partition)) return { partition, error: 'NOT_LEADER_OR_FOLLOWER', records: [], highWatermark: hw };
  const logEnd = c.replica ? (c.partitions[partition]?.log.length ?? 0) : hw;
  if (offset < 0 || offset > logEnd || c.partitions[partition] === undefined) {
    return { partition, error: 'OFFSET_OUT_OF_RANGE', records: [], highWatermark: hw };
  }
  const part = c.partitions[partition]!;
  const limit = readLimit(c, partition, isolation);
  const end = Math.min(limit, offset + max);
  const records = max > 0 && end > offset ? part.log.slice(offset, end) : [];
  if (isolation !== 'read_committed' || !part.txn) return { partition, error: 'NONE', records, highWatermark: hw };
  // The response lists the aborted transactions in the range read, so the consumer can skip them.
  return { partition, error: 'NONE', records, highWatermark: hw, abortedTransactions: abortedIn(part.txn, offset, end) };
}

/** The partitions of a fetch in request order, sharing `maxRecords` between them. */
function fetchResponse(c: BrokerContext, requestId: string, partitions: readonly PartitionOffset[], maxRecords: number, isolation: IsolationLevel): P<'FetchResponse'> {
  let left = maxRecords;
  const out = partitions.map(({ partition, offset }) => {
    const f = fetchPartition(c, partition, offset, left, isolation);
    left -= f.records.length;
    return f;
  });
  return { kind: 'FetchResponse', requestId, partitions: out };
}

/** Whether a fetch has something to return now: records, or an error. */
const fetchable = (c: BrokerContext, partitions: readonly PartitionOffset[], isolation: IsolationLevel) =>
  partitions.some(({ partition, offset }) => {
    const hw = highWatermark(c, partition);
    if (c.replica) return !isLeader(c, partition) || offset < hw || offset > (c.partitions[partition]?.log.length ?? 0);
    return offset > hw || offset < (isolation === 'read_committed' ? readLimit(c, partition, isolation) : hw);
  });

/**
 * Fetch: records from each partition's offset up to its high watermark (read_committed: its last
 * stable offset); with none anywhere, wait up to fetch.max.wait.ms for some to arrive.
 */
export function onFetch(c: BrokerContext, msg: NetMessage, p: P<'FetchRequest'>): Step {
  const isolation = p.isolationLevel ?? 'read_uncommitted';
  if (fetchable(c, p.partitions, isolation)) {
    const out: O[] = [];
    const r = c.replica;
    if (r) for (const { partition } of p.partitions) if (!isLeader(c, partition)) out.push(trace({ type: 'replica.notLeader', node: r.self, partition, request: 'fetch', messageIds: [] }));
    out.push(reply(msg, fetchResponse(c, p.requestId, p.partitions, p.maxRecords, isolation)));
    return { context: c, out };
  }
  const parked: ParkedFetch = { msg, requestId: p.requestId, partitions: p.partitions, maxRecords: p.maxRecords, isolation };
  return {
    context: withBroker(c, { parked: [...c.parked, parked] }),
    out: [
      {
        type: 'timer',
        id: `fetch:${p.requestId}`,
        delay: c.fetchMaxWaitMs,
        event: { type: 'FETCH_WAIT_EXPIRED', requestId: p.requestId, background: true },
      },
    ],
  };
}

/** New records in `partition` below its read limit (its HW or last stable offset moved, or a leader stepped down): answer the fetches that can now read. */
export function wakeParkedFetches(c: BrokerContext, partition: number, out: O[]): BrokerContext {
  if (c.parked.length === 0) return c;
  const woken = c.parked.filter((f) => f.partitions.some((x) => x.partition === partition) && fetchable(c, f.partitions, f.isolation));
  if (woken.length === 0) return c;
  for (const f of woken) {
    out.push({ type: 'cancel', id: `fetch:${f.requestId}` }, reply(f.msg, fetchResponse(c, f.requestId, f.partitions, f.maxRecords, f.isolation)));
  }
  return withBroker(c, { parked: c.parked.filter((f) => !woken.includes(f)) });
}

/** fetch.max.wait.ms passed with no new data: answer with no records. */
export function onFetchWaitExpired(c: BrokerContext, requestId: string): Step {
  const f = c.parked.find((x) => x.requestId === requestId);
  if (!f) return { context: c, out: [] };
  return {
    context: withBroker(c, { parked: c.parked.filter((x) => x !== f) }),
    out: [reply(f.msg, fetchResponse(c, f.requestId, f.partitions, f.maxRecords, f.isolation))],
  };
}

/** ListOffsets: earliest is 0 (nothing is deleted); latest is the high watermark, or the last stable offset for read_committed. */
export function onListOffsets(c: BrokerContext, msg: NetMessage, p: P<'ListOffsetsRequest'>): Step {
  const isolation = p.isolationLevel ?? 'read_uncommitted';
  const offsets = p.partitions.map((partition) => ({ partition, offset: p.spec === 'earliest' ? 0 : readLimit(c, partition, isolation) }));
  return { context: c, out: [reply(msg, { kind: 'ListOffsetsResponse', requestId: p.requestId, offsets })] };
}

export function brokerLosses(c: BrokerContext): LostItem[] {
  const lost: LostItem[] = c.parked.length > 0 ? [{ what: 'parked-fetches', count: c.parked.length }] : [];
  const delayed = delayedCount(c);
  if (delayed > 0) lost.push({ what: 'delayed-produces', count: delayed });
  return lost;
}
