/** Whole runs with replication: failover, truncation, what acks=1 and acks=all promise, clients following the leader. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { traceHash } from './hash';
import { runScenario } from './testing';
import { Timeline } from './timeline';
import type { ScenarioInput } from './scenario';
import type { Step, TraceEvent } from './types';

const scenario = (id: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../scenarios/${id}.json`, import.meta.url)), 'utf8')) as ScenarioInput;

type At = { step: number; time: number };
type Of<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }> & At;

/** Every trace event of a run, with the step and time it happened at. */
const events = (steps: readonly Step[]): (TraceEvent & At)[] => steps.flatMap((s) => s.events.map((e) => ({ ...e, step: s.index, time: s.time })));
/** The first event of a type (that `where` accepts). */
function first<T extends TraceEvent['type']>(steps: readonly Step[], type: T, where: (e: Of<T>) => boolean = () => true): Of<T> | undefined {
  for (const e of events(steps)) if (e.type === type && where(e as unknown as Of<T>)) return e as unknown as Of<T>;
  return undefined;
}

describe('leader failover', () => {
  it('acks=1: the producer saw success for m4, the new leader never had it, the old leader truncates it: lost', () => {
    const r = runScenario(scenario('leader-failover-acks-1'));
    const steps = r.timeline.steps;
    const acked = first(steps, 'producer.acked', (e) => e.messageIds.includes('m4'))!;
    const elected = first(steps, 'replica.leaderElected', (e) => e.leaderEpoch === 1)!;
    const truncated = first(steps, 'replica.truncated')!;
    expect(acked.time).toBeLessThan(elected.time);
    expect(elected).toMatchObject({ leader: 'broker-2', isr: ['broker-2', 'broker-3'] });
    // Nobody read m4: it never was below the high watermark.
    expect(first(steps, 'replica.highWatermark', (e) => e.highWatermark > 3)).toBeUndefined();
    expect(truncated).toMatchObject({ node: 'broker', offset: 3, records: [{ offset: 3, messageId: 'm4' }] });
    const m4 = r.ledger.messages.find((m) => m.messageId === 'm4')!;
    expect(m4.appends).toEqual([expect.objectContaining({ offset: 3, truncatedAt: { step: truncated.step, time: truncated.time } })]);
    expect(m4.status).toBe('lost');
    expect(r.ledger.summary).toMatchObject({ lost: 1, duplicated: 0, logDuplicates: 0 });
  });

  it('acks=all, min.insync.replicas=2: the same failure loses nothing; the retry lands on the new leader', () => {
    const r = runScenario(scenario('leader-failover-acks-all'));
    const steps = r.timeline.steps;
    expect(first(steps, 'producer.acked', (e) => e.messageIds.includes('m4') && e.time < 20000)).toBeUndefined();
    expect(first(steps, 'replica.waitingForIsr', (e) => e.messageIds.includes('m4'))).toMatchObject({ node: 'broker' });
    // The producer times out, learns the new leader, and m4 commits there.
    expect(first(steps, 'producer.metadata', (e) => e.leaders[0]!.leader === 'broker-2')).toBeDefined();
    expect(first(steps, 'replica.produceCompleted', (e) => e.messageIds.includes('m4'))).toMatchObject({ node: 'broker-2', error: 'NONE' });
    const m4 = r.ledger.messages.find((m) => m.messageId === 'm4')!;
    expect(m4.appends.map((a) => a.truncatedAt === undefined)).toEqual([false, true]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });

  it('the consumer learns the new leader and reads from it', () => {
    const r = runScenario({ ...scenario('leader-failover-acks-all'), settings: { ...scenario('leader-failover-acks-all').settings, consumer: { 'request.timeout.ms': 2000 } } });
    const steps = r.timeline.steps;
    const learned = first(steps, 'consumer.metadata', (e) => e.leaders[0]!.leader === 'broker-2')!;
    const polled = first(steps, 'consumer.polled', (e) => e.records.some((x) => x.messageId === 'm4'))!;
    expect(learned.time).toBeLessThan(polled.time);
    expect(events(steps).some((e) => e.type === 'net.sent' && e.msg.kind === 'FetchRequest' && e.msg.to === 'broker-2')).toBe(true);
  });

  it('an idempotent retry after failover is recognised by the new leader: producer state replicates with the log', () => {
    const r = runScenario({
      preset: 'idempotent-consumer',
      settings: { producer: { 'request.timeout.ms': 5000 }, topic: { 'replication.factor': 3, 'min.insync.replicas': 2 } },
      produce: { count: 3, intervalMs: 1000 },
      // m2's acknowledgement is lost; then the leader dies before the producer retries.
      faults: [
        { type: 'drop', message: 'ProduceResponse', nth: 2 },
        { type: 'crash', node: 'broker', atMs: 1500, restartAfterMs: 20000 },
      ],
    });
    const steps = r.timeline.steps;
    const elected = first(steps, 'replica.leaderElected', (e) => e.leader === 'broker-2')!;
    const duplicate = first(steps, 'broker.duplicate', (e) => e.messageIds.includes('m2'))!;
    expect(duplicate.time).toBeGreaterThan(elected.time);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0, outOfOrder: 0 });
  });

  it('with no in-sync replica alive the partition waits for one (no unclean election), then nothing acknowledged is missing', () => {
    const r = runScenario({
      preset: 'at-least-once',
      settings: { topic: { 'replication.factor': 2, 'min.insync.replicas': 1 }, broker: { 'broker.session.timeout.ms': 1000 } },
      produce: { count: 3, intervalMs: 1000 },
      // broker-2 dies first and leaves the ISR; then the leader dies: broker-2 may not lead.
      faults: [
        { type: 'crash', node: 'broker-2', atMs: 500, restartAfterMs: 500 },
        { type: 'crash', node: 'broker-2', atMs: 1200, restartAfterMs: 10000 },
        { type: 'crash', node: 'broker', atMs: 2500, restartAfterMs: 5000 },
      ],
    });
    const steps = r.timeline.steps;
    expect(first(steps, 'replica.noLeader')).toMatchObject({ isr: ['broker'] });
    expect(first(steps, 'replica.leaderElected', (e) => e.leaderEpoch > 0 && e.leader === 'broker-2')).toBeUndefined();
    expect(r.ledger.summary).toMatchObject({ lost: 0 });
  });
});

describe('a follower down', () => {
  it('is fenced and leaves the ISR; acks=all then gets NOT_ENOUGH_REPLICAS until it is back', () => {
    const r = runScenario(scenario('follower-down-not-enough-replicas'));
    const steps = r.timeline.steps;
    const shrank = first(steps, 'replica.isrShrank')!;
    expect(shrank).toMatchObject({ removed: 'broker-2', isr: ['broker'], reason: 'fenced', time: 11000 });
    const refused = events(steps).filter((e) => e.type === 'broker.rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.type === 'broker.rejected' && e.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    const rejoined = first(steps, 'replica.isrExpanded', (e) => e.added === 'broker-2')!;
    const appended = first(steps, 'broker.appended', (e) => e.messageIds.includes('m2'))!;
    expect(appended.time).toBeGreaterThan(rejoined.time);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0 });
  });

  it('cut off but alive, it leaves the ISR after replica.lag.time.max.ms', () => {
    const r = runScenario({
      preset: 'at-least-once',
      settings: { producer: { acks: 1 }, topic: { 'replication.factor': 2 } },
      produce: { messages: [{ id: 'm1', at: 0 }, { id: 'm2', at: 2000 }] },
      faults: [{ type: 'cut', between: ['broker', 'broker-2'], fromMs: 1000, toMs: 60000 }],
    });
    const shrank = first(r.timeline.steps, 'replica.isrShrank')!;
    expect(shrank).toMatchObject({ node: 'broker', removed: 'broker-2', reason: 'lagging' });
    // The isr-expiration check runs every 15 s; broker-2 last caught up before the cut.
    expect(shrank.time).toBeGreaterThanOrEqual(2000 + 30000);
    expect(shrank.time).toBeLessThanOrEqual(1000 + 45000);
  });
});

describe('replication keeps runs deterministic', () => {
  it('the same scenario twice gives the same trace, and a fork that crashes the leader equals a fresh run', () => {
    const base = { ...scenario('leader-failover-acks-all'), faults: [] };
    const a = Timeline.start(runScenario(base).run).runToEnd();
    expect(traceHash(a.steps)).toBe(traceHash(runScenario(base).timeline.steps));
    const fault = { type: 'crash' as const, node: 'broker', atMs: 1500, restartAfterMs: 12000 };
    const fork = a.fork(a.lastIndex, fault).runToEnd();
    const fresh = runScenario({ ...base, faults: [fault] }).timeline;
    expect(traceHash(fork.steps)).toBe(traceHash(fresh.steps));
  });

  it('without replication nothing replicates: no replica fetches, no metadata requests', () => {
    const r = runScenario({ preset: 'exactly-once', produce: { count: 3 } });
    const kinds = new Set(events(r.timeline.steps).flatMap((e) => (e.type === 'net.sent' ? [e.msg.kind] : [])));
    expect([...kinds].filter((k) => k.startsWith('Replica') || k.startsWith('Metadata'))).toEqual([]);
    expect(events(r.timeline.steps).some((e) => e.type.startsWith('replica.'))).toBe(false);
  });
});
