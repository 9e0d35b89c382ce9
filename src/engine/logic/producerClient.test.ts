/** KAFKA-RULES.md sections 1 (client side) and 4: the producer's sender, retries and ordering. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config';
import type { Out } from '../machines/effects';
import type { ErrorCode, Payload, ProducerAppConfig, ProducerConfig } from '../types';
import {
  appSend,
  initialProducerContext,
  onLingerExpired,
  onDeliveryTimeout,
  onInitProducerIdResponse,
  onProduceResponse,
  onRequestTimeout,
  onRetryBackoffElapsed,
  startProducer,
  type ProducerContext,
  type ProducerTimer,
} from './producerClient';

type Request = Extract<Payload, { kind: 'ProduceRequest' }>;

function producer(config: Partial<ProducerConfig> = {}, app: Partial<ProducerAppConfig> = {}): ProducerContext {
  const c = initialProducerContext({ ...DEFAULT_SETTINGS.producer, ...config }, { ...DEFAULT_SETTINGS.producerApp, ...app }, 1, 'broker');
  let s = startProducer(c, 0, false);
  const init = requests(s.out, 'InitProducerIdRequest')[0];
  if (init) s = onInitProducerIdResponse(s.context, { kind: 'InitProducerIdResponse', requestId: init.requestId, producerId: 42, producerEpoch: 0 }, 0);
  return s.context;
}

function requests<K extends Payload['kind']>(out: readonly Out<ProducerTimer>[], kind: K): Extract<Payload, { kind: K }>[] {
  return out.flatMap((o) => (o.type === 'send' && o.payload.kind === kind ? [o.payload as Extract<Payload, { kind: K }>] : []));
}

const traces = (out: readonly Out<ProducerTimer>[], type: string) => out.filter((o) => o.type === 'trace' && o.event.type === type);

/** Sends m1..mn at time 0 and returns the context and the ProduceRequests that went out. */
function sendAll(c0: ProducerContext, n: number) {
  let c = c0;
  const sent: Request[] = [];
  for (let i = 1; i <= n; i++) {
    const s = appSend(c, { id: `m${i}`, at: 0, key: null }, 0);
    c = s.context;
    sent.push(...requests(s.out, 'ProduceRequest'));
  }
  return { c, sent };
}

const respond = (c: ProducerContext, r: Request, error: ErrorCode, baseOffset = 0, now = 10) =>
  onProduceResponse(c, { kind: 'ProduceResponse', requestId: r.requestId, partition: r.partition, error, baseOffset, duplicate: false }, now);

describe('acks', () => {
  it('acks=0: the request completes when sent, with offset −1, and nothing waits for an answer', () => {
    const c = producer({ acks: 0, retries: 0 });
    const s = appSend(c, { id: 'm1', at: 0, key: null }, 0);
    expect(requests(s.out, 'ProduceRequest')).toHaveLength(1);
    expect(traces(s.out, 'producer.acked')).toEqual([expect.objectContaining({ event: expect.objectContaining({ baseOffset: -1 }) })]);
    expect(s.out.some((o) => o.type === 'timer' && o.event.type === 'REQUEST_TIMEOUT')).toBe(false);
    expect(s.context.inflight).toHaveLength(0);
    expect(s.context.outbox).toHaveLength(0);
  });

  it('acks=all: the batch stays in flight until the response', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false }), 1);
    expect(c.inflight).toHaveLength(1);
    const s = respond(c, sent[0]!, 'NONE', 0);
    expect(s.context.inflight).toHaveLength(0);
    expect(s.context.outbox).toHaveLength(0);
  });
});

describe('idempotent sequencing', () => {
  it('numbers batches per (pid, epoch) from 0, a batch of n spanning n sequences', () => {
    const { sent } = sendAll(producer({ 'batch.size': 1 }), 3);
    expect(sent.map((r) => [r.batch.producerId, r.batch.producerEpoch, r.batch.baseSequence])).toEqual([
      [42, 0, 0],
      [42, 0, 1],
      [42, 0, 2],
    ]);
  });

  it('a legacy DUPLICATE_SEQUENCE_NUMBER answer counts as success, with offset −1', () => {
    const { c, sent } = sendAll(producer(), 1);
    const s = respond(c, sent[0]!, 'DUPLICATE_SEQUENCE_NUMBER');
    expect(traces(s.out, 'producer.acked')).toEqual([expect.objectContaining({ event: expect.objectContaining({ baseOffset: -1 }) })]);
    expect(s.context.outbox).toHaveLength(0);
  });

  it('a retry carries the same pid, epoch and sequence', () => {
    const { c, sent } = sendAll(producer(), 1);
    let s = onRequestTimeout(c, sent[0]!.requestId, 30_000);
    s = onRetryBackoffElapsed(s.context, 30_100);
    const retry = requests(s.out, 'ProduceRequest')[0]!;
    expect(retry.batch).toEqual(sent[0]!.batch);
  });

  it('retried batches go out in sequence order, one request in flight until the retry succeeds', () => {
    const { c, sent } = sendAll(producer(), 3);
    expect(c.inflight).toHaveLength(3);
    // The timeout disconnects: every request in flight fails and is retried.
    let s = onRequestTimeout(c, sent[0]!.requestId, 30_000);
    expect(traces(s.out, 'producer.retry')).toHaveLength(3);
    s = onRetryBackoffElapsed(s.context, 30_100);
    let out = requests(s.out, 'ProduceRequest');
    expect(out.map((r) => r.batch.baseSequence)).toEqual([0]);
    s = respond(s.context, out[0]!, 'NONE', 0, 30_110);
    out = requests(s.out, 'ProduceRequest');
    expect(out.map((r) => r.batch.baseSequence)).toEqual([1]);
  });

  it('OutOfOrderSequence on the next expected batch bumps the epoch and restarts sequences at 0 (SenderTest.testBumpEpochWhenOutOfOrderSequenceReceived)', () => {
    const { c, sent } = sendAll(producer(), 1);
    let s = respond(c, sent[0]!, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // Nothing else is in flight, so the bump happens at once; the batch waits out its backoff.
    expect(traces(s.out, 'producer.retry')).toHaveLength(1);
    expect(traces(s.out, 'producer.epochBumped')).toHaveLength(1);
    s = onRetryBackoffElapsed(s.context, 200);
    const retry = requests(s.out, 'ProduceRequest')[0]!;
    expect([retry.batch.producerId, retry.batch.producerEpoch, retry.batch.baseSequence]).toEqual([42, 1, 0]);
  });

  it('OutOfOrderSequence on a later batch is retried without an epoch bump: the earlier batch resolves the gap', () => {
    const { c, sent } = sendAll(producer(), 2);
    // The first batch fails with a retriable error, so the broker sees a gap at the second.
    let s = respond(c, sent[0]!, 'NOT_ENOUGH_REPLICAS');
    s = respond(s.context, sent[1]!, 'OUT_OF_ORDER_SEQUENCE_NUMBER', 0, 11);
    expect(s.context.epochBumpPending).toBe(false);
    s = onRetryBackoffElapsed(s.context, 200);
    let retry = requests(s.out, 'ProduceRequest');
    expect(retry.map((r) => [r.batch.producerEpoch, r.batch.baseSequence])).toEqual([[0, 0]]);
    s = respond(s.context, retry[0]!, 'NONE', 0, 210);
    retry = requests(s.out, 'ProduceRequest');
    expect(retry.map((r) => [r.batch.producerEpoch, r.batch.baseSequence])).toEqual([[0, 1]]);
  });

  it('guard: a response that overtakes an older unanswered request (impossible on a connection) drops the connection and retries in order', () => {
    const { c, sent } = sendAll(producer(), 3);
    let s = respond(c, sent[1]!, 'NONE', 1);
    expect(traces(s.out, 'producer.disconnected')).toEqual([expect.objectContaining({ event: expect.objectContaining({ reason: 'response-out-of-order', inflight: 3 }) })]);
    expect(traces(s.out, 'producer.acked')).toHaveLength(0);
    s = onRetryBackoffElapsed(s.context, 200);
    expect(requests(s.out, 'ProduceRequest').map((r) => r.batch.baseSequence)).toEqual([0]);
  });
});

describe('retries, delivery.timeout.ms and what the application does', () => {
  it('backs off exponentially: retry.backoff.ms doubling up to retry.backoff.max.ms', () => {
    let { c, sent } = sendAll(producer({ 'enable.idempotence': false, 'retry.backoff.ms': 100, 'retry.backoff.max.ms': 300 }), 1);
    const retryAt: number[] = [];
    let now = 10;
    for (let attempt = 0; attempt < 3; attempt++) {
      const s1 = respond(c, sent[0]!, 'NETWORK_EXCEPTION', 0, now);
      const r = traces(s1.out, 'producer.retry')[0]!;
      retryAt.push((r.type === 'trace' && r.event.type === 'producer.retry' ? r.event.retryAt : 0) - now);
      now += 1000;
      const s2 = onRetryBackoffElapsed(s1.context, now);
      c = s2.context;
      sent = requests(s2.out, 'ProduceRequest');
    }
    expect(retryAt).toEqual([100, 200, 300]);
  });

  it('gives up when retries are exhausted; the application gives up too', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false, retries: 0 }, { onSendFailure: 'give-up' }), 1);
    const s = respond(c, sent[0]!, 'NETWORK_EXCEPTION');
    expect(traces(s.out, 'producer.failed')).toHaveLength(1);
    expect(s.context.batches).toHaveLength(0);
    expect(s.context.outbox).toHaveLength(0);
  });

  it('an application that sends again makes a new record: a new send, a new sequence', () => {
    const { c, sent } = sendAll(producer({ retries: 1 }, { onSendFailure: 'send-again' }), 1);
    let s = respond(c, sent[0]!, 'NETWORK_EXCEPTION');
    s = onRetryBackoffElapsed(s.context, 200);
    s = respond(s.context, requests(s.out, 'ProduceRequest')[0]!, 'NETWORK_EXCEPTION', 0, 210);
    expect(traces(s.out, 'producer.failed')).toHaveLength(1);
    expect(traces(s.out, 'producer.send')).toEqual([expect.objectContaining({ event: { type: 'producer.send', messageId: 'm1', sendNo: 2 } })]);
  });

  it('delivery.timeout.ms fails a batch even while it is in flight; a late response is ignored', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false }), 1);
    const s = onDeliveryTimeout(c, 120_000);
    expect(traces(s.out, 'producer.failed')).toEqual([expect.objectContaining({ event: expect.objectContaining({ error: 'DELIVERY_TIMEOUT' }) })]);
    const late = respond(s.context, sent[0]!, 'NONE', 0, 120_001);
    expect(late.out).toHaveLength(0);
  });
});

describe('retry order after a disconnect', () => {
  it('without idempotence the newest failed batch goes first (reenqueue adds to the head of the queue)', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false }), 3);
    let s = onRequestTimeout(c, sent[0]!.requestId, 30_000);
    s = onRetryBackoffElapsed(s.context, 30_100);
    expect(requests(s.out, 'ProduceRequest').map((r) => r.batch.records[0]!.messageId)).toEqual(['m3', 'm2', 'm1']);
  });

  it('with idempotence they go back in sequence order, one at a time', () => {
    const { c, sent } = sendAll(producer(), 3);
    let s = onRequestTimeout(c, sent[0]!.requestId, 30_000);
    s = onRetryBackoffElapsed(s.context, 30_100);
    expect(requests(s.out, 'ProduceRequest').map((r) => r.batch.records[0]!.messageId)).toEqual(['m1']);
  });
});

describe('batching', () => {
  it('records join the last batch until it is full or sent, whatever linger.ms says: a stalled producer fills its batches', () => {
    let c = producer({ 'enable.idempotence': false, 'batch.size': 4, 'linger.ms': 5, 'max.in.flight.requests.per.connection': 1 });
    c = appSend(c, { id: 'm1', at: 0, key: null }, 0).context;
    let s = onLingerExpired(c, c.batches[0]!.batchId, 5);
    expect(requests(s.out, 'ProduceRequest')).toHaveLength(1);
    // m2's batch lingers out while m1's request is still in flight, so it cannot go; m3 joins it.
    c = appSend(s.context, { id: 'm2', at: 6, key: null }, 6).context;
    s = onLingerExpired(c, c.batches[1]!.batchId, 11);
    expect(requests(s.out, 'ProduceRequest')).toHaveLength(0);
    c = appSend(s.context, { id: 'm3', at: 12, key: null }, 12).context;
    expect(c.batches.map((b) => b.records.map((r) => r.messageId))).toEqual([['m1'], ['m2', 'm3']]);
  });
});

describe('ordering without idempotence', () => {
  it('max.in.flight.requests.per.connection=1: one request at a time, so a retry cannot be overtaken', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false, 'max.in.flight.requests.per.connection': 1 }), 3);
    expect(sent).toHaveLength(1);
    expect(c.inflight).toHaveLength(1);
  });

  it('with 5 in flight the second batch can be stored before the first one is retried', () => {
    const { c, sent } = sendAll(producer({ 'enable.idempotence': false }), 2);
    expect(sent).toHaveLength(2);
    let s = respond(c, sent[0]!, 'NOT_ENOUGH_REPLICAS', 0, 10);
    s = respond(s.context, sent[1]!, 'NONE', 0, 11);
    expect(traces(s.out, 'producer.acked')).toHaveLength(1);
    s = onRetryBackoffElapsed(s.context, 200);
    expect(requests(s.out, 'ProduceRequest').map((r) => r.batch.records[0]!.messageId)).toEqual(['m1']);
  });
});
