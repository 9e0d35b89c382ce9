/** kafka-part2.md §6: consumer groups, heartbeats, session expiry, eager rebalances, fencing. */
import { describe, expect, it } from 'vitest';
import { traceHash } from './hash';
import { rangeAssign } from './logic/groupCoordinator';
import { parseScenario, type ScenarioInput } from './scenario';
import { runScenario } from './testing';
import { Timeline } from './timeline';
import type { Fault, TraceEvent } from './types';

type At = { step: number; time: number; e: TraceEvent };
const events = (input: ScenarioInput) => {
  const r = runScenario(input);
  return { r, all: r.timeline.steps.flatMap((s) => s.events.map((e): At => ({ step: s.index, time: s.time, e }))) };
};
const where = <T extends TraceEvent['type']>(all: At[], type: T, pred: (e: Extract<TraceEvent, { type: T }>) => boolean = () => true) =>
  all.filter((x): x is At & { e: Extract<TraceEvent, { type: T }> } => x.e.type === type && pred(x.e as Extract<TraceEvent, { type: T }>));
/** The consumer a consumer event came from (the scheduler names it when the group has several). */
const by = (e: TraceEvent) => e.instance ?? 'consumer';

/** Two consumers over two partitions, keys `a` (p0) and `d` (p1) taking turns. */
const pair = (extra: Partial<ScenarioInput> & { settings?: ScenarioInput['settings'] } = {}): ScenarioInput => ({
  preset: 'at-least-once',
  produce: { count: 20, intervalMs: 300, keys: ['a', 'd'] },
  ...extra,
  settings: {
    ...extra.settings,
    topic: { partitions: 2 },
    consumerApp: { instances: 2, ...extra.settings?.consumerApp },
  },
});

describe('RangeAssignor', () => {
  it('gives each member a contiguous range, the first ones one more, members sorted by id', () => {
    expect(rangeAssign(['consumer-2#1', 'consumer#1'], 3)).toEqual([
      { member: 'consumer#1', partitions: [0, 1] },
      { member: 'consumer-2#1', partitions: [2] },
    ]);
    expect(rangeAssign(['c#1', 'b#1', 'a#1'], 2)).toEqual([
      { member: 'a#1', partitions: [0] },
      { member: 'b#1', partitions: [1] },
      { member: 'c#1', partitions: [] },
    ]);
    expect(rangeAssign(['x#1'], 4)).toEqual([{ member: 'x#1', partitions: [0, 1, 2, 3] }]);
  });

  it('is what the coordinator hands out: two consumers starting together share one rebalance', () => {
    const { all } = events(pair());
    const generations = where(all, 'broker.groupJoined');
    expect(generations[0]!.e).toEqual({
      type: 'broker.groupJoined',
      generation: 1,
      assignment: [
        { member: 'consumer#1', partitions: [0] },
        { member: 'consumer-2#1', partitions: [1] },
      ],
    });
    expect(generations).toHaveLength(1);
  });
});

describe('a consumer that dies without a word', () => {
  const crash = pair({ faults: [{ type: 'crash', node: 'consumer-2', atMs: 3500 }] });

  it('is removed session.timeout.ms after its last heartbeat, and nothing moves before', () => {
    const { all } = events(crash);
    const lastBeat = where(all, 'net.delivered', (e) => e.kind === 'HeartbeatRequest' && e.from === 'consumer-2').at(-1)!;
    expect(lastBeat.time).toBeLessThan(3500);
    const removed = where(all, 'broker.memberRemoved')[0]!;
    expect(removed.e).toMatchObject({ member: 'consumer-2#1', reason: 'session-timeout', afterMs: 45000 });
    expect(removed.time - lastBeat.time).toBe(45000);
    // The only new generation comes after the removal.
    const generations = where(all, 'broker.groupJoined').filter((x) => x.e.generation > 1);
    expect(generations.map((x) => x.e.generation)).toEqual([2]);
    expect(generations[0]!.time).toBeGreaterThan(removed.time);
    expect(generations[0]!.e.assignment).toEqual([{ member: 'consumer#1', partitions: [0, 1] }]);
  });

  it('the survivor resumes its partition from the committed offset, and re-processes what was processed but not committed', () => {
    // Auto-commit every 5 s: what consumer-2 processed since its last auto-commit is not committed.
    const { r, all } = events(
      pair({
        settings: { consumer: { 'enable.auto.commit': true }, consumerApp: { instances: 2, commit: 'none' } },
        faults: [{ type: 'crash', node: 'consumer-2', atMs: 6500 }],
      }),
    );
    const removed = where(all, 'broker.memberRemoved')[0]!;
    const committedP1 = where(all, 'broker.offsetCommitted', (e) => e.offsets.some((o) => o.partition === 1)).filter((x) => x.time < removed.time).at(-1)!;
    const p1Then = committedP1.e.offsets.find((o) => o.partition === 1)!.offset;
    const resumed = where(all, 'consumer.committedOffset').filter((x) => x.time > removed.time)[0]!;
    expect(by(resumed.e)).toBe('consumer');
    expect(resumed.e.offsets).toContainEqual({ partition: 1, offset: p1Then });
    const firstP1 = where(all, 'consumer.polled', (e) => e.records.some((x) => x.partition === 1)).filter((x) => x.time > removed.time)[0]!;
    expect(firstP1.e.records.find((x) => x.partition === 1)!.offset).toBe(p1Then);
    // What consumer-2 processed at p1 >= p1Then is processed again: duplicates, nothing lost.
    const again = where(all, 'consumer.processed', (e) => e.partition === 1 && e.offset >= p1Then).filter((x) => x.time < 6500);
    expect(again.length).toBeGreaterThan(0);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: again.length });
  });
});

describe('onJoinPrepare', () => {
  it('with enable.auto.commit, a member commits its positions (and waits) before it rejoins', () => {
    const { all } = events(
      pair({
        settings: { consumer: { 'enable.auto.commit': true }, consumerApp: { instances: 2, commit: 'none' } },
        faults: [{ type: 'start', node: 'consumer-2', atMs: 2000 }],
      }),
    );
    const noticed = where(all, 'consumer.rebalanceNoticed')[0]!;
    expect(by(noticed.e)).toBe('consumer');
    const commit = where(all, 'consumer.commit', (e) => e.method === 'onJoinPrepare')[0]!;
    const polled = where(all, 'consumer.polled').filter((x) => x.time <= commit.time).at(-1)!;
    expect(commit.e.offsets).toEqual(polled.e.positions);
    const stored = where(all, 'broker.offsetCommitted').find((x) => x.step > commit.step)!;
    const revoked = where(all, 'consumer.revoked')[0]!;
    const generation2 = where(all, 'broker.groupJoined', (e) => e.generation === 2)[0]!;
    expect(stored.step).toBeLessThan(revoked.step);
    expect(revoked.step).toBeLessThan(generation2.step);
    expect(stored.e.offsets).toEqual(commit.e.offsets);
  });

  it('a member that commits by hand just rejoins: no commit of its own before it', () => {
    const { all } = events(pair({ faults: [{ type: 'start', node: 'consumer-2', atMs: 2000 }] }));
    expect(where(all, 'consumer.commit', (e) => e.method === 'onJoinPrepare')).toEqual([]);
    expect(where(all, 'consumer.revoked')).toHaveLength(1);
  });
});

describe('fencing commits', () => {
  it("a dead member's commit from an older generation is refused with ILLEGAL_GENERATION", () => {
    const { r, all } = events(
      pair({
        settings: { consumer: { 'request.timeout.ms': 1000 }, consumerApp: { instances: 2 } },
        faults: [
          // The first commit is stuck on the wire for 10 s; the consumer times out and commits again on a new connection.
          { type: 'delay', message: 'OffsetCommitRequest', nth: 1, byMs: 10000 },
          // A second member joins: generation 2. Then the first one dies, still a member.
          { type: 'start', node: 'consumer-2', atMs: 2000 },
          { type: 'crash', node: 'consumer', atMs: 4000 },
        ],
      }),
    );
    const rejected = where(all, 'broker.commitRejected');
    expect(rejected.map((x) => x.e)).toEqual([
      expect.objectContaining({ error: 'ILLEGAL_GENERATION', generation: 1, current: 2, member: 'consumer#1', offsets: [{ partition: 0, offset: 1 }, { partition: 1, offset: 0 }] }),
    ]);
    const expiry = where(all, 'broker.memberRemoved')[0]!;
    expect(rejected[0]!.time).toBeLessThan(expiry.time);
    // The stale commit moved nothing: p0 stays where the dead member last committed it in generation 2.
    const beforeRejection = where(all, 'broker.offsetCommitted', (e) => e.offsets.some((o) => o.partition === 0)).filter((x) => x.step < rejected[0]!.step).at(-1)!;
    const nextP0 = where(all, 'broker.offsetCommitted', (e) => e.offsets.some((o) => o.partition === 0)).find((x) => x.step > rejected[0]!.step);
    expect(nextP0 === undefined || nextP0.time > expiry.time).toBe(true);
    expect(beforeRejection.e.offsets.find((o) => o.partition === 0)!.offset).toBeGreaterThan(1);
    expect(r.ledger.summary.lost).toBe(0);
  });
});

describe('leaving and poll timeouts', () => {
  it('a clean leave (close) rebalances at once, after the auto-commit close() awaits', () => {
    const { r, all } = events(
      pair({
        settings: { consumer: { 'enable.auto.commit': true }, consumerApp: { instances: 2, commit: 'none' } },
        faults: [{ type: 'leave', node: 'consumer-2', atMs: 3000 }],
      }),
    );
    const closeCommit = where(all, 'consumer.commit', (e) => e.method === 'onClose')[0]!;
    expect(by(closeCommit.e)).toBe('consumer-2');
    const left = where(all, 'consumer.left')[0]!;
    const removed = where(all, 'broker.memberRemoved')[0]!;
    expect(removed.e).toMatchObject({ member: 'consumer-2#1', reason: 'leave' });
    expect(closeCommit.step).toBeLessThan(left.step);
    // Well within one session timeout: the coordinator does not wait for it.
    expect(removed.time - 3000).toBeLessThan(1000);
    const generation2 = where(all, 'broker.groupJoined', (e) => e.generation === 2)[0]!;
    expect(generation2.time - removed.time).toBeLessThanOrEqual(3000 + 1000);
    // It committed what it had consumed before leaving, so its successor re-processes nothing.
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.timeline.current.nodes['consumer-2']!.value).toBe('left');
  });

  it('a batch that takes longer than max.poll.interval.ms: the heartbeat thread leaves, the commit is refused, the batch comes again', () => {
    const { all } = events({
      preset: 'at-least-once',
      produce: { count: 6, intervalMs: 10 },
      settings: {
        consumer: { 'max.poll.interval.ms': 1000, 'heartbeat.interval.ms': 200, 'session.timeout.ms': 6000, 'max.poll.records': 3 },
        consumerApp: { processingMs: 400 },
      },
      horizonMs: 20000,
    });
    const timeout = where(all, 'consumer.pollTimeout')[0]!;
    expect(timeout.e.sinceMs).toBeGreaterThan(1000);
    expect(where(all, 'broker.memberRemoved', (e) => e.reason === 'leave')[0]!.time).toBeGreaterThanOrEqual(timeout.time);
    const refused = where(all, 'consumer.commitRefused')[0]!;
    expect(refused.e.error).toBe('UNKNOWN_MEMBER_ID');
    // The batch it could not commit is delivered again to the consumer, now a new member.
    const joins = where(all, 'consumer.joined');
    expect(joins.length).toBeGreaterThan(1);
    const batches = where(all, 'consumer.polled').map((x) => x.e.records.map((rec) => rec.offset).join());
    expect(batches[0]).toBe('0,1,2');
    expect(batches.filter((b) => b === '0,1,2').length).toBeGreaterThan(2);
  });
});

describe('the poll timer', () => {
  it('every poll() restarts max.poll.interval.ms: a consumer polling often never times out, however long it runs', () => {
    // Polls come every few hundred ms; the run lasts well over ten poll intervals.
    const { all, r } = events({
      preset: 'at-least-once',
      produce: { count: 40, intervalMs: 300 },
      settings: { consumer: { 'max.poll.interval.ms': 1000, 'heartbeat.interval.ms': 200, 'session.timeout.ms': 6000, 'max.poll.records': 1 }, consumerApp: { processingMs: 100 } },
    });
    expect(r.timeline.steps.at(-1)!.time).toBeGreaterThan(10 * 1000);
    expect(where(all, 'consumer.pollTimeout')).toEqual([]);
    expect(where(all, 'broker.rebalanceStarted')).toHaveLength(1);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

describe('forks with the new faults', () => {
  const busyGroup: ScenarioInput = {
    preset: 'at-least-once',
    seed: 4,
    produce: { count: 16, intervalMs: 40, keys: ['a', 'd'] },
    settings: {
      topic: { partitions: 2 },
      network: { jitterMs: 3 },
      consumer: { 'max.poll.records': 2, 'enable.auto.commit': true, 'auto.commit.interval.ms': 200 },
      consumerApp: { instances: 2, maxAttempts: 2, deadLetter: true },
    },
    faults: [{ type: 'crash', node: 'consumer-2', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 100 }],
  };
  const forks: [string, Fault][] = [
    ['a consumer leaves', { type: 'leave', node: 'consumer', atMs: 300 }],
    ['a late start', { type: 'start', node: 'consumer-2', atMs: 250 }],
    ['a poison message', { type: 'fail', what: 'processing', messageId: 'm9' }],
    ['a failure after the write', { type: 'fail', what: 'processing', messageId: 'm12', times: 1, stage: 'after-write' }],
    ['a re-drive', { type: 'redrive', atMs: 900 }],
    ['consumer-2 crashes at its own point', { type: 'crash', node: 'consumer-2', point: 'after-processing-before-commit', nth: 4, restartAfterMs: 10 }],
  ];

  it.each(forks)('%s: the fork is exactly the fresh run with that fault', (_, fault) => {
    const withFail = fault.type === 'redrive' ? [...busyGroup.faults!, { type: 'fail' as const, what: 'processing' as const, messageId: 'm3', times: 2 }] : busyGroup.faults!;
    const base = { ...busyGroup, faults: withFail };
    const parsed = (input: ScenarioInput) => {
      const p = parseScenario(input);
      if (!p.ok) throw new Error(JSON.stringify(p.issues));
      return Timeline.start(p.run);
    };
    const original = parsed(base).runToEnd();
    const fork = original.fork(150, fault).runToEnd();
    const fresh = parsed({ ...base, faults: [...base.faults!, fault] }).runToEnd();
    expect(traceHash(fork.steps)).toBe(traceHash(fresh.steps));
    expect(traceHash(fork.steps)).not.toBe(traceHash(original.steps));
  });
});
