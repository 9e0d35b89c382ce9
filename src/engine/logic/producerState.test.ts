/** KAFKA-RULES.md section 1: broker-side idempotence, rule by rule. */
import { describe, expect, it } from 'vitest';
import {
  INT_MAX,
  NUM_BATCHES_TO_RETAIN,
  checkBatch,
  lastSequence,
  liveEntry,
  recordBatch,
  type BatchIdentity,
  type ProducerStateEntry,
} from './producerState';

const batch = (baseSequence: number, count = 1, producerEpoch = 0, producerId = 7): BatchIdentity => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastSequence: lastSequence(baseSequence, count),
});

/** Appends batches in order, the way the broker records them, and returns the entry. */
function entryAfter(...batches: BatchIdentity[]): ProducerStateEntry {
  let entry: ProducerStateEntry | undefined;
  let offset = 0;
  for (const b of batches) {
    const n = b.lastSequence - b.baseSequence + 1;
    entry = recordBatch(entry, b, offset, offset + n - 1, 100);
    offset += n;
  }
  return entry!;
}

describe('duplicate detection (checked first)', () => {
  it('an exact (baseSequence, lastSequence) match among the cached batches is a duplicate, answered with the cached offsets', () => {
    const entry = entryAfter(batch(0, 2), batch(2, 3), batch(5));
    const check = checkBatch(entry, batch(2, 3));
    expect(check).toEqual({ result: 'duplicate', cached: expect.objectContaining({ firstSeq: 2, lastSeq: 4, firstOffset: 2, lastOffset: 4 }) });
  });

  it('a partial overlap is not a duplicate: OutOfOrderSequence', () => {
    const entry = entryAfter(batch(0, 2), batch(2, 3));
    expect(checkBatch(entry, batch(2, 2))).toEqual({ result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 5 });
    expect(checkBatch(entry, batch(3, 2))).toEqual({ result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 5 });
  });

  it('only the last 5 batches are remembered: an older retry is OutOfOrderSequence', () => {
    expect(NUM_BATCHES_TO_RETAIN).toBe(5);
    const entry = entryAfter(batch(0), batch(1), batch(2), batch(3), batch(4), batch(5));
    expect(entry.batches.map((b) => b.firstSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(checkBatch(entry, batch(1)).result).toBe('duplicate');
    expect(checkBatch(entry, batch(0))).toEqual({ result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 6 });
  });

  it('the same sequences under another epoch are not a duplicate', () => {
    const entry = entryAfter(batch(0), batch(1));
    expect(checkBatch(entry, batch(1, 1, 1))).toEqual({ result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 0 });
  });
});

describe('epoch', () => {
  it('a batch with an older epoch gets InvalidProducerEpoch', () => {
    const entry = entryAfter(batch(0, 1, 3));
    expect(checkBatch(entry, batch(1, 1, 2))).toEqual({ result: 'error', error: 'INVALID_PRODUCER_EPOCH', currentEpoch: 3 });
  });

  it('a higher epoch must start at sequence 0', () => {
    const entry = entryAfter(batch(0), batch(1));
    expect(checkBatch(entry, batch(0, 1, 1))).toEqual({ result: 'append' });
    expect(checkBatch(entry, batch(2, 1, 1)).result).toBe('error');
  });

  it('a stored epoch of −1 (no state) accepts any first sequence', () => {
    const entry: ProducerStateEntry = { producerId: 7, producerEpoch: -1, batches: [], lastTimestamp: 100 };
    expect(checkBatch(entry, batch(42, 1, 0))).toEqual({ result: 'append' });
  });

  it('accepting a batch with a new epoch clears the cache', () => {
    const entry = entryAfter(batch(0), batch(1), batch(0, 1, 1));
    expect(entry.producerEpoch).toBe(1);
    expect(entry.batches).toHaveLength(1);
    expect(checkBatch(entry, batch(1, 1, 0)).result).toBe('error');
  });
});

describe('sequence within one epoch', () => {
  it('accepts exactly lastSeq + 1', () => {
    const entry = entryAfter(batch(0, 3));
    expect(checkBatch(entry, batch(3))).toEqual({ result: 'append' });
    expect(checkBatch(entry, batch(4))).toEqual({ result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 3 });
  });

  it('wraps from INT_MAX to 0', () => {
    expect(lastSequence(INT_MAX - 1, 3)).toBe(0);
    const entry = entryAfter(batch(INT_MAX - 1, 2));
    expect(entry.batches[0]!.lastSeq).toBe(INT_MAX);
    expect(checkBatch(entry, batch(0))).toEqual({ result: 'append' });
  });

  it('an unknown producer id accepts any epoch and sequence (no UNKNOWN_PRODUCER_ID since KIP-360)', () => {
    expect(checkBatch(undefined, batch(17, 1, 4))).toEqual({ result: 'append' });
  });

  it('a non-idempotent batch (producer id −1) is never checked', () => {
    const entry = entryAfter(batch(0));
    expect(checkBatch(entry, { producerId: -1, producerEpoch: -1, baseSequence: -1, lastSequence: -1 })).toEqual({ result: 'append' });
  });
});

describe('producer id expiration', () => {
  it('a producer idle for producer.id.expiration.ms is unknown again', () => {
    const entry = entryAfter(batch(0));
    const states = new Map([[7, entry]]);
    expect(liveEntry(states, 7, 100 + 999, 1000)).toBe(entry);
    expect(liveEntry(states, 7, 100 + 1000, 1000)).toBeUndefined();
  });
});
