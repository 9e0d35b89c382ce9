import { describe, expect, it } from 'vitest';
import { pngScale } from './png';

describe('the PNG scale', () => {
  it('is 2 for a diagram of ordinary size, and less where a canvas would pass the browser limits', () => {
    expect(pngScale(912, 1112)).toBe(2);
    expect(pngScale(1500, 14_200)).toBe(2);
    expect(pngScale(900, 20_000)).toBeCloseTo(32_767 / 20_000);
    expect(pngScale(12_000, 12_000) * 12_000).toBeLessThanOrEqual(Math.sqrt(200_000_000) + 1);
  });
});
