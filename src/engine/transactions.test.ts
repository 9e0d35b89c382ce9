/**
 * Transactions end to end (KAFKA-RULES section 2, kafka-part2 section 7): whole runs through the
 * producer, the coordinator, the broker and the consumer.
 */
import { DEFAULT_GROUP_ID } from './logic/groupCoordinator';
import { describe, expect, it } from 'vitest';
import type { ConsumerSnapshot } from './machines/consumer';
import { transitionNode } from './nodes';
import { parseScenario, type ScenarioInput } from './scenario';
import { runScenario } from './testing';
import { Timeline } from './timeline';
import type { CrashPoint, Fault, TraceEvent } from './types';

const events = (input: ScenarioInput) => {
  const r = runScenario(input);
  return { r, all: r.timeline.steps.flatMap((s) => s.events.map((e) => ({ step: s.index, time: s.time, e }))) };
};
const of = <T extends TraceEvent['type']>(all: { e: TraceEvent }[], type: T) =>
  all.map((x) => x.e).filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

/** A transactional producer and a consumer that writes each record to the database. */
const transactional = (isolation: 'read_committed' | 'read_uncommitted', extra: ScenarioInput['settings'] = {}): ScenarioInput['settings'] => ({
  ...extra,
  producer: { 'transactional.id': 'orders', 'request.timeout.ms': 1000, ...extra.producer },
  producerApp: { onRestart: 'resend-unacked', ...extra.producerApp },
  consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest', 'isolation.level': isolation, ...extra.consumer },
  consumerApp: { commit: 'after-processing', ...extra.consumerApp },
});

describe('a transactional.id is only a name', () => {
  it.each(['constructor', '__proto__', 'toString'])('%s (a name Object.prototype has) runs as any other id (the fuzzer found every message lost)', (id) => {
    const named = (tid: string) => runScenario({ preset: 'exactly-once', settings: { producer: { 'transactional.id': tid } } });
    const plain = named('lab-producer');
    const hostile = named(id);
    expect(hostile.ledger.summary).toEqual(plain.ledger.summary);
    expect(hostile.ledger.summary.lost).toBe(0);
    expect(hostile.timeline.lastIndex).toBe(plain.timeline.lastIndex);
  });
});

describe('a transaction across partitions', () => {
  const across = (isolation: 'read_committed' | 'read_uncommitted', crash = true) =>
    events({
      settings: transactional(isolation, { producerApp: { transactionSize: 6 }, topic: { partitions: 3 } }),
      produce: { count: 6, intervalMs: 10, keys: ['k1', 'k2', 'k3'] },
      faults: crash ? [{ type: 'crash', node: 'producer', atMs: 48, restartAfterMs: 100 }] : [],
    });

  it('AddPartitionsToTxn before each partition first record, and a marker in every partition of the transaction', () => {
    const { all, r } = across('read_committed', false);
    const added = of(all, 'coordinator.partitionsAdded').flatMap((e) => e.partitions.map((p) => p.partition));
    expect([...added].sort()).toEqual([0, 1, 2]);
    const markers = of(all, 'broker.markerWritten');
    expect(markers.map((m) => [m.partition, m.result]).sort()).toEqual([
      [0, 'COMMIT'],
      [1, 'COMMIT'],
      [2, 'COMMIT'],
    ]);
    // commitTransaction() returned before the markers were written (TV1 EndTxn answers at PrepareCommit).
    const committed = all.find((x) => x.e.type === 'producer.txnCommitted')!;
    const lastMarker = all.filter((x) => x.e.type === 'broker.markerWritten').at(-1)!;
    expect(committed.time).toBeLessThanOrEqual(lastMarker.time);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });

  it('read_uncommitted: the records of the transaction the crash left open are read, and processed twice with their resend', () => {
    const { r, all } = across('read_uncommitted');
    expect(of(all, 'coordinator.fencingAbort')).toHaveLength(1);
    expect(r.ledger.messages.flatMap((m) => m.appends.map((a) => a.txn))).toContain('aborted');
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 5, logDuplicates: 0 });
  });

  it('read_committed: only committed records, aborted ones skipped, never a marker, offsets with gaps', () => {
    const { r, all } = across('read_committed');
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0, outOfOrder: 0 });
    expect(of(all, 'consumer.abortedSkipped').flatMap((e) => e.records.map((x) => x.messageId)).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    const delivered = of(all, 'consumer.polled').flatMap((e) => e.records);
    expect(delivered.every((x) => x.messageId !== '')).toBe(true);
    // Per partition, the offsets handed out skip the aborted records and the markers.
    const p0 = delivered.filter((x) => x.partition === 0).map((x) => x.offset);
    expect(p0.length).toBeGreaterThan(0);
    expect(Math.min(...p0)).toBeGreaterThan(0);
  });
});

describe('zombie fencing', () => {
  /** Producer 1 is cut off mid-transaction; producer 2, same transactional.id, starts at 1000 ms and redoes the work. */
  const zombie = (cut: 'producer~broker' | 'producer~coordinator', fromMs: number) =>
    events({
      preset: 'exactly-once',
      settings: { producer: { 'request.timeout.ms': 1000 }, producerApp: { instances: 2, secondInstanceStartMs: 1000 } },
      produce: {
        messages: [
          { id: 'm1', at: 0 },
          { id: 'm2', at: 10 },
          { id: 'm3', at: 20 },
          { id: 'm1', at: 1000, producer: 'producer-2' },
          { id: 'm2', at: 1010, producer: 'producer-2' },
          { id: 'm3', at: 1020, producer: 'producer-2' },
        ],
      },
      faults: [{ type: 'cut', between: cut.split('~') as [string, string], fromMs, toMs: 3000 }],
    });

  it("the new instance's initTransactions aborts the zombie's transaction; the zombie's produce gets INVALID_PRODUCER_EPOCH, its EndTxn PRODUCER_FENCED, and it stops", () => {
    const { r, all } = zombie('producer~broker', 26);
    expect(of(all, 'coordinator.fencingAbort')).toHaveLength(1);
    expect(of(all, 'broker.invalidProducerEpoch').length).toBeGreaterThan(0);
    const fenced = all.filter((x) => x.e.type === 'producer.fenced');
    expect(fenced.map((x) => [x.e.instance ?? 'producer', (x.e as Extract<TraceEvent, { type: 'producer.fenced' }>).error])).toEqual([['producer', 'PRODUCER_FENCED']]);
    expect(fenced[0]!.time).toBeGreaterThanOrEqual(3000);
    expect(r.timeline.current.nodes.producer.value).toBe('fenced');
    expect(r.timeline.current.nodes['producer-2']!.value).toBe('running');
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });

  it("the zombie's commitTransaction gets PRODUCER_FENCED (its records were all stored; only EndTxn was cut off)", () => {
    const { r, all } = zombie('producer~coordinator', 31);
    const refused = of(all, 'coordinator.refused').filter((e) => e.error === 'PRODUCER_FENCED');
    expect(refused.map((e) => [e.request, e.producerEpoch])).toEqual([['EndTxnRequest', 0]]);
    expect(of(all, 'producer.fenced')).toHaveLength(1);
    // Its records were stored and aborted by the fencing; the new instance's copies commit.
    expect(r.ledger.messages.every((m) => m.appends.filter((a) => a.txn === 'aborted').length === 1)).toBe(true);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });
});

describe('transaction.timeout.ms', () => {
  it('the coordinator aborts a transaction open too long (at its next check), bumping the epoch; the producer then learns it is fenced', () => {
    const { r, all } = events({
      settings: transactional('read_committed', { producer: { 'transaction.timeout.ms': 1000 }, producerApp: { transactionSize: 2 } }),
      produce: { messages: [{ id: 'm1', at: 0 }, { id: 'm2', at: 15_000 }] },
    });
    const timedOut = all.find((x) => x.e.type === 'coordinator.timedOut')!;
    expect(timedOut.time).toBe(10_000);
    expect(timedOut.e).toMatchObject({ producerEpoch: 1, timeoutMs: 1000 });
    expect(of(all, 'broker.markerWritten').map((m) => [m.result, m.producerEpoch])).toEqual([['ABORT', 1]]);
    // m2's produce meets the bumped epoch (abortable), the abort's EndTxn is fenced (fatal).
    expect(of(all, 'broker.invalidProducerEpoch')).toHaveLength(1);
    expect(of(all, 'producer.fenced').map((e) => e.error)).toEqual(['PRODUCER_FENCED']);
    expect(r.ledger.summary.lost).toBe(2);
  });
});

describe('consume-transform-produce (the copier)', () => {
  const copier = (faults: ScenarioInput['faults'] = [], count = 6) =>
    events({ preset: 'exactly-once', settings: { consumer: { 'max.poll.records': 2, 'request.timeout.ms': 1000 } }, produce: { count, intervalMs: 10 }, faults });

  it('copies each poll in one transaction with its input offsets; the offsets are committed by the COMMIT marker only', () => {
    const { r, all } = copier();
    const txns = of(all, 'consumer.txnCommitted');
    expect(txns.map((e) => e.messageIds)).toEqual([
      ['m1', 'm2'],
      ['m3'],
      ['m4', 'm5'],
      ['m6'],
    ]);
    // Each TxnOffsetCommit is pending until its marker makes it the committed offset.
    const pending = all.filter((x) => x.e.type === 'broker.txnOffsetsPending');
    const completed = all.filter((x) => x.e.type === 'broker.txnOffsetsCompleted');
    expect(completed.map((x) => (x.e as Extract<TraceEvent, { type: 'broker.txnOffsetsCompleted' }>).result)).toEqual(['COMMIT', 'COMMIT', 'COMMIT', 'COMMIT']);
    pending.forEach((p, i) => expect(completed[i]!.step).toBeGreaterThan(p.step));
    expect(r.timeline.current.nodes.broker.context.groups[DEFAULT_GROUP_ID]!.committed[0]).toBe(8);
    expect(r.ledger.messages.every((m) => m.effects.length === 1 && m.outputs!.length === 1)).toBe(true);
  });

  it('a crash after sendOffsetsToTransaction, before the commit: the pending offsets are discarded by the abort, nothing committed moves', () => {
    const { r, all } = copier([{ type: 'crash', node: 'consumer', point: 'after-offsets-before-endtxn', nth: 1, restartAfterMs: 100 }]);
    const completed = of(all, 'broker.txnOffsetsCompleted');
    expect(completed[0]).toMatchObject({ result: 'ABORT', offsets: [{ partition: 0, offset: 2 }] });
    expect(of(all, 'consumer.committedOffset')[1]!.offsets).toEqual([{ partition: 0, offset: null }]);
    expect(r.ledger.messages.find((m) => m.messageId === 'm1')!.outputs!.map((o) => o.txn)).toEqual(['aborted', 'committed']);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });

  const points: CrashPoint[] = ['after-output-before-offsets', 'after-offsets-before-endtxn', 'after-endtxn-before-poll'];
  it.each(points.flatMap((point) => [1, 2, 3].map((nth) => ({ point, nth }))))('crash $point (#$nth): every message has exactly one output copy', ({ point, nth }) => {
    const { r } = copier([{ type: 'crash', node: 'consumer', point, nth, restartAfterMs: 50 }], 7);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0, end: 'quiescent' });
  });

  it('a coordinator crash after PrepareCommit, before any marker: the restarted coordinator writes them', () => {
    const { r, all } = copier([{ type: 'crash', node: 'coordinator', point: 'after-prepare-before-markers', nth: 2, restartAfterMs: 500 }]);
    const restart = all.find((x) => x.e.type === 'node.restarted' && x.e.node === 'coordinator')!;
    expect(all.some((x) => x.e.type === 'broker.markerWritten' && x.step > restart.step)).toBe(true);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('an offset fetch that meets pending offsets (UNSTABLE_OFFSET_COMMIT) waits retry.backoff.ms and asks again', () => {
    const parsed = parseScenario({ preset: 'exactly-once', produce: { count: 1 } });
    if (!parsed.ok) throw new Error('invalid');
    const t = Timeline.start(parsed.run).runToEnd();
    const at = t.steps.find((s) => s.events.some((e) => e.type === 'net.sent' && e.msg.kind === 'OffsetFetchRequest'))!;
    const consumer = t.stateAt(at.index).nodes.consumer as ConsumerSnapshot;
    expect(consumer.matches({ running: 'fetchingCommittedOffset' })).toBe(true);
    const requestId = consumer.context.pending!;
    const msg = { id: 1, kind: 'OffsetFetchResponse' as const, nth: 1, from: 'broker', to: 'consumer', connection: 'c', sentAt: 0, deliverAt: 0, fate: { kind: 'deliver' as const } };
    const payload = { kind: 'OffsetFetchResponse' as const, requestId, offsets: [], error: 'UNSTABLE_OFFSET_COMMIT' as const };
    const [waiting, actions] = transitionNode('consumer', consumer, { type: 'RECEIVE.OffsetFetchResponse', msg: { ...msg, payload }, now: 100 } as never);
    expect(waiting.matches({ running: 'waitingForStableOffsets' })).toBe(true);
    const effects = actions.flatMap((a) => (a.type === 'effects' ? (a.params as { type: string; event?: { type: string } }[]) : []));
    expect(effects).toContainEqual(expect.objectContaining({ type: 'timer', id: 'offsetFetchBackoff', delay: 100 }));
    expect(effects).toContainEqual(expect.objectContaining({ type: 'trace', event: expect.objectContaining({ type: 'consumer.offsetsUnstable' }) }));
    const [again, next] = transitionNode('consumer', waiting, { type: 'OFFSET_FETCH_BACKOFF', now: 200 } as never);
    expect(again.matches({ running: 'fetchingCommittedOffset' })).toBe(true);
    const sends = next.flatMap((a) => (a.type === 'effects' ? (a.params as { type: string; payload?: { kind: string } }[]) : [])).filter((o) => o.type === 'send');
    expect(sends.map((o) => o.payload!.kind)).toEqual(['OffsetFetchRequest']);
  });
});

describe('a transactional producer that crashes', () => {
  it('mid-transaction: the restarted instance fences and aborts the old transaction, then sends the messages again in a new one', () => {
    const { r, all } = events({
      settings: transactional('read_committed', { producerApp: { transactionSize: 3 } }),
      produce: { count: 3, intervalMs: 10 },
      faults: [{ type: 'crash', node: 'producer', atMs: 28, restartAfterMs: 100 }],
    });
    expect(of(all, 'coordinator.fencingAbort')).toHaveLength(1);
    expect(of(all, 'producer.resendUnacked')[0]!.messageIds).toEqual(['m1', 'm2', 'm3']);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });

  it('after EndTxn(COMMIT), before its answer: the commit stands, and re-sending what it never saw committed writes it twice', () => {
    const { r, all } = events({
      settings: transactional('read_committed', { producerApp: { transactionSize: 3 } }),
      produce: { count: 3, intervalMs: 10 },
      faults: [{ type: 'crash', node: 'producer', point: 'after-endtxn-before-response', restartAfterMs: 100 }],
    });
    expect(of(all, 'coordinator.completed').map((e) => e.result)).toEqual(['COMMIT', 'COMMIT']);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 3, logDuplicates: 3 });
  });
});

describe('determinism and forks with transactions', () => {
  const busy: ScenarioInput = {
    preset: 'exactly-once',
    seed: 4,
    produce: { count: 12, intervalMs: 7, keys: ['a', 'b', 'c'] },
    settings: {
      network: { jitterMs: 4, dropProbability: 0.03 },
      producer: { 'request.timeout.ms': 500 },
      consumer: { 'max.poll.records': 3, 'request.timeout.ms': 500 },
      topic: { partitions: 2 },
    },
    faults: [
      { type: 'crash', node: 'consumer', point: 'after-offsets-before-endtxn', nth: 1, restartAfterMs: 40 },
      { type: 'crash', node: 'producer', atMs: 30, restartAfterMs: 60 },
    ],
  };
  const timeline = (input: ScenarioInput) => {
    const p = parseScenario(input);
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    return Timeline.start(p.run);
  };

  it('the same scenario twice gives the identical trace', () => {
    const a = timeline(busy).runToEnd();
    const b = timeline(busy).runToEnd();
    expect(a.done).toBe('quiescent');
    expect(JSON.stringify(a.steps)).toBe(JSON.stringify(b.steps));
  });

  it.each<{ name: string; fault: Fault }>([
    { name: 'a coordinator crash', fault: { type: 'crash', node: 'coordinator', atMs: 120, restartAfterMs: 30 } },
    { name: 'a crash after PrepareCommit', fault: { type: 'crash', node: 'coordinator', point: 'after-prepare-before-markers', nth: 2, restartAfterMs: 30 } },
    { name: 'a lost marker request', fault: { type: 'drop', message: 'WriteTxnMarkersRequest', nth: 2 } },
  ])('a fork with $name is exactly the fresh run with that fault', ({ fault }) => {
    const t = timeline(busy).runToEnd();
    const forked = t.fork(t.lastIndex, fault).runToEnd();
    const fresh = timeline({ ...busy, faults: [...busy.faults!, fault] }).runToEnd();
    expect(JSON.stringify(forked.steps)).toBe(JSON.stringify(fresh.steps));
  });
});
