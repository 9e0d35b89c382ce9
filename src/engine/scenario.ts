/**
 * Scenario files: the JSON a user writes, shares, exports and replays. Validated with zod
 * (strict: an unknown field is an error that names it), then resolved through the presets and
 * Kafka's config rules into a RunConfig.
 */
import { z } from 'zod';
import { PRESET_NAMES, PRESETS, mergeSettings, resolveSettings, type PresetName } from './config';
import { INT_MAX } from './logic/producerState';
import type { RunConfig } from './simulation';
import { NODE_NAME_HINT, isNodeName, roleOf, topologyOf } from './topology';
import { CRASH_POINTS, CRASH_POINT_NAMES, MESSAGE_KINDS, SINK_STRATEGIES, type Fault, type NodeId, type ProduceMessage, type SettingsInput } from './types';

const ms = z.int().min(0).max(86_400_000 * 7);
const count = z.int().min(0).max(INT_MAX);
const positive = z.int().min(1).max(INT_MAX);
/** A node id: a role, or a role and an instance number (`consumer-2`); whether it exists depends on the settings. */
const node = z.string().max(32).refine(isNodeName, `expected a node: ${NODE_NAME_HINT}`);
const messageKind = z.enum(MESSAGE_KINDS);
/** At most this many consumer instances in the group. */
const MAX_CONSUMERS = 4;
const consumerNode = node.refine((n) => roleOf(n) === 'consumer', 'expected a consumer: consumer, consumer-2, ...');
const crashPoint = z.enum(CRASH_POINT_NAMES);

const producer = z
  .strictObject({
    acks: z.union([z.literal(0), z.literal(1), z.literal('all'), z.literal(-1).transform(() => 'all' as const)]),
    retries: count,
    'retry.backoff.ms': ms,
    'retry.backoff.max.ms': ms,
    'request.timeout.ms': positive,
    'delivery.timeout.ms': positive,
    'enable.idempotence': z.boolean(),
    'max.in.flight.requests.per.connection': z.int().min(1).max(1000),
    'batch.size': z.int().min(1).max(10_000),
    'linger.ms': ms,
    'transactional.id': z.string().min(1).max(64).nullable(),
    // The broker's transaction.max.timeout.ms (900000) is the upper bound (INVALID_TRANSACTION_TIMEOUT above it).
    'transaction.timeout.ms': z.int().min(1).max(900_000),
  })
  .partial();

const producerApp = z
  .strictObject({
    onSendFailure: z.enum(['give-up', 'send-again']),
    onRestart: z.enum(['resend-unacked', 'forget-unacked']),
    transactionSize: z.int().min(1).max(10_000),
    instances: z.union([z.literal(1), z.literal(2)]),
    secondInstanceStartMs: ms,
  })
  .partial();

const consumer = z
  .strictObject({
    'enable.auto.commit': z.boolean(),
    'auto.commit.interval.ms': ms,
    'auto.offset.reset': z.enum(['earliest', 'latest', 'none']),
    'max.poll.records': z.int().min(1).max(100_000),
    'fetch.max.wait.ms': ms,
    'request.timeout.ms': positive,
    'retry.backoff.ms': ms,
    'default.api.timeout.ms': positive,
    'session.timeout.ms': positive,
    'heartbeat.interval.ms': positive,
    'max.poll.interval.ms': positive,
    'isolation.level': z.enum(['read_uncommitted', 'read_committed']),
  })
  .partial();

const consumerApp = z
  .strictObject({
    commit: z.enum(['none', 'before-processing', 'after-processing']),
    commitMethod: z.enum(['commitSync', 'commitAsync']),
    processingMs: ms,
    idempotence: z.enum(SINK_STRATEGIES),
    sinkTimeoutMs: positive,
    sinkWriteMs: ms,
    bulkWrite: z.boolean(),
    onSinkTimeout: z.enum(['retry', 'skip']),
    cacheTtlMs: positive,
    cacheKeepMs: positive,
    instances: z.int().min(1).max(MAX_CONSUMERS),
    // A service's name is its group.id: a short identifier, shown as text (never as HTML).
    services: z
      .array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9_-]{0,23}$/, 'a service name: lower-case letters, digits, _ or -, starting with a letter, at most 24'), idempotence: z.enum(SINK_STRATEGIES) }))
      .max(MAX_CONSUMERS),
    maxAttempts: z.int().min(1).max(1000),
    deadLetter: z.boolean(),
    output: z.enum(['database', 'topic']),
  })
  .partial();

const settings = z
  .strictObject({
    producer,
    producerApp,
    consumer,
    consumerApp,
    broker: z
      .strictObject({
        'producer.id.expiration.ms': positive,
        'group.initial.rebalance.delay.ms': ms,
        'replica.lag.time.max.ms': positive,
        'replica.fetch.wait.max.ms': ms,
        'broker.session.timeout.ms': positive,
      })
      .partial(),
    // The lab has up to three brokers; every partition has a replica on each of the first `replication.factor`.
    topic: z
      .strictObject({ partitions: z.int().min(1).max(12), 'replication.factor': z.int().min(1).max(3), 'min.insync.replicas': z.int().min(1).max(3) })
      .partial(),
    network: z
      .strictObject({ latencyMs: z.int().min(0).max(60_000), jitterMs: z.int().min(0).max(60_000), dropProbability: z.number().min(0).max(1) })
      .partial(),
  })
  .partial();

const produce = z.union([
  z.strictObject({
    count: z.int().min(0).max(1_000_000),
    intervalMs: ms.default(10),
    startMs: ms.default(0),
    keys: z.array(z.string().max(64)).max(1000).optional(),
  }),
  z.strictObject({
    messages: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(64),
          at: ms,
          key: z.string().max(64).nullable().default(null),
          version: count.optional(),
          producer: z.enum(['producer', 'producer-2']).optional(),
        }),
      )
      .max(1_000_000),
  }),
]);

const fault = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('drop'), message: messageKind, nth: positive, atMs: ms.optional() }),
  z.strictObject({ type: z.literal('delay'), message: messageKind, nth: positive, byMs: ms }),
  z.strictObject({ type: z.literal('reject'), nth: positive, error: z.literal('NOT_ENOUGH_REPLICAS').optional() }),
  z.strictObject({ type: z.literal('duplicate'), message: messageKind, nth: positive, afterMs: ms.optional() }),
  z
    .strictObject({
      type: z.literal('crash'),
      node,
      atMs: ms.optional(),
      point: crashPoint.optional(),
      nth: positive.optional(),
      restartAfterMs: ms.optional(),
    })
    .refine((f) => (f.atMs === undefined) !== (f.point === undefined), 'a crash needs exactly one of atMs or point')
    .refine((f) => f.point === undefined || CRASH_POINTS[f.point] === roleOf(f.node), {
      message: 'this crash point belongs to another node',
      path: ['point'],
    }),
  z.strictObject({ type: z.literal('restart'), node, atMs: ms }),
  z.strictObject({ type: z.literal('leave'), node: consumerNode, atMs: ms }),
  z.strictObject({ type: z.literal('start'), node: consumerNode, atMs: ms }),
  // `what` discriminates what fails; other kinds of failure join this union.
  z.discriminatedUnion('what', [
    z.strictObject({ type: z.literal('fail'), what: z.literal('sink-write'), nth: positive }),
    z.strictObject({
      type: z.literal('fail'),
      what: z.literal('processing'),
      messageId: z.string().min(1).max(64),
      times: positive.optional(),
      stage: z.enum(['before-write', 'after-write']).optional(),
    }),
  ]),
  z.strictObject({ type: z.literal('redrive'), atMs: ms }),
  z
    .strictObject({ type: z.literal('cut'), between: z.tuple([node, node]), fromMs: ms, toMs: ms })
    .refine((f) => f.between[0] !== f.between[1], { message: 'a cut needs two different nodes', path: ['between'] })
    .refine((f) => f.toMs > f.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] }),
]);

/** Text a person reads: one string, or the same text in Korean and English. */
const text = (max: number) => z.union([z.string().max(max), z.strictObject({ en: z.string().max(max), ko: z.string().max(max) })]);

const outcome = z
  .strictObject({ lost: count, duplicated: count, logDuplicates: count, outOfOrder: count, superseded: count, deadLettered: count, maxLag: count, finalLag: count })
  .partial();

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().max(100).optional(),
  title: text(200).optional(),
  description: text(2000).optional(),
  preset: z.enum(PRESET_NAMES).optional(),
  settings: settings.default({}),
  produce: produce.default({ count: 3, intervalMs: 10, startMs: 0 }),
  seed: z.int().min(0).max(INT_MAX).default(1),
  faults: z.array(fault).max(1000).default([]),
  horizonMs: z.int().min(1).max(86_400_000 * 7).default(600_000),
  expect: outcome.optional(),
});

/** A scenario as written (defaults filled in). */
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ExpectedOutcome = NonNullable<Scenario['expect']>;
/** A scenario's title or description: one string, or `{ en, ko }`. */
export type LocalizedText = NonNullable<Scenario['title']>;

/** The text in `lang`, or the one string there is. */
export function localized(value: LocalizedText | undefined, lang: 'en' | 'ko'): string | undefined {
  return typeof value === 'object' ? value[lang] : value;
}

export interface Issue {
  path: string;
  message: string;
}

export type Parsed = { ok: true; scenario: Scenario; run: RunConfig } | { ok: false; issues: Issue[] };

/** `settings.producer['enable.idempotence']`: Kafka's dotted names stay readable in a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (String(p).includes('.')) out += `['${String(p)}']`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(the scenario)';
}

/**
 * The application's send() calls, in time order. A message without a version gets its 1-based
 * position in this script (what the `version` strategy compares); a message sent twice keeps the
 * position of its first send, since it is the same message.
 */
export function produceScript(p: Scenario['produce']): ProduceMessage[] {
  if ('messages' in p) {
    const sorted = [...p.messages].sort((a, b) => a.at - b.at);
    const first = new Map<string, number>();
    sorted.forEach((m, i) => first.set(m.id, first.get(m.id) ?? i + 1));
    return sorted.map((m) => ({
      id: m.id,
      at: m.at,
      key: m.key,
      version: m.version ?? first.get(m.id)!,
      ...(m.producer && m.producer !== 'producer' ? { producer: m.producer } : {}),
    }));
  }
  return Array.from({ length: p.count }, (_, i) => ({
    id: `m${i + 1}`,
    at: p.startMs + i * p.intervalMs,
    key: p.keys && p.keys.length > 0 ? p.keys[i % p.keys.length]! : null,
    version: i + 1,
  }));
}

/** Validates a scenario (already parsed from JSON) and resolves it into a run. */
export function parseScenario(input: unknown): Parsed {
  const r = scenarioSchema.safeParse(input);
  if (!r.success) {
    // An unknown field is reported at its own path, not its parent's.
    const issues = r.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: `unknown field "${key}"` }))
        : [{ path: formatPath(i.path), message: i.message }],
    );
    return { ok: false, issues };
  }
  const scenario = r.data;
  const explicit = mergeSettings(scenario.preset ? PRESETS[scenario.preset as PresetName] : {}, scenario.settings as SettingsInput);
  const resolved = resolveSettings(explicit);
  if (!resolved.ok) return { ok: false, issues: resolved.issues.map((i) => ({ path: formatPath(['settings', ...i.path]), message: i.message })) };
  // A fault may only name nodes this run has.
  const nodes = new Set(topologyOf(resolved.settings).map((n) => n.id));
  for (const [i, f] of scenario.faults.entries()) {
    const named: NodeId[] = f.type === 'cut' ? [...f.between] : 'node' in f ? [f.node] : [];
    const missing = named.find((n) => !nodes.has(n));
    if (missing) return { ok: false, issues: [{ path: formatPath(['faults', i]), message: `this run has no node "${missing}"; it has ${[...nodes].join(', ')}` }] };
  }
  // A message may name the second producer instance only if the run has one.
  if ('messages' in scenario.produce && resolved.settings.producerApp.instances < 2) {
    const at = scenario.produce.messages.findIndex((m) => m.producer === 'producer-2');
    if (at >= 0) return { ok: false, issues: [{ path: formatPath(['produce', 'messages', at, 'producer']), message: 'producer-2 needs settings.producerApp.instances = 2' }] };
  }
  // NOT_ENOUGH_REPLICAS comes from checking min.insync.replicas, which Kafka does only for acks=all.
  const rejectAt = scenario.faults.findIndex((f) => f.type === 'reject');
  if (rejectAt >= 0 && resolved.settings.producer.acks !== 'all') {
    return {
      ok: false,
      issues: [{ path: formatPath(['faults', rejectAt]), message: `NOT_ENOUGH_REPLICAS only answers acks=all; this producer uses acks=${resolved.settings.producer.acks}` }],
    };
  }
  // A bulk write is the poll's one transaction: the lab does not model a record failing inside it.
  const failAt = scenario.faults.findIndex((f) => f.type === 'fail' && f.what === 'processing');
  if (failAt >= 0 && resolved.settings.consumerApp.bulkWrite) {
    return { ok: false, issues: [{ path: formatPath(['faults', failAt]), message: 'processing failures are not combined with consumerApp.bulkWrite; set bulkWrite to false' }] };
  }
  return {
    ok: true,
    scenario,
    run: {
      settings: resolved.settings,
      notes: resolved.notes,
      messages: produceScript(scenario.produce),
      faults: scenario.faults as Fault[],
      seed: scenario.seed,
      horizonMs: scenario.horizonMs,
    },
  };
}

/** Parses scenario text (JSON), reporting malformed JSON like any other issue. */
export function parseScenarioText(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(the file)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return parseScenario(json);
}
