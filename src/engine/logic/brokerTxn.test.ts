/**
 * The broker's side of transactions (KAFKA-RULES section 2): the LSO, isolation levels, markers
 * and their epochs, and the offsets of sendOffsetsToTransaction. Pure logic, step by step.
 */
import { DEFAULT_GROUP_ID } from './groupCoordinator';
import { describe, expect, it } from 'vitest';
import type { Emitted } from '../machines/effects';
import type { AppRecord, NetMessage, Payload, TraceEvent, TxnResult } from '../types';
import { initialBrokerContext, onFetch, onListOffsets, onProduce, readLimit, type BrokerContext } from './broker';
import { lastStableOffset, onTxnOffsetCommit, onWriteTxnMarkers, partitionLso } from './brokerTxn';
import { onOffsetFetch } from './groupCoordinator';
import { visibleRecords } from './readCommitted';

let ids = 0;
function msg(payload: Payload): NetMessage {
  return { id: ++ids, kind: payload.kind, nth: 1, from: 'client', to: 'broker', connection: 'c', sentAt: 0, deliverAt: 0, payload, fate: { kind: 'deliver' } };
}
const replies = (out: readonly unknown[]) => (out as Emitted[]).filter((o): o is Extract<Emitted, { type: 'send' }> => o.type === 'send').map((o) => o.payload);
const traces = (out: readonly unknown[]) => (out as Emitted[]).filter((o): o is Extract<Emitted, { type: 'trace' }> => o.type === 'trace').map((o) => o.event);

const records = (...ids: string[]): AppRecord[] => ids.map((messageId) => ({ messageId, key: null, sendNo: 1 }));

/** A broker with `partitions` partitions and the helpers to drive it. */
function broker(partitions = 1) {
  let c: BrokerContext = initialBrokerContext({ 'producer.id.expiration.ms': 86_400_000, 'group.initial.rebalance.delay.ms': 0, 'replica.lag.time.max.ms': 30000, 'replica.fetch.wait.max.ms': 500, 'broker.session.timeout.ms': 9000 }, 500, partitions);
  let seq: Record<string, number> = {};
  return {
    get c() {
      return c;
    },
    produce(producerId: number, epoch: number, ids: string[], opts: { partition?: number; transactional?: boolean } = {}) {
      const partition = opts.partition ?? 0;
      const k = `${producerId}/${epoch}/${partition}`;
      const baseSequence = producerId < 0 ? -1 : (seq[k] ?? 0);
      const batch = { producerId, producerEpoch: epoch, baseSequence, records: records(...ids), ...(opts.transactional ? { transactional: true } : {}) };
      const r = onProduce(c, msg({ kind: 'ProduceRequest', requestId: `r${ids.join()}`, acks: 'all', batchId: 'b', partition, batch }), { kind: 'ProduceRequest', requestId: 'r', acks: 'all', batchId: 'b', partition, batch }, 0);
      c = r.context;
      const answer = replies(r.out)[0] as Extract<Payload, { kind: 'ProduceResponse' }>;
      if (answer.error === 'NONE') seq[k] = baseSequence + ids.length;
      return { answer, events: traces(r.out) };
    },
    marker(producerId: number, epoch: number, result: TxnResult, partitions: number[] = [0], group = false) {
      const p: Extract<Payload, { kind: 'WriteTxnMarkersRequest' }> = {
        kind: 'WriteTxnMarkersRequest',
        requestId: 'm',
        transactionalId: 't',
        producerId,
        producerEpoch: epoch,
        result,
        partitions: partitions.map((partition) => ({ partition })),
        group,
      };
      const r = onWriteTxnMarkers(c, msg(p), p, 0);
      c = r.context;
      return { answer: replies(r.out)[0] as Extract<Payload, { kind: 'WriteTxnMarkersResponse' }>, events: traces(r.out) };
    },
    fetch(offset: number, isolation: 'read_committed' | 'read_uncommitted', partition = 0) {
      const p: Extract<Payload, { kind: 'FetchRequest' }> = { kind: 'FetchRequest', requestId: `f${++ids}`, partitions: [{ partition, offset }], maxRecords: 100, isolationLevel: isolation };
      const r = onFetch(c, msg(p), p);
      c = r.context;
      const answer = replies(r.out)[0] as Extract<Payload, { kind: 'FetchResponse' }> | undefined;
      return answer?.partitions[0];
    },
    resetSequences() {
      seq = {};
    },
  };
}

describe('the last stable offset', () => {
  it('is the high watermark without open transactions, and the first offset of the oldest open one otherwise', () => {
    const b = broker();
    b.produce(-1, -1, ['plain']);
    expect(partitionLso(b.c, 0)).toBe(1);
    b.produce(7, 0, ['a1', 'a2'], { transactional: true });
    b.produce(8, 0, ['b1'], { transactional: true });
    b.produce(-1, -1, ['plain2']);
    expect(partitionLso(b.c, 0)).toBe(1);
    const commitA = b.marker(7, 0, 'COMMIT');
    // B is still open at offset 3.
    expect(partitionLso(b.c, 0)).toBe(3);
    expect(commitA.events.some((e) => e.type === 'broker.lsoMoved' && e.lso === 3)).toBe(true);
    b.marker(8, 0, 'ABORT');
    expect(partitionLso(b.c, 0)).toBe(7);
    expect(b.c.partitions[0]!.txn!.aborted).toEqual([{ producerId: 8, firstOffset: 3, lastOffset: 6 }]);
  });

  it('lastStableOffset: min of the open transactions first offsets, else the high watermark', () => {
    expect(lastStableOffset({ ongoing: new Map(), aborted: [] }, 9)).toBe(9);
    expect(lastStableOffset({ ongoing: new Map([[1, 5], [2, 3]]), aborted: [] }, 9)).toBe(3);
  });
});

describe('isolation levels', () => {
  /** offsets: 0 a1 (A), 1 b1 (B), 2 plain, 3 ABORT(A), 4 b2 (B, open) */
  function log() {
    const b = broker();
    b.produce(7, 0, ['a1'], { transactional: true });
    b.produce(8, 0, ['b1'], { transactional: true });
    b.produce(-1, -1, ['plain']);
    b.marker(7, 0, 'ABORT');
    b.produce(8, 0, ['b2'], { transactional: true });
    return b;
  }

  it('read_uncommitted reads up to the high watermark: open and aborted data, and the marker (which the client drops)', () => {
    const f = log().fetch(0, 'read_uncommitted')!;
    expect(f.records.map((r) => r.messageId || r.control)).toEqual(['a1', 'b1', 'plain', 'ABORT', 'b2']);
    expect(f.abortedTransactions).toBeUndefined();
    expect(visibleRecords(f).records.map((r) => r.messageId)).toEqual(['a1', 'b1', 'plain', 'b2']);
  });

  it('read_committed stops at the LSO (the open transaction of B), even before committed data behind it', () => {
    const f = log().fetch(0, 'read_committed')!;
    expect(f.records.map((r) => r.offset)).toEqual([0]);
    // a1 lies in an aborted transaction: listed, so the client skips it.
    expect(f.abortedTransactions).toEqual([{ producerId: 7, firstOffset: 0 }]);
    expect(visibleRecords(f)).toMatchObject({ records: [], skipped: [{ messageId: 'a1' }] });
  });

  it('read_committed after the commit: skips the aborted records, never shows a marker, leaves offset gaps', () => {
    const b = log();
    b.marker(8, 0, 'COMMIT');
    const f = b.fetch(0, 'read_committed')!;
    expect(f.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
    const visible = visibleRecords(f);
    expect(visible.records.map((r) => [r.offset, r.messageId])).toEqual([
      [1, 'b1'],
      [2, 'plain'],
      [4, 'b2'],
    ]);
    expect(visible.skipped.map((r) => r.messageId)).toEqual(['a1']);
  });

  it('a read_committed fetch at the LSO waits (long poll) and is answered when the marker moves the LSO', () => {
    const b = broker();
    b.produce(7, 0, ['a1'], { transactional: true });
    expect(b.fetch(0, 'read_committed')).toBeUndefined();
    expect(b.c.parked).toHaveLength(1);
    const { events } = b.marker(7, 0, 'COMMIT');
    expect(b.c.parked).toHaveLength(0);
    expect(readLimit(b.c, 0, 'read_committed')).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['broker.markerWritten', 'broker.lsoMoved']);
  });

  it('ListOffsets latest is the LSO for read_committed and the high watermark otherwise', () => {
    const b = broker();
    b.produce(7, 0, ['a1', 'a2'], { transactional: true });
    const latest = (isolationLevel: 'read_committed' | 'read_uncommitted') => {
      const p: Extract<Payload, { kind: 'ListOffsetsRequest' }> = { kind: 'ListOffsetsRequest', requestId: 'l', spec: 'latest', partitions: [0], isolationLevel };
      return (replies(onListOffsets(b.c, msg(p), p).out)[0] as Extract<Payload, { kind: 'ListOffsetsResponse' }>).offsets[0]!.offset;
    };
    expect(latest('read_committed')).toBe(0);
    expect(latest('read_uncommitted')).toBe(2);
  });
});

describe('markers', () => {
  it('go to every partition of the transaction, each a one-record control batch with its own offset', () => {
    const b = broker(3);
    b.produce(7, 0, ['x'], { transactional: true, partition: 0 });
    b.produce(7, 0, ['y'], { transactional: true, partition: 2 });
    const { answer, events } = b.marker(7, 0, 'COMMIT', [0, 1, 2]);
    expect(answer.errors.map((e) => e.error)).toEqual(['NONE', 'NONE', 'NONE']);
    const written = events.filter((e): e is Extract<TraceEvent, { type: 'broker.markerWritten' }> => e.type === 'broker.markerWritten');
    expect(written.map((e) => [e.partition, e.offset])).toEqual([
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
    expect(b.c.partitions.map((p) => p.log.last()?.control)).toEqual(['COMMIT', 'COMMIT', 'COMMIT']);
  });

  it('with an older epoch than the partition knows: INVALID_PRODUCER_EPOCH, nothing written', () => {
    const b = broker();
    b.produce(7, 3, ['x'], { transactional: true });
    const { answer, events } = b.marker(7, 2, 'ABORT');
    expect(answer.errors[0]!.error).toBe('INVALID_PRODUCER_EPOCH');
    expect(events.map((e) => e.type)).toEqual(['broker.invalidProducerEpoch']);
    expect(b.c.partitions[0]!.log.length).toBe(1);
  });

  it('with a higher epoch: adopted, the batch cache emptied (the next batch starts at sequence 0), the old epoch fenced', () => {
    const b = broker();
    b.produce(7, 0, ['x', 'y'], { transactional: true });
    b.marker(7, 1, 'ABORT');
    const entry = b.c.partitions[0]!.producers.get(7)!;
    expect(entry).toMatchObject({ producerEpoch: 1, batches: [] });
    // The zombie at epoch 0 is refused (InvalidProducerEpoch, via the idempotence checks).
    expect(b.produce(7, 0, ['z'], { transactional: true }).answer.error).toBe('INVALID_PRODUCER_EPOCH');
    // The new instance's epoch 2 starts at sequence 0.
    b.resetSequences();
    expect(b.produce(7, 2, ['w'], { transactional: true }).answer.error).toBe('NONE');
  });

  it('a same-epoch marker keeps the cache: the next transaction continues the sequence', () => {
    const b = broker();
    b.produce(7, 0, ['x'], { transactional: true });
    b.marker(7, 0, 'COMMIT');
    expect(b.c.partitions[0]!.producers.get(7)!.batches).toHaveLength(1);
    expect(b.produce(7, 0, ['y'], { transactional: true }).answer.error).toBe('NONE');
  });

  it('a producer with an open transaction may not write outside it (INVALID_TXN_STATE)', () => {
    const b = broker();
    b.produce(7, 0, ['x'], { transactional: true });
    expect(b.produce(7, 0, ['y']).answer.error).toBe('INVALID_TXN_STATE');
  });
});

describe('offsets in a transaction (sendOffsetsToTransaction)', () => {
  function withPending(generation = 0) {
    const b = broker();
    const p: Extract<Payload, { kind: 'TxnOffsetCommitRequest' }> = { kind: 'TxnOffsetCommitRequest', requestId: 'o', producerId: 9, producerEpoch: 0, generation, offsets: [{ partition: 0, offset: 5 }] };
    const r = onTxnOffsetCommit(b.c, msg(p), p);
    return { b, r, c: r.context };
  }
  const offsetFetch = (c: BrokerContext) => {
    const p: Extract<Payload, { kind: 'OffsetFetchRequest' }> = { kind: 'OffsetFetchRequest', requestId: 'q', partitions: [0] };
    return replies(onOffsetFetch(c, msg(p), p).out)[0] as Extract<Payload, { kind: 'OffsetFetchResponse' }>;
  };

  it('are pending, not committed; an offset fetch meanwhile gets UNSTABLE_OFFSET_COMMIT (require_stable)', () => {
    const { c } = withPending();
    expect(c.groups[DEFAULT_GROUP_ID]!.committed[0]).toBeUndefined();
    expect(c.pendingOffsets[9]).toEqual([{ partition: 0, offset: 5 }]);
    expect(offsetFetch(c)).toMatchObject({ error: 'UNSTABLE_OFFSET_COMMIT', offsets: [] });
  });

  it('materialise on the COMMIT marker', () => {
    const { c } = withPending();
    const p: Extract<Payload, { kind: 'WriteTxnMarkersRequest' }> = { kind: 'WriteTxnMarkersRequest', requestId: 'm', transactionalId: 't', producerId: 9, producerEpoch: 0, result: 'COMMIT', partitions: [], group: true };
    const after = onWriteTxnMarkers(c, msg(p), p, 0).context;
    expect(after.groups[DEFAULT_GROUP_ID]!.committed[0]).toBe(5);
    expect(after.pendingOffsets[9]).toBeUndefined();
    expect(offsetFetch(after).offsets).toEqual([{ partition: 0, offset: 5 }]);
  });

  it('are discarded on the ABORT marker', () => {
    const { c } = withPending();
    const p: Extract<Payload, { kind: 'WriteTxnMarkersRequest' }> = { kind: 'WriteTxnMarkersRequest', requestId: 'm', transactionalId: 't', producerId: 9, producerEpoch: 0, result: 'ABORT', partitions: [], group: true };
    const after = onWriteTxnMarkers(c, msg(p), p, 0).context;
    expect(after.groups[DEFAULT_GROUP_ID]!.committed[0]).toBeUndefined();
    expect(after.pendingOffsets[9]).toBeUndefined();
    expect(offsetFetch(after).error).toBeUndefined();
    expect(offsetFetch(after).offsets).toEqual([{ partition: 0, offset: null }]);
  });

  it('from a consumer of an older generation are refused (ILLEGAL_GENERATION): a zombie consumer cannot commit', () => {
    const { r } = withPending(-1);
    expect(replies(r.out)[0]).toMatchObject({ kind: 'TxnOffsetCommitResponse', error: 'ILLEGAL_GENERATION' });
    expect(r.context.pendingOffsets[9]).toBeUndefined();
  });
});
