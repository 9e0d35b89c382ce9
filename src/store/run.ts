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
  /**
   * A long run (longRunSlice.ts): the timeline is only its kept window, renumbered from 0; the
   * ledger's summary and statuses cover the whole run. Null for a run kept whole.
   */
  longRun: LongRunInfo | null;
}

/** What the page says of a long run it shows: how much there was, and which part the stage kept. */
export interface LongRunInfo {
  messages: number;
  /** Steps of the whole run (its last step's index). */
  lastStep: number;
  /** The whole run's step that is the window's step 0. */
  windowStart: number;
  /** How many steps the window keeps (at most its bound). */
  kept: number;
  /** The window's bound. */
  window: number;
  /** Wall-clock time the page took, in ms. */
  computeMs: number;
}

/**
 * A scenario with more messages than this runs in the page only as a long run (longRunSlice.ts):
 * a whole run of 10,000 messages is already about 60,000 steps and 70 MB.
 */
export const MAX_RUN_MESSAGES = 10_000;
/** The most messages a long run takes (about 517,000 steps and 10-20 s in the page). */
export const MAX_LONG_RUN_MESSAGES = 100_000;

/**
 * Ledgers that are a long run's: their summary and statuses are the whole run's and do not follow
 * the stage's step (ledgerNowOf shows them as they are).
 */
export const wholeRunLedgers = new WeakSet<Ledger>();


/**
 * The page runs a scenario to its end synchronously, so a run that has not ended after this many
 * steps is refused rather than left to freeze the tab (and fill its memory) up to the engine's own
 * bound of millions: a link or a file can ask for a request timeout of 1 ms with no backoff over a
 * seven-day horizon. The longest run the page takes on purpose, 10,000 messages, is about 60,000
 * steps; the CLI has no such bound.
 */
export const MAX_RUN_STEPS = 200_000;

let stepLimit = MAX_RUN_STEPS;

/** For tests: a lower bound than MAX_RUN_STEPS, so a run that does not end is refused in milliseconds (`undefined`: back to it). */
export function limitRunSteps(max: number | undefined): void {
  stepLimit = max ?? MAX_RUN_STEPS;
}

/** Why a scenario did not run: the schema's or Kafka's issues, (`tooLong`) it did not end within the step limit, or (`tooLarge`, its message count) it is for a long run. */
export type RunRefused = { ok: false; issues: Issue[]; tooLong?: number; tooLarge?: number };

/** The run did not end within MAX_RUN_STEPS: said as an issue too, for the places that list issues (a side-by-side lane). */
const tooLong = (): RunRefused => ({ ok: false, issues: [{ path: '(the run)', message: `the run did not end within ${stepLimit} steps` }], tooLong: stepLimit });

/**
 * Validates a scenario (as JSON data) and runs it to the end. Runs in the lab are small (tens to
 * a few thousand steps), so this is synchronous.
 */
export function runScenario(input: unknown): { ok: true; value: LabRun } | RunRefused {
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const n = parsed.run.messages.length;
  if (n > MAX_RUN_MESSAGES) return { ok: false, issues: [{ path: 'produce', message: `${n} messages: more than ${MAX_RUN_MESSAGES} run only as a long run` }], tooLarge: n };
  const timeline = Timeline.start(parsed.run, STAGE_CHECKPOINTS).runToEnd(stepLimit + 1);
  if (!timeline.done) return tooLong();
  return { ok: true, value: finish(parsed.scenario, timeline) };
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
    longRun: null,
  };
}

/**
 * The run with one more fault, from step `at` on: everything up to `at` is as it was (the fault
 * cannot have touched it), the future is new (Timeline.fork), run to its end.
 */
export function forkRun(r: LabRun, at: number, fault: Fault): { ok: true; value: LabRun } | RunRefused {
  const timeline = r.timeline.fork(at, fault).runToEnd(stepLimit + 1);
  return timeline.done ? { ok: true, value: finish(r.scenario, timeline) } : tooLong();
}
