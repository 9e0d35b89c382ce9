/** kafka-part2 §5 and KAFKA-RULES §4, the broker side: HW, ISR, acks, leadership, truncation. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config';
import type { Out } from '../machines/effects';
import type { Acks, NetMessage, NodeId, Payload, TraceEvent } from '../types';
import { initialBrokerContext, onFetch, onProduce, highWatermark, type BrokerContext, type BrokerTimer } from './broker';
import { onReplicaFetchResponse } from './replicaFetcher';
import { onIsrCheck, onMetadataUpdate, onProduceTimeout, onReplicaFetch, type PartitionMeta } from './replication';

const REPLICAS: NodeId[] = ['broker', 'broker-2', 'broker-3'];
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

let nextId = 1;
function msg<K extends Payload['kind']>(from: NodeId, to: NodeId, payload: P<K>): NetMessage & { payload: P<K> } {
  const id = nextId++;
  return { id, kind: payload.kind, nth: id, from, to, connection: `${from}~${to}/1.0`, sentAt: 0, deliverAt: 0, payload, fate: { kind: 'deliver' } };
}

function broker(self: NodeId, minInsync = 2, lagTimeMaxMs = 30000): BrokerContext {
  return initialBrokerContext(DEFAULT_SETTINGS.broker, 500, 1, { self, replicas: REPLICAS, minInsync, lagTimeMaxMs, fetchWaitMaxMs: 500, produceTimeoutMs: 30000 });
}

const table = (leader: NodeId | null, leaderEpoch: number, isr: readonly NodeId[] = REPLICAS): PartitionMeta[] => [{ leader, leaderEpoch, isr }];

const traces = (out: readonly Out<BrokerTimer>[]): TraceEvent[] => out.flatMap((o) => (o.type === 'trace' ? [o.event] : []));
const sent = <K extends Payload['kind']>(out: readonly Out<BrokerTimer>[], kind: K): P<K>[] =>
  out.flatMap((o) => (o.type === 'send' && o.payload.kind === kind ? [o.payload as P<K>] : []));

let seq = 0;
function produce(c: BrokerContext, ids: string[], acks: Acks = 'all', now = 0, to: NodeId = 'broker') {
  const batch = { producerId: 7, producerEpoch: 0, baseSequence: seq, records: ids.map((messageId) => ({ messageId, key: null, sendNo: 1 })) };
  seq += ids.length;
  const m = msg('producer', to, { kind: 'ProduceRequest', requestId: `r${nextId}`, acks, batchId: 'b', partition: 0, batch });
  return onProduce(c, m, m.payload, now);
}

/** A follower's fetch as it would send it, served by the leader. */
function fetchAt(leader: BrokerContext, follower: NodeId, fetchOffset: number, now: number, lastFetchedEpoch = fetchOffset > 0 ? 0 : -1, currentLeaderEpoch = 0) {
  const m = msg(follower, leader.replica!.self, { kind: 'ReplicaFetchRequest', requestId: `f${nextId}`, partitions: [{ partition: 0, fetchOffset, lastFetchedEpoch, currentLeaderEpoch }] });
  return onReplicaFetch(leader, m, m.payload, now);
}

/** A leader with every replica in the ISR at epoch 0. */
function leader(minInsync = 2, lagTimeMaxMs = 30000) {
  return onMetadataUpdate(broker('broker', minInsync, lagTimeMaxMs), table('broker', 0), 0).context;
}

describe('the high watermark (maybeIncrementLeaderHW)', () => {
  it('moves only when the followers fetch again: records go out with fetch #1, fetch #2 tells the leader', () => {
    seq = 0;
    let c = produce(leader(), ['m1']).context;
    expect(highWatermark(c, 0)).toBe(0);
    // Fetch #1 from each follower carries m1; the leader learns nothing yet (fetchOffset 0).
    for (const f of ['broker-2', 'broker-3']) {
      const s = fetchAt(c, f, 0, 5);
      expect(sent(s.out, 'ReplicaFetchResponse')[0]!.partitions[0]!.records.map((r) => r.messageId)).toEqual(['m1']);
      c = s.context;
    }
    expect(highWatermark(c, 0)).toBe(0);
    // Fetch #2: broker-2 has m1, but broker-3 (in the ISR) has not said so yet.
    c = fetchAt(c, 'broker-2', 1, 10).context;
    expect(highWatermark(c, 0)).toBe(0);
    const s = fetchAt(c, 'broker-3', 1, 10);
    expect(highWatermark(s.context, 0)).toBe(1);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.highWatermark', highWatermark: 1 }));
  });

  it('is what a consumer can read: nothing above it', () => {
    seq = 0;
    const c = produce(leader(), ['m1']).context;
    const m = msg('consumer', 'broker', { kind: 'FetchRequest', requestId: 'c1', partitions: [{ partition: 0, offset: 0 }], maxRecords: 500 });
    const s = onFetch(c, m, m.payload);
    // Nothing below the HW: the fetch waits (long poll) instead of returning m1.
    expect(sent(s.out, 'FetchResponse')).toEqual([]);
    expect(s.context.parked).toHaveLength(1);
  });

  it('a follower takes HW = min(leader HW, own LEO), one round behind the leader', () => {
    seq = 0;
    let l = produce(leader(), ['m1']).context;
    let f = onMetadataUpdate(broker('broker-2'), table('broker', 0), 0).context;
    const first = fetchAt(l, 'broker-2', 0, 5);
    l = fetchAt(first.context, 'broker-3', 0, 5).context;
    const resp = sent(first.out, 'ReplicaFetchResponse')[0]!;
    f = onReplicaFetchResponse({ ...f, replica: { ...f.replica!, fetching: { broker: resp.requestId } } }, msg('broker', 'broker-2', resp), resp, 6).context;
    expect(f.partitions[0]!.log.length).toBe(1);
    expect(highWatermark(f, 0)).toBe(0);
    l = fetchAt(l, 'broker-3', 1, 10).context;
    const second = fetchAt(l, 'broker-2', 1, 10);
    expect(highWatermark(second.context, 0)).toBe(1);
    // Fetch #2's answer (it waited: nothing new) carries the HW from before that fetch.
    expect(sent(second.out, 'ReplicaFetchResponse')).toEqual([]);
  });
});

describe('acks (KAFKA-RULES §4)', () => {
  it('acks=all: the answer waits until every ISR member has the batch, then NONE with its offset', () => {
    seq = 0;
    let s = produce(leader(), ['m1']);
    expect(sent(s.out, 'ProduceResponse')).toEqual([]);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.waitingForIsr', requiredOffset: 1 }));
    let c = s.context;
    for (const f of ['broker-2', 'broker-3']) c = fetchAt(c, f, 0, 5).context;
    c = fetchAt(c, 'broker-2', 1, 10).context;
    s = fetchAt(c, 'broker-3', 1, 10);
    expect(sent(s.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NONE', baseOffset: 0 })]);
  });

  it('acks=1: the leader answers after its own write, while the HW is still below the record', () => {
    seq = 0;
    const s = produce(leader(), ['m1'], 1);
    expect(sent(s.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NONE', baseOffset: 0 })]);
    expect(highWatermark(s.context, 0)).toBe(0);
  });

  it('acks=0: no answer at all', () => {
    seq = 0;
    expect(sent(produce(leader(), ['m1'], 0).out, 'ProduceResponse')).toEqual([]);
  });

  it('acks=all with the ISR below min.insync.replicas: NOT_ENOUGH_REPLICAS before the append, nothing written', () => {
    seq = 0;
    const c = onMetadataUpdate(broker('broker'), table('broker', 0, ['broker']), 0).context;
    const s = produce(c, ['m1']);
    expect(sent(s.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NOT_ENOUGH_REPLICAS', baseOffset: -1 })]);
    expect(s.context.partitions[0]!.log.length).toBe(0);
    // acks=1 is never checked against min.insync.replicas.
    expect(sent(produce(c, ['m2'], 1).out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NONE' })]);
  });

  it('an acks=all batch the ISR does not get within the request timeout: REQUEST_TIMED_OUT, yet it stays in the log', () => {
    seq = 0;
    const s = produce(leader(), ['m1']);
    const timer = s.out.find((o) => o.type === 'timer' && o.event.type === 'PRODUCE_TIMEOUT');
    expect(timer).toMatchObject({ delay: 30000 });
    const t = onProduceTimeout(s.context, (timer as { event: { requestId: string } }).event.requestId);
    expect(sent(t.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'REQUEST_TIMED_OUT' })]);
    expect(t.context.partitions[0]!.log.length).toBe(1);
  });

  it('a retried batch recognised as a duplicate still waits for the ISR before it is answered', () => {
    seq = 0;
    const first = produce(leader(), ['m1']);
    seq = 0;
    const retry = produce(first.context, ['m1']);
    expect(traces(retry.out).map((e) => e.type)).toContain('broker.duplicate');
    expect(sent(retry.out, 'ProduceResponse')).toEqual([]);
    expect(retry.context.partitions[0]!.log.length).toBe(1);
  });

  it('answers on one connection keep their order: a later answer waits behind one that waits for the ISR', () => {
    seq = 0;
    const c = produce(leader(), ['m1']).context;
    // The same connection: an out-of-order batch is refused at once, but its answer queues.
    seq = 5;
    const s = produce(c, ['m9']);
    expect(traces(s.out).map((e) => e.type)).toContain('broker.outOfOrderSequence');
    expect(sent(s.out, 'ProduceResponse')).toEqual([]);
  });
});

describe('the ISR', () => {
  it('drops a follower that has not caught up for replica.lag.time.max.ms, and then acks=all is refused', () => {
    seq = 0;
    let c = leader(2, 1000);
    c = produce(c, ['m1'], 1).context;
    // broker-2 keeps fetching; broker-3 stops.
    c = fetchAt(c, 'broker-2', 0, 100).context;
    c = fetchAt(c, 'broker-2', 1, 200).context;
    let s = onIsrCheck(c, 900);
    expect(traces(s.out)).toEqual([]);
    c = fetchAt(s.context, 'broker-2', 1, 1500).context;
    s = onIsrCheck(c, 1500);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.isrShrank', removed: 'broker-3', isr: ['broker', 'broker-2'], reason: 'lagging' }));
    expect(s.out).toContainEqual({ type: 'alterPartition', partition: 0, leaderEpoch: 0, isr: ['broker', 'broker-2'] });
    // With broker-3 gone the HW can move to broker-2's LEO.
    expect(highWatermark(s.context, 0)).toBe(1);
    // broker-2 stops too. With nothing new it still counts as caught up (its LEO is the leader's);
    // after the next write it is not, and it leaves: the ISR is the leader alone, below min.insync.replicas 2.
    expect(traces(onIsrCheck(s.context, 3000).out)).toEqual([]);
    s = onIsrCheck(produce(s.context, ['m2'], 1, 2000).context, 3000);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.isrShrank', removed: 'broker-2', isr: ['broker'] }));
    const refused = produce(s.context, ['m3']);
    expect(sent(refused.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NOT_ENOUGH_REPLICAS' })]);
  });

  it('takes back a follower once it has caught up (LEO ≥ HW and ≥ the epoch start)', () => {
    seq = 0;
    let c = onMetadataUpdate(broker('broker', 1), table('broker', 0, ['broker', 'broker-2']), 0).context;
    c = produce(c, ['m1', 'm2']).context;
    c = fetchAt(c, 'broker-2', 0, 5).context;
    c = fetchAt(c, 'broker-2', 2, 10).context;
    expect(highWatermark(c, 0)).toBe(2);
    // broker-3 is behind the HW: not yet.
    let s = fetchAt(c, 'broker-3', 0, 20);
    expect(traces(s.out).filter((e) => e.type === 'replica.isrExpanded')).toEqual([]);
    s = fetchAt(s.context, 'broker-3', 2, 30);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.isrExpanded', added: 'broker-3', isr: REPLICAS }));
  });
});

describe('leadership', () => {
  it('a broker that does not lead the partition answers NOT_LEADER_OR_FOLLOWER to produce and fetch', () => {
    seq = 0;
    const f = onMetadataUpdate(broker('broker-2'), table('broker', 0), 0).context;
    const s = produce(f, ['m1'], 'all', 0, 'broker-2');
    expect(sent(s.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NOT_LEADER_OR_FOLLOWER' })]);
    expect(traces(s.out)).toContainEqual(expect.objectContaining({ type: 'replica.notLeader', request: 'produce' }));
    const m = msg('consumer', 'broker-2', { kind: 'FetchRequest', requestId: 'c1', partitions: [{ partition: 0, offset: 0 }], maxRecords: 500 });
    expect(sent(onFetch(f, m, m.payload).out, 'FetchResponse')[0]!.partitions[0]!.error).toBe('NOT_LEADER_OR_FOLLOWER');
  });

  it('a leader that loses leadership answers what waited for the ISR with NOT_LEADER_OR_FOLLOWER', () => {
    seq = 0;
    const c = produce(leader(), ['m1']).context;
    const s = onMetadataUpdate(c, table('broker-2', 1, ['broker-2', 'broker-3']), 10);
    expect(sent(s.out, 'ProduceResponse')).toEqual([expect.objectContaining({ error: 'NOT_LEADER_OR_FOLLOWER' })]);
    // It now follows broker-2: its first fetch goes there.
    expect(s.out).toContainEqual(expect.objectContaining({ type: 'send', to: 'broker-2', payload: expect.objectContaining({ kind: 'ReplicaFetchRequest' }) }));
  });

  it('a fetch with a stale leader epoch is fenced', () => {
    const c = onMetadataUpdate(broker('broker'), table('broker', 3), 0).context;
    const s = fetchAt(c, 'broker-2', 0, 5, -1, 2);
    expect(sent(s.out, 'ReplicaFetchResponse')[0]!.partitions[0]!.error).toBe('FENCED_LEADER_EPOCH');
  });
});
