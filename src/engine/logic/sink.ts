/**
 * The consumer's database, where processing has its effect: a table of rows, the tables an
 * idempotent consumer's strategy keeps (sinkStrategies.ts), and, for `cache-then-unique`, a
 * cache in front of it. The tables are on disk and survive a crash; the cache is memory.
 */
import { reply, trace, type Stepped } from '../machines/effects';
import type { LostItem, MessageId, NetMessage, Payload } from '../types';
import { AppendLog, AppendMap, AppendSet } from './appendLog';
import { decide } from './sinkStrategies';

export interface SinkRow {
  row: number;
  messageId: MessageId;
  partition: number;
  offset: number;
  key: string | null;
  appliedAt: number;
  version?: number;
}

/** The `version` strategy's row of one entity: the version it holds and the message that wrote it. */
export interface EntityVersion {
  version: number;
  messageId: MessageId;
}

/** On disk: survives a crash. */
export interface SinkTables {
  /** Every effect, in the order it was written. */
  rows: AppendLog<SinkRow>;
  /** processed-ids: the processed_event table. */
  processedIds: AppendSet<MessageId>;
  /** unique-key, cache-then-unique: the primary keys (order_id) of the effect table. */
  uniqueIds: AppendSet<MessageId>;
  /** version: one row per entity. */
  entities: AppendMap<string, EntityVersion>;
  /** last-processed-id: per entity (null: the one entity of records without a key), the last id. */
  lastIds: AppendMap<string | null, number>;
  /** offsets-in-db: per partition, the next offset to read (written with each effect). */
  offsets: AppendMap<number, number>;
}

export interface SinkContext extends SinkTables {
  /** cache-then-unique: the cache (Redis), message id -> expiry time. Memory: a crash empties it. */
  cache: AppendMap<MessageId, number>;
}

export function initialSinkContext(): SinkContext {
  return {
    rows: AppendLog.empty(),
    processedIds: AppendSet.empty(),
    uniqueIds: AppendSet.empty(),
    entities: AppendMap.empty(),
    lastIds: AppendMap.empty(),
    offsets: AppendMap.empty(),
    cache: AppendMap.empty(),
  };
}

/**
 * One write: the strategy decides (apply, skip, or, with `fail`, a transaction that fails and
 * writes nothing); the consumer gets an acknowledgement, or an error.
 */
export function onSinkWrite(c: SinkContext, msg: NetMessage, p: Extract<Payload, { kind: 'SinkWrite' }>, now: number, fail = false): Stepped<SinkContext, never> {
  const d = decide(c, p, now, fail);
  const ack: Payload = { kind: 'SinkWriteAck', requestId: p.requestId, applied: d.result === 'applied' };
  if (d.result === 'failed') ack.error = 'TRANSACTION_FAILED';
  return { context: d.context, out: [...d.events.map(trace), reply(msg, ack)] };
}

/** offsets-in-db: the consumer asks where to resume; the answer is the offsets stored with the data. */
export function onSinkOffsetFetch(c: SinkContext, msg: NetMessage, p: Extract<Payload, { kind: 'SinkOffsetFetchRequest' }>): Stepped<SinkContext, never> {
  const offsets = p.partitions.map((partition) => ({ partition, offset: c.offsets.get(partition) ?? null }));
  return { context: c, out: [trace({ type: 'sink.offsetsRead', offsets }), reply(msg, { kind: 'SinkOffsetFetchResponse', requestId: p.requestId, offsets })] };
}

/** A crash: the tables stay on disk, the cache is gone (its live keys are what the database lost). */
export function sinkCrashed(c: SinkContext, now: number): { context: SinkContext; lost: LostItem[] } {
  const live = c.cache.entries().filter(([, expiresAt]) => now < expiresAt).length;
  return { context: { ...c, cache: AppendMap.empty() }, lost: live > 0 ? [{ what: 'cache-keys', count: live }] : [] };
}
