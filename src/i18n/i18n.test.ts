/** Every trace event a run can produce has its text in English and Korean, with every parameter filled. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe as suite, expect, it } from 'vitest';
import { runScenario } from '../engine/testing';
import type { ScenarioInput } from '../engine/scenario';
import type { TraceEvent } from '../engine/types';
import { describe } from './describe';
import { explain } from './explain';
import { createI18n } from './bundled';

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const files: ScenarioInput[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as ScenarioInput);

/** Runs that reach the events the bundled scenarios do not. */
const extra: ScenarioInput[] = [
  {
    preset: 'at-least-once',
    settings: { consumer: { 'enable.auto.commit': true }, consumerApp: { instances: 2, commit: 'none' }, topic: { partitions: 2 } },
    produce: { count: 6, intervalMs: 50, keys: ['a', 'd'] },
    faults: [{ type: 'leave', node: 'consumer-2', atMs: 200 }],
  },
  { preset: 'at-least-once', settings: { consumerApp: { maxAttempts: 2 } }, faults: [{ type: 'fail', what: 'processing', messageId: 'm1' }, { type: 'redrive', atMs: 500 }] },
  {
    preset: 'at-least-once',
    produce: { count: 6, intervalMs: 10 },
    settings: { consumer: { 'max.poll.interval.ms': 1000, 'heartbeat.interval.ms': 200, 'session.timeout.ms': 6000, 'max.poll.records': 3 }, consumerApp: { processingMs: 400 } },
    horizonMs: 8000,
  },
  {
    preset: 'at-most-once',
    produce: { count: 4, intervalMs: 10 },
    settings: { consumer: { 'max.poll.records': 1 } },
    faults: [
      { type: 'delay', message: 'OffsetCommitRequest', nth: 1, byMs: 50000 },
      { type: 'crash', node: 'consumer', atMs: 100, restartAfterMs: 100 },
    ],
  },
];

suite('trace texts', () => {
  const seen = new Map<string, TraceEvent>();
  for (const input of [...files, ...extra]) {
    const r = runScenario(input);
    for (const s of r.timeline.steps) for (const e of s.events) seen.set(describe(e, r.run.settings.topic.partitions).key, e);
  }

  it.each(['en', 'ko'] as const)('%s: every key exists and every parameter is filled', (lang) => {
    const i18n = createI18n(lang);
    expect(seen.size).toBeGreaterThan(60);
    for (const [key, e] of seen) {
      expect(i18n.exists(key), key).toBe(true);
      expect(explain(i18n, e, 2), key).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('the group, lag and dead-letter events are among them', () => {
    for (const key of [
      'trace.broker.rebalanceStarted.join',
      'trace.broker.rebalanceStarted.leave',
      'trace.broker.memberRemoved.leave',
      'trace.broker.memberRemoved.session-timeout',
      'trace.broker.commitRejected_unknownMember',
      'trace.consumer.rebalanceNoticed.rebalance',
      'trace.consumer.rebalanceNoticed.unknownMember',
      'trace.consumer.revoked',
      'trace.consumer.pollTimeout',
      'trace.consumer.left',
      'trace.consumer.commit.onClose',
      'trace.consumer.processingFailed',
      'trace.consumer.processingFailed_afterWrite',
      'trace.consumer.deadLettered',
      'trace.consumer.recordSkipped',
      'trace.broker.deadLetterAppended',
      'trace.broker.redriven',
      'trace.node.started',
    ]) {
      expect(seen.has(key), key).toBe(true);
    }
  });
});

suite('several services (the slot game)', () => {
  const r = runScenario(files.find((f) => f.id === 'slot-spin-two-services')!);
  const services = [
    { name: 'missions', consumer: 'consumer', sink: 'sink' },
    { name: 'points', consumer: 'consumer-2', sink: 'sink-2' },
  ];
  const events = r.timeline.steps.flatMap((s) => s.events);

  it.each([
    ['en', 'group points: ', 'points consumer: ', 'points database'],
    ['ko', '그룹 points: ', 'points 컨슈머: ', 'points 데이터베이스'],
  ] as const)('%s: group events name their group, and service nodes are named after their service', (lang, group, consumer, sink) => {
    const i18n = createI18n(lang);
    const joined = events.find((e) => e.type === 'broker.groupJoined' && e.group === 'points')!;
    expect(explain(i18n, joined, 1, services).startsWith(group)).toBe(true);
    const polled = events.find((e) => e.type === 'consumer.polled' && e.instance === 'consumer-2')!;
    expect(explain(i18n, polled, 1, services).startsWith(consumer)).toBe(true);
    const crash = events.find((e) => e.type === 'node.crashed')!;
    expect(explain(i18n, crash, 1, services)).toContain(consumer.replace(': ', ''));
    const write = events.find((e) => e.type === 'net.sent' && e.msg.to === 'sink-2')!;
    expect(explain(i18n, write, 1, services)).toContain(sink);
    for (const e of events) expect(explain(i18n, e, 1, services)).not.toMatch(/\{\{|\}\}/);
  });
});
