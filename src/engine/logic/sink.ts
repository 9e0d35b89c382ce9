/**
 * The consumer's database, where processing has its effect: a table of rows, the tables an
 * idempotent consumer's strategy keeps (sinkStrategies.ts), and, for `cache-then-unique`, a
 * cache in front of it. The tables are on disk and survive a crash; the cache is memory.
 * A transaction takes `writeMs` (consumerApp.sinkWriteMs) and commits at its end; one still
 * running when the database crashes never commits. A bulk write is one transaction for many rows.
 */
import { reply, trace, type Out, type Stepped } from '../machines/effects';
import type { LostItem, MessageId, NetMessage, Payload, TraceEvent } from '../types';
import { AppendLog, AppendMap, AppendSet } from './appendLog';
import { decide, type WriteResult } from './sinkStrategies';

type Write = Extract<Payload, { kind: 'SinkWrite' }>;

/** The end of a transaction that takes time (consumerApp.sinkWriteMs > 0). */
export type SinkTimer = { type: 'SINK_COMMIT'; requestId: string };

/** A transaction still running: its write, and whether a `fail` fault will make it fail. */
interface RunningTransaction {
  msg: NetMessage;
  write: Write;
  fail: boolean;
}

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
  /** How long one transaction takes (0: at once). */
  writeMs: number;
  /** cache-then-unique: the cache (Redis), message id -> expiry time. Memory: a crash empties it. */
  cache: AppendMap<MessageId, number>;
  /** Transactions not yet committed (memory: a crash rolls them back). */
  running: readonly RunningTransaction[];
}

export function initialSinkContext(writeMs = 0): SinkContext {
  return {
    writeMs,
    running: [],
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
export function onSinkWrite(c: SinkContext, msg: NetMessage, p: Write, now: number, fail = false): Stepped<SinkContext, SinkTimer> {
  if (c.writeMs === 0) return commitWrite(c, msg, p, now, fail);
  const timer: Out<SinkTimer> = { type: 'timer', id: `tx:${p.requestId}`, delay: c.writeMs, event: { type: 'SINK_COMMIT', requestId: p.requestId } };
  return { context: { ...c, running: [...c.running, { msg, write: p, fail }] }, out: [timer] };
}

/** A transaction that took its time ends: it commits (or fails) now. */
export function onSinkCommit(c: SinkContext, requestId: string, now: number): Stepped<SinkContext, SinkTimer> {
  const t = c.running.find((x) => x.write.requestId === requestId);
  if (!t) return { context: c, out: [] };
  return commitWrite({ ...c, running: c.running.filter((x) => x !== t) }, t.msg, t.write, now, t.fail);
}

/**
 * The transaction: every row of the write, one after another (a bulk write's rows each pass the
 * strategy's check inside the one transaction); a failed transaction writes none of them.
 */
function commitWrite(c0: SinkContext, msg: NetMessage, p: Write, now: number, fail: boolean): Stepped<SinkContext, SinkTimer> {
  let c = c0;
  const events: TraceEvent[] = [];
  const results: WriteResult[] = [];
  for (const row of rowsOf(p)) {
    const d = decide(c, row, now, fail);
    c = d.context;
    events.push(...d.events);
    results.push(d.result);
  }
  const ack: Payload = { kind: 'SinkWriteAck', requestId: p.requestId, applied: results.includes('applied') };
  if (results.includes('failed')) ack.error = 'TRANSACTION_FAILED';
  return { context: c, out: [...events.map(trace), reply(msg, ack)] };
}

/** The single-row writes a (bulk) write is made of. */
function rowsOf(p: Write): Write[] {
  if (!p.bulk) return [p];
  const { bulk, ...first } = p;
  return [first, ...bulk.map((r) => ({ ...first, ...r }))];
}

/** offsets-in-db: the consumer asks where to resume; the answer is the offsets stored with the data. */
export function onSinkOffsetFetch(c: SinkContext, msg: NetMessage, p: Extract<Payload, { kind: 'SinkOffsetFetchRequest' }>): Stepped<SinkContext, SinkTimer> {
  const offsets = p.partitions.map((partition) => ({ partition, offset: c.offsets.get(partition) ?? null }));
  return { context: c, out: [trace({ type: 'sink.offsetsRead', offsets }), reply(msg, { kind: 'SinkOffsetFetchResponse', requestId: p.requestId, offsets })] };
}

/** A crash: the tables stay on disk; the cache and the transactions not yet committed are gone. */
export function sinkCrashed(c: SinkContext, now: number): { context: SinkContext; lost: LostItem[] } {
  const live = c.cache.entries().filter(([, expiresAt]) => now < expiresAt).length;
  const lost: LostItem[] = [];
  if (c.running.length > 0) lost.push({ what: 'pending-writes', count: c.running.length });
  if (live > 0) lost.push({ what: 'cache-keys', count: live });
  return { context: { ...c, cache: AppendMap.empty(), running: [] }, lost };
}
