/**
 * Kafka's built-in partitioner (BuiltInPartitioner / Utils.murmur2): a record with a key goes to
 * `toPositive(murmur2(utf8(key))) % partitions`, so the same key always lands in the same
 * partition, exactly as in Kafka. A record without a key goes to the current "sticky" partition,
 * which changes when a batch is closed (Kafka picks the next one at random, weighted by queue
 * sizes; the lab takes the next one in turn, which keeps runs reproducible).
 */

/** Kafka's Utils.murmur2 (32-bit, seed 0x9747b28c), over bytes. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (seed ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4]! & 0xff) | ((data[i4 + 1]! & 0xff) << 8) | ((data[i4 + 2]! & 0xff) << 16) | ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const index = length4 * 4;
  switch (length % 4) {
    case 3:
      h ^= (data[index + 2]! & 0xff) << 16;
    // falls through
    case 2:
      h ^= (data[index + 1]! & 0xff) << 8;
    // falls through
    case 1:
      h ^= data[index]! & 0xff;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const utf8 = new TextEncoder();

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs). */
const toPositive = (n: number) => n & 0x7fffffff;

/** The partition of a keyed record. */
export const partitionForKey = (key: string, partitions: number): number => toPositive(murmur2(utf8.encode(key))) % partitions;
