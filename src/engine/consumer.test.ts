/** KAFKA-RULES.md section 3: consumer offsets, auto-commit, auto.offset.reset, generations. */
import { DEFAULT_GROUP_ID } from './logic/groupCoordinator';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from './scenario';
import { runScenario } from './testing';
import type { TraceEvent } from './types';

const events = (input: ScenarioInput) => {
  const r = runScenario(input);
  return { r, all: r.timeline.steps.flatMap((s) => s.events.map((e) => ({ step: s.index, time: s.time, e }))) };
};
const of = <T extends TraceEvent['type']>(all: { e: TraceEvent }[], type: T) =>
  all.map((x) => x.e).filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);

describe('committed offset', () => {
  it('is the next offset to read: lastProcessed + 1', () => {
    const { r, all } = events({ preset: 'at-least-once', produce: { count: 3 }, settings: { consumer: { 'max.poll.records': 1 } } });
    expect(of(all, 'consumer.commit').map((e) => e.offsets[0]?.offset)).toEqual([1, 2, 3]);
    expect(r.timeline.current.nodes.broker.context.groups[DEFAULT_GROUP_ID]!.committed[0]).toBe(3);
  });

  it('after a restart the consumer resumes from the committed offset', () => {
    const { all } = events({
      preset: 'at-least-once',
      produce: { count: 3 },
      settings: { consumer: { 'max.poll.records': 1 } },
      faults: [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 100 }],
    });
    expect(of(all, 'consumer.committedOffset').map((e) => e.offsets[0]?.offset)).toEqual([null, 1]);
    const polls = of(all, 'consumer.polled').map((e) => e.records.map((x) => x.offset));
    expect(polls).toEqual([[0], [1], [1], [2]]);
  });
});

describe('auto-commit', () => {
  const auto = { consumer: { 'enable.auto.commit': true, 'auto.commit.interval.ms': 0, 'max.poll.records': 1 }, consumerApp: { commit: 'none' as const } };

  it('runs inside poll() and commits the positions of records returned by earlier polls', () => {
    const { all } = events({ preset: 'at-least-once', produce: { count: 3, intervalMs: 100 }, settings: auto });
    const sequence = all.filter(({ e }) => e.type === 'consumer.polled' || (e.type === 'consumer.commit' && e.method === 'auto'));
    // Every poll hands out records only after committing what the previous polls returned.
    let position = 0;
    for (const { e } of sequence) {
      if (e.type === 'consumer.commit') expect(e.offsets[0]?.offset).toBe(position);
      if (e.type === 'consumer.polled') position = e.positions[0]!.offset;
    }
    expect(of(all, 'consumer.commit').filter((e) => e.method === 'auto').length).toBeGreaterThan(3);
  });

  it('is at least once with processing in the poll loop: a crash after processing re-delivers', () => {
    const { r } = events({
      preset: 'at-least-once',
      produce: { count: 3, intervalMs: 100 },
      settings: auto,
      faults: [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 50 }],
    });
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 1 });
  });
});

describe('auto.offset.reset applies only without a committed offset', () => {
  // The consumer is down until 500 ms: everything is produced before it first asks.
  const late = (policy: 'earliest' | 'latest' | 'none'): ScenarioInput => ({
    preset: 'at-least-once',
    produce: { count: 3, startMs: 20 },
    settings: { consumer: { 'auto.offset.reset': policy } },
    faults: [{ type: 'crash', node: 'consumer', atMs: 1, restartAfterMs: 500 }],
  });

  it('earliest: from the log start', () => {
    const { r, all } = events(late('earliest'));
    expect(of(all, 'consumer.offsetReset').at(-1)).toMatchObject({ policy: 'earliest', offsets: [{ partition: 0, offset: 0 }] });
    expect(r.ledger.summary.lost).toBe(0);
  });

  it('latest: from the end, skipping what was produced before', () => {
    const { r, all } = events(late('latest'));
    expect(of(all, 'consumer.offsetReset').at(-1)).toMatchObject({ policy: 'latest', offsets: [{ partition: 0, offset: 3 }] });
    expect(r.ledger.summary.lost).toBe(3);
  });

  it('none: NoOffsetForPartitionException, the consumer stops', () => {
    const { r, all } = events(late('none'));
    expect(of(all, 'consumer.offsetReset').at(-1)).toMatchObject({ policy: 'none', offsets: [{ partition: 0, offset: null }] });
    expect(r.timeline.current.nodes.consumer.value).toBe('failed');
    expect(r.ledger.summary.lost).toBe(3);
  });
});

describe('commit placement', () => {
  it('commit before processing is at most once', () => {
    const { r } = events({
      preset: 'at-most-once',
      settings: { consumer: { 'max.poll.records': 1 } },
      faults: [{ type: 'crash', node: 'consumer', point: 'after-commit-before-processing', nth: 2, restartAfterMs: 100 }],
    });
    expect(r.ledger.summary).toMatchObject({ lost: 1, duplicated: 0 });
  });

  it('commitSync after processing is at least once', () => {
    const { r } = events({
      preset: 'at-least-once',
      settings: { consumer: { 'max.poll.records': 1 } },
      faults: [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 100 }],
    });
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 1 });
  });
});

describe('group generation', () => {
  it('a late commit from a crashed consumer, arriving after its session expired, is refused (UNKNOWN_MEMBER_ID), so the committed offset never goes back', () => {
    const { r, all } = events({
      preset: 'at-most-once',
      produce: { count: 4, intervalMs: 10 },
      settings: { consumer: { 'max.poll.records': 1 } },
      faults: [
        // The first commit takes 50 s on the wire; meanwhile the consumer crashes and restarts as a
        // new member, which gets the partition once the old member's session expired (45 s).
        { type: 'delay', message: 'OffsetCommitRequest', nth: 1, byMs: 50000 },
        { type: 'crash', node: 'consumer', atMs: 100, restartAfterMs: 100 },
      ],
    });
    expect(of(all, 'broker.commitRejected')).toEqual([
      expect.objectContaining({ offsets: [{ partition: 0, offset: 1 }], generation: 1, current: 2, error: 'UNKNOWN_MEMBER_ID', member: 'consumer#1' }),
    ]);
    expect(r.timeline.current.nodes.broker.context.groups[DEFAULT_GROUP_ID]!.committed[0]).toBe(4);
    expect(r.ledger.summary.duplicated).toBe(0);
  });
});
