/**
 * What Prove it checks of each schedule (the compact ledger's violations and summary) equals what
 * the ledger says of the same run: every bundled scenario, and each of them broken by one or two of
 * the explorer's own faults that fast-check picks.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerOf } from '../ledger';
import type { ScenarioInput } from '../scenario';
import { runScenario } from '../testing';
import { Timeline } from '../timeline';
import type { Step } from '../types';
import type { RunConfig } from '../simulation';
import { exploredRun } from './explore';
import { faultPoints } from './faultPoints';
import { CompactLedger } from '../compactLedger';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/** The explorer's check of a run. */
function check(run: RunConfig, steps: readonly Step[]) {
  const ledger = new CompactLedger(run, 1);
  for (const s of steps) ledger.add(s);
  return { summary: ledger.summary(), ...ledger.violations() };
}

/** The same from the ledger. */
function fromLedger(run: RunConfig, steps: readonly Step[]) {
  const l = ledgerOf(run, steps);
  const ids = (test: (m: (typeof l.messages)[number]) => boolean) => l.messages.filter(test).map((m) => m.messageId);
  return {
    summary: l.summary,
    lost: ids((m) => m.status === 'lost'),
    duplicated: ids((m) => m.status === 'duplicated'),
    outOfOrder: ids((m) => m.outOfOrderAt !== null),
  };
}

describe('Prove it’s check of a schedule: the compact ledger', () => {
  const cases: [string, ScenarioInput][] = [
    ...files.map((f): [string, ScenarioInput] => [f, JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as ScenarioInput]),
    // Keys over two partitions and random loss, under every preset (exactly-once: the copier).
    ...(['at-most-once', 'at-least-once', 'idempotent-consumer', 'exactly-once'] as const).map((preset): [string, ScenarioInput] => [
      `${preset}, 8 keyed messages, 5% loss`,
      { preset, seed: 3, produce: { count: 8, intervalMs: 10, keys: ['a', 'b'] }, settings: { topic: { partitions: 2 }, network: { dropProbability: 0.05 } } },
    ]),
  ];

  it.each(cases)('%s: as the ledger says, at the end and halfway', (_, input) => {
    const { run, timeline } = runScenario(input);
    const steps = timeline.steps;
    expect(check(run, steps)).toEqual(fromLedger(run, steps));
    const half = steps.slice(0, Math.floor(steps.length / 2));
    expect(check(run, half)).toEqual(fromLedger(run, half));
  });

  it('as the ledger says, with one or two of the explorer’s faults added to any scenario', () => {
    const roots = cases.map(([, input]) => Timeline.start(exploredRun(runScenario(input).run), 1).runToEnd());
    const broken = { lost: 0, duplicated: 0, outOfOrder: 0 };
    fc.assert(
      fc.property(fc.nat(roots.length - 1), fc.nat(), fc.nat(), (r, a, b) => {
        const root = roots[r]!;
        const points = faultPoints(root);
        if (points.length === 0) return;
        const first = points[a % points.length]!;
        const child = root.fork(first.step, first.fault).runToEnd();
        const later = faultPoints(child).filter((q) => q.step > first.step);
        const t = later.length > 0 && b % 2 === 0 ? child.fork(later[b % later.length]!.step, later[b % later.length]!.fault).runToEnd() : child;
        const v = check(t.run, t.steps);
        expect(v).toEqual(fromLedger(t.run, t.steps));
        for (const k of ['lost', 'duplicated', 'outOfOrder'] as const) if (v[k].length > 0) broken[k]++;
      }),
      { numRuns: 300, seed: 7 },
    );
    // Not a vacuous comparison: the faults broke guarantees of every kind.
    expect(broken.lost).toBeGreaterThan(0);
    expect(broken.duplicated).toBeGreaterThan(0);
    expect(broken.outOfOrder).toBeGreaterThan(0);
  });
});
