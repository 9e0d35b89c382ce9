/**
 * A stable hash of a trace, identical in Node and in the browser: cyrb53 (public domain, by
 * bryc) over each step's JSON, chained. Used to prove determinism, not for security.
 */
import type { Step } from './types';

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The hash of a run's steps, as 14 hex digits. */
export function traceHash(steps: readonly Step[]): string {
  let h = 0;
  for (const s of steps) h = chainHash(h, s);
  return hashHex(h);
}

/** One more step into a chained hash (start from 0): what traceHash does step by step, for a run that keeps no trace. */
export const chainHash = (h: number, s: Step): number => cyrb53(JSON.stringify(s), h % 4294967296);

/** A chained hash as traceHash prints it. */
export const hashHex = (h: number): string => h.toString(16).padStart(14, '0');
