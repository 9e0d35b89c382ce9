/**
 * A long run keeps a window of steps, a compact ledger and a chained hash; these hold it to the
 * whole run: the same hash as traceHash of the full trace, the same summary and statuses as
 * buildLedger, a window that never holds more than its bound, and a window timeline that replays
 * exactly the kept steps.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from './config';
import { faultArb, KINDS, scheduleArb, type Preset } from './faultSchedules';
import { traceHash } from './hash';
import { ledgerOf } from './ledger';
import { LongRun, runLong } from './longRun';
import { parseScenario, parseScenarioText, type ScenarioInput } from './scenario';
import type { RunConfig } from './simulation';
import { Timeline } from './timeline';

/** The whole run, kept, against the long run with `window` steps. */
function compare(run: RunConfig, window: number) {
  const full = Timeline.start(run).runToEnd();
  const ledger = ledgerOf(run, full.steps);
  const long = runLong(run, window);
  expect(long.lastIndex).toBe(full.lastIndex);
  expect(long.traceHash).toBe(traceHash(full.steps));
  expect(long.ledger.summary()).toEqual(ledger.summary);
  for (const m of ledger.messages) expect(long.ledger.statusOf(m.messageId), m.messageId).toBe(m.status);
  expect(long.ledger.endStep).toBe(ledger.endStep);
  expect(long.keptSteps).toBeLessThanOrEqual(window);
  // The kept steps are the last ones, in order.
  expect(long.windowSteps()).toEqual(full.steps.slice(full.steps.length - long.keptSteps));
  return { full, long, ledger };
}

function parsed(input: ScenarioInput): RunConfig {
  const p = parseScenario(input);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.run;
}

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('a long run agrees with the whole run', () => {
  // Every bundled scenario: transactions, replication and truncation, dead letters, services, versions.
  it.each(files)('%s, with a window of 7 steps', (file) => {
    const p = parseScenarioText(readFileSync(`${dir}/${file}`, 'utf8'));
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    compare(p.run, 7);
  });

  it('under random presets, seeds, message counts and fault schedules', () => {
    const presets = PRESET_NAMES.filter((p): p is Preset => p !== 'exactly-once');
    const arb = fc.constantFrom(...presets).chain((preset) => fc.record({ preset: fc.constant(preset), s: scheduleArb(preset), window: fc.integer({ min: 1, max: 40 }), keys: fc.boolean() }));
    fc.assert(
      fc.property(arb, ({ preset, s, window, keys }) => {
        const run = parsed({
          preset,
          seed: s.seed,
          produce: { count: s.count, intervalMs: 10, ...(keys ? { keys: ['a', 'b'] } : {}) },
          settings: { producer: { 'request.timeout.ms': 1000 }, consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 }, network: { jitterMs: 3, dropProbability: 0.05 } },
          faults: s.faults,
          horizonMs: 3_600_000,
        });
        compare(run, window);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  // The copier has no database: its effects are its committed output copies.
  const eoFaults = fc.array(faultArb(KINDS.filter((k) => !k.startsWith('Sink')), false, ['producer', 'broker', 'consumer']), { minLength: 1, maxLength: 3 });
  it('exactly-once under random fault schedules', () => {
    fc.assert(
      fc.property(eoFaults, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 30 }), (faults, count, seed, window) => {
        const run = parsed({ preset: 'exactly-once', seed, produce: { count, intervalMs: 10 }, settings: { network: { jitterMs: 3 } }, faults, horizonMs: 3_600_000 });
        compare(run, window);
      }),
      { numRuns: 20, seed: 11 },
    );
  });
});

describe('a 2,000-message long run with a window of 500', () => {
  const run = parsed({
    preset: 'idempotent-consumer',
    seed: 42,
    produce: { count: 2000, intervalMs: 10, keys: ['a', 'b', 'c'] },
    settings: { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000, 'batch.size': 16 }, consumer: { 'request.timeout.ms': 1000 } },
    horizonMs: 86_400_000,
  });

  it('has the whole run hash and counts, and keeps at most 500 steps at every point', () => {
    const long = LongRun.start(run, 500);
    let most = 0;
    while (!long.advance(97)) {
      most = Math.max(most, long.keptSteps, long.windowSteps().length, long.ledger.lagSamples.length / 2);
      expect(long.windowStart).toBe(Math.max(0, long.lastIndex - 499));
    }
    expect(most).toBeLessThanOrEqual(500);
    const full = Timeline.start(run).runToEnd();
    expect(full.lastIndex).toBeGreaterThan(5000);
    expect(long.traceHash).toBe(traceHash(full.steps));
    expect(long.ledger.summary()).toEqual(ledgerOf(run, full.steps).summary);
    expect(long.ledger.summary().messages).toBe(2000);
    expect(long.ledger.sentCount).toBe(2000);
  });

  it('replays its window as a timeline: the kept steps, renumbered from 0, ending in the run last state', () => {
    const long = runLong(run, 500);
    const window = long.windowTimeline(16);
    const kept = long.windowSteps();
    expect(window.steps).toHaveLength(500);
    expect(window.steps.map((s) => s.events)).toEqual(kept.map((s) => s.events));
    expect(window.steps.map((s) => s.time)).toEqual(kept.map((s) => s.time));
    expect(window.steps.map((s) => s.index)).toEqual(kept.map((s) => s.index - long.windowStart));
    expect(window.done).toBe('quiescent');
    expect({ ...window.current, step: 0 }).toEqual({ ...long.current, step: 0 });
    // Seeking inside the window replays from its own checkpoints.
    expect(window.stateAt(250).now).toBe(kept[250]!.time);
  });
});
