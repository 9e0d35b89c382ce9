/**
 * A database transaction that takes time (consumerApp.sinkWriteMs), and the bulk insert that pays
 * for it once per poll (consumerApp.bulkWrite): seed 002's remedy for lag, "batch 처리, DB bulk insert".
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from './scenario';
import { runScenario } from './testing';
import type { Fault, NetMessage, Payload, SinkStrategy, TraceEvent } from './types';

const run = (input: ScenarioInput) => {
  const r = runScenario(input);
  const at = r.timeline.steps.flatMap((s) => s.events.map((e) => ({ time: s.time, e })));
  const of = <T extends TraceEvent['type']>(type: T) => at.filter((x): x is { time: number; e: Extract<TraceEvent, { type: T }> } => x.e.type === type);
  const writes = of('net.sent')
    .map((x) => x.e.msg as NetMessage)
    .filter((m): m is NetMessage & { payload: Extract<Payload, { kind: 'SinkWrite' }> } => m.kind === 'SinkWrite');
  return { ...r, summary: r.ledger.summary, of, writes };
};

/** At least once; five records in one poll; the database takes 100 ms a transaction. */
const slowDb = (options: { bulkWrite?: boolean; idempotence?: SinkStrategy; faults?: Fault[] } = {}): ScenarioInput => ({
  preset: 'at-least-once',
  produce: { messages: [1, 2, 3, 4, 5].map((n) => ({ id: `m${n}`, at: 0 })) },
  settings: {
    consumer: { 'max.poll.records': 5 },
    consumerApp: { processingMs: 10, sinkWriteMs: 100, bulkWrite: options.bulkWrite ?? false, idempotence: options.idempotence ?? 'none' },
  },
  faults: options.faults ?? [],
});

describe('sinkWriteMs: a transaction commits at its end', () => {
  it('the effect appears sinkWriteMs after the write arrives, and the answer follows it', () => {
    const r = run(slowDb());
    const first = r.writes[0]!;
    const applied = r.of('sink.applied')[0]!;
    expect(applied.time).toBe(first.deliverAt + 100);
    const ack = r.of('net.sent').find((x) => x.e.msg.kind === 'SinkWriteAck')!;
    expect(ack.time).toBe(applied.time);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('a database crash during a transaction rolls it back: nothing written, and the consumer writes again', () => {
    // m1's transaction runs from about 30 to 130 ms.
    const r = run(slowDb({ faults: [{ type: 'crash', node: 'sink', atMs: 80, restartAfterMs: 10 }] }));
    const crash = r.of('node.crashed')[0]!.e;
    expect(crash.lost).toEqual([{ what: 'pending-writes', count: 1 }]);
    expect(r.of('consumer.sinkRetry').map((x) => x.e.messageId)).toEqual(['m1']);
    expect(r.ledger.messages.find((m) => m.messageId === 'm1')!.effects).toHaveLength(1);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('0 (the default) commits at once, as before', () => {
    const r = run({ ...slowDb(), settings: { consumer: { 'max.poll.records': 5 } } });
    expect(r.of('sink.applied')[0]!.time).toBe(r.writes[0]!.deliverAt);
  });
});

describe('bulkWrite: the poll processed record by record, then written in one transaction', () => {
  it('one SinkWrite carries the whole poll; every row is applied in the same step', () => {
    const r = run(slowDb({ bulkWrite: true }));
    expect(r.writes).toHaveLength(1);
    const w = r.writes[0]!.payload;
    expect([w.messageId, ...w.bulk!.map((x) => x.messageId)]).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    // Processing first, one record after the other, then the write.
    const started = r.of('consumer.processing').map((x) => x.time);
    expect(started.map((t) => t - started[0]!)).toEqual([0, 10, 20, 30, 40]);
    expect(r.writes[0]!.sentAt).toBe(started[4]! + 10);
    const applied = r.of('sink.applied');
    expect(applied.map((x) => x.e.row)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(applied.map((x) => x.time)).size).toBe(1);
    expect(r.of('consumer.processed')).toHaveLength(5);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('pays the transaction once a poll: the run ends much sooner than with a transaction per record', () => {
    const end = (bulkWrite: boolean) => run(slowDb({ bulkWrite })).timeline.steps.at(-1)!.time;
    expect(end(false) - end(true)).toBeGreaterThanOrEqual(4 * 100);
  });

  it('a failed bulk transaction writes none of its rows; written again, every row once', () => {
    const r = run(slowDb({ bulkWrite: true, faults: [{ type: 'fail', what: 'sink-write', nth: 1 }] }));
    expect(r.of('sink.writeFailed').map((x) => x.e.messageId)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(r.writes).toHaveLength(2);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('a crash after the bulk insert and before the commit: the poll comes again; the unique key skips each row', () => {
    const faults: Fault[] = [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 1, restartAfterMs: 100 }];
    expect(run(slowDb({ bulkWrite: true, faults })).summary).toMatchObject({ lost: 0, duplicated: 5 });
    const r = run(slowDb({ bulkWrite: true, idempotence: 'unique-key', faults }));
    expect(r.of('sink.conflictSkipped')).toHaveLength(5);
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('a consumer crash before the bulk insert loses the whole poll from memory, and reads it again', () => {
    const r = run(slowDb({ bulkWrite: true, faults: [{ type: 'crash', node: 'consumer', atMs: 65, restartAfterMs: 100 }] }));
    expect(r.of('node.crashed')[0]!.e.lost).toContainEqual({ what: 'polled-records', count: 5 });
    expect(r.summary).toMatchObject({ lost: 0, duplicated: 0, effects: 5 });
  });

  it('is refused with the dead-letter topic, the copier and processing failures', () => {
    const bad: ScenarioInput[] = [
      { settings: { consumerApp: { bulkWrite: true, deadLetter: true } } },
      { preset: 'exactly-once', settings: { consumerApp: { bulkWrite: true } } },
      { settings: { consumerApp: { bulkWrite: true } }, faults: [{ type: 'fail', what: 'processing', messageId: 'm1' }] },
    ];
    for (const input of bad) {
      const parsed = parseScenario(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.issues[0]!.message).toMatch(/bulkWrite/);
    }
  });
});
