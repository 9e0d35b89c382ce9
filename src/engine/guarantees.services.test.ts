/**
 * Property tests of the fan-out and of the database's timing: two services on one topic (the slot
 * game), each with its own group, database and strategy; and bulk inserts into a database whose
 * transactions take time. Random fault schedules as in guarantees.test.ts (faultSchedules.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultArb, KINDS, NODES, type Preset } from './faultSchedules';
import { runScenario } from './testing';
import type { Fault, NodeId, SinkStrategy } from './types';

const describeFailure = (r: ReturnType<typeof runScenario>) =>
  JSON.stringify({ summary: r.ledger.summary, faults: r.run.faults, rows: r.ledger.messages.map((m) => [m.messageId, m.status, m.appends.length, m.effects.length]) });

describe('several services (the slot game): each service keeps its own effects exactly once under random faults', () => {
  const SERVICE_RUNS = 400;
  const SERVICE_NODES: NodeId[] = [...NODES, 'consumer-2', 'sink-2'];
  const serviceSchedule = fc.record({
    faults: fc.array(faultArb(KINDS, true, SERVICE_NODES), { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 3 }),
  });
  function serviceRun(preset: Preset, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number }, strategies: [SinkStrategy, SinkStrategy]) {
    return runScenario({
      preset,
      seed: s.seed,
      // Every message its own entity, so the version strategy is correct too.
      produce: { count: s.count, intervalMs: 10, keys: ['k1', 'k2', 'k3', 'k4', 'k5'] },
      settings: {
        producer: { 'request.timeout.ms': 1000 },
        consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 },
        consumerApp: { services: [{ name: 'missions', idempotence: strategies[0] }, { name: 'points', idempotence: strategies[1] }] },
        network: { jitterMs: 3 },
      },
      faults: s.faults,
      horizonMs: 3_600_000,
    });
  }
  const describeServices = (r: ReturnType<typeof serviceRun>) =>
    JSON.stringify({ summary: r.ledger.summary, faults: r.run.faults, rows: r.ledger.messages.map((m) => [m.messageId, m.services]) });

  it.each<[SinkStrategy, SinkStrategy]>([
    ['unique-key', 'processed-ids'],
    ['version', 'cache-then-unique'],
  ])('missions %s, points %s, with the idempotent producer', (missions, points) => {
    fc.assert(
      fc.property(serviceSchedule, (s) => {
        const r = serviceRun('idempotent-consumer', s, [missions, points]);
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        const single = r.ledger.messages.every((m) => m.services!.every((o) => o.effects === 1));
        if (!single || r.ledger.summary.effects !== 2 * r.ledger.summary.messages) throw new Error(describeServices(r));
      }),
      { numRuns: SERVICE_RUNS, seed: 20261122 },
    );
  });

  it('a service without a check: fast-check finds a duplicate there, and the other service has none', () => {
    const strategies: [SinkStrategy, SinkStrategy] = ['none', 'processed-ids'];
    const result = fc.check(
      fc.property(serviceSchedule, (s) => serviceRun('at-least-once', s, strategies).ledger.summary.duplicated === 0),
      { numRuns: SERVICE_RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
    const r = serviceRun('at-least-once', result.counterexample![0], strategies);
    const outcomes = r.ledger.messages.flatMap((m) => m.services!);
    expect(outcomes.some((o) => o.service === 'missions' && o.status === 'duplicated')).toBe(true);
    expect(outcomes.filter((o) => o.service === 'points').every((o) => o.effects <= 1)).toBe(true);
  });
});

describe('bulk inserts into a database that takes its time, under random faults', () => {
  const BULK_RUNS = 400;
  const bulkSchedule = fc.record({
    faults: fc.array(faultArb(KINDS, true), { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 4 }),
    sinkWriteMs: fc.integer({ min: 0, max: 400 }),
  });
  const bulkRun = (preset: Preset, s: { faults: Fault[]; count: number; seed: number; maxPollRecords: number; sinkWriteMs: number }, idempotence: SinkStrategy) =>
    runScenario({
      preset,
      seed: s.seed,
      produce: { count: s.count, intervalMs: 10 },
      settings: {
        producer: { 'request.timeout.ms': 1000 },
        consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 },
        consumerApp: { bulkWrite: true, sinkWriteMs: s.sinkWriteMs, idempotence },
        network: { jitterMs: 3 },
      },
      faults: s.faults,
      horizonMs: 3_600_000,
    });

  it('the idempotent consumer (processed-ids) keeps every effect exactly once', () => {
    fc.assert(
      fc.property(bulkSchedule, (s) => {
        const r = bulkRun('idempotent-consumer', s, 'processed-ids');
        expect(r.ledger.summary.end, 'the run settles').toBe('quiescent');
        const { lost, duplicated, effects, messages } = r.ledger.summary;
        if (lost + duplicated > 0 || effects !== messages) throw new Error(describeFailure(r));
      }),
      { numRuns: BULK_RUNS, seed: 20261122 },
    );
  });

  it('at least once never loses, and fast-check finds a bulk written twice', () => {
    fc.assert(
      fc.property(bulkSchedule, (s) => {
        const r = bulkRun('at-least-once', s, 'none');
        if (r.ledger.summary.lost > 0) throw new Error(describeFailure(r));
      }),
      { numRuns: BULK_RUNS, seed: 20261122 },
    );
    const result = fc.check(
      fc.property(bulkSchedule, (s) => bulkRun('at-least-once', s, 'none').ledger.summary.duplicated === 0),
      { numRuns: BULK_RUNS, seed: 20261122 },
    );
    expect(result.failed).toBe(true);
  });
});
