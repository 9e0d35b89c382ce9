/**
 * Property tests with replication (replication.factor 3, min.insync.replicas 2): random fault
 * schedules that crash and restart brokers (leaders and followers), cut and lose their traffic,
 * keep at-least-once and the idempotent consumer's exactly once with acks=all; with acks=1 fast-check finds a schedule
 * that loses an acknowledged record on failover.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import { CRASH_POINTS, type CrashPoint, type Fault, type MessageKind, type NodeId } from './types';

const RUNS = 500;
const BROKERS: NodeId[] = ['broker', 'broker-2', 'broker-3'];
const NODES: NodeId[] = ['producer', ...BROKERS, 'consumer', 'sink'];
const KINDS: MessageKind[] = [
  'ProduceRequest',
  'ProduceResponse',
  'FetchRequest',
  'FetchResponse',
  'OffsetCommitRequest',
  'OffsetCommitResponse',
  'InitProducerIdRequest',
  'ReplicaFetchRequest',
  'ReplicaFetchResponse',
  'MetadataRequest',
  'MetadataResponse',
  'SinkWrite',
  'SinkWriteAck',
];

const time = fc.integer({ min: 0, max: 4000 });
// Some restarts come before the controller's session timeout (3000 here), some after.
const restartAfter = fc.integer({ min: 1, max: 8000 });

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...BROKERS), atMs: time, restartAfterMs: restartAfter }) },
  fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...NODES), atMs: time, restartAfterMs: restartAfter }),
  fc
    .record({ point: fc.constantFrom(...(Object.keys(CRASH_POINTS) as CrashPoint[]).filter((p) => CRASH_POINTS[p] !== 'coordinator')), nth: fc.integer({ min: 1, max: 4 }), restartAfterMs: restartAfter })
    .map(({ point, nth, restartAfterMs }) => ({ type: 'crash' as const, node: CRASH_POINTS[point], point, nth, restartAfterMs })),
  fc.record({ type: fc.constant('drop' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ type: fc.constant('delay' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 8 }), byMs: fc.integer({ min: 1, max: 5000 }) }),
  fc
    .record({ a: fc.constantFrom(...NODES), b: fc.constantFrom(...BROKERS), fromMs: time, length: fc.integer({ min: 1, max: 8000 }) })
    .filter(({ a, b }) => a !== b)
    .map(({ a, b, fromMs, length }) => ({ type: 'cut' as const, between: [a, b] as [NodeId, NodeId], fromMs, toMs: fromMs + length })),
);

const scheduleArb = fc.record({
  faults: fc.array(faultArb, { minLength: 1, maxLength: 4 }),
  count: fc.integer({ min: 1, max: 6 }),
  intervalMs: fc.constantFrom(10, 300),
  seed: fc.integer({ min: 0, max: 1000 }),
});

type Schedule = { faults: Fault[]; count: number; intervalMs: number; seed: number };

function run(preset: 'at-least-once' | 'idempotent-consumer', acks: 1 | 'all', s: Schedule) {
  return runScenario({
    preset,
    seed: s.seed,
    produce: { count: s.count, intervalMs: s.intervalMs },
    // Shorter timeouts keep runs short; the rules are the same.
    settings: {
      producer: { acks, 'request.timeout.ms': 1000 },
      consumer: { 'request.timeout.ms': 1000 },
      broker: { 'replica.lag.time.max.ms': 2000, 'broker.session.timeout.ms': 3000 },
      topic: { 'replication.factor': 3, 'min.insync.replicas': 2 },
      network: { jitterMs: 3 },
    },
    faults: s.faults,
    horizonMs: 3_600_000,
  });
}

const describeFailure = (r: ReturnType<typeof run>) =>
  JSON.stringify({ summary: r.ledger.summary, faults: r.run.faults, rows: r.ledger.messages.map((m) => [m.messageId, m.status, m.appends.length, m.effects.length]) });

describe('with replication.factor 3, min.insync.replicas 2 and acks=all, broker crashes lose nothing', () => {
  it.each([
    { preset: 'at-least-once' as const, guarantee: 'never loses', holds: (r: ReturnType<typeof run>) => r.ledger.summary.lost === 0 },
    {
      preset: 'idempotent-consumer' as const,
      guarantee: 'neither loses nor duplicates',
      holds: (r: ReturnType<typeof run>) => r.ledger.summary.lost === 0 && r.ledger.summary.duplicated === 0,
    },
  ])('$preset $guarantee', ({ preset, holds }) => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const r = run(preset, 'all', s);
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        if (!holds(r)) throw new Error(describeFailure(r));
      }),
      { numRuns: RUNS, seed: 20261123 },
    );
  });
});

describe('with acks=1 a failover loses acknowledged records: fast-check finds the schedule', () => {
  it('at-least-once with acks=1: a loss', () => {
    const noLoss = (s: Schedule) => run('at-least-once', 1, s).ledger.summary.lost === 0;
    const result = fc.check(fc.property(scheduleArb, noLoss), { numRuns: RUNS * 3, seed: 20261123 });
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample![0];
    const r = run('at-least-once', 1, counterexample);
    expect(r.ledger.summary.lost).toBeGreaterThan(0);
    // The loss is replication's: the producer saw success for a record that a truncation deleted,
    // or that the old leader alone had.
    const lost = r.ledger.messages.filter((m) => m.status === 'lost');
    expect(lost.some((m) => m.appends.length > 0)).toBe(true);
  });
});
