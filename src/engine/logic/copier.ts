/**
 * The consume-transform-produce application (consumerApp.output = topic), Kafka's exactly-once
 * loop: for each poll, one transaction that writes every polled record to the output topic and
 * the input positions with sendOffsetsToTransaction, then commits (kafka-part2.md section 7):
 *
 *   AddPartitionsToTxn -> Produce (one batch per output partition) -> AddOffsetsToTxn ->
 *   TxnOffsetCommit (to the group coordinator) -> EndTxn(COMMIT)
 *
 * Its producer is transactional with its own transactional.id (`<consumer id>-copier`, the same
 * after a restart, so the restarted process fences its predecessor and aborts what it left open).
 * One request at a time; a timed-out request goes again on a new connection (its sequence keeps
 * a repeated batch from being written twice); CONCURRENT_TRANSACTIONS and retriable produce
 * errors wait retry.backoff.ms. An abortable error aborts the transaction; a fatal one
 * (PRODUCER_FENCED) closes the producer. Either way, like Kafka Streams, the copier then starts a
 * new producer (initTransactions) and rewinds to the committed offsets, so the aborted records
 * are read and copied again. The output record of an input record keeps its partition number.
 */
import { disconnect, point, send, trace, type Out, type Stepped } from '../machines/effects';
import type { AppRecord, ErrorCode, LostItem, NodeId, PartitionOffset, Payload } from '../types';
import type { ConsumerContext, ConsumerTimer } from './consumerClient';
import { withConsumer, withCopierChanges } from './consumerCopy';

type Step = Stepped<ConsumerContext, ConsumerTimer>;
type O = Out<ConsumerTimer>;

/**
 * `init`: initTransactions. `ready`: no transaction. Then one transaction's steps: `adding`,
 * `producing`, `addingOffsets`, `sendingOffsets`, `ending` (commit) or `aborting`. `done`: committed.
 * `reinit`: aborted or fenced, a new producer and the committed offsets next.
 */
export type CopierPhase = 'init' | 'ready' | 'adding' | 'producing' | 'addingOffsets' | 'sendingOffsets' | 'ending' | 'aborting' | 'done' | 'reinit';

interface CopyBatch {
  partition: number;
  baseSequence: number;
  records: readonly AppRecord[];
}

/** The copier's producer and its current transaction: all memory, lost in a crash. */
export interface CopierState {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** Per output partition, the next sequence. */
  nextSeq: Readonly<Record<number, number>>;
  phase: CopierPhase;
  batches: readonly CopyBatch[];
  /** The batch being produced. */
  next: number;
  /** The input positions this transaction commits. */
  offsets: readonly PartitionOffset[];
  request: string | null;
  /** Something is in the transaction at the coordinator: an abort needs EndTxn(ABORT). */
  added: boolean;
  batchNo: number;
}

/** The lab's one consumer group (Kafka's group.id), named in AddOffsetsToTxn. */
export const GROUP_ID = 'delivery-lab';
const ADD_PARTITIONS_RETRY_BACKOFF_MS = 20;
const RETRIABLE = new Set<ErrorCode>(['NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS', 'CONCURRENT_TRANSACTIONS']);
const FATAL = new Set<ErrorCode>(['PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING', 'INVALID_TXN_STATE']);
const IN_TRANSACTION = new Set<CopierPhase>(['adding', 'producing', 'addingOffsets', 'sendingOffsets', 'ending', 'aborting']);

export const freshCopier = (consumerId: NodeId): CopierState => ({
  transactionalId: `${consumerId}-copier`,
  producerId: -1,
  producerEpoch: -1,
  nextSeq: {},
  phase: 'init',
  batches: [],
  next: 0,
  offsets: [],
  request: null,
  added: false,
  batchNo: 0,
});

export function copierLosses(k: CopierState): LostItem[] {
  if (!IN_TRANSACTION.has(k.phase)) return [];
  return [{ what: 'open-transaction', count: k.batches.reduce((n, b) => n + b.records.length, 0) }];
}

const withCopier = (c: ConsumerContext, x: Partial<CopierState>): ConsumerContext => withConsumer(c, { copier: withCopierChanges(c.copier!, x) });
const messageIds = (k: CopierState) => k.batches.flatMap((b) => b.records.map((r) => r.messageId));

/** Where the current phase's request goes: the partition leader (produce, offsets) or the transaction coordinator. */
const peerOf = (c: ConsumerContext): NodeId => (c.copier!.phase === 'producing' || c.copier!.phase === 'sendingOffsets' ? c.coordinator : c.txnCoordinator!);

/** The request the current phase waits for (none outside a transaction's steps). */
function phaseRequest(c0: ConsumerContext, k: CopierState, requestId: string): Payload | null {
  const identity = { transactionalId: k.transactionalId, producerId: k.producerId, producerEpoch: k.producerEpoch };
  switch (k.phase) {
    case 'init':
      return { kind: 'InitProducerIdRequest', requestId, transactionalId: k.transactionalId, transactionTimeoutMs: c0.transactionTimeoutMs };
    case 'adding':
      return { kind: 'AddPartitionsToTxnRequest', requestId, ...identity, partitions: k.batches.map((b) => ({ topic: 'output', partition: b.partition })) };
    case 'producing': {
      const b = k.batches[k.next]!;
      const batch = { producerId: k.producerId, producerEpoch: k.producerEpoch, baseSequence: b.baseSequence, records: b.records, transactional: true };
      return { kind: 'ProduceRequest', requestId, acks: 'all', batchId: `${c0.id}.c${k.batchNo}.${k.next}`, partition: b.partition, batch, topic: 'output' };
    }
    case 'addingOffsets':
      return { kind: 'AddOffsetsToTxnRequest', requestId, ...identity, groupId: GROUP_ID };
    case 'sendingOffsets':
      return { kind: 'TxnOffsetCommitRequest', requestId, producerId: k.producerId, producerEpoch: k.producerEpoch, generation: c0.generation, offsets: k.offsets };
    case 'ending':
    case 'aborting':
      return { kind: 'EndTxnRequest', requestId, ...identity, result: k.phase === 'ending' ? 'COMMIT' : 'ABORT' };
    default:
      return null;
  }
}

/** Sends the request the current phase waits for (again, after a timeout or a backoff). */
function sendForPhase(c0: ConsumerContext, out: O[]): ConsumerContext {
  const requestNo = c0.requestNo + 1;
  const requestId = `${c0.id}.${c0.incarnation}.t${requestNo}`;
  const payload = phaseRequest(c0, c0.copier!, requestId);
  if (!payload) return c0;
  out.push(send(peerOf(c0), payload), {
    type: 'timer',
    id: `copier:${requestId}`,
    delay: c0.config['request.timeout.ms'],
    event: { type: 'COPIER_TIMEOUT', requestId },
  });
  return withConsumer(c0, { requestNo, copier: withCopierChanges(c0.copier!, { request: requestId }) });
}

/** initTransactions (at start, and after an abort or a fence): InitProducerId to the transaction coordinator. */
export function copierInit(c: ConsumerContext): Step {
  const out: O[] = [{ type: 'cancel', id: 'copierRetry' }];
  return { context: sendForPhase(withCopier(c, { phase: 'init', request: null, batches: [], added: false }), out), out };
}

/** A poll returned records: begin a transaction that copies them (one batch per output partition). */
export function beginCopy(c: ConsumerContext): Step {
  const k = c.copier!;
  const byPartition = new Map<number, AppRecord[]>();
  for (const r of c.records) {
    const list = byPartition.get(r.partition) ?? [];
    list.push({ messageId: r.messageId, key: r.key, sendNo: r.sendNo });
    byPartition.set(r.partition, list);
  }
  const nextSeq = { ...k.nextSeq };
  const batches: CopyBatch[] = [...byPartition].map(([partition, records]) => {
    const baseSequence = nextSeq[partition] ?? 0;
    nextSeq[partition] = baseSequence + records.length;
    return { partition, baseSequence, records };
  });
  const offsets = c.assignment.flatMap((partition) => (c.positions[partition] === undefined ? [] : [{ partition, offset: c.positions[partition]! }]));
  const out: O[] = [{ type: 'cancel', id: 'copierRetry' }];
  const next = withCopier(c, { phase: 'adding', batches, next: 0, offsets, nextSeq, added: false, request: null, batchNo: k.batchNo + 1 });
  out.push(trace({ type: 'consumer.txnBegun', messageIds: messageIds(next.copier!) }));
  return { context: sendForPhase(next, out), out };
}

function retry(c: ConsumerContext, delay: number, out: O[]): ConsumerContext {
  out.push({ type: 'timer', id: 'copierRetry', delay, event: { type: 'COPIER_RETRY' } });
  return c;
}

/** An abortable error: abortTransaction (EndTxn ABORT if anything reached the coordinator). */
function abort(c: ConsumerContext, error: ErrorCode, out: O[]): ConsumerContext {
  const k = c.copier!;
  out.push(trace({ type: 'consumer.txnAborted', messageIds: messageIds(k), error }));
  if (!k.added) return withCopier(c, { phase: 'reinit' });
  return sendForPhase(withCopier(c, { phase: 'aborting' }), out);
}

/** A fatal error: the producer is closed; a new one will fence nothing newer and start over. */
function fenced(c: ConsumerContext, error: ErrorCode, out: O[]): ConsumerContext {
  out.push(trace({ type: 'consumer.fenced', error }));
  return withCopier(c, { phase: 'reinit' });
}

/** Moves to the next phase and sends its request. */
const advance = (c: ConsumerContext, x: Partial<CopierState>, out: O[]) => sendForPhase(withCopier(c, x), out);

type Answer = Extract<
  Payload,
  { kind: 'InitProducerIdResponse' | 'AddPartitionsToTxnResponse' | 'ProduceResponse' | 'AddOffsetsToTxnResponse' | 'TxnOffsetCommitResponse' | 'EndTxnResponse' }
>;

/** An answer to the copier's request in flight moves its transaction on. */
export function onCopierAnswer(c0: ConsumerContext, p: Answer): Step {
  const k0 = c0.copier;
  if (!k0 || k0.request !== p.requestId) return { context: c0, out: [] };
  const out: O[] = [{ type: 'cancel', id: `copier:${p.requestId}` }];
  const c = withCopier(c0, { request: null });
  const k = c.copier!;
  const error = p.error ?? 'NONE';
  const backoff = c.config['retry.backoff.ms'];
  if (error !== 'NONE' && error !== 'DUPLICATE_SEQUENCE_NUMBER') {
    if (FATAL.has(error) && p.kind !== 'ProduceResponse' && p.kind !== 'TxnOffsetCommitResponse') return { context: fenced(c, error, out), out };
    if (RETRIABLE.has(error)) {
      const delay = p.kind === 'AddPartitionsToTxnResponse' ? ADD_PARTITIONS_RETRY_BACKOFF_MS : backoff;
      return { context: retry(c, delay, out), out };
    }
    // InvalidProducerEpoch, OutOfOrderSequence, a refused TxnOffsetCommit (CommitFailedException): abortable.
    if (k.phase === 'aborting') return { context: fenced(c, error, out), out };
    return { context: abort(c, error, out), out };
  }
  switch (p.kind) {
    case 'InitProducerIdResponse':
      return { context: withCopier(c, { producerId: p.producerId, producerEpoch: p.producerEpoch, nextSeq: {}, phase: 'ready' }), out };
    case 'AddPartitionsToTxnResponse':
      return { context: advance(c, { phase: 'producing', next: 0, added: true }, out), out };
    case 'ProduceResponse': {
      if (k.next + 1 < k.batches.length) return { context: advance(c, { next: k.next + 1 }, out), out };
      // The output is written (not yet visible to read_committed readers); a crash here aborts it.
      out.push(point('after-output-before-offsets'));
      return { context: advance(c, { phase: 'addingOffsets' }, out), out };
    }
    case 'AddOffsetsToTxnResponse':
      return { context: advance(c, { phase: 'sendingOffsets' }, out), out };
    case 'TxnOffsetCommitResponse': {
      out.push(trace({ type: 'consumer.txnOffsetsSent', offsets: k.offsets }), point('after-offsets-before-endtxn'));
      const next = advance(c, { phase: 'ending' }, out);
      out.push(point('after-endtxn-before-poll'));
      return { context: next, out };
    }
    case 'EndTxnResponse': {
      if (k.phase === 'aborting') return { context: withCopier(c, { phase: 'reinit' }), out };
      out.push(trace({ type: 'consumer.txnCommitted', messageIds: messageIds(k), offsets: k.offsets }));
      const committed = { ...c.committed };
      for (const { partition, offset } of k.offsets) committed[partition] = offset;
      return { context: withCopier(withConsumer(c, { committed, records: [], index: 0 }), { phase: 'done', batches: [] }), out };
    }
  }
}

/** No answer in time: drop the connection and send the same request again. */
export function onCopierTimeout(c: ConsumerContext, requestId: string): Step {
  const k = c.copier;
  if (!k || k.request !== requestId) return { context: c, out: [] };
  const out: O[] = [disconnect(peerOf(c))];
  return { context: sendForPhase(withCopier(c, { request: null }), out), out };
}

/** The retry backoff is over: send the current phase's request again. */
export function onCopierRetry(c: ConsumerContext): Step {
  const out: O[] = [];
  if (!c.copier || c.copier.request !== null) return { context: c, out };
  return { context: sendForPhase(c, out), out };
}
