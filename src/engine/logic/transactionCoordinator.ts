/**
 * The transaction coordinator (shared/KAFKA-RULES.md section 2, kafka-part2.md section 7):
 * per transactional.id the producer id and epoch, the transaction's state and partitions, kept on
 * disk (Kafka's __transaction_state), so they survive a crash. It answers InitProducerId,
 * AddPartitionsToTxn, AddOffsetsToTxn and EndTxn, and finishes each transaction by sending
 * WriteTxnMarkers to the partition leader (which is also the group coordinator).
 *
 * In Kafka this is a role of a broker (the leader of the transactional.id's __transaction_state
 * partition); the lab runs it as a node of its own. It models TV1 (transaction.version 1): the
 * epoch changes only on InitProducerId and when the coordinator fences or times out a transaction.
 */
import { disconnect, point, reply, send, trace, type Out, type Stepped } from '../machines/effects';
import type { ErrorCode, LostItem, MessageKind, NetMessage, NodeId, Payload, TopicPartition, TxnIdentity, TxnResult } from '../types';

export type TxnState = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

/** Kafka's TransactionMetadata, reduced to what the lab uses. */
export interface TxnMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** The epoch before the last bump (−1: none), which KIP-360 retries may name. */
  lastProducerEpoch: number;
  state: TxnState;
  partitions: readonly TopicPartition[];
  /** The group's offsets are in the transaction (AddOffsetsToTxn). */
  group: boolean;
  /** When the first AddPartitions/AddOffsets of the transaction arrived (the timeout's start). */
  txnStartedAt: number | null;
  /** The producer's transaction.timeout.ms, from InitProducerId. */
  timeoutMs: number;
}

export type CoordinatorTimer =
  | { type: 'TXN_TIMEOUT_CHECK'; transactionalId: string; startedAt: number }
  | { type: 'MARKER_TIMEOUT'; requestId: string };

export interface CoordinatorContext {
  /** The partition leader and group coordinator, where the markers go. */
  leader: NodeId;
  /** How long it waits for a WriteTxnMarkers answer before it sends the markers again. */
  requestTimeoutMs: number;
  incarnation: number;
  // On disk (__transaction_state)
  txns: Readonly<Record<string, TxnMetadata>>;
  nextProducerId: number;
  // In memory
  requestNo: number;
  /** WriteTxnMarkers requests in flight: request id -> transactional.id (a Map: every request id is a new key). */
  markers: ReadonlyMap<string, string>;
}

type Step = Stepped<CoordinatorContext, CoordinatorTimer>;
type O = Out<CoordinatorTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

/** Kafka's transaction.abort.timed.out.transaction.cleanup.interval.ms (broker, default 10000). */
export const ABORT_CHECK_INTERVAL_MS = 10000;
/** At Short.MAX_VALUE − 1 the coordinator moves to a new producer id (TransactionMetadata). */
const MAX_EPOCH = 32766;
/**
 * Kafka allocates producer ids in blocks from the controller, so the broker's idempotent ids and
 * the coordinator's never collide; the lab gives the coordinator its own range.
 */
const FIRST_PRODUCER_ID = 5000;

export function initialCoordinatorContext(leader: NodeId, requestTimeoutMs: number): CoordinatorContext {
  return { leader, requestTimeoutMs, incarnation: 1, txns: {}, nextProducerId: FIRST_PRODUCER_ID, requestNo: 0, markers: new Map() };
}

/**
 * `c` with `changes`, field by field: in Node 20's V8 a spread of a spread-made object is ~10x
 * slower than a literal, and the coordinator copies its context on most requests.
 */
function withCoordinator(c: CoordinatorContext, changes: Partial<CoordinatorContext>): CoordinatorContext {
  const copy: CoordinatorContext = {
    leader: c.leader,
    requestTimeoutMs: c.requestTimeoutMs,
    incarnation: c.incarnation,
    txns: c.txns,
    nextProducerId: c.nextProducerId,
    requestNo: c.requestNo,
    markers: c.markers,
  };
  return Object.assign(copy, changes);
}

/** `m` with `changes` (field by field, as withCoordinator). */
function withMeta(m: TxnMetadata, changes: Partial<TxnMetadata>): TxnMetadata {
  const copy: TxnMetadata = {
    transactionalId: m.transactionalId,
    producerId: m.producerId,
    producerEpoch: m.producerEpoch,
    lastProducerEpoch: m.lastProducerEpoch,
    state: m.state,
    partitions: m.partitions,
    group: m.group,
    txnStartedAt: m.txnStartedAt,
    timeoutMs: m.timeoutMs,
  };
  return Object.assign(copy, changes);
}

/**
 * The metadata of a transactional.id, if the coordinator has any. An own-property lookup: a
 * transactional.id is any text (`constructor`, `__proto__`), never a name on Object.prototype.
 */
const txnOf = (c: CoordinatorContext, tid: string): TxnMetadata | undefined => (Object.hasOwn(c.txns, tid) ? c.txns[tid] : undefined);
const withTxn = (c: CoordinatorContext, m: TxnMetadata): CoordinatorContext => withCoordinator(c, { txns: { ...c.txns, [m.transactionalId]: m } });

/** The markers in flight without `requestId`. */
function withoutMarker(markers: ReadonlyMap<string, string>, requestId: string): ReadonlyMap<string, string> {
  const next = new Map(markers);
  next.delete(requestId);
  return next;
}
const isPrepare = (s: TxnState) => s === 'PrepareCommit' || s === 'PrepareAbort';
const isComplete = (s: TxnState) => s === 'CompleteCommit' || s === 'CompleteAbort';

/**
 * The timeout check runs every ABORT_CHECK_INTERVAL_MS and aborts a transaction once
 * `txnStartTimestamp + timeout < now`: the first tick after expiry.
 */
function timeoutTimer(m: TxnMetadata, startedAt: number, now: number): O {
  const fireAt = (Math.floor((startedAt + m.timeoutMs) / ABORT_CHECK_INTERVAL_MS) + 1) * ABORT_CHECK_INTERVAL_MS;
  return {
    type: 'timer',
    id: `timeout:${m.transactionalId}`,
    delay: Math.max(0, fireAt - now),
    event: { type: 'TXN_TIMEOUT_CHECK', transactionalId: m.transactionalId, startedAt },
  };
}

/** Epoch + 1, or a new producer id with epoch 0 when the epoch would overflow. */
function bumped(c: CoordinatorContext, m: TxnMetadata): [TxnMetadata, CoordinatorContext] {
  if (m.producerEpoch >= MAX_EPOCH) {
    return [withMeta(m, { producerId: c.nextProducerId, producerEpoch: 0, lastProducerEpoch: -1 }), withCoordinator(c, { nextProducerId: c.nextProducerId + 1 })];
  }
  return [withMeta(m, { producerEpoch: m.producerEpoch + 1, lastProducerEpoch: m.producerEpoch }), c];
}

/** Sends WriteTxnMarkers for a prepared transaction (or completes it at once if it holds nothing). */
function writeMarkers(c0: CoordinatorContext, m: TxnMetadata, out: O[]): CoordinatorContext {
  if (m.partitions.length === 0 && !m.group) return complete(c0, m, out);
  const requestNo = c0.requestNo + 1;
  const requestId = `coordinator.${c0.incarnation}.m${requestNo}`;
  out.push(
    send(c0.leader, {
      kind: 'WriteTxnMarkersRequest',
      requestId,
      transactionalId: m.transactionalId,
      producerId: m.producerId,
      producerEpoch: m.producerEpoch,
      result: m.state === 'PrepareCommit' ? 'COMMIT' : 'ABORT',
      partitions: m.partitions,
      group: m.group,
    }),
    { type: 'timer', id: `marker:${requestId}`, delay: c0.requestTimeoutMs, event: { type: 'MARKER_TIMEOUT', requestId } },
  );
  return withCoordinator(c0, { requestNo, markers: new Map(c0.markers).set(requestId, m.transactionalId) });
}

/** Every marker is written: Complete{Commit,Abort}. */
function complete(c: CoordinatorContext, m: TxnMetadata, out: O[]): CoordinatorContext {
  const result: TxnResult = m.state === 'PrepareCommit' ? 'COMMIT' : 'ABORT';
  out.push(trace({ type: 'coordinator.completed', transactionalId: m.transactionalId, result }));
  return withTxn(c, withMeta(m, { state: result === 'COMMIT' ? 'CompleteCommit' : 'CompleteAbort', partitions: [], group: false, txnStartedAt: null }));
}

/** Writes Prepare{Commit,Abort} (the decision), stops the timeout clock. */
function prepare(m: TxnMetadata, result: TxnResult, out: O[]): TxnMetadata {
  out.push({ type: 'cancel', id: `timeout:${m.transactionalId}` });
  return withMeta(m, { state: result === 'COMMIT' ? 'PrepareCommit' : 'PrepareAbort' });
}

/** Fences the current epoch and aborts the open transaction at the bumped epoch (prepareFenceProducerEpoch). */
function fenceAndAbort(c0: CoordinatorContext, m0: TxnMetadata, out: O[], told: (fenced: TxnMetadata) => O[]): CoordinatorContext {
  const [m1, c1] = bumped(c0, m0);
  const m = prepare(m1, 'ABORT', out);
  out.push(...told(m));
  return writeMarkers(withTxn(c1, m), m, out);
}

function refused(msg: NetMessage, kind: MessageKind, p: TxnIdentity, m: TxnMetadata | undefined, error: ErrorCode, answer: Payload): O[] {
  return [
    trace({ type: 'coordinator.refused', transactionalId: p.transactionalId, request: kind, error, producerEpoch: p.producerEpoch, current: m?.producerEpoch ?? -1 }),
    reply(msg, answer),
  ];
}

/**
 * InitProducerId with a transactional.id (initTransactions): a new id gets epoch 0; an idle one
 * the same id at epoch + 1, which fences any older instance; an open transaction is aborted at a
 * bumped epoch and the client told to retry (CONCURRENT_TRANSACTIONS); a transaction being
 * completed makes it retry too.
 */
export function onInitProducerId(c0: CoordinatorContext, msg: NetMessage, p: P<'InitProducerIdRequest'>): Step {
  const out: O[] = [];
  const tid = p.transactionalId ?? '';
  const timeoutMs = p.transactionTimeoutMs ?? 60000;
  const answer = (producerId: number, producerEpoch: number, error?: ErrorCode) =>
    reply(msg, { kind: 'InitProducerIdResponse', requestId: p.requestId, producerId, producerEpoch, ...(error ? { error } : {}) });
  const m = txnOf(c0, tid);
  if (!m) {
    const fresh: TxnMetadata = {
      transactionalId: tid,
      producerId: c0.nextProducerId,
      producerEpoch: 0,
      lastProducerEpoch: -1,
      state: 'Empty',
      partitions: [],
      group: false,
      txnStartedAt: null,
      timeoutMs,
    };
    out.push(trace({ type: 'coordinator.producerIdInitialized', transactionalId: tid, producerId: fresh.producerId, producerEpoch: 0, fencedEpoch: null }), answer(fresh.producerId, 0));
    return { context: withTxn(withCoordinator(c0, { nextProducerId: c0.nextProducerId + 1 }), fresh), out };
  }
  const identity = { transactionalId: tid, producerId: p.expected?.producerId ?? m.producerId, producerEpoch: p.expected?.producerEpoch ?? -1 };
  if (isPrepare(m.state)) {
    return { context: c0, out: refused(msg, 'InitProducerIdRequest', identity, m, 'CONCURRENT_TRANSACTIONS', { kind: 'InitProducerIdResponse', requestId: p.requestId, producerId: -1, producerEpoch: -1, error: 'CONCURRENT_TRANSACTIONS' }) };
  }
  if (m.state === 'Ongoing') {
    const c = fenceAndAbort(c0, m, out, (f) => [
      trace({ type: 'coordinator.fencingAbort', transactionalId: tid, producerId: f.producerId, producerEpoch: f.producerEpoch }),
      answer(-1, -1, 'CONCURRENT_TRANSACTIONS'),
    ]);
    return { context: c, out };
  }
  if (p.expected) {
    // KIP-360: a producer that knows its id and epoch asks for a bump after an abort.
    const e = p.expected;
    if (e.producerId !== m.producerId || (e.producerEpoch !== m.producerEpoch && e.producerEpoch !== m.lastProducerEpoch)) {
      return { context: c0, out: refused(msg, 'InitProducerIdRequest', identity, m, 'PRODUCER_FENCED', { kind: 'InitProducerIdResponse', requestId: p.requestId, producerId: -1, producerEpoch: -1, error: 'PRODUCER_FENCED' }) };
    }
    // A retry of a bump that already happened: the current id and epoch.
    if (e.producerEpoch === m.lastProducerEpoch && m.lastProducerEpoch >= 0) return { context: c0, out: [answer(m.producerId, m.producerEpoch)] };
  }
  const [b, c1] = bumped(c0, m);
  const next: TxnMetadata = { ...b, state: 'Empty', partitions: [], group: false, txnStartedAt: null, timeoutMs };
  out.push(
    trace({ type: 'coordinator.producerIdInitialized', transactionalId: tid, producerId: next.producerId, producerEpoch: next.producerEpoch, fencedEpoch: m.producerEpoch }),
    answer(next.producerId, next.producerEpoch),
  );
  return { context: withTxn(c1, next), out };
}

/** A coordinator's answer with just an error (module-level: a closure per request costs more). */
function answerOf<K extends 'AddPartitionsToTxnResponse' | 'AddOffsetsToTxnResponse' | 'EndTxnResponse'>(kind: K, requestId: string, error: ErrorCode): P<K> {
  return { kind, requestId, error } as P<K>;
}

/** The checks every request of an ongoing transaction goes through, in Kafka's order. */
function check(c: CoordinatorContext, p: TxnIdentity): ErrorCode | null {
  const m = txnOf(c, p.transactionalId);
  if (!m || m.producerId !== p.producerId) return 'INVALID_PRODUCER_ID_MAPPING';
  if (m.producerEpoch !== p.producerEpoch) return 'PRODUCER_FENCED';
  return null;
}

/** The transaction begins at its first AddPartitions/AddOffsets: Ongoing, and the timeout clock starts. */
function ongoing(m: TxnMetadata, now: number, out: O[]): [TxnMetadata, boolean] {
  if (m.state === 'Ongoing') return [m, false];
  out.push(timeoutTimer(m, now, now));
  return [withMeta(m, { state: 'Ongoing', partitions: [], group: false, txnStartedAt: now }), true];
}

const samePartition = (a: TopicPartition, b: TopicPartition) => a.partition === b.partition && a.topic === b.topic;

/** AddPartitionsToTxn: the client sends it before its first record to a partition in the transaction. */
export function onAddPartitions(c: CoordinatorContext, msg: NetMessage, p: P<'AddPartitionsToTxnRequest'>, now: number): Step {
  const m0 = txnOf(c, p.transactionalId);
  const error = check(c, p) ?? (m0 && isPrepare(m0.state) ? 'CONCURRENT_TRANSACTIONS' : null);
  if (error || !m0) return { context: c, out: refused(msg, 'AddPartitionsToTxnRequest', p, m0, error ?? 'INVALID_PRODUCER_ID_MAPPING', answerOf('AddPartitionsToTxnResponse', p.requestId, error ?? 'INVALID_PRODUCER_ID_MAPPING')) };
  const out: O[] = [];
  const [m, started] = ongoing(m0, now, out);
  const added = p.partitions.filter((x) => !m.partitions.some((y) => samePartition(x, y)));
  out.push(trace({ type: 'coordinator.partitionsAdded', transactionalId: p.transactionalId, partitions: p.partitions, started }), reply(msg, answerOf('AddPartitionsToTxnResponse', p.requestId, 'NONE')));
  return { context: withTxn(c, withMeta(m, { partitions: [...m.partitions, ...added] })), out };
}

/** AddOffsetsToTxn (sendOffsetsToTransaction, step 1): the group's offsets join the transaction. */
export function onAddOffsets(c: CoordinatorContext, msg: NetMessage, p: P<'AddOffsetsToTxnRequest'>, now: number): Step {
  const m0 = txnOf(c, p.transactionalId);
  const error = check(c, p) ?? (m0 && isPrepare(m0.state) ? 'CONCURRENT_TRANSACTIONS' : null);
  if (error || !m0) return { context: c, out: refused(msg, 'AddOffsetsToTxnRequest', p, m0, error ?? 'INVALID_PRODUCER_ID_MAPPING', answerOf('AddOffsetsToTxnResponse', p.requestId, error ?? 'INVALID_PRODUCER_ID_MAPPING')) };
  const out: O[] = [];
  const [m, started] = ongoing(m0, now, out);
  out.push(trace({ type: 'coordinator.offsetsAdded', transactionalId: p.transactionalId, groupId: p.groupId, started }), reply(msg, answerOf('AddOffsetsToTxnResponse', p.requestId, 'NONE')));
  return { context: withTxn(c, withMeta(m, { group: true })), out };
}

/**
 * EndTxn: from Ongoing, write Prepare{Commit,Abort} (the decision point), answer at once, then
 * send the markers. A retry of a decided transaction gets NONE (completed) or
 * CONCURRENT_TRANSACTIONS (still completing); anything else is INVALID_TXN_STATE.
 */
export function onEndTxn(c: CoordinatorContext, msg: NetMessage, p: P<'EndTxnRequest'>): Step {
  const m0 = txnOf(c, p.transactionalId);
  const fenced = check(c, p);
  if (fenced || !m0) return { context: c, out: refused(msg, 'EndTxnRequest', p, m0, fenced ?? 'INVALID_PRODUCER_ID_MAPPING', answerOf('EndTxnResponse', p.requestId, fenced ?? 'INVALID_PRODUCER_ID_MAPPING')) };
  const commit = p.result === 'COMMIT';
  if (m0.state !== 'Ongoing') {
    const same = commit ? m0.state === 'CompleteCommit' || m0.state === 'PrepareCommit' : m0.state === 'CompleteAbort' || m0.state === 'PrepareAbort';
    const error: ErrorCode = !same ? 'INVALID_TXN_STATE' : isComplete(m0.state) ? 'NONE' : 'CONCURRENT_TRANSACTIONS';
    if (error === 'NONE') return { context: c, out: [reply(msg, answerOf('EndTxnResponse', p.requestId, 'NONE'))] };
    return { context: c, out: refused(msg, 'EndTxnRequest', p, m0, error, answerOf('EndTxnResponse', p.requestId, error)) };
  }
  const out: O[] = [];
  const m = prepare(m0, p.result, out);
  out.push(
    trace({ type: 'coordinator.prepared', transactionalId: m.transactionalId, producerId: m.producerId, producerEpoch: m.producerEpoch, result: p.result }),
    reply(msg, answerOf('EndTxnResponse', p.requestId, 'NONE')),
    // The decision is on disk and answered; a crash here leaves the markers to the restarted coordinator.
    point('after-prepare-before-markers'),
  );
  return { context: writeMarkers(withTxn(c, m), m, out), out };
}

/** The markers are written (whatever a partition answered, the coordinator moves on, as Kafka does for most errors). */
export function onMarkersWritten(c0: CoordinatorContext, p: P<'WriteTxnMarkersResponse'>): Step {
  const tid = c0.markers.get(p.requestId);
  if (tid === undefined) return { context: c0, out: [] };
  const out: O[] = [{ type: 'cancel', id: `marker:${p.requestId}` }];
  const c = withCoordinator(c0, { markers: withoutMarker(c0.markers, p.requestId) });
  const m = txnOf(c, tid);
  if (!m || !isPrepare(m.state)) return { context: c, out };
  return { context: complete(c, m, out), out };
}

/** No answer to the markers: send them again, on a new connection (TxnMarkerChannelManager retries). */
export function onMarkerTimeout(c0: CoordinatorContext, requestId: string): Step {
  const tid = c0.markers.get(requestId);
  if (tid === undefined) return { context: c0, out: [] };
  const c = withCoordinator(c0, { markers: withoutMarker(c0.markers, requestId) });
  const m = txnOf(c, tid);
  const out: O[] = [disconnect(c.leader)];
  if (!m || !isPrepare(m.state)) return { context: c, out };
  return { context: writeMarkers(c, m, out), out };
}

/** transaction.timeout.ms passed with the transaction still open: fence the epoch and abort it. */
export function onTimeoutCheck(c: CoordinatorContext, tid: string, startedAt: number): Step {
  const m = txnOf(c, tid);
  if (!m || m.state !== 'Ongoing' || m.txnStartedAt !== startedAt) return { context: c, out: [] };
  const out: O[] = [];
  const next = fenceAndAbort(c, m, out, (f) => [
    trace({ type: 'coordinator.timedOut', transactionalId: tid, producerId: f.producerId, producerEpoch: f.producerEpoch, startedAt, timeoutMs: m.timeoutMs }),
  ]);
  return { context: next, out };
}

/**
 * The coordinator (re)starts and loads its state: an open transaction's timeout clock runs again,
 * and a decided one gets its markers (Kafka completes Prepare* transactions on load).
 */
export function startCoordinator(c0: CoordinatorContext, now: number): Step {
  const out: O[] = [];
  let c = c0;
  for (const m of Object.values(c0.txns)) {
    if (m.state === 'Ongoing' && m.txnStartedAt !== null) out.push(timeoutTimer(m, m.txnStartedAt, now));
    if (isPrepare(m.state)) c = writeMarkers(c, m, out);
  }
  return { context: c, out };
}

export function coordinatorLosses(c: CoordinatorContext): LostItem[] {
  const n = c.markers.size;
  return n > 0 ? [{ what: 'pending-markers', count: n }] : [];
}

/** A fresh process: what is on disk stays. */
export const coordinatorMemoryReset = (c: CoordinatorContext): CoordinatorContext => withCoordinator(c, { markers: new Map() });
