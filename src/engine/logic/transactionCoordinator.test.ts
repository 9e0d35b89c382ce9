/** The transaction coordinator (KAFKA-RULES section 2, kafka-part2 section 7), request by request. */
import { describe, expect, it } from 'vitest';
import type { Emitted, Out } from '../machines/effects';
import type { NetMessage, Payload, TxnResult } from '../types';
import {
  initialCoordinatorContext,
  onAddOffsets,
  onAddPartitions,
  onEndTxn,
  onInitProducerId,
  onMarkersWritten,
  onMarkerTimeout,
  onTimeoutCheck,
  startCoordinator,
  type CoordinatorContext,
  type CoordinatorTimer,
} from './transactionCoordinator';

let n = 0;
const msg = (payload: Payload): NetMessage => ({ id: ++n, kind: payload.kind, nth: 1, from: 'producer', to: 'coordinator', connection: 'c', sentAt: 0, deliverAt: 0, payload, fate: { kind: 'deliver' } });
type O = Out<CoordinatorTimer>;
const sent = (out: readonly O[]) => out.filter((o): o is Extract<Emitted, { type: 'send' }> => o.type === 'send').map((o) => o.payload);
const answer = (out: readonly O[]) => sent(out).find((p) => p.kind !== 'WriteTxnMarkersRequest')!;
const markers = (out: readonly O[]) => sent(out).filter((p): p is Extract<Payload, { kind: 'WriteTxnMarkersRequest' }> => p.kind === 'WriteTxnMarkersRequest');
const timers = (out: readonly O[]) => out.filter((o): o is Extract<O, { type: 'timer' }> => o.type === 'timer');

const TID = 'orders';

function coordinator() {
  let c: CoordinatorContext = initialCoordinatorContext('broker', 1000);
  const call = (f: (c: CoordinatorContext) => { context: CoordinatorContext; out: O[] }) => {
    const r = f(c);
    c = r.context;
    return r.out;
  };
  return {
    get c() {
      return c;
    },
    get txn() {
      return c.txns[TID]!;
    },
    init(expected?: { producerId: number; producerEpoch: number }) {
      const p: Extract<Payload, { kind: 'InitProducerIdRequest' }> = { kind: 'InitProducerIdRequest', requestId: 'i', transactionalId: TID, transactionTimeoutMs: 60000, ...(expected ? { expected } : {}) };
      return call((x) => onInitProducerId(x, msg(p), p));
    },
    add(epoch: number, partitions: number[], now = 0) {
      const p: Extract<Payload, { kind: 'AddPartitionsToTxnRequest' }> = { kind: 'AddPartitionsToTxnRequest', requestId: 'a', transactionalId: TID, producerId: 5000, producerEpoch: epoch, partitions: partitions.map((partition) => ({ partition })) };
      return call((x) => onAddPartitions(x, msg(p), p, now));
    },
    offsets(epoch: number) {
      const p: Extract<Payload, { kind: 'AddOffsetsToTxnRequest' }> = { kind: 'AddOffsetsToTxnRequest', requestId: 'o', transactionalId: TID, producerId: 5000, producerEpoch: epoch, groupId: 'g' };
      return call((x) => onAddOffsets(x, msg(p), p, 0));
    },
    end(epoch: number, result: TxnResult) {
      const p: Extract<Payload, { kind: 'EndTxnRequest' }> = { kind: 'EndTxnRequest', requestId: 'e', transactionalId: TID, producerId: 5000, producerEpoch: epoch, result };
      return call((x) => onEndTxn(x, msg(p), p));
    },
    markersWritten(requestId: string) {
      return call((x) => onMarkersWritten(x, { kind: 'WriteTxnMarkersResponse', requestId, errors: [] }));
    },
    call,
  };
}

describe('InitProducerId with a transactional.id', () => {
  it('a new transactional.id gets a producer id at epoch 0', () => {
    const k = coordinator();
    expect(answer(k.init())).toMatchObject({ producerId: 5000, producerEpoch: 0 });
    expect(k.txn).toMatchObject({ state: 'Empty', producerEpoch: 0, lastProducerEpoch: -1 });
  });

  it('an idle one keeps its producer id at epoch + 1: the older instance is fenced', () => {
    const k = coordinator();
    k.init();
    expect(answer(k.init())).toMatchObject({ producerId: 5000, producerEpoch: 1 });
    expect(k.txn.lastProducerEpoch).toBe(0);
    // The old epoch is refused from now on.
    expect(answer(k.add(0, [0]))).toMatchObject({ error: 'PRODUCER_FENCED' });
  });

  it('with a transaction open: bump the epoch, abort it (markers at the bumped epoch), answer CONCURRENT_TRANSACTIONS; the retry gets epoch + 1 again', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0, 1]);
    const out = k.init();
    expect(answer(out)).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
    expect(markers(out)).toMatchObject([{ producerEpoch: 1, result: 'ABORT', partitions: [{ partition: 0 }, { partition: 1 }] }]);
    expect(k.txn.state).toBe('PrepareAbort');
    // While the markers are written: CONCURRENT_TRANSACTIONS again.
    expect(answer(k.init())).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
    k.markersWritten(markers(out)[0]!.requestId);
    expect(k.txn.state).toBe('CompleteAbort');
    expect(answer(k.init())).toMatchObject({ producerId: 5000, producerEpoch: 2 });
  });

  it('KIP-360: with the expected id and epoch, a bump; a retry of it gets the current epoch; anything else is fenced', () => {
    const k = coordinator();
    k.init();
    expect(answer(k.init({ producerId: 5000, producerEpoch: 0 }))).toMatchObject({ producerEpoch: 1 });
    expect(answer(k.init({ producerId: 5000, producerEpoch: 0 }))).toMatchObject({ producerEpoch: 1 });
    expect(answer(k.init({ producerId: 5000, producerEpoch: 7 }))).toMatchObject({ error: 'PRODUCER_FENCED' });
  });
});

describe('AddPartitionsToTxn and AddOffsetsToTxn', () => {
  it('the first add begins the transaction (Ongoing) and starts the transaction.timeout.ms clock', () => {
    const k = coordinator();
    k.init();
    const out = k.add(0, [0], 1234);
    expect(answer(out)).toMatchObject({ error: 'NONE' });
    expect(k.txn).toMatchObject({ state: 'Ongoing', txnStartedAt: 1234, partitions: [{ partition: 0 }] });
    // The check runs every 10 s and aborts once startedAt + timeout < now: at 70000.
    expect(timers(out)).toEqual([{ type: 'timer', id: `timeout:${TID}`, delay: 70000 - 1234, event: { type: 'TXN_TIMEOUT_CHECK', transactionalId: TID, startedAt: 1234 } }]);
    k.add(0, [2, 0]);
    expect(k.txn.partitions).toEqual([{ partition: 0 }, { partition: 2 }]);
    k.offsets(0);
    expect(k.txn.group).toBe(true);
  });

  it('while the previous transaction completes: CONCURRENT_TRANSACTIONS', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0]);
    k.end(0, 'COMMIT');
    expect(answer(k.add(0, [0]))).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
    expect(answer(k.offsets(0))).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
  });
});

describe('EndTxn', () => {
  it('writes PrepareCommit, answers at once, then sends the markers; their answer completes the transaction', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0, 1]);
    k.offsets(0);
    const out = k.end(0, 'COMMIT');
    expect(out.map((o) => o.type)).toEqual(['cancel', 'trace', 'send', 'point', 'send', 'timer']);
    expect(answer(out)).toMatchObject({ kind: 'EndTxnResponse', error: 'NONE' });
    expect(markers(out)).toMatchObject([{ result: 'COMMIT', producerEpoch: 0, partitions: [{ partition: 0 }, { partition: 1 }], group: true }]);
    expect(k.txn.state).toBe('PrepareCommit');
    k.markersWritten(markers(out)[0]!.requestId);
    expect(k.txn).toMatchObject({ state: 'CompleteCommit', partitions: [], group: false, txnStartedAt: null });
  });

  it('from an old epoch: PRODUCER_FENCED (the zombie cannot commit)', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0]);
    k.init(); // a new instance: fences epoch 0 and aborts its transaction
    expect(answer(k.end(0, 'COMMIT'))).toMatchObject({ error: 'PRODUCER_FENCED' });
  });

  it('retries: the same result on a completed transaction is NONE, on a completing one CONCURRENT_TRANSACTIONS, another result INVALID_TXN_STATE', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0]);
    const out = k.end(0, 'COMMIT');
    expect(answer(k.end(0, 'COMMIT'))).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
    expect(answer(k.end(0, 'ABORT'))).toMatchObject({ error: 'INVALID_TXN_STATE' });
    k.markersWritten(markers(out)[0]!.requestId);
    expect(answer(k.end(0, 'COMMIT'))).toMatchObject({ error: 'NONE' });
    expect(answer(k.end(0, 'ABORT'))).toMatchObject({ error: 'INVALID_TXN_STATE' });
  });

  it('markers without an answer are sent again', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0]);
    const first = markers(k.end(0, 'ABORT'))[0]!;
    const again = k.call((c) => onMarkerTimeout(c, first.requestId));
    expect(again[0]).toEqual({ type: 'disconnect', peer: 'broker' });
    expect(markers(again)).toMatchObject([{ result: 'ABORT', partitions: [{ partition: 0 }] }]);
    expect(markers(again)[0]!.requestId).not.toBe(first.requestId);
  });
});

describe('transaction.timeout.ms', () => {
  it('an Ongoing transaction older than the timeout is aborted with an epoch bump', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0], 100);
    const out = k.call((c) => onTimeoutCheck(c, TID, 100));
    expect(k.txn).toMatchObject({ state: 'PrepareAbort', producerEpoch: 1 });
    expect(markers(out)).toMatchObject([{ result: 'ABORT', producerEpoch: 1 }]);
    expect(out.some((o) => o.type === 'trace' && o.event.type === 'coordinator.timedOut')).toBe(true);
    // The producer at epoch 0 is fenced for good.
    expect(answer(k.end(0, 'COMMIT'))).toMatchObject({ error: 'PRODUCER_FENCED' });
  });

  it('a check for a transaction that has ended (or another one) does nothing', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0], 100);
    expect(k.call((c) => onTimeoutCheck(c, TID, 99))).toEqual([]);
    k.end(0, 'COMMIT');
    expect(k.call((c) => onTimeoutCheck(c, TID, 100))).toEqual([]);
  });
});

describe('a restart', () => {
  it('re-arms the timeout of an open transaction and sends the markers of a decided one (its state is on disk)', () => {
    const k = coordinator();
    k.init();
    k.add(0, [0], 500);
    const out = k.call((c) => startCoordinator(c, 30000));
    expect(timers(out)).toMatchObject([{ id: `timeout:${TID}`, delay: 70000 - 30000 }]);
    k.end(0, 'COMMIT');
    const restarted = k.call((c) => startCoordinator({ ...c, markers: new Map() }, 31000));
    expect(markers(restarted)).toMatchObject([{ result: 'COMMIT', partitions: [{ partition: 0 }] }]);
  });
});
