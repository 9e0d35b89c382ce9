/**
 * Settings: Kafka's defaults, the three presets, and Kafka's own config validation
 * (ProducerConfig.postProcessAndValidateIdempotenceConfigs, KafkaProducer.configureDeliveryTimeout).
 */
import { INT_MAX } from './logic/producerState';
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
  },
  producerApp: { onSendFailure: 'give-up', onRestart: 'forget-unacked' },
  consumer: {
    'enable.auto.commit': true,
    'auto.commit.interval.ms': 5000,
    'auto.offset.reset': 'latest',
    'max.poll.records': 500,
    'fetch.max.wait.ms': 500,
    'request.timeout.ms': 30000,
    'retry.backoff.ms': 100,
    'default.api.timeout.ms': 60000,
  },
  consumerApp: {
    commit: 'none',
    commitMethod: 'commitSync',
    processingMs: 10,
    idempotence: 'none',
    sinkTimeoutMs: 1000,
    onSinkTimeout: 'retry',
  },
  broker: {
    'producer.id.expiration.ms': 86400000,
    'replica.lag.time.max.ms': 30000,
    'replica.fetch.wait.max.ms': 500,
    'broker.session.timeout.ms': 9000,
  },
  topic: { partitions: 1, 'replication.factor': 1, 'min.insync.replicas': 1 },
  network: { latencyMs: 5, jitterMs: 0, dropProbability: 0 },
};

export const PRESET_NAMES = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
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
 * - exactly-once is, until transactions exist, the idempotent producer plus an idempotent
 *   consumer that writes the message id with the effect in one database transaction.
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
      notes.push({ type: 'config.idempotenceDisabled', reason: conflicts.map(([, why]) => why).join('; ') });
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

  return issues.length > 0 ? { ok: false, issues } : { ok: true, settings, notes };
}
