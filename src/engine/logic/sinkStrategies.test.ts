/** The sink strategies on the pure database logic: one write at a time, no network. */
import { describe, expect, it } from 'vitest';
import type { Emitted } from '../machines/effects';
import type { NetMessage, Payload, SinkStrategy, TraceEvent } from '../types';
import { initialSinkContext, onSinkWrite, sinkCrashed, type SinkContext } from './sink';
import { idNumber } from './sinkStrategies';

type Write = Extract<Payload, { kind: 'SinkWrite' }>;

interface Written {
  c: SinkContext;
  events: TraceEvent[];
  ack: Extract<Payload, { kind: 'SinkWriteAck' }>;
}

let requests = 0;

/** One SinkWrite of `messageId` through onSinkWrite. */
function write(c: SinkContext, strategy: SinkStrategy, messageId: string, opts: { key?: string | null; version?: number; now?: number; fail?: boolean; ttlMs?: number; keepMs?: number } = {}): Written {
  const p: Write = { kind: 'SinkWrite', requestId: `w${++requests}`, messageId, partition: 0, offset: 0, key: opts.key ?? null, strategy };
  if (opts.version !== undefined) p.version = opts.version;
  if (strategy === 'cache-then-unique') p.cache = { ttlMs: opts.ttlMs ?? 1000, keepMs: opts.keepMs ?? 10_000 };
  const msg = { id: requests, kind: 'SinkWrite', nth: requests, from: 'consumer', to: 'sink', connection: 'c', sentAt: 0, deliverAt: 0, payload: p, fate: { kind: 'deliver' } } as NetMessage;
  const s = onSinkWrite(c, msg, p, opts.now ?? 0, opts.fail ?? false);
  const emitted = s.out as Emitted[];
  const events = emitted.flatMap((o) => (o.type === 'trace' ? [o.event] : []));
  const ack = emitted.flatMap((o) => (o.type === 'send' && o.payload.kind === 'SinkWriteAck' ? [o.payload] : []))[0]!;
  return { c: s.context, events, ack };
}

/** Writes in sequence, each on the database the one before left. */
function writes(strategy: SinkStrategy, list: [string, Parameters<typeof write>[3]?][]): Written[] {
  let c = initialSinkContext();
  return list.map(([id, opts]) => {
    const w = write(c, strategy, id, opts);
    c = w.c;
    return w;
  });
}

const types = (w: Written) => w.events.map((e) => e.type);
const rowIds = (c: SinkContext) => c.rows.toArray().map((r) => r.messageId);

describe('a duplicate write', () => {
  it('none: applies twice', () => {
    const [, b] = writes('none', [['m1'], ['m1']]);
    expect(rowIds(b!.c)).toEqual(['m1', 'm1']);
    expect(b!.ack).toMatchObject({ applied: true });
  });

  it.each<[SinkStrategy, TraceEvent['type']]>([
    ['processed-ids', 'sink.duplicateSkipped'],
    ['unique-key', 'sink.conflictSkipped'],
    ['version', 'sink.staleSkipped'],
    ['last-processed-id', 'sink.oldIdSkipped'],
    ['cache-then-unique', 'sink.cacheHitSkipped'],
  ])('%s: skipped (%s), one row, acknowledged without effect', (strategy, skip) => {
    const [a, b] = writes(strategy, [['m1', { version: 1 }], ['m1', { version: 1 }]]);
    expect(a!.ack).toMatchObject({ applied: true });
    expect(types(b!)).toEqual([skip]);
    expect(b!.ack).toEqual({ kind: 'SinkWriteAck', requestId: b!.ack.requestId, applied: false });
    expect(rowIds(b!.c)).toEqual(['m1']);
  });
});

describe('version: UPDATE ... WHERE id = ? AND version < ?', () => {
  it('a newer version updates the entity; an older one is stale, and says which message holds the row', () => {
    const [, v3, v2] = writes('version', [['m1', { key: 'order-1', version: 1 }], ['m3', { key: 'order-1', version: 3 }], ['m2', { key: 'order-1', version: 2 }]]);
    expect(v3!.events).toEqual([{ type: 'sink.applied', messageId: 'm3', partition: 0, offset: 0, row: 2, entity: 'order-1', version: 3 }]);
    expect(v2!.events).toEqual([{ type: 'sink.staleSkipped', messageId: 'm2', partition: 0, offset: 0, entity: 'order-1', version: 2, current: 3, by: 'm3' }]);
    expect(v2!.c.entities.get('order-1')).toEqual({ version: 3, messageId: 'm3' });
  });

  it('an equal version from another message is stale too', () => {
    const [, b] = writes('version', [['m1', { key: 'k', version: 5 }], ['m2', { key: 'k', version: 5 }]]);
    expect(b!.events[0]).toMatchObject({ type: 'sink.staleSkipped', version: 5, current: 5, by: 'm1' });
  });

  it('entities are independent; without a key each message is its own entity', () => {
    const [, , c] = writes('version', [['m2', { key: 'a', version: 2 }], ['m1', { key: 'b', version: 1 }], ['m0', { version: 0 }]]);
    expect(rowIds(c!.c)).toEqual(['m2', 'm1', 'm0']);
    expect(c!.c.entities.get('m0')).toEqual({ version: 0, messageId: 'm0' });
  });
});

describe('last-processed-id', () => {
  it('ids out of order: the earlier id that arrives later is ignored (and so lost)', () => {
    const [, m3, m2] = writes('last-processed-id', [['m1', { key: 'account-7' }], ['m3', { key: 'account-7' }], ['m2', { key: 'account-7' }]]);
    expect(m3!.events[0]).toMatchObject({ type: 'sink.applied', entity: 'account-7', lastId: 3 });
    expect(m2!.events).toEqual([{ type: 'sink.oldIdSkipped', messageId: 'm2', partition: 0, offset: 0, entity: 'account-7', id: 2, last: 3 }]);
    expect(rowIds(m2!.c)).toEqual(['m1', 'm3']);
  });

  it('per key; records without a key share one entity', () => {
    const keyed = writes('last-processed-id', [['m3', { key: 'a' }], ['m2', { key: 'b' }]]);
    expect(rowIds(keyed[1]!.c)).toEqual(['m3', 'm2']);
    const shared = writes('last-processed-id', [['m3'], ['m2']]);
    expect(shared[1]!.events[0]).toMatchObject({ type: 'sink.oldIdSkipped', entity: null, id: 2, last: 3 });
  });

  it('compares the number in the id, not the text (m10 after m9)', () => {
    expect(idNumber('m10')).toBe(10);
    expect(idNumber('order-12')).toBe(12);
    expect(idNumber('spin-7a')).toBe(7);
    expect(idNumber('first')).toBeNull();
    const [, m10] = writes('last-processed-id', [['m9'], ['m10']]);
    expect(m10!.ack.applied).toBe(true);
  });

  it('an id without a number cannot be ordered: applied, and not recorded', () => {
    const [, first, m2] = writes('last-processed-id', [['m3'], ['first'], ['m2']]);
    expect(first!.ack.applied).toBe(true);
    expect(m2!.events[0]).toMatchObject({ type: 'sink.oldIdSkipped', last: 3 });
  });
});

describe('cache-then-unique', () => {
  it('SETNX, the transaction, then the long TTL', () => {
    const [a] = writes('cache-then-unique', [['m1', { now: 100, ttlMs: 1000, keepMs: 10_000 }]]);
    expect(types(a!)).toEqual(['sink.cacheKeySet', 'sink.applied', 'sink.cacheKeyExtended']);
    expect(a!.events[0]).toMatchObject({ expiresAt: 1100 });
    expect(a!.events[2]).toMatchObject({ expiresAt: 10_100 });
    expect(a!.c.cache.get('m1')).toBe(10_100);
  });

  it('a cache hit skips without touching the database', () => {
    const [a, b] = writes('cache-then-unique', [['m1', { now: 0 }], ['m1', { now: 9_999 }]]);
    expect(b!.events).toEqual([{ type: 'sink.cacheHitSkipped', messageId: 'm1', partition: 0, offset: 0, expiresAt: 10_000 }]);
    expect(b!.c.uniqueIds).toBe(a!.c.uniqueIds);
    expect(b!.c.rows).toBe(a!.c.rows);
  });

  it('once the key expired, the unique key behind the cache catches the duplicate', () => {
    const [, b] = writes('cache-then-unique', [['m1', { now: 0 }], ['m1', { now: 10_000 }]]);
    expect(types(b!)).toEqual(['sink.cacheKeySet', 'sink.conflictBehindCache', 'sink.cacheKeyExtended']);
    expect(b!.ack.applied).toBe(false);
    expect(rowIds(b!.c)).toEqual(['m1']);
  });

  it('a crash empties the cache, not the tables: the unique key still catches the duplicate', () => {
    const [a] = writes('cache-then-unique', [['m1', { now: 0 }]]);
    const crashed = sinkCrashed(a!.c, 50);
    expect(crashed.lost).toEqual([{ what: 'cache-keys', count: 1 }]);
    expect(crashed.context.cache.get('m1')).toBeUndefined();
    expect(rowIds(crashed.context)).toEqual(['m1']);
    const again = write(crashed.context, 'cache-then-unique', 'm1', { now: 60 });
    expect(types(again)).toEqual(['sink.cacheKeySet', 'sink.conflictBehindCache', 'sink.cacheKeyExtended']);
    expect(sinkCrashed(a!.c, 10_000).lost).toEqual([]);
  });

  it('the database write fails after SETNX: the key stays, so a retry before the TTL is skipped and nothing is ever written', () => {
    const [failed, retry] = writes('cache-then-unique', [['m1', { now: 0, fail: true, ttlMs: 1000 }], ['m1', { now: 10 }]]);
    expect(types(failed!)).toEqual(['sink.cacheKeySet', 'sink.writeFailed']);
    expect(failed!.ack).toMatchObject({ applied: false, error: 'TRANSACTION_FAILED' });
    expect(failed!.c.cache.get('m1')).toBe(1000);
    expect(types(retry!)).toEqual(['sink.cacheHitSkipped']);
    expect(retry!.ack).not.toHaveProperty('error');
    expect(rowIds(retry!.c)).toEqual([]);
  });

  it('after the TTL a redelivery goes through', () => {
    const [, , later] = writes('cache-then-unique', [['m1', { now: 0, fail: true, ttlMs: 1000 }], ['m1', { now: 10 }], ['m1', { now: 1000 }]]);
    expect(types(later!)).toEqual(['sink.cacheKeySet', 'sink.applied', 'sink.cacheKeyExtended']);
    expect(rowIds(later!.c)).toEqual(['m1']);
  });
});

describe('a failed transaction', () => {
  it.each<SinkStrategy>(['none', 'processed-ids', 'unique-key', 'version', 'last-processed-id'])('%s: writes nothing and answers with an error; the retry applies', (strategy) => {
    const [failed, retry] = writes(strategy, [['m1', { fail: true, version: 1 }], ['m1', { version: 1 }]]);
    expect(failed!.events).toEqual([{ type: 'sink.writeFailed', messageId: 'm1', partition: 0, offset: 0 }]);
    expect(failed!.ack).toMatchObject({ applied: false, error: 'TRANSACTION_FAILED' });
    const { rows, processedIds, uniqueIds, entities, lastIds } = failed!.c;
    expect([rows.toArray(), processedIds.toArray(), uniqueIds.toArray(), entities.entries(), lastIds.entries()]).toEqual([[], [], [], [], []]);
    expect(retry!.ack.applied).toBe(true);
  });
});
