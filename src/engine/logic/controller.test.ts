/** The controller's clean election (PartitionChangeBuilder.electAnyLeader) and the leader-epoch cache (kafka-part2 §5). */
import { describe, expect, it } from 'vitest';
import type { BatchInfo, LogRecord, NodeId } from '../types';
import { AppendLog } from './appendLog';
import { alterPartition, brokerCrashed, fence, initialController, register } from './controller';
import { appendAsFollower, assignEpoch, divergenceOffset, endOffsetFor, truncateTo, type ReplicaDisk } from './replicaLog';

const REPLICAS: NodeId[] = ['broker', 'broker-2', 'broker-3'];

describe('the controller', () => {
  it('starts with broker leading every partition at epoch 0, every replica in sync', () => {
    const { state, events } = initialController(REPLICAS, 2);
    expect(state.partitions).toEqual([
      { leader: 'broker', leaderEpoch: 0, isr: REPLICAS },
      { leader: 'broker', leaderEpoch: 0, isr: REPLICAS },
    ]);
    expect(events.map((e) => e.type)).toEqual(['replica.leaderElected', 'replica.leaderElected']);
  });

  it('fences a crashed leader: the first ISR member in assignment order leads, with a higher epoch', () => {
    let s = initialController(REPLICAS, 1).state;
    s = alterPartition(s, 'broker', 0, 0, ['broker', 'broker-3']);
    const { state, events } = fence(brokerCrashed(s, 'broker'), 'broker');
    // broker-2 comes first in the assignment but is out of the ISR: broker-3 leads.
    expect(state.partitions[0]).toEqual({ leader: 'broker-3', leaderEpoch: 1, isr: ['broker-3'] });
    expect(events).toEqual([{ type: 'replica.leaderElected', partition: 0, leader: 'broker-3', leaderEpoch: 1, isr: ['broker-3'] }]);
  });

  it('only fences a broker that crashed, and only once', () => {
    const s = initialController(REPLICAS, 1).state;
    expect(fence(s, 'broker').state).toBe(s);
  });

  it('drops a fenced follower from the ISR; the leader stays', () => {
    const s = initialController(REPLICAS, 1).state;
    const { state, events } = fence(brokerCrashed(s, 'broker-2'), 'broker-2');
    expect(state.partitions[0]).toEqual({ leader: 'broker', leaderEpoch: 0, isr: ['broker', 'broker-3'] });
    expect(events).toEqual([{ type: 'replica.isrShrank', node: 'broker', partition: 0, removed: 'broker-2', isr: ['broker', 'broker-3'], reason: 'fenced' }]);
  });

  it('with no live ISR member there is no leader (no unclean election) until one registers again', () => {
    let s = initialController(REPLICAS, 1).state;
    s = alterPartition(s, 'broker', 0, 0, ['broker']);
    const down = fence(brokerCrashed(s, 'broker'), 'broker');
    // broker-2 and broker-3 are alive but out of sync: they may not lead. The last ISR member stays.
    expect(down.state.partitions[0]).toEqual({ leader: null, leaderEpoch: 1, isr: ['broker'] });
    expect(down.events[0]!.type).toBe('replica.noLeader');
    expect(register(down.state, 'broker-2').state.partitions[0]!.leader).toBeNull();
    const back = register(down.state, 'broker');
    expect(back.state.partitions[0]).toEqual({ leader: 'broker', leaderEpoch: 2, isr: ['broker'] });
  });

  it('ignores an ISR change from a broker that no longer leads, or from an old epoch', () => {
    const s = fence(brokerCrashed(initialController(REPLICAS, 1).state, 'broker'), 'broker').state;
    expect(alterPartition(s, 'broker', 0, 0, ['broker'])).toBe(s);
    expect(alterPartition(s, 'broker-2', 0, 0, ['broker-2'])).toBe(s);
    expect(alterPartition(s, 'broker-2', 0, 1, ['broker-2']).partitions[0]!.isr).toEqual(['broker-2']);
  });
});

function record(offset: number, messageId: string, sequence: number): LogRecord {
  return { partition: 0, offset, messageId, key: null, sendNo: 1, producerId: 7, producerEpoch: 0, sequence, appendedAt: 0 };
}

/** A replica's disk with batches of the given sizes, each under the given leader epoch. */
function disk(batches: readonly [size: number, epoch: number][]): ReplicaDisk {
  let d: ReplicaDisk = { log: AppendLog.empty(), producers: new Map(), batches: AppendLog.empty(), epochs: [], hw: 0 };
  for (const [size, epoch] of batches) {
    const base = d.log.length;
    const records = Array.from({ length: size }, (_, i) => record(base + i, `m${base + i + 1}`, base + i));
    const info: BatchInfo = { baseOffset: base, lastOffset: base + size - 1, leaderEpoch: epoch };
    d = appendAsFollower(d, records, [info]);
  }
  return d;
}

describe('the leader-epoch cache and truncation', () => {
  it('endOffsetFor: where an epoch ended, or the log end for the newest', () => {
    const d = disk([
      [2, 0],
      [1, 0],
      [2, 2],
    ]);
    expect(d.epochs).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ]);
    expect(endOffsetFor(d.epochs, 5, 2)).toEqual({ epoch: 2, endOffset: 5 });
    expect(endOffsetFor(d.epochs, 5, 0)).toEqual({ epoch: 0, endOffset: 3 });
    // Epoch 1 is unknown here: the largest below it is 0, which ended at 3.
    expect(endOffsetFor(d.epochs, 5, 1)).toEqual({ epoch: 0, endOffset: 3 });
    expect(endOffsetFor(d.epochs, 5, 3)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('a returning old leader truncates to where the new leader\'s epoch began', () => {
    // The old leader wrote 3 records in epoch 0; the new leader had copied 2, then wrote in epoch 1.
    const old = disk([
      [2, 0],
      [1, 0],
    ]);
    const newLeader = { ...disk([[2, 0]]), epochs: assignEpoch(disk([[2, 0]]).epochs, 1, 2) };
    const diverging = endOffsetFor(newLeader.epochs, 2, 0);
    expect(diverging).toEqual({ epoch: 0, endOffset: 2 });
    expect(divergenceOffset(old, diverging)).toBe(2);
  });

  it('truncation deletes the records and rebuilds the producer state from what remains', () => {
    const d = disk([
      [2, 0],
      [1, 0],
    ]);
    expect(d.producers.get(7)!.batches.map((b) => [b.firstSeq, b.lastSeq])).toEqual([
      [0, 1],
      [2, 2],
    ]);
    const t = truncateTo({ ...d, hw: 3 }, 2);
    expect(t.log.length).toBe(2);
    expect(t.hw).toBe(2);
    expect(t.batches.toArray()).toEqual([{ baseOffset: 0, lastOffset: 1, leaderEpoch: 0 }]);
    expect(t.producers.get(7)!.batches.map((b) => [b.firstSeq, b.lastSeq])).toEqual([[0, 1]]);
  });
});
