/**
 * The broker: one topic with one partition on one broker, acting also as group coordinator (it
 * keeps the committed offset). Without replication the high watermark is the log end offset;
 * the log and the producer state are on disk and survive a crash (Kafka rebuilds producer state
 * from its snapshots and the log; the lab keeps it directly).
 */
import { point, reply, trace, type Out, type Stepped } from '../machines/effects';
import type { BrokerConfig, ErrorCode, LogRecord, LostItem, NetMessage, Payload } from '../types';
import { AppendLog } from './appendLog';
import { checkBatch, lastSequence, liveEntry, recordBatch, type ProducerStates } from './producerState';

export type BrokerTimer = { type: 'FETCH_WAIT_EXPIRED'; requestId: string; background: true };

interface ParkedFetch {
  /** The request, so the answer goes back on its connection. */
  msg: NetMessage;
  requestId: string;
  offset: number;
  maxRecords: number;
}

export interface BrokerContext {
  config: BrokerConfig;
  fetchMaxWaitMs: number;
  // On disk
  log: AppendLog<LogRecord>;
  producers: ProducerStates;
  nextProducerId: number;
  committedOffset: number | null;
  /** The consumer group's generation: a new member (a restarted consumer) starts a new one. */
  generation: number;
  memberId: string | null;
  // In memory
  parked: readonly ParkedFetch[];
}

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

export function initialBrokerContext(config: BrokerConfig, fetchMaxWaitMs: number): BrokerContext {
  return {
    config,
    fetchMaxWaitMs,
    log: AppendLog.empty(),
    producers: new Map(),
    nextProducerId: 1000,
    committedOffset: null,
    generation: 0,
    memberId: null,
    parked: [],
  };
}

/** The high watermark: with a single replica, every appended record is committed at once. */
export const highWatermark = (c: BrokerContext) => c.log.length;

/** InitProducerId for an idempotent (non-transactional) producer: a new id, epoch 0, every call. */
export function onInitProducerId(c: BrokerContext, msg: NetMessage, p: P<'InitProducerIdRequest'>): Step {
  const producerId = c.nextProducerId;
  return {
    context: { ...c, nextProducerId: producerId + 1 },
    out: [
      trace({ type: 'broker.producerIdAllocated', producerId }),
      reply(msg, { kind: 'InitProducerIdResponse', requestId: p.requestId, producerId, producerEpoch: 0 }),
    ],
  };
}

/** Produce: validate the batch against the producer state, append or answer, then wake fetches. */
export function onProduce(c0: BrokerContext, msg: NetMessage, p: P<'ProduceRequest'>, now: number, reject?: ErrorCode): Step {
  const out: O[] = [];
  const { batch } = p;
  const respond = (payload: P<'ProduceResponse'>) => {
    // acks=0: the producer expects no response, and the broker sends none.
    if (p.acks !== 0) out.push(reply(msg, payload));
  };
  if (reject) {
    out.push(trace({ type: 'broker.rejected', messageIds: batch.records.map((r) => r.messageId), error: reject }));
    respond({ kind: 'ProduceResponse', requestId: p.requestId, error: reject, baseOffset: -1, duplicate: false });
    return { context: c0, out };
  }
  const identity = {
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    lastSequence: lastSequence(batch.baseSequence, batch.records.length),
  };
  const messageIds = batch.records.map((r) => r.messageId);
  let producers = c0.producers;
  let entry = producers.get(batch.producerId);
  if (entry && !liveEntry(producers, batch.producerId, now, c0.config['producer.id.expiration.ms'])) {
    out.push(trace({ type: 'broker.producerExpired', producerId: batch.producerId }));
    const next = new Map(producers);
    next.delete(batch.producerId);
    producers = next;
    entry = undefined;
  }
  const check = checkBatch(entry, identity);
  if (check.result === 'duplicate') {
    out.push(trace({ type: 'broker.duplicate', messageIds, ...identity, baseOffset: check.cached.firstOffset }));
    respond({ kind: 'ProduceResponse', requestId: p.requestId, error: 'NONE', baseOffset: check.cached.firstOffset, duplicate: true });
    return { context: { ...c0, producers }, out };
  }
  if (check.result === 'error') {
    out.push(
      check.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER'
        ? trace({ type: 'broker.outOfOrderSequence', ...identity, expected: check.expected })
        : trace({ type: 'broker.invalidProducerEpoch', ...identity, current: check.currentEpoch }),
    );
    respond({ kind: 'ProduceResponse', requestId: p.requestId, error: check.error, baseOffset: -1, duplicate: false });
    return { context: { ...c0, producers }, out };
  }
  const baseOffset = c0.log.length;
  const records: LogRecord[] = batch.records.map((r, i) => ({
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
  let c: BrokerContext = { ...c0, producers, log: c0.log.push(...records) };
  out.push(trace({ type: 'broker.appended', messageIds, baseOffset, lastOffset, ...identity }));
  // The append is on disk; a crash here loses only the response.
  out.push(point('after-append-before-response'));
  respond({ kind: 'ProduceResponse', requestId: p.requestId, error: 'NONE', baseOffset, duplicate: false });
  c = wakeParkedFetches(c, out);
  return { context: c, out };
}

function fetchResponse(c: BrokerContext, requestId: string, offset: number, maxRecords: number): P<'FetchResponse'> {
  const hw = highWatermark(c);
  return { kind: 'FetchResponse', requestId, error: 'NONE', records: c.log.slice(offset, Math.min(hw, offset + maxRecords)), highWatermark: hw };
}

/** Fetch: records from `offset` up to the high watermark; with none yet, wait up to fetch.max.wait.ms. */
export function onFetch(c: BrokerContext, msg: NetMessage, p: P<'FetchRequest'>): Step {
  const hw = highWatermark(c);
  if (p.offset < 0 || p.offset > hw) {
    return {
      context: c,
      out: [reply(msg, { kind: 'FetchResponse', requestId: p.requestId, error: 'OFFSET_OUT_OF_RANGE', records: [], highWatermark: hw })],
    };
  }
  if (p.offset < hw) return { context: c, out: [reply(msg, fetchResponse(c, p.requestId, p.offset, p.maxRecords))] };
  const parked: ParkedFetch = { msg, requestId: p.requestId, offset: p.offset, maxRecords: p.maxRecords };
  return {
    context: { ...c, parked: [...c.parked, parked] },
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

function wakeParkedFetches(c: BrokerContext, out: O[]): BrokerContext {
  if (c.parked.length === 0) return c;
  for (const f of c.parked) {
    out.push({ type: 'cancel', id: `fetch:${f.requestId}` }, reply(f.msg, fetchResponse(c, f.requestId, f.offset, f.maxRecords)));
  }
  return { ...c, parked: [] };
}

/** fetch.max.wait.ms passed with no new data: answer with no records. */
export function onFetchWaitExpired(c: BrokerContext, requestId: string): Step {
  const f = c.parked.find((x) => x.requestId === requestId);
  if (!f) return { context: c, out: [] };
  return {
    context: { ...c, parked: c.parked.filter((x) => x !== f) },
    out: [reply(f.msg, fetchResponse(c, f.requestId, f.offset, f.maxRecords))],
  };
}

export function onListOffsets(c: BrokerContext, msg: NetMessage, p: P<'ListOffsetsRequest'>): Step {
  const offset = p.spec === 'earliest' ? 0 : highWatermark(c);
  return { context: c, out: [reply(msg, { kind: 'ListOffsetsResponse', requestId: p.requestId, offset })] };
}

export function onOffsetFetch(c: BrokerContext, msg: NetMessage, p: P<'OffsetFetchRequest'>): Step {
  return {
    context: c,
    out: [reply(msg, { kind: 'OffsetFetchResponse', requestId: p.requestId, committedOffset: c.committedOffset })],
  };
}

/**
 * JoinGroup: a new member (a restarted consumer process) starts a new generation, which fences
 * the previous one; the same member joining again (a repeated request) gets the current one.
 */
export function onJoinGroup(c: BrokerContext, msg: NetMessage, p: P<'JoinGroupRequest'>): Step {
  const rejoin = p.memberId === c.memberId;
  const generation = rejoin ? c.generation : c.generation + 1;
  return {
    context: { ...c, generation, memberId: p.memberId },
    out: [
      ...(rejoin ? [] : [trace({ type: 'broker.groupJoined', generation })]),
      reply(msg, { kind: 'JoinGroupResponse', requestId: p.requestId, generation }),
    ],
  };
}

/**
 * OffsetCommit: stored if it comes from the current generation. A commit from an older one (a
 * consumer that has since crashed and rejoined, its request late on the wire) is rejected with
 * ILLEGAL_GENERATION, so the committed offset never moves back behind the live consumer.
 */
export function onOffsetCommit(c: BrokerContext, msg: NetMessage, p: P<'OffsetCommitRequest'>): Step {
  if (p.generation !== c.generation) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.commitRejected', offset: p.offset, generation: p.generation, current: c.generation }),
        reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error: 'ILLEGAL_GENERATION', offset: p.offset }),
      ],
    };
  }
  return {
    context: { ...c, committedOffset: p.offset },
    out: [
      trace({ type: 'broker.offsetCommitted', offset: p.offset }),
      reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error: 'NONE', offset: p.offset }),
    ],
  };
}

export function brokerLosses(c: BrokerContext): LostItem[] {
  return c.parked.length > 0 ? [{ what: 'parked-fetches', count: c.parked.length }] : [];
}
