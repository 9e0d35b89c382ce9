import { describe, expect, it } from 'vitest';
import { ledgerOf } from '../ledger';
import { parseScenario, type ScenarioInput } from '../scenario';
import type { RunConfig } from '../simulation';
import { Timeline } from '../timeline';
import { exploreAll, explore, exploredRun, mergeProgress, type Counterexample } from './explore';

function runOf(input: ScenarioInput): RunConfig {
  const parsed = parseScenario({ seed: 1, ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.run;
}

/** A counterexample run again from step 0, as `npm run sim` would: it must break the guarantee the same way. */
function replay(run: RunConfig, c: Counterexample) {
  const fresh = { ...exploredRun(run), faults: [...exploredRun(run).faults, ...c.faults] };
  return ledgerOf(fresh, Timeline.start(fresh).runToEnd().steps).summary;
}

describe('Prove it: every schedule of up to k faults', () => {
  it('at most once: one lost request loses a message, and nothing is ever duplicated', () => {
    const run = runOf({ preset: 'at-most-once', produce: { count: 3 } });
    const r = exploreAll(run, { maxFaults: 2 });
    expect(r.done).toBe(true);
    expect(r.explored).toBeGreaterThan(r.faultPoints);
    expect(r.violations.duplicated).toBe(0);
    const lost = r.shortest.lost!;
    expect(lost.faults).toHaveLength(1);
    expect(replay(run, lost).lost).toBeGreaterThan(0);
  });

  it('at least once: nothing is lost, and a duplicate takes at most 2 faults', () => {
    const run = runOf({ preset: 'at-least-once', produce: { count: 3 } });
    const r = exploreAll(run, { maxFaults: 2 });
    expect(r.violations.lost).toBe(0);
    const dup = r.shortest.duplicated!;
    expect(dup.faults.length).toBeLessThanOrEqual(2);
    expect(dup.messages.length).toBeGreaterThan(0);
    expect(replay(run, dup).duplicated).toBe(dup.summary.duplicated);
  });

  it('exactly once: no loss, no reordering, and the one duplicate Kafka cannot close (a producer crash before it learns its commit succeeded)', () => {
    const run = runOf({ preset: 'exactly-once', produce: { count: 3 } });
    const duplicates: Counterexample[] = [];
    const r = exploreAll(run, { maxFaults: 2, onViolation: (c) => duplicates.push(c) });
    expect(r.violations.lost).toBe(0);
    expect(r.violations.outOfOrder).toBe(0);
    // (A few schedules lose two JoinGroups: the second retry would come after the horizon. Those are counted apart, not checked.)
    expect(duplicates.length).toBe(r.violations.duplicated);
    for (const c of duplicates) {
      expect(c.violation).toBe('duplicated');
      expect(c.faults).toContainEqual(expect.objectContaining({ type: 'crash', node: 'producer', point: 'after-endtxn-before-response' }));
    }
  });

  it('split in shards, the search finds the same (what the workers do)', () => {
    const run = runOf({ preset: 'at-least-once', produce: { count: 2 } });
    const whole = exploreAll(run, { maxFaults: 2 });
    const parts = [0, 1, 2].map((index) => exploreAll(run, { maxFaults: 2, shard: { index, count: 3 } }));
    const merged = mergeProgress(parts);
    expect(merged.explored).toBe(whole.explored);
    expect(merged.violations).toEqual(whole.violations);
    expect(merged.shortest).toEqual(whole.shortest);
    expect(merged.faultPoints).toBe(whole.faultPoints);
    expect(merged.done).toBe(true);
  });

  it('yields progress that only grows, and ends at 1', () => {
    const run = runOf({ preset: 'at-least-once', produce: { count: 2 } });
    const search = explore(run, { maxFaults: 2, every: 10 });
    let last = 0;
    let yields = 0;
    for (let r = search.next(); ; r = search.next()) {
      expect(r.value.fraction).toBeGreaterThanOrEqual(last);
      last = r.value.fraction;
      if (r.done) break;
      yields++;
    }
    expect(yields).toBeGreaterThan(5);
    expect(last).toBe(1);
  });

  it('explores the run without its own faults, keeping its workload', () => {
    const run = runOf({ preset: 'at-least-once', produce: { count: 2 }, faults: [{ type: 'drop', message: 'ProduceResponse', nth: 1 }, { type: 'fail', what: 'sink-write', nth: 1 }] });
    expect(exploredRun(run).faults).toEqual([{ type: 'fail', what: 'sink-write', nth: 1 }]);
  });

  it('copies (the what-if TCP never allows) are tried only when asked', () => {
    const run = runOf({ preset: 'at-most-once', produce: { count: 2 } });
    const real = exploreAll(run, { maxFaults: 1 });
    const whatIf = exploreAll(run, { maxFaults: 1, copies: true });
    expect(whatIf.faultPoints).toBeGreaterThan(real.faultPoints);
    expect(real.violations.duplicated).toBe(0);
    // The network handing a Produce or a database write over twice: at most once has no defence against it.
    const [copy] = whatIf.shortest.duplicated!.faults;
    expect(copy).toMatchObject({ type: 'duplicate' });
    expect(['ProduceRequest', 'SinkWrite']).toContain(copy!.type === 'duplicate' ? copy!.message : '');
  });
});
