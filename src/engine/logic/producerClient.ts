/**
 * The producer process: the application around send() and Kafka's client inside it
 * (RecordAccumulator, Sender, TransactionManager's idempotent sequencing), as pure functions.
 * See shared/KAFKA-RULES.md sections 1 (client side) and 4.
 */
import { disconnect as dropConnection, trace, send, point, type Out, type Stepped } from '../machines/effects';
import type { AppRecord, ErrorCode, Payload, ProduceMessage, RecordBatch } from '../types';
import { AppendQueue } from './appendLog';
import { freshSequences, newRequestId, withBatch, withProducer, type OutboxEntry, type ProducerBatch, type ProducerContext, type ProducerTimer } from './producerContext';
import { bootstrapBroker, learnLeaders, metadataTimedOut, requestMetadata } from './producerMetadata';
import { partitionForKey } from './partitioner';
import { NO_PRODUCER_EPOCH, NO_PRODUCER_ID, NO_SEQUENCE, lastSequence, nextSequence } from './producerState';
import {
  beginCommit,
  beginTransaction,
  mayDrain,
  noteSent,
  onAddPartitionsResponse,
  onEndTxnResponse,
  onTxnInitResponse,
  onTxnRequestTimeout,
  txnBatchFailed,
  txnRequests,
  txnRetryElapsed,
} from './transactions';

export { initialProducerContext, producerLosses, producerMemoryReset } from './producerContext';
export type { InflightRequest, OutboxEntry, ProducerBatch, ProducerContext, ProducerTimer } from './producerContext';

/** Kafka bumps to a new producer id when the epoch would pass Short.MAX_VALUE. */
const MAX_EPOCH = 32767;

type Step = Stepped<ProducerContext, ProducerTimer>;
type O = Out<ProducerTimer>;

const idempotent = (c: ProducerContext) => c.config['enable.idempotence'];
const ids = (records: readonly AppRecord[]) => records.map((r) => r.messageId);

function requestProducerId(c: ProducerContext, out: O[]): ProducerContext {
  const [requestId, c1] = newRequestId(c);
  out.push(send(c.cluster ? bootstrapBroker(c.cluster) : c.leader, { kind: 'InitProducerIdRequest', requestId }));
  out.push({ type: 'timer', id: `req:${requestId}`, delay: c.config['request.timeout.ms'], event: { type: 'REQUEST_TIMEOUT', requestId } });
  return withProducer(c1, { producerId: NO_PRODUCER_ID, initRequestId: requestId });
}

/** Process start (or restart): get a producer id, then replay what the application owes. */
export function startProducer(c0: ProducerContext, now: number, restarted: boolean): Step {
  if (c0.txn) return startTransactional(c0, now, restarted);
  const out: O[] = [];
  let c = c0;
  if (idempotent(c)) c = requestProducerId(c, out);
  // With replication a new process first learns who leads each partition.
  if (c.cluster) c = requestMetadata(c, null, out);
  if (restarted && c.outbox.length > 0) {
    const owed = c.outbox;
    if (c.app.onRestart === 'resend-unacked') {
      out.push(trace({ type: 'producer.resendUnacked', messageIds: owed.map((e) => e.messageId) }));
      for (const e of owed) c = sendAgain(c, e, now, out);
    } else {
      out.push(trace({ type: 'producer.forgotUnacked', messageIds: owed.map((e) => e.messageId) }));
      c = withProducer(c, { outbox: [] });
    }
  }
  const backlog = c.backlog;
  c = withProducer(c, { backlog: AppendQueue.empty() });
  for (const m of backlog) c = appSendInto(c, m, now, out);
  return drainInto(c, now, out);
}

/**
 * A transactional application starts: initTransactions() first (the sender sends InitProducerId
 * to the coordinator, which fences and aborts what an earlier instance left open); what it owes
 * waits in the backlog until then.
 */
function startTransactional(c0: ProducerContext, now: number, restarted: boolean): Step {
  const out: O[] = [];
  let c = c0;
  if (restarted && c.outbox.length > 0) {
    const owed = c.outbox;
    if (c.app.onRestart === 'resend-unacked') {
      out.push(trace({ type: 'producer.resendUnacked', messageIds: owed.map((e) => e.messageId) }));
      c = withProducer(c, { backlog: c.backlog.prepend(owed.map((e) => ({ id: e.messageId, key: e.key, at: now }))) });
    } else {
      out.push(trace({ type: 'producer.forgotUnacked', messageIds: owed.map((e) => e.messageId) }));
      c = withProducer(c, { outbox: [] });
    }
  }
  return drainInto(c, now, out);
}

/** The application calls send(message); `last`: its script has no later message (it commits what is open). */
export function appSend(c: ProducerContext, message: ProduceMessage, now: number, last = false): Step {
  const out: O[] = [];
  if (c.txn) return drainInto(withProducer(c, { backlog: c.backlog.push(message), scriptEnded: c.scriptEnded || last }), now, out);
  return drainInto(appSendInto(c, message, now, out), now, out);
}

/** While the process is down, a message that comes due waits for the restart. */
export function deferWhileDown(c: ProducerContext, message: ProduceMessage, last = false): Step {
  return {
    context: withProducer(c, { backlog: c.backlog.push(message), scriptEnded: c.scriptEnded || last }),
    out: [trace({ type: 'producer.deferred', messageId: message.id })],
  };
}

/**
 * The transactional application's loop: begin a transaction, send() each message that is due
 * into it, commitTransaction() after producerApp.transactionSize messages or after the script's
 * last one. While init, commit or abort runs, the application is blocked and messages wait.
 */
function appLoop(c0: ProducerContext, now: number, out: O[]): ProducerContext {
  let c = c0;
  while (c.backlog.length > 0) {
    const state = c.txn!.state;
    if (state !== 'ready' && state !== 'inTransaction') return c;
    if (state === 'ready') c = beginTransaction(c, out);
    const m = c.backlog.first()!;
    c = appSendInto(withProducer(c, { backlog: c.backlog.rest() }), m, now, out);
    c = noteSent(c, c.outbox.find((e) => e.messageId === m.id)!);
    if (c.txn!.messages.length >= c.app.transactionSize) c = beginCommit(c, out);
  }
  if (c.txn!.state === 'inTransaction' && c.scriptEnded) c = beginCommit(c, out);
  return c;
}

function appSendInto(c: ProducerContext, m: ProduceMessage, now: number, out: O[]): ProducerContext {
  const existing = c.outbox.find((e) => e.messageId === m.id);
  const version = m.version === undefined ? {} : { version: m.version };
  const entry: OutboxEntry = { messageId: m.id, key: m.key, sendNo: existing ? existing.sendNo + 1 : 1, ...version };
  const outbox = existing ? c.outbox.map((e) => (e === existing ? entry : e)) : [...c.outbox, entry];
  out.push(trace({ type: 'producer.send', messageId: m.id, sendNo: entry.sendNo }));
  return accumulate(withProducer(c, { outbox }), { messageId: m.id, key: m.key, sendNo: entry.sendNo, ...version }, now, out);
}

function sendAgain(c: ProducerContext, e: OutboxEntry, now: number, out: O[]): ProducerContext {
  return appSendInto(c, { id: e.messageId, key: e.key, at: now, ...(e.version === undefined ? {} : { version: e.version }) }, now, out);
}

/** The last batch of a partition, if any (batches are kept in creation order). */
function lastBatchOf(c: ProducerContext, partition: number): ProducerBatch | undefined {
  for (let i = c.batches.length - 1; i >= 0; i--) if (c.batches[i]!.partition === partition) return c.batches[i];
  return undefined;
}

/** Whether a record may still join this batch: it has room and has never been sent. */
const open = (b: ProducerBatch | undefined, size: number): b is ProducerBatch =>
  b !== undefined && b.attempts === 0 && b.state !== 'inflight' && b.records.length < size;

/**
 * The partitioner (see partitioner.ts): a keyed record by its key's hash; a record without a key
 * to the sticky partition while its batch there is open, else to the next partition in turn.
 */
function choosePartition(c: ProducerContext, key: string | null): [number, ProducerContext] {
  if (c.partitions === 1) return [0, c];
  if (key !== null) return [partitionForKey(key, c.partitions), c];
  if (open(lastBatchOf(c, c.stickyPartition), c.config['batch.size'])) return [c.stickyPartition, c];
  const next = lastBatchOf(c, c.stickyPartition) === undefined && c.batchNo === 0 ? 0 : (c.stickyPartition + 1) % c.partitions;
  return [next, withProducer(c, { stickyPartition: next })];
}

/**
 * RecordAccumulator.append: into the partition's last batch while it has room and has not been
 * sent (Kafka closes a batch when it drains it; linger.ms only decides when it may go), else a
 * new batch. So a stalled producer's backlog fills its batches.
 */
function accumulate(c0: ProducerContext, record: AppRecord, now: number, out: O[]): ProducerContext {
  const size = c0.config['batch.size'];
  const [partition, c] = choosePartition(c0, record.key);
  const last = lastBatchOf(c, partition);
  if (open(last, size)) {
    const records = [...last.records, record];
    const full = records.length >= size;
    if (full && last.state === 'open') out.push({ type: 'cancel', id: `linger:${last.batchId}` });
    const batch = withBatch(last, { records, state: full ? 'ready' : last.state });
    return withProducer(c, { batches: replaceBatch(c.batches, batch) });
  }
  const batchNo = c.batchNo + 1;
  const batchId = `b${c.incarnation}.${batchNo}`;
  const lingers = c.config['linger.ms'] > 0 && size > 1;
  const batch: ProducerBatch = {
    batchId,
    partition,
    records: [record],
    createdAt: now,
    baseSequence: NO_SEQUENCE,
    producerEpoch: NO_PRODUCER_EPOCH,
    attempts: 0,
    state: lingers ? 'open' : 'ready',
    retryAt: 0,
  };
  if (lingers) {
    out.push({ type: 'timer', id: `linger:${batchId}`, delay: c.config['linger.ms'], event: { type: 'LINGER_EXPIRED', batchId } });
  }
  return withProducer(c, { batchNo, batches: [...c.batches, batch] });
}

/**
 * Sender: sends batches in accumulator order while the in-flight limit allows. Only the head of
 * each partition's queue may go (as in Kafka, where each partition drains its first batch), so
 * reordering comes only from batches already in flight. An idempotent producer sends a retried
 * batch only once nothing else of its partition is in flight. (Kafka puts the ready batches for one broker into one request;
 * the lab sends one batch per request.)
 */
function drainInto(c0: ProducerContext, now: number, out: O[]): Step {
  let c = c0;
  if (c.txn) {
    c = drainLoop(appLoop(c, now, out), now, out);
    // A transaction that ended without a request (nothing added) frees the application at once.
    if (c.txn!.state === 'ready' && c.backlog.length > 0) c = drainLoop(appLoop(c, now, out), now, out);
  } else c = drainLoop(c, now, out);
  return { context: armDeliveryTimer(c, now, out), out };
}

/**
 * Like Kafka's sender loop, which checks batch expiry on every pass, one timer is armed for the
 * oldest batch's deadline.
 */
function armDeliveryTimer(c: ProducerContext, now: number, out: O[]): ProducerContext {
  let oldest = Infinity;
  for (const b of c.batches) if (b.createdAt < oldest) oldest = b.createdAt;
  const at = oldest === Infinity ? null : oldest + c.config['delivery.timeout.ms'];
  if (at === c.deliveryTimerAt) return c;
  if (c.deliveryTimerAt !== null) out.push({ type: 'cancel', id: 'delivery' });
  if (at !== null) out.push({ type: 'timer', id: 'delivery', delay: Math.max(0, at - now), event: { type: 'DELIVERY_TIMEOUT' } });
  return withProducer(c, { deliveryTimerAt: at });
}

function drainLoop(c0: ProducerContext, now: number, out: O[]): ProducerContext {
  let c = c0;
  if (c.txn) {
    c = txnRequests(c, out);
    if (c.txn!.state === 'initializing' || c.txn!.state === 'fenced') return c;
  }
  if (idempotent(c) && c.producerId === NO_PRODUCER_ID) return c;
  if (c.epochBumpPending) {
    if (c.inflight.length > 0) return c;
    c = bumpEpoch(c, out);
    if (c.producerId === NO_PRODUCER_ID) return c;
  }
  const max = c.config['max.in.flight.requests.per.connection'];
  while (c.inflight.length < max) {
    const head = nextToSend(c, now);
    if (!head) break;
    c = sendBatch(c, head, now, out);
  }
  return c;
}

/**
 * The first partition head (in accumulator order) that may go now. In each partition, batches
 * already sent come before batches never sent: a retry is pending exactly when the partition's
 * first batch not in flight has been sent.
 */
function nextToSend(c: ProducerContext, now: number): ProducerBatch | undefined {
  const seen: boolean[] = [];
  const idem = idempotent(c);
  for (const b of c.batches) {
    if (b.state === 'inflight' || seen[b.partition]) continue;
    seen[b.partition] = true;
    // A transactional batch waits until its partition is in the transaction (AddPartitionsToTxn).
    if (c.txn && !mayDrain(c, b.partition)) continue;
    // A partition whose leader is unknown waits in the accumulator.
    if (c.cluster && c.cluster.leaders[b.partition] === null) continue;
    const sendable = b.state === 'ready' || (b.state === 'backoff' && b.retryAt <= now);
    if (!sendable) continue;
    // An idempotent retry waits until nothing else of its partition is in flight ("this
    // effectively reduces our in flight request count to 1", RecordAccumulator).
    if (idem && b.attempts > 0 && c.inflight.some((i) => i.partition === b.partition)) continue;
    return b;
  }
  return undefined;
}

function sendBatch(c0: ProducerContext, b0: ProducerBatch, now: number, out: O[]): ProducerContext {
  let c = c0;
  let b = b0;
  const idem = idempotent(c);
  if (idem && b.baseSequence === NO_SEQUENCE) {
    b = withBatch(b, { baseSequence: c.nextSeq[b.partition]!, producerEpoch: c.producerEpoch });
    c = withProducer(c, { nextSeq: c.nextSeq.map((seq, p) => (p === b.partition ? nextSequence(seq, b.records.length) : seq)) });
  }
  const [requestId, c1] = newRequestId(c);
  c = c1;
  const attempt = b.attempts + 1;
  const batch: RecordBatch = {
    producerId: idem ? c.producerId : NO_PRODUCER_ID,
    producerEpoch: idem ? b.producerEpoch : NO_PRODUCER_EPOCH,
    baseSequence: idem ? b.baseSequence : NO_SEQUENCE,
    records: b.records,
  };
  if (c.txn) batch.transactional = true;
  const acks = c.config.acks;
  out.push(
    trace({
      type: 'producer.request',
      requestId,
      batchId: b.batchId,
      partition: b.partition,
      messageIds: ids(b.records),
      baseSequence: batch.baseSequence,
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      attempt,
    }),
  );
  const broker = c.cluster ? c.cluster.leaders[b.partition]! : c.leader;
  out.push(send(broker, { kind: 'ProduceRequest', requestId, acks, batchId: b.batchId, partition: b.partition, batch }));
  if (acks === 0) {
    // acks=0: the request completes as soon as it is written to the socket, with offset −1.
    c = complete(c, withBatch(b, { attempts: attempt }), -1, out);
  } else {
    const sent = withBatch(b, { attempts: attempt, state: 'inflight' });
    c = withProducer(c, { batches: replaceBatch(c.batches, sent), inflight: [...c.inflight, { requestId, batchId: b.batchId, partition: b.partition, broker }] });
    out.push({ type: 'timer', id: `req:${requestId}`, delay: c.config['request.timeout.ms'], event: { type: 'REQUEST_TIMEOUT', requestId } });
  }
  out.push(point('after-send-before-response'));
  return c;
}

/** The batches with `b` in place of the batch with its id (found near the front: in-flight and retried batches are the oldest). */
function replaceBatch(batches: readonly ProducerBatch[], b: ProducerBatch): readonly ProducerBatch[] {
  const i = batches.findIndex((x) => x.batchId === b.batchId);
  if (i < 0) return batches;
  const next = batches.slice();
  next[i] = b;
  return next;
}

function removeBatch(c: ProducerContext, b: ProducerBatch, out: O[]): ProducerContext {
  if (b.state === 'backoff') out.push({ type: 'cancel', id: `retry:${b.batchId}` });
  const batches = c.batches[0]?.batchId === b.batchId ? c.batches.slice(1) : c.batches.filter((x) => x.batchId !== b.batchId);
  return withProducer(c, { batches });
}

/** The send callback succeeds: the application forgets these messages. */
function complete(c0: ProducerContext, b: ProducerBatch, baseOffset: number, out: O[]): ProducerContext {
  let c = removeBatch(c0, b, out);
  if (idempotent(c) && b.baseSequence !== NO_SEQUENCE && b.producerEpoch === c.producerEpoch) {
    const acked = lastSequence(b.baseSequence, b.records.length);
    c = withProducer(c, { lastAckedSeq: c.lastAckedSeq.map((seq, p) => (p === b.partition ? acked : seq)) });
  }
  out.push(trace({ type: 'producer.acked', batchId: b.batchId, partition: b.partition, messageIds: ids(b.records), baseOffset }));
  // With transactions a message is done when its transaction commits, not when its record is stored.
  if (c.txn) return c;
  let outbox = c.outbox;
  for (const r of b.records) outbox = withoutEntry(outbox, r);
  return withProducer(c, { outbox });
}

/** The outbox without the entry for this record's send (usually the oldest entry: acks come in order). */
function withoutEntry(outbox: readonly OutboxEntry[], r: AppRecord): readonly OutboxEntry[] {
  const first = outbox[0];
  if (first && first.messageId === r.messageId && first.sendNo === r.sendNo) return outbox.slice(1);
  const i = outbox.findIndex((e) => e.messageId === r.messageId && e.sendNo === r.sendNo);
  return i < 0 ? outbox : [...outbox.slice(0, i), ...outbox.slice(i + 1)];
}

/** The send callback fails: the application gives up, or calls send() again. */
function fail(c0: ProducerContext, b: ProducerBatch, error: ErrorCode, now: number, out: O[]): ProducerContext {
  let c = removeBatch(c0, b, out);
  out.push(trace({ type: 'producer.failed', batchId: b.batchId, messageIds: ids(b.records), error }));
  // In a transaction a failed batch is an abortable error: the whole transaction is aborted and sent again.
  if (c.txn) return txnBatchFailed(c, b.baseSequence !== NO_SEQUENCE, error, out);
  // A batch that took a sequence and failed leaves a gap the broker will never fill: like
  // Kafka's unresolved sequences, the producer bumps its epoch and starts again at sequence 0.
  if (idempotent(c) && b.baseSequence !== NO_SEQUENCE && b.producerEpoch === c.producerEpoch) {
    c = withProducer(c, { epochBumpPending: true });
  }
  for (const r of b.records) {
    const entry = c.outbox.find((e) => e.messageId === r.messageId && e.sendNo === r.sendNo);
    if (!entry) continue;
    if (c.app.onSendFailure === 'send-again') c = sendAgain(c, entry, now, out);
    else c = withProducer(c, { outbox: withoutEntry(c.outbox, r) });
  }
  return c;
}

/** Sender.canRetry: retriable errors are retried with exponential backoff until retries or delivery.timeout.ms run out. */
function retryOrFail(c: ProducerContext, b: ProducerBatch, error: ErrorCode, now: number, out: O[]): ProducerContext {
  if (now >= b.createdAt + c.config['delivery.timeout.ms']) return fail(c, b, 'DELIVERY_TIMEOUT', now, out);
  if (b.attempts > c.config.retries) return fail(c, b, error, now, out);
  const base = c.config['retry.backoff.ms'];
  // Kafka's ExponentialBackoff: retry.backoff.ms doubling per attempt, capped at retry.backoff.max.ms.
  const backoff = Math.min(base * 2 ** Math.max(0, b.attempts - 1), c.config['retry.backoff.max.ms']);
  const retryAt = now + backoff;
  const next = withBatch(b, { state: 'backoff', retryAt });
  out.push({ type: 'timer', id: `retry:${b.batchId}`, delay: backoff, event: { type: 'RETRY_BACKOFF_ELAPSED', batchId: b.batchId } });
  out.push(trace({ type: 'producer.retry', batchId: b.batchId, messageIds: ids(b.records), error, attempt: b.attempts, retryAt }));
  // RecordAccumulator.reenqueue: in sequence order with idempotence; otherwise at the head of the
  // queue (addFirst), so after a disconnect, which fails its requests oldest first, the newest goes first.
  if (idempotent(c)) return withProducer(c, { batches: replaceBatch(c.batches, next) });
  return withProducer(c, { batches: [next, ...c.batches.filter((x) => x.batchId !== b.batchId)] });
}

/** Errors Kafka marks retriable (RetriableException) among those the lab produces. */
const RETRIABLE = new Set<ErrorCode>(['NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'NOT_LEADER_OR_FOLLOWER']);

function handleError(c: ProducerContext, b: ProducerBatch, error: ErrorCode, now: number, out: O[]): ProducerContext {
  if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' && idempotent(c) && !c.txn) {
    // TransactionManager.canRetry: an idempotent producer retries OUT_OF_ORDER_SEQUENCE_NUMBER.
    // If the batch is the very next sequence, the broker really has a gap: bump the epoch.
    const isNext = b.baseSequence === nextSequence(c.lastAckedSeq[b.partition]!) && b.producerEpoch === c.producerEpoch;
    return retryOrFail(isNext ? withProducer(c, { epochBumpPending: true }) : c, b, error, now, out);
  }
  if (RETRIABLE.has(error)) return retryOrFail(c, b, error, now, out);
  return fail(c, b, error, now, out);
}

/**
 * A ProduceResponse arrives. Responses to requests this process no longer waits for are ignored.
 * On a connection the answers come in request order, so the answer is always to the oldest
 * request in flight to that broker; if one ever overtook it, the connection would be in an
 * impossible state and the producer drops it and retries everything in flight on it (a guard,
 * not a Kafka behaviour: the lab's connections make it unreachable). NOT_LEADER_OR_FOLLOWER
 * (retriable) also makes it refresh its metadata.
 */
export function onProduceResponse(c0: ProducerContext, p: Extract<Payload, { kind: 'ProduceResponse' }>, now: number): Step {
  const out: O[] = [];
  const inflight = c0.inflight.find((i) => i.requestId === p.requestId);
  if (!inflight) return { context: c0, out };
  if (inflight !== c0.inflight.find((i) => i.broker === inflight.broker)) return disconnect(c0, now, 'response-out-of-order', null, out, inflight.broker);
  out.push({ type: 'cancel', id: `req:${p.requestId}` });
  let c: ProducerContext = withProducer(c0, { inflight: c0.inflight.filter((i) => i !== inflight) });
  const b = c.batches.find((x) => x.batchId === inflight.batchId);
  if (b) {
    // Older brokers answered a duplicate with DUPLICATE_SEQUENCE_NUMBER: the client counts it as a success, offset −1.
    if (p.error === 'DUPLICATE_SEQUENCE_NUMBER') c = complete(c, b, -1, out);
    else c = p.error === 'NONE' ? complete(c, b, p.baseOffset, out) : handleError(c, b, p.error, now, out);
  }
  if (p.error === 'NOT_LEADER_OR_FOLLOWER' && c.cluster) c = requestMetadata(c, null, out);
  return drainInto(c, now, out);
}

/** The leaders arrive (replication only): batches waiting for one can go. */
export function onMetadataResponse(c: ProducerContext, p: Extract<Payload, { kind: 'MetadataResponse' }>, now: number): Step {
  const out: O[] = [];
  const next = learnLeaders(c, p, out);
  return next ? drainInto(next, now, out) : { context: c, out };
}

export function onMetadataTimeout(c: ProducerContext, requestId: string): Step {
  const out: O[] = [];
  return { context: metadataTimedOut(c, requestId, out) ?? c, out };
}

/** metadata.max.age.ms passed, or a partition had no leader retry.backoff.ms ago: ask again. */
export function onMetadataRefresh(c: ProducerContext): Step {
  const out: O[] = [];
  return { context: c.cluster ? requestMetadata(c, null, out) : c, out };
}

export function onInitProducerIdResponse(
  c: ProducerContext,
  p: Extract<Payload, { kind: 'InitProducerIdResponse' }>,
  now: number,
): Step {
  if (c.txn) {
    const out: O[] = [];
    return drainInto(onTxnInitResponse(c, p, now, out), now, out);
  }
  if (p.requestId !== c.initRequestId) return { context: c, out: [] };
  const out: O[] = [
    { type: 'cancel', id: `req:${p.requestId}` },
    trace({ type: 'producer.pidAssigned', producerId: p.producerId, producerEpoch: p.producerEpoch }),
  ];
  const next = withProducer(c, {
    producerId: p.producerId,
    producerEpoch: p.producerEpoch,
    ...freshSequences(c),
    initRequestId: null,
    batches: c.batches.map((b) => (b.state === 'inflight' ? b : { ...b, baseSequence: NO_SEQUENCE })),
  });
  return drainInto(next, now, out);
}

/** request.timeout.ms passed without a response: the client drops the connection. */
export function onRequestTimeout(c0: ProducerContext, requestId: string, now: number): Step {
  const out: O[] = [];
  const txn = onTxnRequestTimeout(c0, requestId, out);
  if (txn) return drainInto(txn, now, out);
  if (requestId === c0.initRequestId) {
    const cluster = c0.cluster;
    if (!cluster) {
      out.push(dropConnection(c0.leader));
      return drainInto(requestProducerId(c0, out), now, out);
    }
    // With several brokers, the next one in turn.
    out.push(dropConnection(bootstrapBroker(cluster)));
    return drainInto(requestProducerId(withProducer(c0, { cluster: { ...cluster, bootstrap: (cluster.bootstrap + 1) % cluster.brokers.length } }), out), now, out);
  }
  const inflight = c0.inflight.find((i) => i.requestId === requestId);
  if (!inflight) return { context: c0, out };
  return disconnect(c0, now, 'request-timeout', requestId, out, inflight.broker);
}

/**
 * Dropping the connection to `broker` fails every request in flight on it; each batch is retried
 * in order. With replication the producer then refreshes its metadata (from another broker).
 */
function disconnect(c0: ProducerContext, now: number, reason: 'request-timeout' | 'response-out-of-order', timedOut: string | null, out: O[], broker: string): Step {
  const lost = c0.inflight.filter((i) => i.broker === broker);
  out.push(dropConnection(broker), trace({ type: 'producer.disconnected', reason, inflight: lost.length }));
  let c: ProducerContext = withProducer(c0, { inflight: lost.length === c0.inflight.length ? [] : c0.inflight.filter((i) => i.broker !== broker) });
  for (const i of lost) {
    if (i.requestId !== timedOut) out.push({ type: 'cancel', id: `req:${i.requestId}` });
    const b = c.batches.find((x) => x.batchId === i.batchId);
    if (b) c = handleError(c, b, i.requestId === timedOut ? 'REQUEST_TIMED_OUT' : 'NETWORK_EXCEPTION', now, out);
  }
  if (c.cluster) c = requestMetadata(c, broker, out);
  return drainInto(c, now, out);
}

export function onLingerExpired(c: ProducerContext, batchId: string, now: number): Step {
  const b = c.batches.find((x) => x.batchId === batchId);
  const batches = b && b.state === 'open' ? replaceBatch(c.batches, withBatch(b, { state: 'ready' })) : c.batches;
  return drainInto(withProducer(c, { batches }), now, []);
}

export function onRetryBackoffElapsed(c: ProducerContext, now: number): Step {
  return drainInto(c, now, []);
}

export function onTxnRetry(c: ProducerContext, now: number): Step {
  return drainInto(txnRetryElapsed(c), now, []);
}

export function onAddPartitionsToTxnResponse(c: ProducerContext, p: Extract<Payload, { kind: 'AddPartitionsToTxnResponse' }>, now: number): Step {
  const out: O[] = [];
  return drainInto(onAddPartitionsResponse(c, p, now, out), now, out);
}

export function onEndTxnAnswer(c: ProducerContext, p: Extract<Payload, { kind: 'EndTxnResponse' }>, now: number): Step {
  const out: O[] = [];
  return drainInto(onEndTxnResponse(c, p, now, out), now, out);
}

/** delivery.timeout.ms passed since a batch was created: it fails, even if it is in flight. */
export function onDeliveryTimeout(c0: ProducerContext, now: number): Step {
  const out: O[] = [];
  let c: ProducerContext = withProducer(c0, { deliveryTimerAt: null });
  const expired = c.batches.filter((b) => b.createdAt + c.config['delivery.timeout.ms'] <= now);
  for (const b of expired) {
    const inflight = c.inflight.find((i) => i.batchId === b.batchId);
    if (inflight) {
      out.push({ type: 'cancel', id: `req:${inflight.requestId}` });
      c = withProducer(c, { inflight: c.inflight.filter((i) => i !== inflight) });
    }
    const current = c.batches.find((x) => x.batchId === b.batchId);
    if (current) c = fail(c, current, 'DELIVERY_TIMEOUT', now, out);
  }
  return drainInto(c, now, out);
}

/**
 * Epoch bump after a sequence gap (SenderTest.testBumpEpochWhenOutOfOrderSequenceReceived):
 * epoch + 1 and sequences from 0 again for every unacknowledged batch; a new producer id when
 * the epoch would overflow.
 */
function bumpEpoch(c: ProducerContext, out: O[]): ProducerContext {
  const reset = c.batches.map((b) => ({ ...b, baseSequence: NO_SEQUENCE }));
  if (c.producerEpoch >= MAX_EPOCH) {
    return requestProducerId(withProducer(c, { batches: reset, epochBumpPending: false, ...freshSequences(c) }), out);
  }
  const producerEpoch = c.producerEpoch + 1;
  out.push(trace({ type: 'producer.epochBumped', producerId: c.producerId, producerEpoch }));
  return withProducer(c, { producerEpoch, ...freshSequences(c), epochBumpPending: false, batches: reset });
}
