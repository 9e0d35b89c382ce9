import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import type { Fault, TraceEvent } from './types';

const offsetsInDb = { consumerApp: { idempotence: 'offsets-in-db' as const, commit: 'none' as const }, consumer: { 'max.poll.records': 1 } };
const all = (r: ReturnType<typeof runScenario>) => r.timeline.steps.flatMap((s) => s.events);
const of = <T extends TraceEvent['type']>(es: TraceEvent[], type: T) => es.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('offsets stored in the database with the data (seed 001: the external system)', () => {
  const crashAfterProcessing: Fault[] = [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 100 }];

  it('a restarted consumer resumes from the offset stored with the last effect: no reprocessing', () => {
    const r = runScenario({ preset: 'at-least-once', settings: offsetsInDb, produce: { count: 4 }, faults: crashAfterProcessing });
    const reads = of(all(r), 'sink.offsetsRead').map((e) => e.offsets[0]?.offset ?? null);
    expect(reads).toEqual([null, 2]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 4 });
    // Kafka's committed offsets are never used.
    expect(of(all(r), 'consumer.commit')).toEqual([]);
    expect(r.timeline.current.nodes.sink.context.offsets.get(0)).toBe(4);
  });

  it('the same crash with offsets committed to Kafka after processing reprocesses a record', () => {
    const r = runScenario({ preset: 'at-least-once', settings: { consumer: { 'max.poll.records': 1 } }, produce: { count: 4 }, faults: crashAfterProcessing });
    expect(r.ledger.summary.duplicated).toBe(1);
  });

  it('a write whose acknowledgement was lost is recognised by its offset and skipped', () => {
    const r = runScenario({ preset: 'at-least-once', settings: offsetsInDb, produce: { count: 3 }, faults: [{ type: 'drop', message: 'SinkWriteAck', nth: 2 }] });
    expect(of(all(r), 'sink.offsetSkipped')).toEqual([{ type: 'sink.offsetSkipped', messageId: 'm2', partition: 0, offset: 1, stored: 2 }]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('keeps a position per partition', () => {
    const r = runScenario({ preset: 'at-least-once', settings: { ...offsetsInDb, topic: { partitions: 2 } }, produce: { count: 6 }, faults: crashAfterProcessing });
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 6 });
    const offsets = r.timeline.current.nodes.sink.context.offsets;
    expect([offsets.get(0), offsets.get(1)]).toEqual([3, 3]);
  });

  it('refuses Kafka commits alongside it, naming the setting', () => {
    expect(() => runScenario({ preset: 'at-least-once', settings: { consumerApp: { idempotence: 'offsets-in-db' } } })).toThrow(/consumerApp.commit: with offsets-in-db/);
  });
});
