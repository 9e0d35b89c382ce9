/**
 * Scenario files: the JSON a user writes, shares, exports and replays. Validated with zod
 * (strict: an unknown field is an error that names it), then resolved through the presets and
 * Kafka's config rules into a RunConfig.
 */
import {
  _default,
  array,
  boolean,
  config,
  discriminatedUnion,
  enum as oneOf,
  int as integer,
  literal,
  maxLength,
  maximum,
  minLength,
  minimum,
  nullable,
  number,
  optional,
  partial,
  pipe,
  refine,
  regex,
  strictObject,
  string,
  transform,
  tuple,
  union,
  type input,
  type output,
  type ZodMiniType,
} from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { PRESET_NAMES, PRESETS, mergeSettings, resolveSettings, type PresetName } from './config';
import { lessonSchema } from './lesson';
import { INT_MAX } from './logic/producerState';
import type { RunConfig } from './simulation';
import { NODE_NAME_HINT, isNodeName, roleOf, topologyOf } from './topology';
import { CRASH_POINTS, CRASH_POINT_NAMES, MESSAGE_KINDS, SINK_STRATEGIES, type Fault, type NodeId, type ProduceMessage, type SettingsInput } from './types';

// zod/mini: the same validation as zod's classic API at a fifth of its size in the page's bundle;
// the English locale gives its messages ("Too big: expected number to be <=5").
config(en());

const int = (min: number, max: number) => integer().check(minimum(min), maximum(max));
const text = (min: number, max: number) => string().check(minLength(min), maxLength(max));
const list = <T extends ZodMiniType>(item: T, max: number) => array(item).check(maxLength(max));

const ms = int(0, 86_400_000 * 7);
const count = int(0, INT_MAX);
const positive = int(1, INT_MAX);
/** A node id: a role, or a role and an instance number (`consumer-2`); whether it exists depends on the settings. */
const node = text(0, 32).check(refine(isNodeName, `expected a node: ${NODE_NAME_HINT}`));
const messageKind = oneOf(MESSAGE_KINDS);
/** At most this many consumer instances in the group. */
const MAX_CONSUMERS = 4;
const consumerNode = text(0, 32).check(
  refine(isNodeName, `expected a node: ${NODE_NAME_HINT}`),
  refine((n) => roleOf(n) === 'consumer', 'expected a consumer: consumer, consumer-2, ...'),
);
const crashPoint = oneOf(CRASH_POINT_NAMES);

const producer = partial(
  strictObject({
    acks: union([literal(0), literal(1), literal('all'), pipe(literal(-1), transform(() => 'all' as const))]),
    retries: count,
    'retry.backoff.ms': ms,
    'retry.backoff.max.ms': ms,
    'request.timeout.ms': positive,
    'delivery.timeout.ms': positive,
    'enable.idempotence': boolean(),
    'max.in.flight.requests.per.connection': int(1, 1000),
    'batch.size': int(1, 10_000),
    'linger.ms': ms,
    'transactional.id': nullable(text(1, 64)),
    // The broker's transaction.max.timeout.ms (900000) is the upper bound (INVALID_TRANSACTION_TIMEOUT above it).
    'transaction.timeout.ms': int(1, 900_000),
  }),
);

const producerApp = partial(
  strictObject({
    onSendFailure: oneOf(['give-up', 'send-again']),
    onRestart: oneOf(['resend-unacked', 'forget-unacked']),
    transactionSize: int(1, 10_000),
    instances: union([literal(1), literal(2)]),
    secondInstanceStartMs: ms,
  }),
);

const consumer = partial(
  strictObject({
    'enable.auto.commit': boolean(),
    'auto.commit.interval.ms': ms,
    'auto.offset.reset': oneOf(['earliest', 'latest', 'none']),
    'max.poll.records': int(1, 100_000),
    'fetch.max.wait.ms': ms,
    'request.timeout.ms': positive,
    'retry.backoff.ms': ms,
    'default.api.timeout.ms': positive,
    'session.timeout.ms': positive,
    'heartbeat.interval.ms': positive,
    'max.poll.interval.ms': positive,
    'isolation.level': oneOf(['read_uncommitted', 'read_committed']),
  }),
);

const consumerApp = partial(
  strictObject({
    commit: oneOf(['none', 'before-processing', 'after-processing']),
    commitMethod: oneOf(['commitSync', 'commitAsync']),
    processingMs: ms,
    idempotence: oneOf(SINK_STRATEGIES),
    sinkTimeoutMs: positive,
    sinkWriteMs: ms,
    bulkWrite: boolean(),
    onSinkTimeout: oneOf(['retry', 'skip']),
    cacheTtlMs: positive,
    cacheKeepMs: positive,
    instances: int(1, MAX_CONSUMERS),
    // A service's name is its group.id: a short identifier, shown as text (never as HTML).
    services: list(
      strictObject({
        name: string().check(regex(/^[a-z][a-z0-9_-]{0,23}$/, 'a service name: lower-case letters, digits, _ or -, starting with a letter, at most 24')),
        idempotence: oneOf(SINK_STRATEGIES),
      }),
      MAX_CONSUMERS,
    ),
    maxAttempts: int(1, 1000),
    deadLetter: boolean(),
    output: oneOf(['database', 'topic']),
  }),
);

const settings = partial(
  strictObject({
    producer,
    producerApp,
    consumer,
    consumerApp,
    broker: partial(
      strictObject({
        'producer.id.expiration.ms': positive,
        'group.initial.rebalance.delay.ms': ms,
        'replica.lag.time.max.ms': positive,
        'replica.fetch.wait.max.ms': ms,
        'broker.session.timeout.ms': positive,
      }),
    ),
    // The lab has up to three brokers; every partition has a replica on each of the first `replication.factor`.
    topic: partial(strictObject({ partitions: int(1, 12), 'replication.factor': int(1, 3), 'min.insync.replicas': int(1, 3) })),
    network: partial(strictObject({ latencyMs: int(0, 60_000), jitterMs: int(0, 60_000), dropProbability: number().check(minimum(0), maximum(1)) })),
  }),
);

const produce = union([
  strictObject({
    count: int(0, 1_000_000),
    intervalMs: _default(ms, 10),
    startMs: _default(ms, 0),
    keys: optional(list(text(0, 64), 1000)),
  }),
  strictObject({
    messages: list(
      strictObject({
        id: text(1, 64),
        at: ms,
        key: _default(nullable(text(0, 64)), null),
        version: optional(count),
        producer: optional(oneOf(['producer', 'producer-2'])),
      }),
      1_000_000,
    ),
  }),
]);

const fault = discriminatedUnion('type', [
  strictObject({ type: literal('drop'), message: messageKind, nth: positive, atMs: optional(ms) }),
  strictObject({ type: literal('delay'), message: messageKind, nth: positive, byMs: ms }),
  strictObject({ type: literal('reject'), nth: positive, error: optional(literal('NOT_ENOUGH_REPLICAS')) }),
  strictObject({ type: literal('duplicate'), message: messageKind, nth: positive, afterMs: optional(ms) }),
  strictObject({
    type: literal('crash'),
    node,
    atMs: optional(ms),
    point: optional(crashPoint),
    nth: optional(positive),
    restartAfterMs: optional(ms),
  }).check(
    refine((f) => (f.atMs === undefined) !== (f.point === undefined), 'a crash needs exactly one of atMs or point'),
    refine((f) => f.point === undefined || CRASH_POINTS[f.point] === roleOf(f.node), { message: 'this crash point belongs to another node', path: ['point'] }),
  ),
  strictObject({ type: literal('restart'), node, atMs: ms }),
  strictObject({ type: literal('leave'), node: consumerNode, atMs: ms }),
  strictObject({ type: literal('start'), node: consumerNode, atMs: ms }),
  // `what` discriminates what fails; other kinds of failure join this union.
  discriminatedUnion('what', [
    strictObject({ type: literal('fail'), what: literal('sink-write'), nth: positive }),
    strictObject({
      type: literal('fail'),
      what: literal('processing'),
      messageId: text(1, 64),
      times: optional(positive),
      stage: optional(oneOf(['before-write', 'after-write'])),
    }),
  ]),
  strictObject({ type: literal('redrive'), atMs: ms }),
  strictObject({ type: literal('cut'), between: tuple([node, node]), fromMs: ms, toMs: ms }).check(
    refine((f) => f.between[0] !== f.between[1], { message: 'a cut needs two different nodes', path: ['between'] }),
    refine((f) => f.toMs > f.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] }),
  ),
]);

/** Text a person reads: one string, or the same text in Korean and English. */
const prose = (max: number) => union([text(0, max), strictObject({ en: text(0, max), ko: text(0, max) })]);

const outcome = partial(
  strictObject({ lost: count, duplicated: count, logDuplicates: count, outOfOrder: count, superseded: count, deadLettered: count, maxLag: count, finalLag: count }),
);

export const scenarioSchema = strictObject({
  $schema: optional(string()),
  id: optional(text(0, 100)),
  title: optional(prose(200)),
  description: optional(prose(2000)),
  preset: optional(oneOf(PRESET_NAMES)),
  settings: _default(settings, {}),
  produce: _default(produce, { count: 3, intervalMs: 10, startMs: 0 }),
  seed: _default(int(0, INT_MAX), 1),
  faults: _default(list(fault, 1000), []),
  horizonMs: _default(int(1, 86_400_000 * 7), 600_000),
  expect: optional(outcome),
  /** Narrated steps for lesson mode and the presenter (lesson.ts). */
  lesson: optional(lessonSchema),
});

/** A scenario as written (defaults filled in). */
export type Scenario = output<typeof scenarioSchema>;
export type ScenarioInput = input<typeof scenarioSchema>;
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

type SchemaIssue = NonNullable<ReturnType<typeof scenarioSchema.safeParse>['error']>['issues'][number];

/**
 * The schema's issues as the lab reports them: an unknown field at its own path, not its
 * parent's; a missing field said so (zod's English says "expected string, received undefined",
 * and "undefined" means nothing to the person who wrote the file).
 */
export function schemaIssues(issues: readonly SchemaIssue[]): Issue[] {
  return issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: `unknown field "${key}"` }));
    const missing = i.code === 'invalid_type' && /, received undefined$/.test(i.message);
    return [{ path: formatPath(i.path), message: missing ? `missing: expected ${i.expected}` : i.message }];
  });
}

/** Validates a scenario (already parsed from JSON) and resolves it into a run. */
export function parseScenario(input: unknown): Parsed {
  const r = scenarioSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: schemaIssues(r.error.issues) };
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
  // A lesson may only point at nodes this run has.
  for (const [i, s] of (scenario.lesson?.steps ?? []).entries()) {
    const missing = (s.nodes ?? []).find((n) => !nodes.has(n));
    if (missing) return { ok: false, issues: [{ path: formatPath(['lesson', 'steps', i, 'nodes']), message: `this run has no node "${missing}"; it has ${[...nodes].join(', ')}` }] };
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
