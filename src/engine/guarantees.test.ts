/**
 * Property tests: random fault schedules (every crashed node restarted) against each preset's
 * guarantee, and the converse: fast-check finds a schedule that breaks the weaker guarantees.
 * The transactional exactly-once pipeline has its own property (transactions.guarantees.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, type PresetName } from './config';
import { runScenario } from './testing';
import { CRASH_POINTS, type CrashPoint, type Fault, type MessageKind, type NodeId } from './types';

/** The presets without transactions (their runs have no coordinator). */
type Preset = Exclude<PresetName, 'exactly-once'>;
/** The crash points of the nodes these runs have (the transactional points never come up). */
const POINTS: CrashPoint[] = ['after-send-before-response', 'after-append-before-response', 'after-processing-before-commit', 'after-commit-before-processing'];

const RUNS = 1000;
const NODES: NodeId[] = ['producer', 'broker', 'consumer', 'sink'];
const REQUESTS: MessageKind[] = ['ProduceRequest', 'FetchRequest', 'OffsetCommitRequest', 'OffsetFetchRequest', 'JoinGroupRequest', 'ListOffsetsRequest', 'InitProducerIdRequest', 'SinkWrite'];
const RESPONSES: MessageKind[] = ['ProduceResponse', 'FetchResponse', 'OffsetCommitResponse', 'OffsetFetchResponse', 'JoinGroupResponse', 'ListOffsetsResponse', 'InitProducerIdResponse', 'SinkWriteAck'];
const KINDS = [...REQUESTS, ...RESPONSES];
// TCP never hands a request over twice; at-most-once relies on that. The network duplicates
// requests only in the at-least-once and exactly-once properties, where it must not matter.
const DUPLICABLE_FOR_AT_MOST_ONCE = RESPONSES.concat(['FetchRequest', 'OffsetCommitRequest', 'OffsetFetchRequest', 'JoinGroupRequest', 'ListOffsetsRequest', 'InitProducerIdRequest']);

const time = fc.integer({ min: 0, max: 3000 });
const restartAfter = fc.integer({ min: 1, max: 3000 });

/** `reject` (NOT_ENOUGH_REPLICAS) exists only for acks=all, so not for at-most-once. */
function faultArb(duplicable: MessageKind[], withReject: boolean): fc.Arbitrary<Fault> {
  const reject = fc.record({ type: fc.constant('reject' as const), nth: fc.integer({ min: 1, max: 6 }) });
  return fc.oneof(
    ...(withReject ? [reject] : []),
    fc.record({ type: fc.constant('drop' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('delay' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }), byMs: fc.integer({ min: 1, max: 5000 }) }),
    fc.record({ type: fc.constant('duplicate' as const), message: fc.constantFrom(...duplicable), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...NODES), atMs: time, restartAfterMs: restartAfter }),
    fc
      .record({ point: fc.constantFrom(...POINTS), nth: fc.integer({ min: 1, max: 4 }), restartAfterMs: restartAfter })
      .map(({ point, nth, restartAfterMs }) => ({ type: 'crash' as const, node: CRASH_POINTS[point], point, nth, restartAfterMs })),
    fc
      .record({ a: fc.constantFrom(...NODES), b: fc.constantFrom(...NODES), fromMs: time, length: fc.integer({ min: 1, max: 5000 }) })
      .filter(({ a, b }) => a !== b)
      .map(({ a, b, fromMs, length }) => ({ type: 'cut' as const, between: [a, b] as [NodeId, NodeId], fromMs, toMs: fromMs + length })),
  );
}

const scheduleArb = (preset: Preset) =>
  fc.record({
    faults: fc.array(faultArb(preset === 'at-most-once' ? DUPLICABLE_FOR_AT_MOST_ONCE : KINDS, preset !== 'at-most-once'), { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 3 }),
  });

function run(preset: Preset, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number }) {
  return runScenario({
    preset,
    seed: s.seed,
    produce: { count: s.count, intervalMs: 10 },
    // Shorter timeouts keep runs short; the rules are the same.
    settings: {
      producer: { 'request.timeout.ms': 1000 },
      consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 },
      network: { jitterMs: 3 },
    },
    faults: s.faults,
    horizonMs: 3_600_000,
  });
}

const describeFailure = (r: ReturnType<typeof run>) =>
  JSON.stringify({ summary: r.ledger.summary, faults: r.run.faults, rows: r.ledger.messages.map((m) => [m.messageId, m.status, m.appends.length, m.effects.length]) });

describe('each preset keeps its guarantee under random faults (every crashed node restarted)', () => {
  type Holds = (r: ReturnType<typeof run>) => boolean;
  it.each<{ preset: Preset; guarantee: string; holds: Holds }>([
    { preset: 'at-most-once', guarantee: 'never duplicates', holds: (r) => r.ledger.summary.duplicated === 0 },
    { preset: 'at-least-once', guarantee: 'never loses', holds: (r) => r.ledger.summary.lost === 0 },
    { preset: 'idempotent-consumer', guarantee: 'neither loses nor duplicates', holds: (r) => r.ledger.summary.lost === 0 && r.ledger.summary.duplicated === 0 },
  ])('$preset $guarantee', ({ preset, holds }) => {
    fc.assert(
      fc.property(scheduleArb(preset), (s) => {
        const r = run(preset, s);
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        if (!holds(r)) throw new Error(describeFailure(r));
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });
});

describe('and the weaker guarantees do break: fast-check finds the schedule', () => {
  it.each<{ preset: Preset; violation: string; noViolation: (r: ReturnType<typeof run>) => boolean }>([
    { preset: 'at-most-once', violation: 'a loss', noViolation: (r) => r.ledger.summary.lost === 0 },
    { preset: 'at-least-once', violation: 'a duplicate', noViolation: (r) => r.ledger.summary.duplicated === 0 },
  ])('$preset: $violation', ({ preset, noViolation }) => {
    const result = fc.check(
      fc.property(scheduleArb(preset), (s) => noViolation(run(preset, s))),
      { numRuns: RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample![0];
    expect(counterexample.faults.length).toBeGreaterThan(0);
    expect(noViolation(run(preset, counterexample))).toBe(false);
  });

  it('covers every preset (exactly-once in transactions.guarantees.test.ts)', () => {
    expect(PRESET_NAMES).toEqual(['at-most-once', 'at-least-once', 'exactly-once', 'idempotent-consumer']);
  });
});
