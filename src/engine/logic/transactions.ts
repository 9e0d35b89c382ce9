/**
 * The producer's transactions: the transactional part of Kafka's TransactionManager
 * (initTransactions, AddPartitionsToTxn before a partition's first record, EndTxn, its error
 * classes) and the application's transaction loop around it (producerApp.transactionSize messages
 * per transaction; after an abort, the transaction's messages again in a new one; a fatal error
 * closes the producer). kafka-part2.md section 7 and KAFKA-RULES section 2; TV1 only. The
 * accumulator and Sender stay in producerClient.ts, which asks this module which partitions may
 * be drained (`mayDrain`) and which coordinator request comes next (`txnRequests`).
 */
import { disconnect, point, send, trace, type Out } from '../machines/effects';
import type { ErrorCode, MessageKind, Payload, TxnResult } from '../types';
import { freshSequences, newRequestId, withProducer, withTxnChanges, type OutboxEntry, type ProducerContext, type ProducerTimer, type TxnManager } from './producerContext';
import { NO_SEQUENCE } from './producerState';

type C = ProducerContext;
type O = Out<ProducerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

/** Kafka's ADD_PARTITIONS_RETRY_BACKOFF_MS: the first AddPartitionsToTxn of a transaction retries after 20 ms. */
const ADD_PARTITIONS_RETRY_BACKOFF_MS = 20;

/** Coordinator answers that are fatal (ProducerFencedException and kin): every later call throws, the producer is closed. */
const FATAL = new Set<ErrorCode>(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'INVALID_TXN_STATE', 'INVALID_PRODUCER_ID_MAPPING']);

const withTxn = (c: C, t: Partial<TxnManager>): C => withProducer(c, { txn: withTxnChanges(c.txn!, t) });
const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.messageId);

/** Whether a partition's batches may be sent: with transactions, only once it is in the transaction (isSendToPartitionAllowed). */
export const mayDrain = (c: C, partition: number): boolean => c.txn === null || c.txn.added.includes(partition);

/** Whether this answer is to the coordinator request in flight and fatal (the producer is fenced and stops). */
export const isFatalAnswer = (c: C, p: { requestId: string; error?: ErrorCode }): boolean =>
  c.txn !== null && c.txn.request === p.requestId && p.error !== undefined && FATAL.has(p.error);

function request(c0: C, payload: (requestId: string) => Payload, out: O[]): C {
  const [requestId, c] = newRequestId(c0);
  out.push(
    send(c.coordinator!, payload(requestId)),
    { type: 'timer', id: `req:${requestId}`, delay: c.config['request.timeout.ms'], event: { type: 'REQUEST_TIMEOUT', requestId } },
  );
  return withTxn(c, { request: requestId });
}

/**
 * The coordinator request the transaction needs next (one at a time, in Kafka's order):
 * InitProducerId while initializing; AddPartitionsToTxn for partitions with waiting records;
 * EndTxn once commitTransaction has flushed every batch, or once abortTransaction's sent batches
 * are resolved.
 */
export function txnRequests(c: C, out: O[]): C {
  const t = c.txn;
  if (!t || t.request !== null || t.backoff) return c;
  const identity = { transactionalId: t.transactionalId, producerId: c.producerId, producerEpoch: c.producerEpoch };
  switch (t.state) {
    case 'initializing': {
      // KIP-360: after an abort that left sequences unknown, ask for a bump of the current epoch.
      const expected = t.bumpEpoch && c.producerId >= 0 ? { expected: { producerId: c.producerId, producerEpoch: c.producerEpoch } } : {};
      const timeout = c.config['transaction.timeout.ms'];
      return request(c, (requestId) => ({ kind: 'InitProducerIdRequest', requestId, transactionalId: t.transactionalId, transactionTimeoutMs: timeout, ...expected }), out);
    }
    case 'inTransaction':
    case 'committing':
    case 'aborting':
      // While aborting, only an add whose answer was lost is sent again: the coordinator may have it.
      if (t.toAdd.length > 0) {
        const adding = t.toAdd;
        const next = request(c, (requestId) => ({ kind: 'AddPartitionsToTxnRequest', requestId, ...identity, partitions: adding.map((partition) => ({ partition })) }), out);
        return withTxn(next, { adding, toAdd: [] });
      }
      if (c.batches.length > 0 || c.inflight.length > 0 || t.state === 'inTransaction') return c;
      return endTxn(c, t.state === 'committing' ? 'COMMIT' : 'ABORT', out);
    default:
      return c;
  }
}

/** EndTxn, or, if nothing was added to the transaction, its local completion (no request is sent). */
function endTxn(c: C, result: TxnResult, out: O[]): C {
  const t = c.txn!;
  if (t.added.length === 0) return result === 'COMMIT' ? committed(c, out) : aborted(c, out);
  const identity = { transactionalId: t.transactionalId, producerId: c.producerId, producerEpoch: c.producerEpoch };
  const next = request(c, (requestId) => ({ kind: 'EndTxnRequest', requestId, ...identity, result }), out);
  if (result === 'COMMIT') out.push(point('after-endtxn-before-response'));
  return next;
}

/** beginTransaction(): local, nothing is sent. */
export function beginTransaction(c: C, out: O[]): C {
  out.push(trace({ type: 'producer.txnBegun', transactionalId: c.txn!.transactionalId }));
  return withTxn(c, { state: 'inTransaction', messages: [], added: [], toAdd: [], adding: [], error: null });
}

/** A message was handed to send() in the transaction: its partition joins the transaction before its first batch goes. */
export function noteSent(c: C, entry: OutboxEntry): C {
  const t = c.txn!;
  let toAdd = t.toAdd;
  for (const b of c.batches) {
    const p = b.partition;
    if (!t.added.includes(p) && !toAdd.includes(p) && !t.adding.includes(p)) toAdd = [...toAdd, p];
  }
  return withTxn(c, { messages: [...t.messages, entry], toAdd });
}

/** commitTransaction(): flush every batch, then EndTxn(COMMIT); after an abortable error, the application aborts instead. */
export function beginCommit(c: C, out: O[]): C {
  const t = c.txn!;
  if (t.error) return beginAbort(c, t.error, out);
  out.push(trace({ type: 'producer.txnCommitting', messageIds: ids(t.messages) }));
  const batches = c.batches.map((b) => {
    if (b.state !== 'open') return b;
    out.push({ type: 'cancel', id: `linger:${b.batchId}` });
    return { ...b, state: 'ready' as const };
  });
  return withTxn(withProducer(c, { batches }), { state: 'committing' });
}

/**
 * abortTransaction(): batches never sent are dropped (with their un-added partitions); batches
 * already sent finish first, so none of them can land after the ABORT marker; then EndTxn(ABORT).
 */
export function beginAbort(c: C, error: ErrorCode | null, out: O[]): C {
  const t = c.txn!;
  out.push(trace({ type: 'producer.txnAborting', messageIds: ids(t.messages), error }));
  const batches = c.batches.filter((b) => {
    if (b.attempts > 0) return true;
    if (b.state === 'open') out.push({ type: 'cancel', id: `linger:${b.batchId}` });
    return false;
  });
  return withTxn(withProducer(c, { batches }), { state: 'aborting', error, toAdd: [] });
}

/** A batch of the transaction failed for good: an abortable error (and, if it had a sequence, a gap the next epoch must close). */
export function txnBatchFailed(c: C, hadSequence: boolean, error: ErrorCode, out: O[]): C {
  const t = c.txn!;
  const next = hadSequence ? withTxn(c, { bumpEpoch: true }) : c;
  return t.state === 'inTransaction' || t.state === 'committing' ? beginAbort(next, error, out) : next;
}

function committed(c: C, out: O[]): C {
  const t = c.txn!;
  out.push(trace({ type: 'producer.txnCommitted', messageIds: ids(t.messages) }));
  // The application's messages are done only now: acknowledged records were not yet committed.
  const outbox = c.outbox.filter((e) => !t.messages.some((m) => m.messageId === e.messageId && m.sendNo === e.sendNo));
  return withTxn(withProducer(c, { outbox }), { state: 'ready', messages: [], added: [], toAdd: [], adding: [], error: null });
}

function aborted(c: C, out: O[]): C {
  const t = c.txn!;
  out.push(trace({ type: 'producer.txnAborted', messageIds: ids(t.messages) }));
  // The application sends the transaction's messages again, first, in a new transaction.
  const again = t.messages.map((m) => ({ id: m.messageId, key: m.key, at: 0 }));
  return withTxn(withProducer(c, { backlog: c.backlog.prepend(again) }), { state: t.bumpEpoch ? 'initializing' : 'ready', messages: [], added: [], toAdd: [], adding: [], error: null });
}

/** A retriable coordinator error: ask again after a backoff. */
function retry(c: C, kind: MessageKind, error: ErrorCode, delay: number, now: number, out: O[]): C {
  out.push(
    trace({ type: 'producer.txnRetry', request: kind, error, retryAt: now + delay }),
    { type: 'timer', id: 'txnRetry', delay, event: { type: 'TXN_RETRY' } },
  );
  return withTxn(c, { backoff: true });
}

/** The backoff is over. */
export const txnRetryElapsed = (c: C): C => (c.txn ? withTxn(c, { backoff: false }) : c);

/**
 * A fatal error (ProducerFencedException, ...): the application can only close the producer.
 * Everything in its buffers is dropped; it sends nothing more.
 */
function fence(c: C, error: ErrorCode, out: O[]): C {
  const t = c.txn!;
  out.push(trace({ type: 'producer.fenced', error, messageIds: ids(t.messages) }));
  for (const i of c.inflight) out.push({ type: 'cancel', id: `req:${i.requestId}` });
  for (const b of c.batches) {
    if (b.state === 'open') out.push({ type: 'cancel', id: `linger:${b.batchId}` });
    if (b.state === 'backoff') out.push({ type: 'cancel', id: `retry:${b.batchId}` });
  }
  if (c.deliveryTimerAt !== null) out.push({ type: 'cancel', id: 'delivery' });
  return withTxn(withProducer(c, { batches: [], inflight: [], deliveryTimerAt: null }), { state: 'fenced', request: null, backoff: false });
}

/** Takes the answer to the coordinator request in flight: stops its timer. Null if it is not that answer. */
function settle(c: C, requestId: string, out: O[]): C | null {
  if (!c.txn || c.txn.request !== requestId) return null;
  out.push({ type: 'cancel', id: `req:${requestId}` });
  return withTxn(c, { request: null });
}

/** InitProducerId answered: the producer id and epoch (fencing any older instance), or retry (CONCURRENT_TRANSACTIONS). */
export function onTxnInitResponse(c0: C, p: P<'InitProducerIdResponse'>, now: number, out: O[]): C {
  const c = settle(c0, p.requestId, out);
  if (!c) return c0;
  if (p.error && FATAL.has(p.error)) return fence(c, p.error, out);
  if (p.error && p.error !== 'NONE') return retry(c, 'InitProducerIdRequest', p.error, c.config['retry.backoff.ms'], now, out);
  out.push(trace({ type: 'producer.pidAssigned', producerId: p.producerId, producerEpoch: p.producerEpoch }));
  const next = withProducer(c, {
    producerId: p.producerId,
    producerEpoch: p.producerEpoch,
    ...freshSequences(c),
    batches: c.batches.map((b) => (b.state === 'inflight' ? b : { ...b, baseSequence: NO_SEQUENCE })),
  });
  return withTxn(next, { state: 'ready', bumpEpoch: false });
}

export function onAddPartitionsResponse(c0: C, p: P<'AddPartitionsToTxnResponse'>, now: number, out: O[]): C {
  const c = settle(c0, p.requestId, out);
  if (!c) return c0;
  const t = c.txn!;
  if (FATAL.has(p.error)) return fence(c, p.error, out);
  if (p.error !== 'NONE') {
    const delay = t.added.length === 0 ? ADD_PARTITIONS_RETRY_BACKOFF_MS : c.config['retry.backoff.ms'];
    return retry(withTxn(c, { toAdd: [...t.adding, ...t.toAdd], adding: [] }), 'AddPartitionsToTxnRequest', p.error, delay, now, out);
  }
  return withTxn(c, { added: [...t.added, ...t.adding], adding: [] });
}

export function onEndTxnResponse(c0: C, p: P<'EndTxnResponse'>, now: number, out: O[]): C {
  const c = settle(c0, p.requestId, out);
  if (!c) return c0;
  if (FATAL.has(p.error)) return fence(c, p.error, out);
  if (p.error !== 'NONE') return retry(c, 'EndTxnRequest', p.error, c.config['retry.backoff.ms'], now, out);
  return c.txn!.state === 'committing' ? committed(c, out) : aborted(c, out);
}

/** The coordinator did not answer in time: drop the connection; the same request goes again. */
export function onTxnRequestTimeout(c0: C, requestId: string, out: O[]): C | null {
  if (!c0.txn || c0.txn.request !== requestId) return null;
  const t = c0.txn;
  out.push(disconnect(c0.coordinator!));
  return withTxn(c0, { request: null, toAdd: [...t.adding, ...t.toAdd], adding: [] });
}
