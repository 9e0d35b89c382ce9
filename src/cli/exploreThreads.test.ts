import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine';
import { exploreAll } from '../engine/explore/explore';
import { exploreInThreads } from './exploreThreads';

describe('npm run explore in worker threads (the engine bundled by esbuild for them)', () => {
  it('one thread and two threads find what one search in this thread finds', async () => {
    const parsed = parseScenario({ seed: 1, preset: 'at-least-once', produce: { count: 2 } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const whole = exploreAll(parsed.run, { maxFaults: 2 });
    expect(whole.violations.duplicated).toBeGreaterThan(0);
    for (const count of [1, 2]) {
      const threads = await exploreInThreads(parsed.run, { maxFaults: 2 }, count);
      expect(threads.explored).toBe(whole.explored);
      expect(threads.violations).toEqual(whole.violations);
      expect(threads.shortest).toEqual(whole.shortest);
      expect(threads.done).toBe(true);
    }
  });
});
