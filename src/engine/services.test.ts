/**
 * Several services on one topic (consumerApp.services): seed 000's slot game, where one spin is
 * consumed by a missions service and a points service. Each service is a consumer group of its own
 * (kafka-part2.md §6: groups are independent; each keeps its own committed offsets and reads every
 * record) with its own database and its own idempotent-consumer strategy.
 */
import { describe, expect, it } from 'vitest';
import { resolveSettings } from './config';
import { DEFAULT_GROUP_ID } from './logic/groupCoordinator';
import { parseScenario, type ScenarioInput } from './scenario';
import { runScenario } from './testing';
import { topologyOf } from './topology';
import type { ConsumerService, Fault, NetMessage, Payload, SinkStrategy, TraceEvent } from './types';

const spins = (n: number, gapMs: number) => Array.from({ length: n }, (_, i) => ({ id: `spin-${i + 1}`, at: i * gapMs, key: 'user-7' }));

/** At-least-once on both sides; the services and their strategies change. */
const fanOut = (services: [SinkStrategy, SinkStrategy], faults: Fault[] = [], gapMs = 2000): ScenarioInput => ({
  preset: 'at-least-once',
  settings: {
    producer: { 'request.timeout.ms': 1000 },
    consumerApp: { services: [{ name: 'missions', idempotence: services[0] }, { name: 'points', idempotence: services[1] }] },
  },
  produce: { messages: spins(3, gapMs) },
  faults,
});

const run = (input: ScenarioInput) => {
  const r = runScenario(input);
  const events = r.timeline.steps.flatMap((s) => s.events);
  const of = <T extends TraceEvent['type']>(type: T) => events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
  const sent = (kind: Payload['kind']) => of('net.sent').map((e) => e.msg as NetMessage).filter((m) => m.kind === kind);
  return { ...r, of, sent, row: (id: string) => r.ledger.messages.find((m) => m.messageId === id)! };
};

const LOST_ACK: Fault[] = [{ type: 'drop', message: 'ProduceResponse', nth: 2 }];

describe('topology and config', () => {
  it('gives the n-th service consumer-n and sink-n', () => {
    const r = resolveSettings({ consumerApp: { services: [{ name: 'missions', idempotence: 'unique-key' }, { name: 'points', idempotence: 'processed-ids' }] } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(topologyOf(r.settings).map((n) => n.id)).toEqual(['producer', 'broker', 'consumer', 'consumer-2', 'sink', 'sink-2']);
  });

  it.each<[string, ScenarioInput['settings'], string]>([
    ['two services with one name (one group.id)', { consumerApp: { services: [{ name: 'points', idempotence: 'none' }, { name: 'points', idempotence: 'none' }] } }, 'consumerApp.services'],
    ['several instances per service', { consumerApp: { instances: 2, services: [{ name: 'a', idempotence: 'none' }] } }, 'consumerApp.instances'],
    ['the transactional copier', { consumer: { 'enable.auto.commit': false }, consumerApp: { output: 'topic', services: [{ name: 'a', idempotence: 'none' }] } }, 'consumerApp.output'],
    ['the dead-letter topic', { consumerApp: { deadLetter: true, services: [{ name: 'a', idempotence: 'none' }] } }, 'consumerApp.deadLetter'],
  ])('refuses %s, naming the setting', (_, settings, path) => {
    const parsed = parseScenario({ settings });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain(`settings.${path}`);
  });

  it('refuses a service name that is not a plain identifier (it is a group.id, shown as text)', () => {
    for (const name of ['<b>x</b>', 'Points', '', 'a'.repeat(25)]) {
      const services = [{ name, idempotence: 'none' }] as ConsumerService[];
      expect(parseScenario({ settings: { consumerApp: { services } } }).ok, name).toBe(false);
    }
  });
});

describe('a name is only a name', () => {
  it('a service called constructor (a name Object.prototype has) is a group like any other (the fuzzer found it crashing the run)', () => {
    const named = (name: string) => runScenario({ ...fanOut(['processed-ids', 'none'], LOST_ACK), settings: { ...fanOut(['processed-ids', 'none']).settings, consumerApp: { services: [{ name, idempotence: 'processed-ids' }, { name: 'points', idempotence: 'none' }] } } });
    const plain = named('missions');
    const hostile = named('constructor');
    expect(hostile.ledger.summary).toEqual(plain.ledger.summary);
    expect(hostile.timeline.lastIndex).toBe(plain.timeline.lastIndex);
    expect(plain.ledger.summary.duplicated).toBeGreaterThan(0);
  });
});

describe('each service is a consumer group of its own', () => {
  it('a run with one group sends no group.id and keeps one group, as before services existed', () => {
    const r = run({ preset: 'at-least-once', produce: { count: 3, intervalMs: 10 } });
    for (const kind of ['JoinGroupRequest', 'HeartbeatRequest', 'OffsetCommitRequest', 'OffsetFetchRequest'] as const) {
      expect(r.sent(kind).every((m) => !('groupId' in m.payload)), kind).toBe(true);
    }
    expect(r.of('broker.groupJoined').every((e) => e.group === undefined)).toBe(true);
    expect(Object.keys(r.timeline.current.nodes.broker.context.groups)).toEqual([DEFAULT_GROUP_ID]);
  });

  it('every record reaches both groups: each joins, reads from offset 0 and commits on its own', () => {
    const r = run(fanOut(['none', 'none']));
    expect(r.sent('JoinGroupRequest').map((m) => [m.from, (m.payload as { groupId?: string }).groupId])).toEqual([
      ['consumer', 'missions'],
      ['consumer-2', 'points'],
    ]);
    expect(r.of('broker.groupJoined').map((e) => [e.group, e.generation, e.assignment])).toEqual([
      ['missions', 1, [{ member: 'consumer#1', partitions: [0] }]],
      ['points', 1, [{ member: 'consumer-2#1', partitions: [0] }]],
    ]);
    const groups = r.timeline.current.nodes.broker.context.groups;
    expect(groups.missions!.committed).toEqual({ 0: 3 });
    expect(groups.points!.committed).toEqual({ 0: 3 });
    // Each database holds every spin once.
    for (const m of r.ledger.messages) {
      expect(m.services).toEqual([
        { service: 'missions', status: 'ok', effects: 1, supersededAt: null },
        { service: 'points', status: 'ok', effects: 1, supersededAt: null },
      ]);
      expect(m.deliveries.map((d) => d.service)).toEqual(['missions', 'points']);
    }
    expect(r.ledger.summary).toMatchObject({ messages: 3, effects: 6, lost: 0, duplicated: 0 });
  });

  it('a crash in one service rebalances its own group only; the other keeps its generation', () => {
    const r = run(fanOut(['none', 'none'], [{ type: 'crash', node: 'consumer-2', atMs: 1000, restartAfterMs: 100 }]));
    const joined = r.of('broker.groupJoined');
    expect(joined.filter((e) => e.group === 'missions').map((e) => e.generation)).toEqual([1]);
    expect(joined.filter((e) => e.group === 'points').map((e) => e.generation).at(-1)).toBeGreaterThan(1);
    expect(r.of('broker.rebalanceStarted').every((e) => e.group === 'points' || e.generation === 0)).toBe(true);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, end: 'quiescent' });
  });

  it('each group has its own lag: before anything is committed the lag is the records times the groups', () => {
    const input = fanOut(['none', 'none'], [], 10);
    const r = run({ ...input, settings: { ...input.settings, consumerApp: { ...input.settings!.consumerApp, processingMs: 500 } } });
    expect(r.ledger.summary.maxLag).toBe(6);
    expect(r.ledger.summary.finalLag).toBe(0);
  });
});

describe('the slot game (seed 000): one spin, missions and points, each with its own strategy', () => {
  it('a lost ack appends spin-2 twice; unique spin_id (missions) and the dedup table (points) both skip it', () => {
    const r = run(fanOut(['unique-key', 'processed-ids'], LOST_ACK));
    expect(r.row('spin-2').appends).toHaveLength(2);
    expect(r.row('spin-2').effectsSkipped.map((s) => [s.service, s.reason])).toEqual([
      ['missions', 'unique-key'],
      ['points', 'processed-id'],
    ]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 1, effects: 6 });
  });

  it('without a check in one service, that service alone counts the spin twice', () => {
    const r = run(fanOut(['none', 'processed-ids'], LOST_ACK));
    expect(r.row('spin-2')).toMatchObject({
      status: 'duplicated',
      services: [
        { service: 'missions', status: 'duplicated', effects: 2 },
        { service: 'points', status: 'ok', effects: 1 },
      ],
    });
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 1 });
  });

  it('a reordering retry: last processed id loses spin-2 in missions, cache + unique key keeps it in points', () => {
    const r = run(fanOut(['last-processed-id', 'cache-then-unique'], [{ type: 'reject', nth: 2 }], 2));
    expect(r.row('spin-2')).toMatchObject({
      status: 'lost',
      services: [
        { service: 'missions', status: 'lost', effects: 0 },
        { service: 'points', status: 'ok', effects: 1 },
      ],
    });
    expect(r.row('spin-2').effectsSkipped.map((s) => [s.service, s.reason])).toEqual([['missions', 'old-id']]);
    expect(r.ledger.summary).toMatchObject({ lost: 1, duplicated: 0 });
  });

  it('a crash of the points database empties its cache only; its unique key still catches the repeat', () => {
    const r = run(fanOut(['processed-ids', 'cache-then-unique'], [...LOST_ACK, { type: 'crash', node: 'sink-2', atMs: 2500, restartAfterMs: 100 }]));
    expect(r.of('node.crashed').map((e) => [e.node, e.lost])).toEqual([['sink-2', [{ what: 'cache-keys', count: 2 }]]]);
    expect(r.ledger.summary).toMatchObject({ lost: 0, duplicated: 0 });
  });
});
