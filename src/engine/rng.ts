/**
 * The engine's only source of randomness: mulberry32, a 32-bit seeded generator whose whole state
 * is one integer, so it lives inside the immutable simulation state and replays exactly.
 * Math.imul keeps the arithmetic identical in Node and in every browser.
 */

/** Normalises any seed to the generator's 32-bit state. */
export function seedRng(seed: number): number {
  return (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
}

/** Returns a float in [0, 1) and the next state. */
export function nextFloat(state: number): [value: number, next: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** Returns an integer in [0, maxInclusive] and the next state. */
export function nextInt(state: number, maxInclusive: number): [value: number, next: number] {
  const [f, next] = nextFloat(state);
  return [Math.floor(f * (maxInclusive + 1)), next];
}
