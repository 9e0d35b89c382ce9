/**
 * Property tests: random fault schedules (every crashed node restarted) against each preset's
 * guarantee, and the converse: fast-check finds a schedule that breaks the weaker guarantees.
 * The same for the sink strategies: the correct ones keep every effect single, and
 * last-processed-id loses a message when a retry reorders the log.
 *
 * Then the same with two consumers in a group, where the schedules also crash, restart and stop
 * `consumer-2`, so partitions move between consumers through rebalances.
 * The fan-out to several services and bulk inserts: guarantees.services.test.ts. The transactional exactly-once pipeline has its own property (transactions.guarantees.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from './config';
import { runScenario } from './testing';
import { faultArb, KINDS, NODES, restartAfter, RUNS, scheduleArb, time, type Preset } from './faultSchedules';
import type { Fault, NodeId, SinkStrategy } from './types';

/** `sink`: another database strategy than the preset's, and keys for the messages (cycled). */
function run(preset: Preset, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number }, sink: { idempotence?: SinkStrategy; keys?: string[] } = {}) {
  return runScenario({
    preset,
    seed: s.seed,
    produce: { count: s.count, intervalMs: 10, ...(sink.keys ? { keys: sink.keys } : {}) },
    // Shorter timeouts keep runs short; the rules are the same.
    settings: {
      producer: { 'request.timeout.ms': 1000 },
      consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 },
      // offsets-in-db stores offsets with the data and commits nothing to Kafka.
      ...(sink.idempotence ? { consumerApp: { idempotence: sink.idempotence, ...(sink.idempotence === 'offsets-in-db' ? { commit: 'none' as const } : {}) } } : {}),
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

describe('the sink strategies under random faults (every crashed node restarted)', () => {
  // Five keys for at most five messages: under `version`, every message is its own entity.
  const OWN_ENTITY = ['k1', 'k2', 'k3', 'k4', 'k5'];

  it.each<{ strategy: SinkStrategy; keys?: string[] }>([
    { strategy: 'processed-ids' },
    { strategy: 'unique-key' },
    { strategy: 'version', keys: OWN_ENTITY },
    // Without the `fail` fault: the fault schedules never make a database write fail.
    { strategy: 'cache-then-unique' },
  ])('$strategy with the idempotent producer: every effect exactly once', ({ strategy, keys }) => {
    fc.assert(
      fc.property(scheduleArb('idempotent-consumer'), (s) => {
        const r = run('idempotent-consumer', s, { idempotence: strategy, ...(keys ? { keys } : {}) });
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        const { lost, duplicated, superseded, effects, messages } = r.ledger.summary;
        if (lost + duplicated + superseded > 0 || effects !== messages) throw new Error(describeFailure(r));
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  // Offsets stored with the data make the consumer side exactly once per record in the log: a copy
  // the producer wrote twice (a restart gets a new producer id) is two records, each applied once.
  it('offsets-in-db: every copy in the log has exactly one effect, whatever crashes and losses', () => {
    fc.assert(
      fc.property(scheduleArb('idempotent-consumer'), (s) => {
        const r = run('idempotent-consumer', s, { idempotence: 'offsets-in-db' });
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        for (const m of r.ledger.messages) if (m.effects.length !== m.appends.length) throw new Error(describeFailure(r));
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  it('last-processed-id with the at-least-once producer: fast-check finds a retry that reorders, and a loss', () => {
    const sink = { idempotence: 'last-processed-id' as const };
    const result = fc.check(
      fc.property(scheduleArb('at-least-once'), (s) => run('at-least-once', s, sink).ledger.summary.lost === 0),
      { numRuns: RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
    const r = run('at-least-once', result.counterexample![0], sink);
    const lost = r.ledger.messages.filter((m) => m.status === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    // The lost message reached the database and was ignored: a later id had been processed first.
    for (const m of lost) expect(m.effectsSkipped.map((x) => x.reason)).toContain('old-id');
  });
});

describe('cache-then-unique: with database transactions that can fail, fast-check finds the loss the seeds warn of', () => {
  it('a failed transaction leaves the SETNX key, the retry is skipped as a cache hit, and the message is lost', () => {
    const withFailures = fc.record({
      faults: fc.array(
        fc.oneof(faultArb(KINDS, true), fc.record({ type: fc.constant('fail' as const), what: fc.constant('sink-write' as const), nth: fc.integer({ min: 1, max: 6 }) })),
        { minLength: 1, maxLength: 4 },
      ),
      count: fc.integer({ min: 1, max: 5 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      maxPollRecords: fc.integer({ min: 1, max: 3 }),
    });
    const sink = { idempotence: 'cache-then-unique' as const };
    const result = fc.check(
      fc.property(withFailures, (s) => run('idempotent-consumer', s, sink).ledger.summary.lost === 0),
      { numRuns: RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
    const r = run('idempotent-consumer', result.counterexample![0], sink);
    const lost = r.ledger.messages.filter((m) => m.status === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    for (const m of lost) expect(m.effectsSkipped.map((x) => x.reason)).toContain('cache-hit');
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

  function groupRun(preset: Preset, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number; autoCommit: boolean }) {
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

  it.each<{ preset: Preset; guarantee: string; holds: (r: ReturnType<typeof run>) => boolean }>([
    { preset: 'at-least-once', guarantee: 'never loses', holds: (r) => r.ledger.summary.lost === 0 },
    { preset: 'idempotent-consumer', guarantee: 'neither loses nor duplicates an effect', holds: (r) => r.ledger.summary.lost === 0 && r.ledger.summary.duplicated === 0 },
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
