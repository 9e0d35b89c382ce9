/** The ledger projected to a step equals the ledger folded up to that step, at every step. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ledgerOf } from './ledger';
import { ledgerAt } from './ledgerAt';
import type { ScenarioInput } from './scenario';
import { runScenario } from './testing';

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

const randomLoss = (preset: ScenarioInput['preset'], seed: number): ScenarioInput => ({
  preset,
  seed,
  produce: { count: 12, intervalMs: 10, keys: ['a', 'b', 'c'] },
  settings: { topic: { partitions: 2 }, network: { dropProbability: 0.05 }, producer: { 'request.timeout.ms': 1000 } },
  faults: [{ type: 'crash', node: 'consumer', atMs: 200, restartAfterMs: 300 }],
});

describe('ledgerAt', () => {
  const cases: [string, ScenarioInput][] = [
    ...files.map((f): [string, ScenarioInput] => [f, JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as ScenarioInput]),
    ...(['at-least-once', 'exactly-once', 'idempotent-consumer', 'at-most-once'] as const).map((p): [string, ScenarioInput] => [`${p} with random loss`, randomLoss(p, 3)]),
  ];

  it.each(cases)('%s: equals the fold at every step', (_, input) => {
    const r = runScenario(input);
    const steps = r.timeline.steps;
    // Every step of a short run; a sample of a long one (the fold is O(steps) each time).
    const stride = steps.length > 600 ? 7 : 1;
    for (let i = 0; i < steps.length; i += stride) {
      expect(ledgerAt(r.ledger, i), `step ${i}`).toEqual(ledgerOf(r.run, steps, i));
    }
    expect(ledgerAt(r.ledger, steps.length - 1)).toEqual(r.ledger);
  });
});
