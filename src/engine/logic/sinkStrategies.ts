/**
 * The idempotent consumer's strategies as what the database does with one write (see the
 * SinkStrategy type). Each runs as one transaction: it decides, from the tables alone, whether
 * the effect is applied or skipped, and writes the effect and its bookkeeping together.
 * `cache-then-unique` asks its cache first, outside the transaction.
 */
import type { MessageId, Payload, SinkStrategy, TraceEvent } from '../types';
import type { SinkContext, SinkRow, SinkTables } from './sink';

type Write = Extract<Payload, { kind: 'SinkWrite' }>;

/** The TTLs a cache-then-unique write uses when it names none (also the settings' defaults). */
export const CACHE_TTL_MS = 60_000;
export const CACHE_KEEP_MS = 86_400_000;

export type WriteResult = 'applied' | 'skipped' | 'failed';

export interface Decided {
  context: SinkContext;
  events: TraceEvent[];
  result: WriteResult;
}

type Transaction = (c: SinkContext, w: Write, now: number) => Decided;

const skipped = (c: SinkContext, event: TraceEvent): Decided => ({ context: c, events: [event], result: 'skipped' });

/** Inserts the effect row, with the strategy's own table changes in the same transaction. */
function insert(c: SinkContext, w: Write, now: number, tables: Partial<SinkTables>, detail: Partial<Extract<TraceEvent, { type: 'sink.applied' }>> = {}): Decided {
  const row: SinkRow = { row: c.rows.length + 1, messageId: w.messageId, partition: w.partition, offset: w.offset, key: w.key, appliedAt: now };
  if (w.version !== undefined) row.version = w.version;
  return {
    context: { ...c, ...tables, rows: c.rows.push(row) },
    events: [{ type: 'sink.applied', messageId: w.messageId, partition: w.partition, offset: w.offset, row: row.row, ...detail }],
    result: 'applied',
  };
}

/**
 * The number last-processed-id compares: the last run of digits in the message id (m7 -> 7), or
 * null for an id without one (such a message cannot be ordered: it is applied, and not recorded).
 */
export function idNumber(messageId: MessageId): number | null {
  const m = /(\d+)\D*$/.exec(messageId);
  return m ? Number(m[1]) : null;
}

/** The transactions of the strategies without a cache. */
export const TRANSACTIONS: Record<Exclude<SinkStrategy, 'cache-then-unique'>, Transaction> = {
  none: (c, w, now) => insert(c, w, now, {}),

  /** The message id goes into processed_event with the effect; an id already there is skipped. */
  'processed-ids': (c, w, now) =>
    c.processedIds.has(w.messageId)
      ? skipped(c, { type: 'sink.duplicateSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset })
      : insert(c, w, now, { processedIds: c.processedIds.add(w.messageId) }),

  /** INSERT INTO orders (order_id, ...) ... ON CONFLICT (order_id) DO NOTHING. */
  'unique-key': (c, w, now) =>
    c.uniqueIds.has(w.messageId)
      ? skipped(c, { type: 'sink.conflictSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset })
      : insert(c, w, now, { uniqueIds: c.uniqueIds.add(w.messageId) }),

  /** UPDATE orders SET data = ?, version = ? WHERE id = ? AND version < ? (insert if absent). */
  version: (c, w, now) => {
    const entity = w.key ?? w.messageId;
    const version = w.version ?? 0;
    const current = c.entities.get(entity);
    if (current && current.version >= version) {
      return skipped(c, { type: 'sink.staleSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset, entity, version, current: current.version, by: current.messageId });
    }
    return insert(c, w, now, { entities: c.entities.set(entity, { version, messageId: w.messageId }) }, { entity, version });
  },

  /** Ignore an id not above the entity's last processed id; else apply and remember it. */
  'last-processed-id': (c, w, now) => {
    const entity = w.key;
    const id = idNumber(w.messageId);
    if (id === null) return insert(c, w, now, {}, { entity });
    const last = c.lastIds.get(entity);
    if (last !== undefined && id <= last) {
      return skipped(c, { type: 'sink.oldIdSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset, entity, id, last });
    }
    return insert(c, w, now, { lastIds: c.lastIds.set(entity, id) }, { entity, lastId: id });
  },

  /**
   * The effect and the partition's next offset in one transaction. A record below the stored
   * offset was applied already (its acknowledgement was lost, and the consumer wrote it again).
   */
  'offsets-in-db': (c, w, now) => {
    const stored = c.offsets.get(w.partition);
    if (stored !== undefined && w.offset < stored) {
      return skipped(c, { type: 'sink.offsetSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset, stored });
    }
    return insert(c, w, now, { offsets: c.offsets.set(w.partition, w.offset + 1) }, { storedOffset: w.offset + 1 });
  },
};

/**
 * SETNX the message id with a short TTL: if the key is alive, skip without asking the database.
 * Else the transaction, whose unique key still catches a duplicate the cache let through (after a
 * crash emptied it, or the TTL ran out); once it succeeds, the key gets the long TTL. A failed
 * transaction leaves the key set: until it expires, a retry is skipped as if it had been applied.
 */
export function cacheThenUnique(c: SinkContext, w: Write, now: number, fail: boolean): Decided {
  const expiresAt = c.cache.get(w.messageId);
  if (expiresAt !== undefined && now < expiresAt) {
    return skipped(c, { type: 'sink.cacheHitSkipped', messageId: w.messageId, partition: w.partition, offset: w.offset, expiresAt });
  }
  const ttl = now + (w.cache?.ttlMs ?? CACHE_TTL_MS);
  const set: SinkContext = { ...c, cache: c.cache.set(w.messageId, ttl) };
  const events: TraceEvent[] = [{ type: 'sink.cacheKeySet', messageId: w.messageId, expiresAt: ttl }];
  if (fail) return { context: set, events: [...events, failedEvent(w)], result: 'failed' };
  const tx = c.uniqueIds.has(w.messageId)
    ? skipped(set, { type: 'sink.conflictBehindCache', messageId: w.messageId, partition: w.partition, offset: w.offset })
    : insert(set, w, now, { uniqueIds: c.uniqueIds.add(w.messageId) });
  const keep = now + (w.cache?.keepMs ?? CACHE_KEEP_MS);
  return {
    context: { ...tx.context, cache: tx.context.cache.set(w.messageId, keep) },
    events: [...events, ...tx.events, { type: 'sink.cacheKeyExtended', messageId: w.messageId, expiresAt: keep }],
    result: tx.result,
  };
}

const failedEvent = (w: Write): TraceEvent => ({ type: 'sink.writeFailed', messageId: w.messageId, partition: w.partition, offset: w.offset });

/** What the database does with one write; `fail`: its transaction fails and writes nothing. */
export function decide(c: SinkContext, w: Write, now: number, fail: boolean): Decided {
  if (w.strategy === 'cache-then-unique') return cacheThenUnique(c, w, now, fail);
  if (fail) return { context: c, events: [failedEvent(w)], result: 'failed' };
  return TRANSACTIONS[w.strategy](c, w, now);
}
