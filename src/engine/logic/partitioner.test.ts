import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('Kafka murmur2 partitioner', () => {
  // Expected values from Kafka's UtilsTest.testMurmur2.
  it('hashes like Kafka Utils.murmur2', () => {
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [s, h] of cases) expect(murmur2(bytes(s))).toBe(h);
  });

  it('sends the same key to the same partition, within range', () => {
    for (const key of ['user-1', 'user-2', 'order-42', '']) {
      const p = partitionForKey(key, 3);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(3);
      expect(partitionForKey(key, 3)).toBe(p);
    }
  });
});
