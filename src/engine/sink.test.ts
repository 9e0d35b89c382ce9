/** The sink strategies in whole runs: what each does with a redelivery, a reordering, a failed write. */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from './scenario';
import { runScenario } from './testing';
import type { Fault, SinkStrategy, TraceEvent } from './types';

const run = (input: ScenarioInput) => {
  const r = runScenario(input);
  const events = r.timeline.steps.flatMap((s) => s.events);
  const of = <T extends TraceEvent['type']>(type: T) => events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
  return { ...r, summary: r.ledger.summary, of, row: (id: string) => r.ledger.messages.find((m) => m.messageId === id)! };
};

/** At-least-once on both sides; only the database's strategy changes. */
const alo = (idempotence: SinkStrategy, faults: Fault[], extra: ScenarioInput = {}): ScenarioInput => ({
  preset: 'at-least-once',
  produce: { count: 3, intervalMs: 10 },
  settings: { consumer: { 'max.poll.records': 1 }, consumerApp: { idempotence } },
  faults,
  ...extra,
});

const LOST_ACK: Fault[] = [{ type: 'drop', message: 'SinkWriteAck', nth: 2 }];
const CRASH_AFTER_PROCESSING: Fault[] = [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 100 }];

describe('a redelivery (lost ack, crash after processing before commit)', () => {
  it.each([
    ['lost ack', LOST_ACK],
    ['crash after processing', CRASH_AFTER_PROCESSING],
  ])('none: %s writes the effect twice', (_, faults) => {
    expect(run(alo('none', faults)).summary).toMatchObject({ lost: 0, duplicated: 1 });
  });

  it.each<[SinkStrategy, string]>([
    ['processed-ids', 'processed-id'],
    ['unique-key', 'unique-key'],
    ['version', 'stale-version'],
    ['cache-then-unique', 'cache-hit'],
  ])('%s: neither lost nor duplicated, and the skip says why (%s)', (strategy, reason) => {
    for (const faults of [LOST_ACK, CRASH_AFTER_PROCESSING]) {
      const r = run(alo(strategy, faults));
      expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, superseded: 0, effects: 3, end: 'quiescent' });
      expect(r.row('m2').effectsSkipped.map((s) => s.reason)).toEqual([reason]);
    }
  });

  it('version: an application that sends m1 twice sends the same version, so the second write is stale', () => {
    const r = run(
      alo('version', [], { produce: { messages: [{ id: 'm1', at: 0, key: null }, { id: 'm2', at: 10, key: null }, { id: 'm1', at: 50, key: null }] } }),
    );
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, superseded: 0, effects: 2 });
    expect(r.row('m1').effectsSkipped.map((s) => s.reason)).toEqual(['stale-version']);
  });

  it('last-processed-id: correct while ids arrive in order', () => {
    const r = run(alo('last-processed-id', CRASH_AFTER_PROCESSING));
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.row('m2').effectsSkipped.map((s) => s.reason)).toEqual(['old-id']);
  });
});

describe('a retry that reorders (at-least-once producer, max.in.flight 5, the request with m2 rejected)', () => {
  const reordered = (idempotence: SinkStrategy) =>
    alo(idempotence, [{ type: 'reject', nth: 2 }], {
      produce: { count: 3, intervalMs: 2, keys: ['account-7'] },
      settings: { producer: { 'request.timeout.ms': 1000 }, consumerApp: { idempotence } },
    });

  it('the log holds m1, m3, m2', () => {
    const r = run(reordered('none'));
    expect(r.ledger.messages.map((m) => m.appends[0]!.offset)).toEqual([0, 2, 1]);
    expect(r.summary).toMatchObject({ lost: 0, outOfOrder: 1 });
  });

  it('last-processed-id: m2 arrives after m3 and is ignored: LOST', () => {
    const r = run(reordered('last-processed-id'));
    expect(r.summary).toMatchObject({ lost: 1, duplicated: 0, superseded: 0 });
    expect(r.row('m2')).toMatchObject({ status: 'lost', effects: [] });
    expect(r.of('sink.oldIdSkipped')).toEqual([{ type: 'sink.oldIdSkipped', messageId: 'm2', partition: 0, offset: 2, entity: 'account-7', id: 2, last: 3 }]);
  });

  it('version: m2 is a stale update of account-7, superseded by m3, not lost', () => {
    const r = run(reordered('version'));
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, superseded: 1, outOfOrder: 0 });
    expect(r.row('m2').status).toBe('superseded');
    expect(r.of('sink.staleSkipped')[0]).toMatchObject({ messageId: 'm2', entity: 'account-7', version: 2, current: 3, by: 'm3' });
    expect(r.timeline.current.nodes.sink.context.entities.get('account-7')).toEqual({ version: 3, messageId: 'm3' });
  });

  it('processed-ids: every message has its effect, m2 after m3', () => {
    expect(run(reordered('processed-ids')).summary).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 1 });
  });
});

describe('cache-then-unique: the cache says yes, the database write failed', () => {
  // Longer than the 45 s session timeout the restarted consumer waits before it gets its partition back.
  const TTL = 120_000;
  const failed = (restartAfterMs: number) =>
    alo('cache-then-unique', [{ type: 'fail', what: 'sink-write', nth: 1 }, { type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 1, restartAfterMs }], {
      settings: { consumer: { 'max.poll.records': 1 }, consumerApp: { idempotence: 'cache-then-unique', cacheTtlMs: TTL } },
    });

  it('the retry hits the key SETNX left: skipped, so m1 is lost when the redelivery comes before the TTL', () => {
    const r = run(failed(100));
    expect(r.of('sink.writeFailed').map((e) => e.messageId)).toEqual(['m1']);
    expect(r.of('consumer.sinkRetry')).toEqual([{ type: 'consumer.sinkRetry', messageId: 'm1', partition: 0, offset: 0, cause: 'error' }]);
    expect(r.summary).toMatchObject({ lost: 1, duplicated: 0 });
    expect(r.row('m1').effectsSkipped.map((s) => s.reason)).toEqual(['cache-hit', 'cache-hit']);
  });

  it('a redelivery after the TTL goes through', () => {
    const r = run(failed(TTL + 1000));
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.row('m1').effectsSkipped.map((s) => s.reason)).toEqual(['cache-hit']);
    expect(r.row('m1').effects).toHaveLength(1);
  });

  it('with onSinkTimeout=skip the consumer moves on after the error: lost as well', () => {
    const r = run(alo('cache-then-unique', [{ type: 'fail', what: 'sink-write', nth: 1 }], { settings: { consumerApp: { idempotence: 'cache-then-unique', onSinkTimeout: 'skip' } } }));
    expect(r.of('consumer.sinkSkipped')).toEqual([{ type: 'consumer.sinkSkipped', messageId: 'm1', partition: 0, offset: 0, cause: 'error' }]);
    expect(r.summary).toMatchObject({ lost: 1, duplicated: 0 });
  });

  it('any other strategy simply writes again after the failed transaction', () => {
    const r = run(alo('unique-key', [{ type: 'fail', what: 'sink-write', nth: 1 }]));
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

describe('cache-then-unique: a sink crash empties the cache, the tables survive', () => {
  it('the redelivered message passes the empty cache and the unique key catches it', () => {
    const r = run(
      alo('cache-then-unique', [
        { type: 'crash', node: 'sink', atMs: 60, restartAfterMs: 10 },
        { type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 1, restartAfterMs: 100 },
      ]),
    );
    const crash = r.of('node.crashed').find((e) => e.node === 'sink')!;
    expect(crash.lost).toEqual([{ what: 'cache-keys', count: 1 }]);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.row('m1').effectsSkipped.map((s) => s.reason)).toEqual(['unique-key-behind-cache']);
  });
});
