/** The network behaves like TCP connections: FIFO, and a lost message takes its connection down. */
import { describe, expect, it } from 'vitest';
import { runScenario } from './testing';
import type { NetMessage, TraceEvent } from './types';

const events = (r: ReturnType<typeof runScenario>) => r.timeline.steps.flatMap((s) => s.events);
const sent = (all: TraceEvent[]) => all.flatMap((e) => (e.type === 'net.sent' ? [e.msg] : []));

describe('connections', () => {
  it('jitter never reorders a connection: each direction delivers in sending order', () => {
    const r = runScenario({ preset: 'at-least-once', seed: 5, produce: { count: 30, intervalMs: 1 }, settings: { network: { jitterMs: 20 } } });
    const byDirection = new Map<string, NetMessage[]>();
    for (const m of sent(events(r))) byDirection.set(`${m.connection}:${m.from}`, [...(byDirection.get(`${m.connection}:${m.from}`) ?? []), m]);
    for (const list of byDirection.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i]!.deliverAt).toBeGreaterThanOrEqual(list[i - 1]!.deliverAt);
    }
  });

  it('a lost request takes the requests behind it on its connection: the broker never sees a later one first', () => {
    const r = runScenario({
      preset: 'idempotent-consumer',
      produce: { count: 3, intervalMs: 1 },
      settings: { producer: { 'request.timeout.ms': 1000 } },
      faults: [{ type: 'drop', message: 'ProduceRequest', nth: 1 }],
    });
    const all = events(r);
    const drops = all.flatMap((e) => (e.type === 'net.dropped' && e.kind === 'ProduceRequest' ? [e.reason] : []));
    expect(drops).toEqual(['fault', 'connection', 'connection']);
    expect(all.some((e) => e.type === 'broker.outOfOrderSequence')).toBe(false);
    const appended = all.flatMap((e) => (e.type === 'broker.appended' ? e.messageIds : []));
    expect(appended).toEqual(['m1', 'm2', 'm3']);
    // The producer timed out, dropped the connection, and sent everything again on a new one.
    const connections = new Set(sent(all).filter((m) => m.kind === 'ProduceRequest').map((m) => m.connection));
    expect(connections.size).toBe(2);
  });

  it('a lost ack takes the later acks with it: every batch in flight is retried, and the broker finds each among its 5 cached batches', () => {
    const r = runScenario({
      preset: 'idempotent-consumer',
      produce: { count: 5, intervalMs: 1 },
      settings: { producer: { 'request.timeout.ms': 1000 } },
      faults: [{ type: 'drop', message: 'ProduceResponse', nth: 1 }],
    });
    const all = events(r);
    expect(all.filter((e) => e.type === 'broker.duplicate').length).toBe(5);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0, outOfOrder: 0 });
  });

  it('acks=0: the broker closed the connection, so the producer opens a new one at its next send', () => {
    const r = runScenario({ preset: 'at-most-once', produce: { count: 3, intervalMs: 10 }, faults: [{ type: 'drop', message: 'ProduceRequest', nth: 1 }] });
    expect(r.ledger.summary.lost).toBe(1);
    expect(r.ledger.messages.map((m) => m.status)).toEqual(['lost', 'ok', 'ok']);
  });
});
