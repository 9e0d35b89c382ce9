/**
 * One CLI invocation as a function: argv -> what to print and the exit code. Reads scenario
 * files but never touches process, so tests can run it in-process; sim.ts is the thin entry.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES, Timeline, ledgerOf, servicesOf, checkExpectation, localized, parseScenario, traceDocument, traceHash, type Issue } from '../engine';
import { explain } from '../i18n/explain';
import { createI18n } from '../i18n/bundled';
import { applyOptions, attribute, parseCliArgs, type Source } from './args';
import { reportLines, traceLines } from './format';
import { usage } from './usage';

/** Bundled scenarios live next to the code, wherever the command is run from. */
const SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export const EXIT = { ok: 0, unmatched: 1, badInput: 2 } as const;

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

export function bundledIds(): string[] {
  try {
    return readdirSync(SCENARIO_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

const failed = (issues: readonly Issue[]): Outcome => ({
  code: EXIT.badInput,
  stdout: '',
  stderr: issues.map((i) => `error: ${i.path}: ${i.message}\n`).join(''),
});

export function main(argv: readonly string[]): Outcome {
  const cmd = parseCliArgs(argv);
  if (cmd.kind === 'help') return { code: EXIT.ok, stdout: `${usage(bundledIds())}\n`, stderr: '' };
  if (cmd.kind === 'error') return failed(cmd.issues);
  const o = cmd.options;

  const loaded = load(o.source);
  if (!loaded.ok) return failed([loaded.issue]);
  const { input, origins } = applyOptions(loaded.base, o);
  const parsed = parseScenario(input);
  if (!parsed.ok) return failed(parsed.issues.map((i) => attribute(i, origins)));
  const { scenario, run } = parsed;

  const timeline = Timeline.start(run).runToEnd();
  const steps = timeline.steps;
  const ledger = ledgerOf(run, steps);
  const hash = traceHash(steps);
  const expected = scenario.expect ?? null;
  const matched = checkExpectation(expected ?? undefined, ledger.summary)?.matched ?? true;
  const code = matched ? EXIT.ok : EXIT.unmatched;

  // The whole record, as the page's "Trace (JSON)" export gives it (engine/traceDocument.ts).
  if (o.json) return { code, stdout: `${JSON.stringify(traceDocument(scenario, run, steps))}\n`, stderr: '' };

  const i18n = o.trace ? createI18n(o.lang) : null;
  const preset = scenario.preset && o.source.kind !== 'preset' ? ` (${scenario.preset})` : '';
  const title = localized(scenario.title, o.lang);
  const label = scenario.id ?? title ?? (scenario.preset ? `preset ${scenario.preset}` : loaded.name);
  const lines = reportLines({
    info: {
      label: label + preset,
      title: scenario.id ? title : undefined,
      seed: scenario.seed,
      steps: steps.length,
      endTime: steps[steps.length - 1]?.time ?? 0,
      end: ledger.summary.end,
    },
    summary: ledger.summary,
    messages: ledger.messages,
    traceHash: hash,
    expected,
    trace: i18n ? traceLines(steps, (e) => explain(i18n, e, run.settings.topic.partitions, servicesOf(run.settings))) : null,
  });
  return { code, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

export type Loaded = { ok: true; base: unknown; name: string } | { ok: false; issue: Issue };

/** The scenario object before flags: a preset stub, or a file's JSON (not yet validated). */
export function load(source: Source): Loaded {
  if (source.kind === 'preset') return { ok: true, base: { preset: source.name }, name: source.name };
  let path: string;
  if (source.kind === 'file') path = source.path;
  else {
    const ids = bundledIds();
    if (!ids.includes(source.id)) {
      return {
        ok: false,
        issue: {
          path: source.id,
          message: `not a preset, a bundled scenario id or a .json file; presets: ${PRESET_NAMES.join(', ')}; bundled: ${ids.join(', ')}`,
        },
      };
    }
    path = `${SCENARIO_DIR}${source.id}.json`;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, issue: { path, message: `cannot read the file: ${readError(e)}` } };
  }
  try {
    // Editors on Windows like to start a UTF-8 file with a byte-order mark; JSON.parse does not.
    return { ok: true, base: JSON.parse(text.replace(/^\uFEFF/, '')), name: basename(path) };
  } catch (e) {
    return { ok: false, issue: { path, message: `not valid JSON: ${(e as Error).message}` } };
  }
}

function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}
