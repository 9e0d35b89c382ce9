/**
 * Exporting the run shown, besides its scenario file (share.ts): its trace as the CLI's `--json`
 * document, a ready Playwright test of its outcome, and which steps its sequence diagram draws.
 * Pure functions of the store's state; the share panel's export buttons download what they return.
 */
import { checkExpectation, localized, parseScenario, traceDocument, type LedgerSummary, type TraceDocument } from '../engine';
import { exportScenario, linkSearch } from './share';
import type { LabState } from './state';

type ExportState = Parameters<typeof exportScenario>[0] & Pick<LabState, 'scenario' | 'run' | 'timeline' | 'ledger' | 'traceHash'> & Partial<Pick<LabState, 'longRun'>>;

export interface TextExport {
  fileName: string;
  text: string;
}

/** What an exported file is named after: the scenario's id (as the scenario file), else the preset, else `custom`. */
export function exportName(s: ExportState): string {
  const file = exportScenario(s);
  const id = file ? file.fileName.replace(/\.json$/, '') : 'custom';
  return id === 'custom' && s.scenario.preset && s.source.kind === 'preset' ? s.scenario.preset : id;
}

/**
 * The trace document `npm run sim -- <the exported scenario file> --json` prints: the file's
 * scenario as parsed, and the steps of the run shown (a run broken on the stage is a fork, whose
 * steps equal a fresh run of the file; timeline.test.ts proves it).
 */
export function traceExport(s: ExportState): TextExport & { doc: TraceDocument } {
  const file = exportScenario(s);
  const parsed = file ? parseScenario(file.scenario) : null;
  if (s.longRun) return { fileName: `${exportName(s)}.trace.json`, ...longRunDocument(s, s.longRun, parsed?.ok ? parsed.scenario : s.scenario) };
  const doc = parsed?.ok ? traceDocument(parsed.scenario, parsed.run, s.timeline.steps) : traceDocument(s.scenario, s.run, s.timeline.steps);
  return { fileName: `${exportName(s)}.trace.json`, text: `${JSON.stringify(doc)}\n`, doc };
}

/**
 * A long run's trace document: only the steps it kept, with their indices in the whole run, and
 * `longRun` saying which those are; the summary, the statuses and the trace hash are the whole run's
 * (the CLI's `--json` of the same file prints every step, whose traceHash is this one).
 */
function longRunDocument(s: ExportState, info: NonNullable<LabState['longRun']>, scenario: TraceDocument['scenario']): { text: string; doc: TraceDocument } {
  const from = info.windowStart;
  const doc: TraceDocument & { longRun: { messages: number; lastStep: number; keptFrom: number; kept: number } } = {
    scenario,
    settings: s.run.settings,
    summary: s.ledger.summary,
    messages: s.ledger.messages.map((m) => ({ ...m })),
    steps: s.timeline.steps.map((x) => ({ ...x, index: x.index + from })),
    traceHash: s.traceHash,
    expectation: scenario.expect ? { expected: scenario.expect, matched: checkExpectation(scenario.expect, s.ledger.summary)?.matched ?? true } : null,
    longRun: { messages: info.messages, lastStep: info.lastStep, keptFrom: from, kept: info.kept },
  };
  return { text: `${JSON.stringify(doc)}\n`, doc };
}

/** A TypeScript string (or JSON) literal; line and paragraph separators escaped too, for older tools' sake. */
const literal = (value: unknown) => JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The counters a generated test checks, in the summary panel's order, and how its title says them. */
export const TESTED_COUNTERS = [
  ['lost', 'lost'],
  ['duplicated', 'duplicated'],
  ['logDuplicates', 'log duplicates'],
  ['outOfOrder', 'out of order'],
  ['superseded', 'superseded'],
  ['deadLettered', 'dead-lettered'],
  ['effects', 'effects'],
  ['messages', 'messages'],
  ['maxLag', 'max lag'],
  ['finalLag', 'final lag'],
] as const satisfies readonly (readonly [keyof LedgerSummary, string])[];

/**
 * The run shown as a Playwright test file: it opens the run's link (relative to the test's
 * baseURL), seeks to the end through `window.deliveryLab`, and checks the final counters and the
 * trace hash. Everything taken from the run (a title, an id from an imported file) is written as
 * a JSON string literal, never into a comment or as code.
 */
export function playwrightExport(s: ExportState): TextExport & { link: string; expected: Record<string, number | string | null> } {
  const name = exportName(s);
  // Without the step (the test seeks to the end) and outside any lesson (a lesson link opens lesson mode).
  const link = `./${linkSearch({ ...s, lesson: null }, 0)}`;
  const summary = s.ledger.summary;
  const expected: Record<string, number | string | null> = Object.fromEntries(TESTED_COUNTERS.map(([k]) => [k, summary[k]]));
  expected.end = summary.end;
  const failures = TESTED_COUNTERS.slice(0, 4)
    .map(([k, words]) => `${words} ${summary[k]}`)
    .join(', ');
  const title = localized(s.scenario.title, s.language);
  const testTitle = `${name} (seed ${s.seed}) ends with ${failures}`;
  const lines = [
    '// A Playwright test of one Delivery Lab run, exported from the lab: it opens the run by its link,',
    '// plays it to the end and checks the outcome the lab showed when it was exported.',
    '//',
    '// Set baseURL to where the lab is served, ending in "/": in playwright.config.ts,',
    "// use: { baseURL: 'http://localhost:5173/' }. The link below is relative to it.",
    "import { expect, test } from '@playwright/test';",
    '',
    '/** What the test reads of the page\'s hook, window.deliveryLab (the lab\'s src/store/pageApi.ts). */',
    'type DeliveryLab = {',
    '  seekEnd: () => void;',
    '  step: () => { at: number; last: number };',
    '  ledger: () => { summary: Record<string, unknown> };',
    '  traceHash: () => string;',
    ...(s.longRun ? ["  longRunInfo: () => { messages: number } | null;", '  longRunJob: () => unknown;'] : []),
    '};',
    '',
    `const SCENARIO = ${literal(title ?? name)};`,
    `const LINK = ${literal(link)};`,
    `const EXPECTED = ${literal(expected)};`,
    `const TRACE_HASH = ${literal(s.traceHash)};`,
    '',
    `test(${literal(testTitle)}, async ({ page }) => {`,
    '  test.info().annotations.push({ type: \'scenario\', description: SCENARIO });',
    '  await page.goto(LINK);',
    '  // The hook is there once the link\'s run is loaded.',
    "  await page.waitForFunction(() => 'deliveryLab' in window);",
    ...(s.longRun
      ? [
          `  // A long run (${s.longRun.messages} messages): computed in slices after the page opens.`,
          '  await page.waitForFunction(() => {',
          '    const lab = (window as unknown as { deliveryLab: DeliveryLab }).deliveryLab;',
          '    return lab.longRunJob() === null && lab.longRunInfo() !== null;',
          '  }, undefined, { timeout: 120_000 });',
        ]
      : []),
    '  const end = await page.evaluate(() => {',
    '    const lab = (window as unknown as { deliveryLab: DeliveryLab }).deliveryLab;',
    '    lab.seekEnd();',
    '    return { step: lab.step(), summary: lab.ledger().summary, traceHash: lab.traceHash() };',
    '  });',
    '  expect(end.step.at).toBe(end.step.last);',
    '  expect(end.summary).toMatchObject(EXPECTED);',
    '  // The same steps, event for event, as when the test was exported.',
    '  expect(end.traceHash).toBe(TRACE_HASH);',
    '});',
    '',
  ];
  return { fileName: `${name}.spec.ts`, text: lines.join('\n'), link, expected };
}

/** A run longer than this is drawn as this many steps around the step shown (a PNG has a size limit). */
export const MAX_DIAGRAM_STEPS = 1000;

/** The steps an exported sequence diagram draws: the whole run, or `max` steps centred on the step shown. */
export function diagramRange(cursor: number, last: number, max = MAX_DIAGRAM_STEPS): { from: number; to: number; whole: boolean } {
  if (last + 1 <= max) return { from: 0, to: last, whole: true };
  const from = Math.max(0, Math.min(cursor - Math.floor(max / 2), last + 1 - max));
  return { from, to: from + max - 1, whole: false };
}
