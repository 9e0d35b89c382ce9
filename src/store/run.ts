/**
 * One run of the lab, from a source (a preset or a bundled scenario) and a seed to everything
 * the page shows: the parsed scenario, its RunConfig, the finished Timeline, the ledger, the
 * trace hash, and how the outcome compares with the scenario's `expect`.
 */
import {
  Timeline,
  ledgerOf,
  checkExpectation,
  parseScenario,
  traceHash,
  type ExpectationCheck,
  type Issue,
  type Ledger,
  type PresetName,
  type RunConfig,
  type Scenario,
} from '../engine';

/** Where a run comes from: one of the engine's presets, or a bundled scenario file by id. */
export type Source = { kind: 'preset'; name: PresetName } | { kind: 'scenario'; id: string };

export interface LabRun {
  scenario: Scenario;
  run: RunConfig;
  /** Run to its end; the visualizer will read earlier steps from it (stateAt, buildLedger upTo). */
  timeline: Timeline;
  ledger: Ledger;
  traceHash: string;
  expectation: ExpectationCheck | null;
  /** False when nothing in the run draws from the seeded RNG, so every seed gives the same run. */
  seedMatters: boolean;
}


/**
 * Validates a scenario (as JSON data) and runs it to the end. Runs in the lab are small (tens to
 * a few thousand steps), so this is synchronous.
 */
export function runScenario(input: unknown): { ok: true; value: LabRun } | { ok: false; issues: Issue[] } {
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const { scenario, run } = parsed;
  const timeline = Timeline.start(run).runToEnd();
  const ledger = ledgerOf(run, timeline.steps);
  return {
    ok: true,
    value: {
      scenario,
      run,
      timeline,
      ledger,
      traceHash: traceHash(timeline.steps),
      expectation: checkExpectation(scenario.expect, ledger.summary),
      seedMatters: run.settings.network.jitterMs > 0 || run.settings.network.dropProbability > 0,
    },
  };
}
