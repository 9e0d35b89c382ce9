/**
 * Broker-side idempotence, as Kafka's ProducerStateManager / ProducerAppendInfo and
 * UnifiedLog.analyzeAndValidateProducerState do it (shared/KAFKA-RULES.md section 1).
 */

/** Kafka keeps the metadata of this many batches per producer id. */
export const NUM_BATCHES_TO_RETAIN = 5;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const INT_MAX = 2147483647;

/** Cached metadata of one appended batch. */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  timestamp: number;
}

/** Kafka's ProducerStateEntry: what the broker remembers per producer id. */
export interface ProducerStateEntry {
  producerId: number;
  producerEpoch: number;
  /** Oldest first; at most NUM_BATCHES_TO_RETAIN. */
  batches: readonly BatchMetadata[];
  lastTimestamp: number;
}

export type ProducerStates = ReadonlyMap<number, ProducerStateEntry>;

/** The identifying part of a client batch. */
export interface BatchIdentity {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastSequence: number;
}

export type BatchCheck =
  | { result: 'append' }
  | { result: 'duplicate'; cached: BatchMetadata }
  | { result: 'error'; error: 'INVALID_PRODUCER_EPOCH'; currentEpoch: number }
  | { result: 'error'; error: 'OUT_OF_ORDER_SEQUENCE_NUMBER'; expected: number };

/** Last sequence of a batch of `count` records: sequences wrap from INT_MAX to 0. */
export function lastSequence(baseSequence: number, count: number): number {
  return (baseSequence + count - 1) % (INT_MAX + 1);
}

/** The sequence after `seq` (wraps to 0 after INT_MAX). */
export function nextSequence(seq: number, count = 1): number {
  return (seq + count) % (INT_MAX + 1);
}

/**
 * The entry for `producerId`, or undefined if the broker does not know it: never seen, or idle
 * for at least `producer.id.expiration.ms` (a known producer id then counts as unknown).
 */
export function liveEntry(
  states: ProducerStates,
  producerId: number,
  now: number,
  expirationMs: number,
): ProducerStateEntry | undefined {
  const entry = states.get(producerId);
  if (!entry) return undefined;
  return now - entry.lastTimestamp >= expirationMs ? undefined : entry;
}

/**
 * Validates a client-origin data batch against the producer's entry, in Kafka's order:
 * 1. exact duplicate of a cached batch (same epoch, same first and last sequence);
 * 2. epoch older than the stored one: INVALID_PRODUCER_EPOCH;
 * 4. sequence: a new epoch must start at 0 (unless the stored epoch is −1); within an epoch the
 *    batch must start at lastSeq + 1 (or 0 after INT_MAX); an unknown producer id accepts any.
 * (Check 3, KIP-890 verification, and 5, transactions, belong to transactional producers.)
 */
export function checkBatch(entry: ProducerStateEntry | undefined, batch: BatchIdentity): BatchCheck {
  if (batch.producerId === NO_PRODUCER_ID || entry === undefined) return { result: 'append' };

  if (entry.producerEpoch === batch.producerEpoch) {
    const cached = entry.batches.find(
      (b) => b.firstSeq === batch.baseSequence && b.lastSeq === batch.lastSequence,
    );
    if (cached) return { result: 'duplicate', cached };
  }

  if (batch.producerEpoch < entry.producerEpoch) {
    return { result: 'error', error: 'INVALID_PRODUCER_EPOCH', currentEpoch: entry.producerEpoch };
  }

  if (batch.producerEpoch !== entry.producerEpoch) {
    if (entry.producerEpoch !== NO_PRODUCER_EPOCH && batch.baseSequence !== 0) {
      return { result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: 0 };
    }
    return { result: 'append' };
  }

  const expected = entry.batches.at(-1)?.lastSeq ?? NO_SEQUENCE;
  const inSequence =
    batch.baseSequence === expected + 1 || (batch.baseSequence === 0 && expected === INT_MAX);
  return inSequence
    ? { result: 'append' }
    : { result: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', expected: nextSequence(expected) };
}

/**
 * The entry after appending a batch at [firstOffset, lastOffset]: a changed epoch clears the
 * cache, then the batch is added and the oldest dropped beyond NUM_BATCHES_TO_RETAIN.
 */
export function recordBatch(
  entry: ProducerStateEntry | undefined,
  batch: BatchIdentity,
  firstOffset: number,
  lastOffset: number,
  now: number,
): ProducerStateEntry {
  const keep = entry && entry.producerEpoch === batch.producerEpoch ? entry.batches : [];
  const added: BatchMetadata = {
    firstSeq: batch.baseSequence,
    lastSeq: batch.lastSequence,
    firstOffset,
    lastOffset,
    timestamp: now,
  };
  const batches = [...keep, added].slice(-NUM_BATCHES_TO_RETAIN);
  return { producerId: batch.producerId, producerEpoch: batch.producerEpoch, batches, lastTimestamp: now };
}
