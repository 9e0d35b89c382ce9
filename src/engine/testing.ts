/**
 * Helpers shared by the engine's tests and benchmarks: run a scenario to the end, and generate
 * random fault schedules (fast-check arbitraries live in the tests; this is plain data).
 */
import { ledgerOf, type Ledger } from './ledger';
import { parseScenario, type ScenarioInput } from './scenario';
import type { RunConfig } from './simulation';
import { Timeline } from './timeline';

export interface Finished {
  run: RunConfig;
  timeline: Timeline;
  ledger: Ledger;
}

/** Parses, runs to the end, and builds the ledger; throws on an invalid scenario. */
export function runScenario(input: ScenarioInput): Finished {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const timeline = Timeline.start(parsed.run).runToEnd();
  return { run: parsed.run, timeline, ledger: ledgerOf(parsed.run, timeline.steps) };
}
