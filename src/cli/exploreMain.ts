/**
 * `npm run explore` as functions: argv -> the run to explore (prepareExplore), and the search's
 * result -> what to print and the counterexamples as scenario files (reportExplore). The search
 * itself runs in explore.ts (in worker threads), so the tests can run all of it in-process.
 */
import { parseArgs } from 'node:util';
import { isPresetName, parseScenario, type Issue, type RunConfig } from '../engine';
import { counterexampleScenario } from '../engine/explore/counterexample';
import { VIOLATIONS, type ExploreProgress } from '../engine/explore/explore';
import { applyOptions, attribute, type CliOptions, type Source } from './args';
import { EXIT, load, type Outcome } from './main';

export const MAX_FAULTS_LIMIT = 3;

export interface ExploreJob {
  run: RunConfig;
  /** The scenario as its file has it, with --seed and --messages applied (what a counterexample file starts from). */
  input: Record<string, unknown>;
  label: string;
  maxFaults: number;
  copies: boolean;
  json: boolean;
  /** Write each counterexample to this directory as `<id>.json`. */
  out: string | null;
  workers: number | null;
}

export const EXPLORE_USAGE = `Usage: npm run explore -- <scenario.json | preset | scenario-id> [options]

Prove it: runs the scenario's settings and messages (without its own drops, copies, rejections,
crashes, restarts and cuts) under every schedule of up to k faults: each message lost, NOT_ENOUGH_REPLICAS
for each produce (acks=all), each node crashed at each of its meaningful points (restarted 2 s later).
Each run goes to quiescence and is checked: no message lost, none with a second effect, effects
in order per key. Prints the schedules explored, the violations of each kind, and per kind the
counterexample with the fewest faults, as a scenario file \`npm run sim\` replays.

Options:
  --max-faults K    faults per schedule, 1 to ${MAX_FAULTS_LIMIT} (default 2)
  --copies          also let the network deliver a message twice (a what-if: TCP never does)
  --seed N          seed of the random number generator
  --messages N      produce N messages, 10 ms apart
  --workers N       worker threads (default: the machine's cores)
  --out DIR         write each counterexample to DIR/<id>.json
  --json            print one JSON document: counts, counterexamples (as scenario files)
  -h, --help        print this help

Exit status: 0 the search finished (violations or not); 2 bad input.`;

const OPTIONS = {
  'max-faults': { type: 'string' },
  copies: { type: 'boolean' },
  seed: { type: 'string' },
  messages: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const failed = (issues: readonly Issue[]): Outcome => ({ code: EXIT.badInput, stdout: '', stderr: issues.map((i) => `error: ${i.path}: ${i.message}\n`).join('') });

function classify(arg: string): Source {
  if (isPresetName(arg)) return { kind: 'preset', name: arg };
  if (arg.endsWith('.json') || arg.includes('/') || arg.includes('\\')) return { kind: 'file', path: arg };
  return { kind: 'id', id: arg };
}

/** argv -> the job, or what to print when there is none (help, bad input). */
export function prepareExplore(argv: readonly string[]): { ok: true; job: ExploreJob } | { ok: false; outcome: Outcome } {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    return { ok: false, outcome: failed([{ path: 'arguments', message: `${(e as Error).message} (see --help)` }]) };
  }
  if (values.help) return { ok: false, outcome: { code: EXIT.ok, stdout: `${EXPLORE_USAGE}\n`, stderr: '' } };
  const issues: Issue[] = [];
  const whole = (name: string, min: number, max: number): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) issues.push({ path: `--${name}`, message: `expected a whole number from ${min} to ${max}, got "${String(v)}"` });
    return n;
  };
  const maxFaults = whole('max-faults', 1, MAX_FAULTS_LIMIT) ?? 2;
  const seed = whole('seed', 0, Number.MAX_SAFE_INTEGER);
  const messages = whole('messages', 0, 10_000);
  const workers = whole('workers', 1, 64) ?? null;
  if (positionals.length !== 1) issues.push({ path: '<scenario>', message: positionals.length === 0 ? 'missing: expected a scenario file, a preset or a scenario id (see --help)' : `expected one scenario, got ${positionals.length}` });
  if (issues.length > 0) return { ok: false, outcome: failed(issues) };

  const source = classify(positionals[0]!);
  const loaded = load(source);
  if (!loaded.ok) return { ok: false, outcome: failed([loaded.issue]) };
  const options: CliOptions = { source, faults: [], json: false, trace: false, lang: 'en', ...(seed !== undefined ? { seed } : {}), ...(messages !== undefined ? { messages } : {}) };
  const { input, origins } = applyOptions(loaded.base, options);
  const parsed = parseScenario(input);
  if (!parsed.ok) return { ok: false, outcome: failed(parsed.issues.map((i) => attribute(i, origins))) };
  const label = parsed.scenario.id ?? (parsed.scenario.preset ? `preset ${parsed.scenario.preset}` : loaded.name);
  return {
    ok: true,
    job: { run: parsed.run, input: input as Record<string, unknown>, label, maxFaults, copies: values.copies === true, json: values.json === true, out: typeof values.out === 'string' ? values.out : null, workers },
  };
}

export interface ExploreReport extends Outcome {
  /** The counterexamples as scenario files, by file name. */
  files: { name: string; scenario: Record<string, unknown> }[];
}

/** The search's result -> the report, and the counterexample files. */
export function reportExplore(job: ExploreJob, result: ExploreProgress, elapsedMs: number): ExploreReport {
  const counterexamples = VIOLATIONS.flatMap((v) => {
    const c = result.shortest[v];
    return c ? [{ ...c, scenario: counterexampleScenario(job.input, c, job.maxFaults) }] : [];
  });
  const files = counterexamples.map((c) => ({ name: `${String(c.scenario.id)}.json`, scenario: c.scenario }));
  if (job.json) {
    const doc = {
      scenario: job.label,
      maxFaults: job.maxFaults,
      copies: job.copies,
      explored: result.explored,
      faultPoints: result.faultPoints,
      violations: result.violations,
      unsettled: result.unsettled,
      stepsRun: result.stepsRun,
      stepsShared: result.stepsShared,
      elapsedMs: Math.round(elapsedMs),
      counterexamples,
    };
    return { code: EXIT.ok, stdout: `${JSON.stringify(doc)}\n`, stderr: '', files };
  }
  const perSecond = elapsedMs > 0 ? Math.round((result.explored / elapsedMs) * 1000) : result.explored;
  const lines = [
    `${job.label} · every schedule of up to ${job.maxFaults} fault${job.maxFaults === 1 ? '' : 's'}${job.copies ? ' (network copies included)' : ''}`,
    `${result.explored} schedules over ${result.faultPoints} fault points of the run, in ${(elapsedMs / 1000).toFixed(1)} s (${perSecond}/s); ` +
      `${result.stepsRun} steps run, ${result.stepsShared} shared with the run each fork came from`,
    `lost: ${result.violations.lost} · duplicated: ${result.violations.duplicated} · out of order: ${result.violations.outOfOrder}` +
      (result.unsettled > 0 ? ` · ${result.unsettled} did not settle before the horizon (not checked)` : ''),
  ];
  if (counterexamples.length === 0) lines.push('no schedule breaks the guarantee');
  for (const c of counterexamples) {
    lines.push('', `shortest ${c.violation === 'outOfOrder' ? 'out of order' : c.violation} (${c.faults.length} fault${c.faults.length === 1 ? '' : 's'}, ${c.steps} steps, ${c.messages.join(', ')}):`);
    for (const f of c.faults) lines.push(`  ${JSON.stringify(f)}`);
    lines.push(`  replay: npm run sim -- ${job.out ? `${job.out.replace(/\/$/, '')}/` : ''}${String(c.scenario.id)}.json${job.out ? '' : '   (write it with --out DIR)'}`);
  }
  return { code: EXIT.ok, stdout: `${lines.join('\n')}\n`, stderr: '', files };
}
