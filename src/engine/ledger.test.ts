/** The ledger's lag series and dead-letter counters (kafka-part2.md §8, §9), folded from the trace alone. */
import { DEFAULT_GROUP_ID } from './logic/groupCoordinator';
import { describe, expect, it } from 'vitest';
import { buildLedger } from './ledger';
import type { ScenarioInput } from './scenario';
import { runScenario } from './testing';

describe('lag', () => {
  it('is high watermark minus committed offset, sampled whenever it changes', () => {
    // One partition, three records 10 ms apart, processing 100 ms each, commit after each record.
    const r = runScenario({
      preset: 'at-least-once',
      produce: { count: 3, intervalMs: 10 },
      settings: { consumer: { 'max.poll.records': 1 }, consumerApp: { processingMs: 100 } },
    });
    const lag = r.ledger.lag;
    // The lag rises with each append, falls with each commit, and ends at 0.
    const totals = lag.map((s) => s.total).filter((t, i, all) => i === 0 || t !== all[i - 1]);
    expect(totals).toEqual([1, 2, 3, 2, 1, 0]);
    expect(lag.every((s) => s.byPartition.length === 1 && s.byPartition[0] === s.total)).toBe(true);
    expect(r.ledger.summary).toMatchObject({ maxLag: 3, finalLag: 0 });
    // Samples are in step order, and each one differs from the one before.
    for (let i = 1; i < lag.length; i++) expect(lag[i]!.step).toBeGreaterThan(lag[i - 1]!.step);
    // records-lag uses the position: it falls as soon as a record is polled, before its commit.
    const firstPoll = r.timeline.steps.find((s) => s.events.some((e) => e.type === 'consumer.polled'))!;
    const atPoll = lag.filter((s) => s.step <= firstPoll.index).at(-1)!;
    expect(atPoll.recordsLag).toBe(atPoll.total - 1);
  });

  it('is a pure fold over the trace: the ledger at an earlier step has the lag of that moment', () => {
    const r = runScenario({ preset: 'at-least-once', produce: { count: 3, intervalMs: 10 }, settings: { consumer: { 'max.poll.records': 1 }, consumerApp: { processingMs: 100 } } });
    const peak = r.ledger.lag.find((s) => s.total === 3)!;
    const then = buildLedger(r.run.messages, r.timeline.steps, peak.step);
    expect(then.summary).toMatchObject({ maxLag: 3, finalLag: 3, end: null });
    expect(then.lag.at(-1)).toEqual(peak);
  });

  it('per partition, over several partitions', () => {
    const r = runScenario({
      preset: 'at-least-once',
      produce: { count: 6, intervalMs: 10, keys: ['k5', 'a', 'b'] },
      settings: { topic: { partitions: 3 }, consumerApp: { processingMs: 50 } },
    });
    expect(r.ledger.lag.some((s) => s.byPartition.length === 3 && s.byPartition.filter((x) => x > 0).length >= 2)).toBe(true);
    expect(r.ledger.lag.at(-1)!.byPartition).toEqual([0, 0, 0]);
  });

  it('grows while the consumer is too slow and comes back with more consumers', () => {
    const slow = (instances: number): ScenarioInput => ({
      preset: 'at-least-once',
      produce: { count: 60, intervalMs: 100, keys: ['k5', 'a', 'b'] },
      settings: { topic: { partitions: 3 }, consumer: { 'max.poll.records': 10 }, consumerApp: { instances, processingMs: 250 } },
    });
    const one = runScenario(slow(1)).ledger.summary;
    const three = runScenario(slow(3)).ledger.summary;
    expect(one.maxLag).toBeGreaterThan(30);
    expect(three.maxLag).toBeLessThan(one.maxLag / 2);
    expect(one).toMatchObject({ lost: 0, duplicated: 0, finalLag: 0 });
    expect(three).toMatchObject({ lost: 0, duplicated: 0, finalLag: 0 });
  });
});

describe('processing failures and the dead-letter topic', () => {
  const failing = (extra: { consumerApp?: Record<string, unknown>; faults?: ScenarioInput['faults'] } = {}): ScenarioInput => ({
    preset: 'at-least-once',
    produce: { count: 4, intervalMs: 100 },
    settings: { consumerApp: { maxAttempts: 3, deadLetter: true, ...extra.consumerApp } },
    faults: extra.faults ?? [{ type: 'fail', what: 'processing', messageId: 'm2' }],
  });
  const trace = (input: ScenarioInput) => {
    const r = runScenario(input);
    return { r, events: r.timeline.steps.flatMap((s) => s.events) };
  };

  it('a poison message is tried maxAttempts times, then published to the DLT and committed past', () => {
    const { r, events } = trace(failing());
    const attempts = events.filter((e) => e.type === 'consumer.processingFailed');
    expect(attempts.map((e) => e.type === 'consumer.processingFailed' && e.attempt)).toEqual([1, 2, 3]);
    const dlt = events.filter((e) => e.type === 'broker.deadLetterAppended');
    expect(dlt).toEqual([{ type: 'broker.deadLetterAppended', messageId: 'm2', partition: 0, offset: 0, source: { partition: 0, offset: 1 } }]);
    // Dead-lettered only after the last attempt.
    const firstDlt = events.findIndex((e) => e.type === 'broker.deadLetterAppended');
    const lastAttempt = events.map((e) => e.type).lastIndexOf('consumer.processingFailed');
    expect(firstDlt).toBeGreaterThan(lastAttempt);
    // The partition moves on: m3 and m4 are processed, and the committed offset passes m2.
    expect(r.timeline.current.nodes.broker.context.groups[DEFAULT_GROUP_ID]!.committed[0]).toBe(4);
    const m2 = r.ledger.messages.find((m) => m.messageId === 'm2')!;
    expect(m2).toMatchObject({ status: 'dead-lettered', effects: [] });
    expect(m2.failures).toHaveLength(3);
    expect(m2.deadLetters).toEqual([expect.objectContaining({ partition: 0, offset: 0 })]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, deadLettered: 1, duplicated: 0 });
  });

  it("the default is Spring's 10 attempts", () => {
    const { events } = trace({ ...failing(), settings: { consumerApp: { deadLetter: true } } });
    expect(events.filter((e) => e.type === 'consumer.processingFailed')).toHaveLength(10);
  });

  it('without a dead-letter topic the record is logged, skipped, and lost', () => {
    const { r, events } = trace(failing({ consumerApp: { deadLetter: false } }));
    expect(events.filter((e) => e.type === 'consumer.recordSkipped')).toEqual([expect.objectContaining({ messageId: 'm2', attempts: 3 })]);
    expect(events.some((e) => e.type === 'broker.deadLetterAppended')).toBe(false);
    expect(r.ledger.summary).toMatchObject({ lost: 1, deadLettered: 0 });
  });

  it('a transient failure recovers within its attempts: no DLT', () => {
    const { r } = trace(failing({ faults: [{ type: 'fail', what: 'processing', messageId: 'm2', times: 2 }] }));
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, deadLettered: 0 });
  });

  it('a failed DLT publish is sent again, never skipped', () => {
    // The 5th ProduceRequest is the consumer's publish to the DLT (the producer sent m1..m4 first).
    const { r, events } = trace({ ...failing(), produce: { count: 4, intervalMs: 10 }, faults: [{ type: 'fail', what: 'processing', messageId: 'm4' }, { type: 'reject', nth: 5 }] });
    expect(events.filter((e) => e.type === 'broker.rejected')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'broker.deadLetterAppended')).toHaveLength(1);
    expect(r.ledger.summary.deadLettered).toBe(1);
  });

  describe('the re-drive', () => {
    // m2 throws after its effect is written, on each of its 3 attempts; then the re-drive.
    const partly = (idempotence: 'none' | 'processed-ids') =>
      failing({
        consumerApp: { idempotence },
        faults: [
          { type: 'fail', what: 'processing', messageId: 'm2', times: 3, stage: 'after-write' },
          { type: 'redrive', atMs: 2000 },
        ],
      });

    it('republishes the DLT as new records of the same messages (sendNo + 1), consumed again', () => {
      const { r, events } = trace(failing({ faults: [{ type: 'fail', what: 'processing', messageId: 'm2', times: 3 }, { type: 'redrive', atMs: 2000 }] }));
      expect(events.filter((e) => e.type === 'broker.redriven')).toEqual([
        { type: 'broker.redriven', records: [{ messageId: 'm2', sendNo: 2, from: { partition: 0, offset: 0 } }] },
      ]);
      const m2 = r.ledger.messages.find((m) => m.messageId === 'm2')!;
      expect(m2.appends.map((a) => a.offset)).toEqual([1, 4]);
      expect(m2.redrives).toHaveLength(1);
      expect(m2.status).toBe('ok');
      expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, deadLettered: 0, logDuplicates: 1 });
    });

    it('without an idempotent consumer, a message whose effect was partly applied becomes a duplicate', () => {
      const { r } = trace(partly('none'));
      const m2 = r.ledger.messages.find((m) => m.messageId === 'm2')!;
      // Three attempts each wrote the row before throwing, and the re-driven copy wrote it once more.
      expect(m2.effects).toHaveLength(4);
      expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 1, deadLettered: 0 });
    });

    it('with processed-ids it does not', () => {
      const { r } = trace(partly('processed-ids'));
      const m2 = r.ledger.messages.find((m) => m.messageId === 'm2')!;
      expect(m2.effects).toHaveLength(1);
      expect(m2.effectsSkipped).toHaveLength(3);
      expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, deadLettered: 0 });
    });

    it('a poison message goes back to the DLT and stays there: dead-lettered, not lost', () => {
      const { r } = trace(failing({ faults: [{ type: 'fail', what: 'processing', messageId: 'm2' }, { type: 'redrive', atMs: 2000 }] }));
      const m2 = r.ledger.messages.find((m) => m.messageId === 'm2')!;
      expect(m2.deadLetters).toHaveLength(2);
      expect(m2.status).toBe('dead-lettered');
      expect(r.ledger.summary).toMatchObject({ lost: 0, deadLettered: 1 });
    });
  });
});
