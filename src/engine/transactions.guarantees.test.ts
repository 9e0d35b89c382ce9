/**
 * The exactly-once preset's property: a transactional producer, a read_committed copier that
 * commits its output and its input offsets in one transaction, under random fault schedules
 * (drops of every message kind, crashes at times and at every crash point, the coordinator
 * included, each crashed node restarted; cuts; delays; NOT_ENOUGH_REPLICAS).
 *
 * The copier's guarantee is per input record: every message has exactly as many committed copies
 * in the output topic as it has committed records in the input topic, and at least one. Only a
 * producer crash can give a message two committed input records (the restarted application sends
 * again what it never saw committed; no Kafka API tells it), so without one nothing is duplicated.
 *
 * The faults stay within what TCP allows: no duplicated requests, and no delay past
 * request.timeout.ms (a request overtaken by its own retry). Those leave TV1 transactions hanging
 * in Kafka too (KIP-890); see the simplifications.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import { CRASH_POINTS, MESSAGE_KINDS, type CrashPoint, type Fault, type MessageKind, type NodeId } from './types';

const RUNS = 1000;
const NODES: NodeId[] = ['producer', 'broker', 'consumer', 'coordinator'];
const POINTS = (Object.keys(CRASH_POINTS) as CrashPoint[]).filter((p) => NODES.includes(CRASH_POINTS[p]));
const KINDS = MESSAGE_KINDS.filter((k) => k !== 'SinkWrite' && k !== 'SinkWriteAck');
/** Repeats that are harmless by design (answers are matched to requests; fetches and produce are idempotent). */
const DUPLICABLE: MessageKind[] = KINDS.filter((k) => k.endsWith('Response') || ['ProduceRequest', 'FetchRequest', 'ListOffsetsRequest', 'OffsetFetchRequest', 'JoinGroupRequest'].includes(k));
const REQUEST_TIMEOUT_MS = 1000;

const time = fc.integer({ min: 0, max: 3000 });
const restartAfter = fc.integer({ min: 1, max: 3000 });

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ type: fc.constant('reject' as const), nth: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ type: fc.constant('drop' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ type: fc.constant('delay' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }), byMs: fc.integer({ min: 1, max: REQUEST_TIMEOUT_MS - 100 }) }),
  fc.record({ type: fc.constant('duplicate' as const), message: fc.constantFrom(...DUPLICABLE), nth: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...NODES), atMs: time, restartAfterMs: restartAfter }),
  fc
    .record({ point: fc.constantFrom(...POINTS), nth: fc.integer({ min: 1, max: 4 }), restartAfterMs: restartAfter })
    .map(({ point, nth, restartAfterMs }) => ({ type: 'crash' as const, node: CRASH_POINTS[point], point, nth, restartAfterMs })),
  fc
    .record({ a: fc.constantFrom(...NODES), b: fc.constantFrom(...NODES), fromMs: time, length: fc.integer({ min: 1, max: 5000 }) })
    .filter(({ a, b }) => a !== b)
    .map(({ a, b, fromMs, length }) => ({ type: 'cut' as const, between: [a, b] as [NodeId, NodeId], fromMs, toMs: fromMs + length })),
);

const scheduleArb = fc.record({
  faults: fc.array(faultArb, { minLength: 1, maxLength: 4 }),
  count: fc.integer({ min: 1, max: 7 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  maxPollRecords: fc.integer({ min: 1, max: 3 }),
  partitions: fc.integer({ min: 1, max: 3 }),
  transactionSize: fc.integer({ min: 1, max: 4 }),
});
type Schedule = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

function run(s: Schedule) {
  return runScenario({
    preset: 'exactly-once',
    seed: s.seed,
    produce: { count: s.count, intervalMs: 10 },
    settings: {
      producer: { 'request.timeout.ms': REQUEST_TIMEOUT_MS },
      producerApp: { transactionSize: s.transactionSize },
      consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': REQUEST_TIMEOUT_MS },
      topic: { partitions: s.partitions },
      network: { jitterMs: 3 },
    },
    faults: s.faults,
    horizonMs: 3_600_000,
  });
}

type Result = ReturnType<typeof run>;
const committedInputs = (m: Result['ledger']['messages'][number]) => m.appends.filter((a) => a.txn === 'committed').length;
const describeFailure = (r: Result) =>
  JSON.stringify({
    summary: r.ledger.summary,
    faults: r.run.faults,
    rows: r.ledger.messages.map((m) => [m.messageId, m.status, m.appends.map((a) => a.txn), (m.outputs ?? []).map((o) => o.txn), m.effects.length]),
  });

describe('exactly-once (transactions) under random faults (every crashed node restarted)', () => {
  it('every committed input record has exactly one committed copy in the output, and nothing is lost', () => {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const r = run(s);
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        const ok =
          r.ledger.summary.lost === 0 &&
          r.ledger.messages.every((m) => committedInputs(m) >= 1 && m.effects.length === committedInputs(m) && (m.outputs ?? []).every((o) => o.txn !== 'open') && m.appends.every((a) => a.txn !== 'open'));
        if (!ok) throw new Error(describeFailure(r));
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  it('without a producer crash, every message has exactly one effect', () => {
    const noProducerCrash = scheduleArb.filter((s) => s.faults.every((f) => !((f.type === 'crash' || f.type === 'restart') && f.node === 'producer')));
    fc.assert(
      fc.property(noProducerCrash, (s) => {
        const r = run(s);
        const { summary } = r.ledger;
        if (summary.end !== 'quiescent' || summary.lost !== 0 || summary.duplicated !== 0 || summary.logDuplicates !== 0) throw new Error(describeFailure(r));
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('a producer crash can still write a message twice to the input: fast-check finds one', () => {
    const result = fc.check(
      fc.property(scheduleArb, (s) => run(s).ledger.summary.duplicated === 0),
      { numRuns: RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample![0];
    expect(counterexample.faults.some((f) => f.type === 'crash' && f.node === 'producer')).toBe(true);
  });
});
