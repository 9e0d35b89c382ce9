/**
 * Settings: Kafka's defaults, the three presets, and Kafka's own config validation
 * (ProducerConfig.postProcessAndValidateIdempotenceConfigs, KafkaProducer.configureDeliveryTimeout).
 */
import { INT_MAX } from './logic/producerState';
import { CACHE_KEEP_MS, CACHE_TTL_MS } from './logic/sinkStrategies';
import type { Settings, SettingsInput } from './types';

/** Kafka's defaults (Kafka 4.x), and the lab's defaults for what Kafka does not define. */
export const DEFAULT_SETTINGS: Settings = {
  producer: {
    acks: 'all',
    retries: INT_MAX,
    'retry.backoff.ms': 100,
    'retry.backoff.max.ms': 1000,
    'request.timeout.ms': 30000,
    'delivery.timeout.ms': 120000,
    'enable.idempotence': true,
    'max.in.flight.requests.per.connection': 5,
    'batch.size': 1,
    'linger.ms': 5,
    'transactional.id': null,
    'transaction.timeout.ms': 60000,
  },
  producerApp: { onSendFailure: 'give-up', onRestart: 'forget-unacked', transactionSize: 3, instances: 1, secondInstanceStartMs: 0 },
  consumer: {
    'enable.auto.commit': true,
    'auto.commit.interval.ms': 5000,
    'auto.offset.reset': 'latest',
    'max.poll.records': 500,
    'fetch.max.wait.ms': 500,
    'request.timeout.ms': 30000,
    'retry.backoff.ms': 100,
    'default.api.timeout.ms': 60000,
    'session.timeout.ms': 45000,
    'heartbeat.interval.ms': 3000,
    'max.poll.interval.ms': 300000,
    'isolation.level': 'read_uncommitted',
  },
  consumerApp: {
    commit: 'none',
    commitMethod: 'commitSync',
    processingMs: 10,
    idempotence: 'none',
    sinkTimeoutMs: 1000,
    sinkWriteMs: 0,
    bulkWrite: false,
    onSinkTimeout: 'retry',
    cacheTtlMs: CACHE_TTL_MS,
    cacheKeepMs: CACHE_KEEP_MS,
    instances: 1,
    services: [],
    // Spring's DefaultErrorHandler: FixedBackOff(0, 9), 10 attempts (plain Kafka clients have no limit).
    maxAttempts: 10,
    deadLetter: false,
    output: 'database',
  },
  // group.initial.rebalance.delay.ms: Kafka's code default is 3000; the lab takes 0, the value of the
  // config/server.properties Kafka ships ("a better out-of-the-box experience for development").
  broker: {
    'producer.id.expiration.ms': 86400000,
    'group.initial.rebalance.delay.ms': 0,
    'replica.lag.time.max.ms': 30000,
    'replica.fetch.wait.max.ms': 500,
    'broker.session.timeout.ms': 9000,
  },
  topic: { partitions: 1, 'replication.factor': 1, 'min.insync.replicas': 1 },
  network: { latencyMs: 5, jitterMs: 0, dropProbability: 0 },
};

export const PRESET_NAMES = ['at-most-once', 'at-least-once', 'exactly-once', 'idempotent-consumer'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * The presets: named sets of settings from the seeds' recommended-settings tables
 * (logs: at-most-once; orders: at-least-once; payments: exactly-once). Where the tables and
 * Kafka disagree, Kafka wins, and the difference is stated here:
 * - at-most-once: the tables say `enable.auto.commit=true`, but auto-commit runs inside poll() and
 *   commits positions of earlier polls, so with processing in the poll loop it is at-least-once
 *   (Kafka's javadoc). The preset commits before processing, which is at-most-once.
 * - at-least-once sets `enable.idempotence=false` explicitly: since Kafka 3.0 it defaults to true.
 * - every preset reads from `earliest` when no offset is committed yet, so a consumer that starts
 *   after the first record is appended does not skip it.
 * - exactly-once is Kafka's own: a transactional producer (transactional.id, transactionSize
 *   messages per transaction), a read_committed consumer, and a consume-transform-produce
 *   application (consumerApp.output = topic) that writes each polled record to the output topic
 *   and its input offsets with sendOffsetsToTransaction in one transaction. The effect of a
 *   message is its copy in the output topic as a read_committed reader sees it. This was chosen
 *   over "transactional producer + database sink" because it is the case Kafka's transactions
 *   were built for: the output and the input offsets commit atomically, so a crash anywhere in
 *   the copier neither loses nor duplicates. What Kafka cannot cover: a producer application that
 *   crashes without seeing its commit's answer and sends those messages again (resend-unacked)
 *   writes them twice to the input topic, and the copier faithfully copies both.
 * - idempotent-consumer is the earlier "exactly once" without transactions: the idempotent
 *   producer plus a consumer that writes the message id with the effect in one database
 *   transaction (processed-ids), so a repeated message has no second effect.
 */
export const PRESETS: Record<PresetName, SettingsInput> = {
  'at-most-once': {
    producer: { acks: 0, retries: 0 },
    producerApp: { onSendFailure: 'give-up', onRestart: 'forget-unacked' },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
    consumerApp: {
      commit: 'before-processing',
      commitMethod: 'commitSync',
      idempotence: 'none',
      onSinkTimeout: 'skip',
    },
  },
  'at-least-once': {
    producer: { acks: 'all', retries: INT_MAX, 'retry.backoff.ms': 100, 'enable.idempotence': false },
    producerApp: { onSendFailure: 'send-again', onRestart: 'resend-unacked' },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
    consumerApp: {
      commit: 'after-processing',
      commitMethod: 'commitSync',
      idempotence: 'none',
      onSinkTimeout: 'retry',
    },
  },
  'exactly-once': {
    producer: {
      acks: 'all',
      retries: INT_MAX,
      'enable.idempotence': true,
      'max.in.flight.requests.per.connection': 5,
      'transactional.id': 'lab-producer',
    },
    producerApp: { onSendFailure: 'send-again', onRestart: 'resend-unacked' },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest', 'isolation.level': 'read_committed' },
    consumerApp: { commit: 'none', output: 'topic' },
  },
  'idempotent-consumer': {
    producer: {
      acks: 'all',
      retries: INT_MAX,
      'enable.idempotence': true,
      'max.in.flight.requests.per.connection': 5,
    },
    producerApp: { onSendFailure: 'send-again', onRestart: 'resend-unacked' },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
    consumerApp: {
      commit: 'after-processing',
      commitMethod: 'commitSync',
      idempotence: 'processed-ids',
      onSinkTimeout: 'retry',
    },
  },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** A setting the engine refuses, named by its path (e.g. `['producer', 'enable.idempotence']`). */
export interface ConfigIssue {
  path: readonly string[];
  message: string;
}

/** What Kafka itself logs while resolving a config (shown in the trace at step 0). */
export type ConfigNote =
  | { type: 'config.idempotenceDisabled'; reason: string }
  | { type: 'config.deliveryTimeoutAdjusted'; value: number };

export type ResolvedSettings =
  | { ok: true; settings: Settings; notes: ConfigNote[] }
  | { ok: false; issues: ConfigIssue[] };

/** Layers `input` over `base`, one section at a time. */
export function mergeSettings(base: SettingsInput, input: SettingsInput): SettingsInput {
  const out: SettingsInput = { ...base };
  for (const key of Object.keys(input) as (keyof Settings)[]) {
    out[key] = { ...base[key], ...input[key] } as never;
  }
  return out;
}

/**
 * Fills defaults and applies Kafka's validation. `explicit` is what the user (or the preset) set;
 * Kafka treats an explicit `enable.idempotence=true` that conflicts as an error, and an implicit
 * one as "silently disabled".
 */
export function resolveSettings(explicit: SettingsInput): ResolvedSettings {
  const merged = mergeSettings(DEFAULT_SETTINGS as SettingsInput, explicit) as Settings;
  const settings: Settings = { ...merged, producer: { ...merged.producer } };
  const p = settings.producer;
  const issues: ConfigIssue[] = [];
  const notes: ConfigNote[] = [];
  const idempotenceExplicit = explicit.producer?.['enable.idempotence'] !== undefined;

  const transactional = p['transactional.id'] !== null;
  if (p['enable.idempotence']) {
    const conflicts: [string, string][] = [];
    if (p.retries === 0) conflicts.push(['retries', 'retries must be non-zero']);
    if (p.acks !== 'all') conflicts.push(['acks', `acks must be all (it is ${p.acks})`]);
    if (p['max.in.flight.requests.per.connection'] > 5) {
      conflicts.push([
        'max.in.flight.requests.per.connection',
        'max.in.flight.requests.per.connection must be at most 5',
      ]);
    }
    for (const [field, why] of conflicts) {
      if (idempotenceExplicit) {
        issues.push({
          path: ['producer', field],
          message: `ConfigException: ${why} when enable.idempotence=true`,
        });
      }
    }
    if (!idempotenceExplicit && conflicts.length > 0) {
      p['enable.idempotence'] = false;
      if (!transactional) notes.push({ type: 'config.idempotenceDisabled', reason: conflicts.map(([, why]) => why).join('; ') });
    }
  }
  // ProducerConfig: a transactional.id needs idempotence, also when idempotence was disabled silently.
  if (transactional && !p['enable.idempotence']) {
    issues.push({ path: ['producer', 'transactional.id'], message: 'ConfigException: Cannot set a transactional.id without also enabling idempotence.' });
  }

  // The copier commits its input offsets inside its transactions; an auto-commit beside them would
  // commit offsets of records whose copies may still abort (Kafka Streams turns it off under EOS).
  if (settings.consumerApp.output === 'topic' && settings.consumer['enable.auto.commit']) {
    issues.push({ path: ['consumer', 'enable.auto.commit'], message: 'consumerApp.output=topic commits offsets with sendOffsetsToTransaction: set enable.auto.commit=false' });
  }

  // Offsets kept with the data replace Kafka's committed offsets: committing to Kafka as well would
  // only show offsets nobody reads.
  if (settings.consumerApp.idempotence === 'offsets-in-db') {
    if (settings.consumerApp.commit !== 'none') {
      issues.push({ path: ['consumerApp', 'commit'], message: 'with offsets-in-db the offsets are stored with the data: set commit to none' });
    }
    if (settings.consumer['enable.auto.commit']) {
      issues.push({ path: ['consumer', 'enable.auto.commit'], message: 'with offsets-in-db the offsets are stored with the data: set enable.auto.commit to false' });
    }
    // The copier writes no database: there is nowhere to keep the offsets, or to read them back from.
    if (settings.consumerApp.output === 'topic') {
      issues.push({ path: ['consumerApp', 'idempotence'], message: 'offsets-in-db keeps the offsets in the database; the copier (output=topic) writes none and commits its offsets in its transactions: set idempotence to none' });
    }
  }

  // The lab models markers, the LSO and the dead-letter topic on one broker: not yet with replicas.
  if (settings.topic['replication.factor'] > 1) {
    const single: [string[], boolean, string][] = [
      [['producer', 'transactional.id'], settings.producer['transactional.id'] !== null, 'transactions'],
      [['consumerApp', 'output'], settings.consumerApp.output === 'topic', 'the transactional copier'],
      [['consumerApp', 'deadLetter'], settings.consumerApp.deadLetter, 'the dead-letter topic'],
    ];
    for (const [path, on, what] of single) {
      if (on) issues.push({ path, message: `the lab does not combine ${what} with replication.factor > 1 yet; set replication.factor to 1` });
    }
  }

  const floor = p['linger.ms'] + p['request.timeout.ms'];
  if (p['delivery.timeout.ms'] < floor) {
    if (explicit.producer?.['delivery.timeout.ms'] !== undefined) {
      issues.push({
        path: ['producer', 'delivery.timeout.ms'],
        message: `ConfigException: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${floor})`,
      });
    } else {
      p['delivery.timeout.ms'] = floor;
      notes.push({ type: 'config.deliveryTimeoutAdjusted', value: floor });
    }
  }

  issues.push(...groupIssues(settings), ...serviceIssues(settings));
  // A bulk write commits the poll's effects together; the dead-letter path handles one record at a time.
  if (settings.consumerApp.bulkWrite && settings.consumerApp.deadLetter) {
    issues.push({ path: ['consumerApp', 'bulkWrite'], message: 'the dead-letter topic is not combined with bulkWrite: set deadLetter to false' });
  }
  if (settings.consumerApp.bulkWrite && settings.consumerApp.output === 'topic') {
    issues.push({ path: ['consumerApp', 'bulkWrite'], message: 'bulkWrite writes to the database; the copier (output=topic) writes to the output topic: set bulkWrite to false' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, settings, notes };
}

/**
 * Several services (consumerApp.services): one consumer each, writing to a database of its own.
 * The lab keeps the copier, the dead-letter topic and several instances per service out of it.
 */
function serviceIssues(settings: Settings): ConfigIssue[] {
  const app = settings.consumerApp;
  if (app.services.length === 0) return [];
  const issues: ConfigIssue[] = [];
  const names = app.services.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) issues.push({ path: ['consumerApp', 'services'], message: `two services are called ${twice}: each service is a consumer group, and a group.id names one group` });
  const single: [string, boolean, string][] = [
    ['instances', app.instances !== 1, 'set instances to 1 (each service runs one consumer)'],
    ['output', app.output !== 'database', 'the transactional copier is not combined with services: set output to database'],
    ['deadLetter', app.deadLetter, 'the dead-letter topic is not combined with services: set deadLetter to false'],
  ];
  for (const [field, on, message] of single) if (on) issues.push({ path: ['consumerApp', field], message: `with services, ${message}` });
  return issues;
}

/** The broker's group.min.session.timeout.ms and group.max.session.timeout.ms (defaults). */
export const SESSION_TIMEOUT_BOUNDS = [6000, 1800000] as const;

/**
 * Group settings Kafka refuses: the client's heartbeat must be below the session timeout
 * (GroupRebalanceConfig/Heartbeat), and the coordinator answers a session timeout outside its
 * bounds with INVALID_SESSION_TIMEOUT.
 */
function groupIssues(settings: Settings): ConfigIssue[] {
  const c = settings.consumer;
  const issues: ConfigIssue[] = [];
  const [min, max] = SESSION_TIMEOUT_BOUNDS;
  if (c['session.timeout.ms'] < min || c['session.timeout.ms'] > max) {
    issues.push({
      path: ['consumer', 'session.timeout.ms'],
      message: `INVALID_SESSION_TIMEOUT: the broker accepts session.timeout.ms from group.min.session.timeout.ms (${min}) to group.max.session.timeout.ms (${max})`,
    });
  }
  if (c['heartbeat.interval.ms'] >= c['session.timeout.ms']) {
    issues.push({ path: ['consumer', 'heartbeat.interval.ms'], message: 'IllegalArgumentException: heartbeat.interval.ms must be set lower than session.timeout.ms' });
  }
  return issues;
}
