/**
 * Property tests: random fault schedules (every crashed node restarted) against each preset's
 * guarantee, and the converse: fast-check finds a schedule that breaks the weaker guarantees.
 * Then the same with two consumers in a group, where the schedules also crash, restart and stop
 * `consumer-2`, so partitions move between consumers through rebalances.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, type PresetName } from './config';
import { runScenario } from './testing';
import { CRASH_POINTS, type CrashPoint, type Fault, type MessageKind, type NodeId } from './types';

const RUNS = 1000;
const NODES: NodeId[] = ['producer', 'broker', 'consumer', 'sink'];
const REQUESTS: MessageKind[] = [
  'ProduceRequest',
  'FetchRequest',
  'OffsetCommitRequest',
  'OffsetFetchRequest',
  'JoinGroupRequest',
  'HeartbeatRequest',
  'ListOffsetsRequest',
  'InitProducerIdRequest',
  'SinkWrite',
];
const RESPONSES: MessageKind[] = [
  'ProduceResponse',
  'FetchResponse',
  'OffsetCommitResponse',
  'OffsetFetchResponse',
  'JoinGroupResponse',
  'HeartbeatResponse',
  'ListOffsetsResponse',
  'InitProducerIdResponse',
  'SinkWriteAck',
];
const KINDS = [...REQUESTS, ...RESPONSES];
// TCP never hands a request over twice; at-most-once relies on that. The network duplicates
// requests only in the at-least-once and exactly-once properties, where it must not matter.
const DUPLICABLE_FOR_AT_MOST_ONCE = RESPONSES.concat(['FetchRequest', 'OffsetCommitRequest', 'OffsetFetchRequest', 'JoinGroupRequest', 'HeartbeatRequest', 'ListOffsetsRequest', 'InitProducerIdRequest']);

const time = fc.integer({ min: 0, max: 3000 });
const restartAfter = fc.integer({ min: 1, max: 3000 });

/**
 * `reject` (NOT_ENOUGH_REPLICAS) exists only for acks=all, so not for at-most-once. `nodes`: the
 * nodes a schedule may crash or cut off; a consumer crash point may hit any of its consumers.
 */
function faultArb(duplicable: MessageKind[], withReject: boolean, nodes: NodeId[] = NODES): fc.Arbitrary<Fault> {
  const consumers = nodes.filter((n) => n.startsWith('consumer'));
  const reject = fc.record({ type: fc.constant('reject' as const), nth: fc.integer({ min: 1, max: 6 }) });
  return fc.oneof(
    ...(withReject ? [reject] : []),
    fc.record({ type: fc.constant('drop' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('delay' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }), byMs: fc.integer({ min: 1, max: 5000 }) }),
    fc.record({ type: fc.constant('duplicate' as const), message: fc.constantFrom(...duplicable), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...nodes), atMs: time, restartAfterMs: restartAfter }),
    fc
      .record({
        point: fc.constantFrom(...(Object.keys(CRASH_POINTS) as CrashPoint[])),
        consumer: fc.constantFrom(...consumers),
        nth: fc.integer({ min: 1, max: 4 }),
        restartAfterMs: restartAfter,
      })
      .map(({ point, consumer, nth, restartAfterMs }) => ({
        type: 'crash' as const,
        node: CRASH_POINTS[point] === 'consumer' ? consumer : CRASH_POINTS[point],
        point,
        nth,
        restartAfterMs,
      })),
    fc
      .record({ a: fc.constantFrom(...nodes), b: fc.constantFrom(...nodes), fromMs: time, length: fc.integer({ min: 1, max: 5000 }) })
      .filter(({ a, b }) => a !== b)
      .map(({ a, b, fromMs, length }) => ({ type: 'cut' as const, between: [a, b] as [NodeId, NodeId], fromMs, toMs: fromMs + length })),
  );
}

const scheduleArb = (preset: PresetName) =>
  fc.record({
    faults: fc.array(faultArb(preset === 'at-most-once' ? DUPLICABLE_FOR_AT_MOST_ONCE : KINDS, preset !== 'at-most-once'), { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 3 }),
  });

function run(preset: PresetName, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number }) {
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
  it.each<{ preset: PresetName; guarantee: string; holds: Holds }>([
    { preset: 'at-most-once', guarantee: 'never duplicates', holds: (r) => r.ledger.summary.duplicated === 0 },
    { preset: 'at-least-once', guarantee: 'never loses', holds: (r) => r.ledger.summary.lost === 0 },
    { preset: 'exactly-once', guarantee: 'neither loses nor duplicates', holds: (r) => r.ledger.summary.lost === 0 && r.ledger.summary.duplicated === 0 },
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
  it.each<{ preset: PresetName; violation: string; noViolation: (r: ReturnType<typeof run>) => boolean }>([
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

  it('covers all three presets', () => {
    expect(PRESET_NAMES).toEqual(['at-most-once', 'at-least-once', 'exactly-once']);
  });
});

describe('two consumers in a group: random schedules also crash and restart (or stop) consumer-2, and the guarantees hold', () => {
  const GROUP_RUNS = 400;
  const GROUP_NODES: NodeId[] = [...NODES, 'consumer-2'];
  const groupFault = fc.oneof(
    { weight: 5, arbitrary: faultArb(KINDS, true, GROUP_NODES) },
    // consumer-2 crashes and restarts: a new member, a rebalance, its partition moving and back.
    { weight: 3, arbitrary: fc.record({ type: fc.constant('crash' as const), node: fc.constant('consumer-2'), atMs: time, restartAfterMs: restartAfter }) },
    // consumer-2 closes cleanly and stays away: the other consumer takes both partitions at once.
    { weight: 1, arbitrary: fc.record({ type: fc.constant('leave' as const), node: fc.constant('consumer-2'), atMs: time }) },
  );
  const groupSchedule = fc.record({
    faults: fc.array(groupFault, { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 3 }),
    autoCommit: fc.boolean(),
  });

  function groupRun(preset: PresetName, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number; autoCommit: boolean }) {
    return runScenario({
      preset,
      seed: s.seed,
      produce: { count: s.count, intervalMs: 10, keys: ['a', 'd'] },
      settings: {
        producer: { 'request.timeout.ms': 1000 },
        // With auto-commit as well, the commit before rejoining and on close comes into play.
        consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000, 'enable.auto.commit': s.autoCommit, 'auto.commit.interval.ms': 1000 },
        consumerApp: { instances: 2 },
        topic: { partitions: 2 },
        network: { jitterMs: 3 },
      },
      faults: s.faults,
      horizonMs: 3_600_000,
    });
  }

  it.each<{ preset: PresetName; guarantee: string; holds: (r: ReturnType<typeof run>) => boolean }>([
    { preset: 'at-least-once', guarantee: 'never loses', holds: (r) => r.ledger.summary.lost === 0 },
    { preset: 'exactly-once', guarantee: 'neither loses nor duplicates an effect', holds: (r) => r.ledger.summary.lost === 0 && r.ledger.summary.duplicated === 0 },
  ])('$preset $guarantee', ({ preset, holds }) => {
    fc.assert(
      fc.property(groupSchedule, (s) => {
        const r = groupRun(preset, s);
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        if (!holds(r)) throw new Error(describeFailure(r));
      }),
      { numRuns: GROUP_RUNS, seed: 20261122 },
    );
  });

  it('and at least once still duplicates: fast-check finds a rebalance that re-delivers', () => {
    const result = fc.check(
      fc.property(groupSchedule, (s) => groupRun('at-least-once', s).ledger.summary.duplicated === 0),
      { numRuns: GROUP_RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
  });
});
