import { DEFAULT_GROUP_ID } from './logic/groupCoordinator';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from './logic/partitioner';
import { runScenario } from './testing';
import type { TraceEvent } from './types';

const events = (r: ReturnType<typeof runScenario>) => r.timeline.steps.flatMap((s) => s.events);
const of = <T extends TraceEvent['type']>(all: TraceEvent[], type: T) => all.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('a topic with several partitions', () => {
  it('sends every record of a key to the partition Kafka would pick, and keeps order per key', () => {
    const keys = ['alice', 'dave', 'carol', 'user-4'];
    const r = runScenario({ preset: 'at-least-once', settings: { topic: { partitions: 3 } }, produce: { count: 12, keys } });
    for (const m of r.ledger.messages) {
      expect(m.appends.map((a) => a.partition)).toEqual([partitionForKey(m.key!, 3)]);
    }
    // Offsets count per partition: alice and carol each have their own offset 0.
    const firsts = r.ledger.messages.filter((m) => m.appends[0]!.offset === 0).map((m) => m.key);
    expect(new Set(firsts)).toEqual(new Set(['alice', 'dave', 'carol']));
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
  });

  it('spreads records without a key over the partitions in turn, a batch at a time', () => {
    const r = runScenario({ preset: 'at-least-once', settings: { topic: { partitions: 3 } }, produce: { count: 6 } });
    expect(r.ledger.messages.map((m) => m.appends[0]!.partition)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('numbers idempotent batches per partition, each from sequence 0', () => {
    const r = runScenario({ preset: 'idempotent-consumer', settings: { topic: { partitions: 2 } }, produce: { count: 4 } });
    const appended = of(events(r), 'broker.appended').map((e) => [e.partition, e.baseSequence]);
    expect(appended).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
  });

  it('has the consumer read every partition and commit a position for each', () => {
    const r = runScenario({ preset: 'at-least-once', settings: { topic: { partitions: 3 } }, produce: { count: 6 } });
    const all = events(r);
    expect(of(all, 'consumer.joined')[0]!.assignment).toEqual([0, 1, 2]);
    expect(r.timeline.current.nodes.broker.context.groups[DEFAULT_GROUP_ID]!.committed).toEqual({ 0: 2, 1: 2, 2: 2 });
    expect(r.ledger.summary.effects).toBe(6);
  });

  it('refuses a fault that names a node the run does not have', () => {
    expect(() => runScenario({ preset: 'at-least-once', faults: [{ type: 'crash', node: 'consumer-2', atMs: 5 }] })).toThrow(/no node "consumer-2"/);
  });
});
