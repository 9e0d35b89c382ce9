/**
 * One run of the lab, from a source (a preset or a bundled scenario) and a seed to everything
 * the page shows: the parsed scenario, its RunConfig, the finished Timeline, the ledger, the
 * trace hash, and how the outcome compares with the scenario's `expect`.
 */
import {
  Timeline,
  buildPackets,
  ledgerOf,
  checkExpectation,
  parseScenario,
  traceHash,
  type ExpectationCheck,
  type Fault,
  type Issue,
  type Ledger,
  type Packet,
  type PresetName,
  type RunConfig,
  type Scenario,
} from '../engine';

/**
 * Where a run comes from: one of the engine's presets, a bundled scenario file by id, or a
 * scenario given as data (loaded from a file, or by a test through the page's hook).
 */
export type Source = { kind: 'preset'; name: PresetName } | { kind: 'scenario'; id: string } | { kind: 'custom'; input: Record<string, unknown> };

export interface LabRun {
  scenario: Scenario;
  run: RunConfig;
  /** Run to its end; the visualizer will read earlier steps from it (stateAt, buildLedger upTo). */
  timeline: Timeline;
  ledger: Ledger;
  /** Every network message of the run, as the stage draws it. */
  packets: Packet[];
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
  return { ok: true, value: finish(parsed.scenario, Timeline.start(parsed.run, STAGE_CHECKPOINTS).runToEnd()) };
}

/** The page seeks all the time: a checkpoint every 16 steps keeps a seek to a few replayed steps. */
const STAGE_CHECKPOINTS = 16;

/** Everything the page shows of a finished timeline. */
function finish(scenario: Scenario, timeline: Timeline): LabRun {
  const run = timeline.run;
  const ledger = ledgerOf(run, timeline.steps);
  return {
    scenario,
    run,
    timeline,
    ledger,
    packets: buildPackets(timeline.steps),
    traceHash: traceHash(timeline.steps),
    expectation: checkExpectation(scenario.expect, ledger.summary),
    seedMatters: run.settings.network.jitterMs > 0 || run.settings.network.dropProbability > 0,
  };
}

/**
 * The run with one more fault, from step `at` on: everything up to `at` is as it was (the fault
 * cannot have touched it), the future is new (Timeline.fork), run to its end.
 */
export function forkRun(r: LabRun, at: number, fault: Fault): LabRun {
  return finish(r.scenario, r.timeline.fork(at, fault).runToEnd());
}
