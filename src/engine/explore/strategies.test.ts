import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import type { SinkStrategy } from '../types';
import { exploreAll } from './explore';

// Its own file, so Vitest runs it beside explore.test.ts (each takes seconds).
describe('Prove it: the idempotent consumer', () => {
  it.each<{ strategy: SinkStrategy; keys?: string[] }>([
    { strategy: 'processed-ids' },
    { strategy: 'unique-key' },
    { strategy: 'version', keys: ['k1', 'k2', 'k3'] },
    { strategy: 'cache-then-unique' },
  ])('the idempotent consumer ($strategy) with the idempotent producer: no loss, no second effect at k = 2', ({ strategy, keys }) => {
    const parsed = parseScenario({ seed: 1, preset: 'idempotent-consumer', produce: { count: 2, ...(keys ? { keys } : {}) }, settings: { consumerApp: { idempotence: strategy } } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const r = exploreAll(parsed.run, { maxFaults: 2 });
    expect(r.explored).toBeGreaterThan(100);
    expect(r.violations.lost).toBe(0);
    expect(r.violations.duplicated).toBe(0);
  });
});
