/**
 * The whole record of one run as one JSON document: what `npm run sim -- <x> --json` prints and
 * what the page's "Trace (JSON)" export downloads, so the two can be compared field by field.
 */
import { checkExpectation, ledgerOf, type LedgerSummary, type MessageLedger } from './ledger';
import { traceHash } from './hash';
import type { Scenario } from './scenario';
import type { RunConfig } from './simulation';
import type { Settings, Step } from './types';

export interface TraceDocument {
  scenario: Scenario;
  settings: Settings;
  summary: LedgerSummary;
  messages: MessageLedger[];
  steps: readonly Step[];
  traceHash: string;
  /** The scenario's `expect` and whether the run met it; null when the scenario claims nothing. */
  expectation: { expected: NonNullable<Scenario['expect']>; matched: boolean } | null;
}

/** The trace document of a scenario's run, from its finished steps. */
export function traceDocument(scenario: Scenario, run: RunConfig, steps: readonly Step[]): TraceDocument {
  const ledger = ledgerOf(run, steps);
  const expected = scenario.expect ?? null;
  const matched = checkExpectation(expected ?? undefined, ledger.summary)?.matched ?? true;
  return {
    scenario,
    settings: run.settings,
    summary: ledger.summary,
    messages: ledger.messages,
    steps,
    traceHash: traceHash(steps),
    expectation: expected ? { expected, matched } : null,
  };
}
