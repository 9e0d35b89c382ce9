/**
 * The producer process's state: the application's outbox and backlog (kept across a crash) and
 * the Kafka client's memory (accumulator, in-flight requests, producer id and sequences), which a
 * crash takes away. The behaviour is in producerClient.ts.
 */
import type { AppRecord, ErrorCode, LostItem, MessageId, NodeId, ProduceMessage, ProducerAppConfig, ProducerConfig } from '../types';
import { AppendQueue } from './appendLog';
import { NO_PRODUCER_EPOCH, NO_PRODUCER_ID, NO_SEQUENCE } from './producerState';

export type ProducerTimer =
  | { type: 'LINGER_EXPIRED'; batchId: string }
  | { type: 'RETRY_BACKOFF_ELAPSED'; batchId: string }
  | { type: 'DELIVERY_TIMEOUT' }
  | { type: 'REQUEST_TIMEOUT'; requestId: string }
  /** A transaction request waited out its backoff (CONCURRENT_TRANSACTIONS). */
  | { type: 'TXN_RETRY' }
  /** The second application instance starts (producerApp.secondInstanceStartMs). */
  | { type: 'START' }
  // With replication (producerMetadata.ts):
  | { type: 'METADATA_TIMEOUT'; requestId: string; background: true }
  | { type: 'METADATA_REFRESH'; background: true };

/** A batch in the accumulator, from creation until it is acknowledged or fails. */
export interface ProducerBatch {
  batchId: string;
  partition: number;
  records: readonly AppRecord[];
  createdAt: number;
  /** NO_SEQUENCE until the batch is first drained (sequences are assigned in drain order). */
  baseSequence: number;
  producerEpoch: number;
  /** How many times it has been sent. */
  attempts: number;
  state: 'open' | 'ready' | 'inflight' | 'backoff';
  retryAt: number;
}

export interface InflightRequest {
  requestId: string;
  batchId: string;
  partition: number;
  /** The broker it went to (the partition's leader, as the producer's metadata had it). */
  broker: NodeId;
}

/** A message the application has handed to send() and not yet seen acknowledged. */
export interface OutboxEntry {
  messageId: MessageId;
  key: string | null;
  sendNo: number;
  version?: number;
}

/**
 * The transactional part of Kafka's TransactionManager and the application's transaction loop
 * (behaviour in transactions.ts). All of it is memory: a crash loses the open transaction, which
 * the coordinator aborts when the restarted process calls initTransactions.
 */
export interface TxnManager {
  transactionalId: string;
  /**
   * `initializing`: initTransactions (InitProducerId) is running. `ready`: no transaction open.
   * `inTransaction`: begun, sending. `committing`/`aborting`: commitTransaction/abortTransaction
   * running (the application is blocked). `fenced`: a fatal error; the producer is closed.
   */
  state: 'initializing' | 'ready' | 'inTransaction' | 'committing' | 'aborting' | 'fenced';
  /** Partitions in the current transaction (AddPartitionsToTxn answered). */
  added: readonly number[];
  /** Partitions with records waiting for AddPartitionsToTxn (their batches may not be sent yet). */
  toAdd: readonly number[];
  /** The coordinator request in flight: Kafka's TransactionManager sends one at a time. */
  request: string | null;
  /** Partitions the AddPartitionsToTxn in flight asks for. */
  adding: readonly number[];
  /** A coordinator request waits out its retry backoff. */
  backoff: boolean;
  /** Messages sent in the current transaction: committed together, or sent again after an abort. */
  messages: readonly OutboxEntry[];
  /** The abortable error behind the current abort, if any. */
  error: ErrorCode | null;
  /** A batch that had a sequence failed: the next InitProducerId asks for an epoch bump (KIP-360). */
  bumpEpoch: boolean;
  /** This transaction has sent an AddPartitionsToTxn (only the first is retried after 20 ms). */
  addSent: boolean;
}

export const freshTxnManager = (transactionalId: string): TxnManager => ({
  transactionalId,
  state: 'initializing',
  added: [],
  toAdd: [],
  request: null,
  adding: [],
  backoff: false,
  messages: [],
  error: null,
  bumpEpoch: false,
  addSent: false,
});

export interface ProducerContext {
  config: ProducerConfig;
  app: ProducerAppConfig;
  /** The topic's partition count, and the first broker (the bootstrap server; without replication it leads every partition). */
  partitions: number;
  leader: NodeId;
  /** The transaction coordinator (null: the run has none). */
  coordinator: NodeId | null;
  /** When the process starts (0, or producerApp.secondInstanceStartMs for `producer-2`). */
  startAt: number;
  /** Process incarnation: 1 at start, +1 per restart. Request ids carry it. */
  incarnation: number;
  /** Kept across a crash: the application's list of unacknowledged messages (an outbox). */
  outbox: readonly OutboxEntry[];
  /**
   * Kept across a crash: messages that came due while the process was down (or, with
   * transactions, while the application was blocked in initTransactions, commitTransaction or
   * abortTransaction), and messages of an aborted transaction that it sends again. A persistent
   * queue: a stalled transactional producer's backlog grows to thousands, and every step keeps
   * its own snapshot, so appending and taking the first must not copy it.
   */
  backlog: AppendQueue<ProduceMessage>;
  /** Kept across a crash: the application has had its script's last message (it commits what is open). */
  scriptEnded: boolean;
  // Everything below lives in memory and is lost in a crash.
  producerId: number;
  producerEpoch: number;
  /** Per partition: the next sequence to assign and the last one acknowledged. */
  nextSeq: readonly number[];
  lastAckedSeq: readonly number[];
  /** Where the built-in partitioner sends records without a key (it moves on when a batch closes). */
  stickyPartition: number;
  batches: readonly ProducerBatch[];
  inflight: readonly InflightRequest[];
  requestNo: number;
  batchNo: number;
  epochBumpPending: boolean;
  initRequestId: string | null;
  /** When the armed delivery-timeout timer fires: the oldest batch's deadline (null: none armed). */
  deliveryTimerAt: number | null;
  /** The TransactionManager's transactional part (null: no transactional.id). */
  txn: TxnManager | null;
  /** With replication only (null without): the client's metadata. One field, so runs without it copy no more. */
  cluster: ProducerCluster | null;
}

/** The producer's metadata when the topic is replicated and leaders can move (producerMetadata.ts). */
export interface ProducerCluster {
  brokers: readonly NodeId[];
  /** Each partition's leader (null: unknown, or none). Memory: a restarted process asks again. */
  leaders: readonly (NodeId | null)[];
  metadataRequestId: string | null;
  /** Index in `brokers` of the broker the next metadata or InitProducerId request goes to. */
  bootstrap: number;
}

/**
 * A field-by-field copy. (Why not `{ ...c }`: in Node 20's V8 an object spread of an object that
 * was itself made by a spread or by xstate's assign takes ~0.6 µs for the producer's 24 fields,
 * a literal ~0.03 µs, and the producer's logic copies its context several times per event.)
 */
function copyProducer(c: ProducerContext): ProducerContext {
  return {
    config: c.config,
    app: c.app,
    partitions: c.partitions,
    leader: c.leader,
    coordinator: c.coordinator,
    startAt: c.startAt,
    cluster: c.cluster,
    incarnation: c.incarnation,
    outbox: c.outbox,
    backlog: c.backlog,
    scriptEnded: c.scriptEnded,
    producerId: c.producerId,
    producerEpoch: c.producerEpoch,
    nextSeq: c.nextSeq,
    lastAckedSeq: c.lastAckedSeq,
    stickyPartition: c.stickyPartition,
    batches: c.batches,
    inflight: c.inflight,
    requestNo: c.requestNo,
    batchNo: c.batchNo,
    epochBumpPending: c.epochBumpPending,
    initRequestId: c.initRequestId,
    deliveryTimerAt: c.deliveryTimerAt,
    txn: c.txn,
  };
}

/** `c` with `changes`: `{ ...c, ...changes }`, made faster (see copyProducer). */
export function withProducer(c: ProducerContext, changes: Partial<ProducerContext>): ProducerContext {
  return Object.assign(copyProducer(c), changes);
}

/** The transaction manager with `changes` (field by field, as copyProducer). */
export function withTxnChanges(t: TxnManager, changes: Partial<TxnManager>): TxnManager {
  const copy: TxnManager = {
    transactionalId: t.transactionalId,
    state: t.state,
    added: t.added,
    toAdd: t.toAdd,
    request: t.request,
    adding: t.adding,
    backoff: t.backoff,
    messages: t.messages,
    error: t.error,
    bumpEpoch: t.bumpEpoch,
    addSent: t.addSent,
  };
  return Object.assign(copy, changes);
}

/** A batch with `changes` (field by field, as copyProducer: a batch is copied on every send and answer). */
export function withBatch(b: ProducerBatch, changes: Partial<ProducerBatch>): ProducerBatch {
  const copy: ProducerBatch = {
    batchId: b.batchId,
    partition: b.partition,
    records: b.records,
    createdAt: b.createdAt,
    baseSequence: b.baseSequence,
    producerEpoch: b.producerEpoch,
    attempts: b.attempts,
    state: b.state,
    retryAt: b.retryAt,
  };
  return Object.assign(copy, changes);
}

/** Sequences reset to 0 for every partition (a new producer id or epoch). */
export const freshSequences = (c: ProducerContext) => ({
  nextSeq: Array.from({ length: c.partitions }, () => 0),
  lastAckedSeq: Array.from({ length: c.partitions }, () => NO_SEQUENCE),
});

/** What a crash takes from the producer's memory. */
export function producerLosses(c: ProducerContext): LostItem[] {
  const lost: LostItem[] = [];
  const buffered = c.batches.reduce((n, b) => n + (b.state === 'inflight' ? 0 : b.records.length), 0);
  if (buffered > 0) lost.push({ what: 'buffered-records', count: buffered });
  if (c.inflight.length > 0) lost.push({ what: 'inflight-requests', count: c.inflight.length });
  if (c.producerId !== NO_PRODUCER_ID) lost.push({ what: 'producer-id', count: 1 });
  const open = c.txn && c.txn.state !== 'ready' && c.txn.state !== 'initializing' && c.txn.state !== 'fenced' ? c.txn.messages.length : 0;
  if (open > 0) lost.push({ what: 'open-transaction', count: open });
  return lost;
}

/** A fresh process: configuration and durable application state, empty memory. */
export function producerMemoryReset(c: ProducerContext): ProducerContext {
  return {
    ...c,
    producerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    ...freshSequences(c),
    stickyPartition: 0,
    batches: [],
    inflight: [],
    requestNo: 0,
    batchNo: 0,
    epochBumpPending: false,
    initRequestId: null,
    deliveryTimerAt: null,
    txn: c.config['transactional.id'] === null ? null : freshTxnManager(c.config['transactional.id']),
    // A new process knows no leaders until its first metadata answer.
    cluster: c.cluster && { ...c.cluster, leaders: Array.from({ length: c.partitions }, () => null), metadataRequestId: null, bootstrap: 0 },
  };
}

export function initialProducerContext(
  config: ProducerConfig,
  app: ProducerAppConfig,
  partitions: number,
  leader: NodeId,
  coordinator: NodeId | null = null,
  startAt = 0,
  brokers: readonly NodeId[] = [leader],
): ProducerContext {
  const cluster: ProducerCluster | null = brokers.length > 1 ? { brokers, leaders: [], metadataRequestId: null, bootstrap: 0 } : null;
  const c = { config, app, partitions, leader, coordinator, startAt, cluster, incarnation: 1, outbox: [], backlog: AppendQueue.empty<ProduceMessage>(), scriptEnded: false };
  return producerMemoryReset(c as unknown as ProducerContext);
}

/** A new request id: it carries the process incarnation, so answers to a dead process are recognised. */
export function newRequestId(c: ProducerContext): [string, ProducerContext] {
  const requestNo = c.requestNo + 1;
  return [`p${c.incarnation}.r${requestNo}`, withProducer(c, { requestNo })];
}
