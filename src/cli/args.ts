/**
 * The command line, without I/O: argv -> what to run (or the issues that stop it), fault flags ->
 * engine faults, and the merge of flags into a scenario object. Range checks are left to the
 * engine's own schema, so a flag and a file field can never disagree on what is valid; issues on
 * fields a flag wrote are renamed after that flag (see `attribute`).
 */
import { parseArgs } from 'node:util';
import { CRASH_POINTS, MESSAGE_KINDS, NODE_NAME_HINT, isNodeName, isPresetName } from '../engine';
import type { CrashPoint, Fault, Issue, MessageKind, NodeId, PresetName } from '../engine';
import { LANGUAGES, type Language } from '../i18n';

/** A preset, a path to a scenario file, or the id of a bundled scenario. */
export type Source = { kind: 'preset'; name: PresetName } | { kind: 'file'; path: string } | { kind: 'id'; id: string };

export interface CliOptions {
  source: Source;
  seed?: number;
  messages?: number;
  horizonMs?: number;
  /** In command-line order; `flag` is how the user wrote it, to name it in errors. */
  faults: { flag: string; fault: Fault }[];
  json: boolean;
  trace: boolean;
  lang: Language;
}

export type Command = { kind: 'help' } | { kind: 'run'; options: CliOptions } | { kind: 'error'; issues: Issue[] };

const FAULT_FLAGS = ['drop', 'delay', 'duplicate', 'reject', 'crash', 'restart', 'cut', 'fail'] as const;
type FaultFlag = (typeof FAULT_FLAGS)[number];

const OPTIONS = {
  seed: { type: 'string' },
  messages: { type: 'string' },
  horizon: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  trace: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(FAULT_FLAGS.map((f) => [f, { type: 'string', multiple: true }])),
} as const satisfies Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

const FORMS: Record<FaultFlag, string> = {
  drop: '<Kind>:<nth>[@atMs], e.g. ProduceResponse:2',
  delay: '<Kind>:<nth>:<ms>, e.g. ProduceResponse:2:500',
  duplicate: '<Kind>:<nth>, e.g. FetchResponse:1',
  reject: '<nth>, e.g. 2 (the broker answers the 2nd ProduceRequest with NOT_ENOUGH_REPLICAS)',
  crash: '<node>@<ms>[+<restartAfterMs>] or <node>@<point>[#<nth>][+<restartAfterMs>], e.g. consumer@after-processing-before-commit+100',
  restart: '<node>@<ms>, e.g. broker@500',
  cut: '<a>-<b>@<fromMs>-<toMs>, e.g. producer-broker@100-2000',
  fail: 'sink-write:<nth>, e.g. sink-write:1 (the database transaction of the 1st SinkWrite fails)',
};

const WHOLE = /^\d+$/;

/** argv (without node and the script) -> a command. Every problem is collected, not just the first. */
export function parseCliArgs(argv: readonly string[]): Command {
  // strict: false so unknown options and missing values come back as tokens we can name.
  const issues: Issue[] = [];
  // parseArgs would read `-seed` as the short options -s -e -e -d; name the word as written instead.
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  const args = argv.filter((a, i) => {
    if (i >= end || !/^-[a-zA-Z][a-zA-Z-]+$/.test(a)) return true;
    issues.push({ path: a, message: `unknown option; did you mean -${a}? (see --help)` });
    return false;
  });
  const { tokens } = parseArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const o: Omit<CliOptions, 'source'> = { faults: [], json: false, trace: false, lang: 'en' };
  let help = false;

  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const flag = `--${t.name}`;
    const spec = (OPTIONS as Record<string, { type: string }>)[t.name];
    if (!spec) {
      issues.push({ path: t.rawName, message: 'unknown option (see --help)' });
      continue;
    }
    if (spec.type === 'boolean') {
      if (t.value !== undefined) issues.push({ path: flag, message: 'takes no value' });
      else if (t.name === 'help') help = true;
      else if (t.name === 'json') o.json = true;
      else if (t.name === 'trace') o.trace = true;
      continue;
    }
    const value = t.value;
    if (value === undefined) {
      issues.push({ path: flag, message: `expected a value: ${valueHint(t.name)}` });
      continue;
    }
    if (t.name === 'seed' || t.name === 'messages' || t.name === 'horizon') {
      if (!WHOLE.test(value)) {
        issues.push({ path: flag, message: `expected ${valueHint(t.name)}, got "${value}"` });
        continue;
      }
      if (t.name === 'seed') o.seed = Number(value);
      if (t.name === 'messages') o.messages = Number(value);
      if (t.name === 'horizon') o.horizonMs = Number(value);
    } else if (t.name === 'lang') {
      if ((LANGUAGES as readonly string[]).includes(value)) o.lang = value as Language;
      else issues.push({ path: flag, message: `expected ${valueHint('lang')}, got "${value}"` });
    } else {
      const r = parseFault(t.name as FaultFlag, value);
      if (typeof r === 'string') issues.push({ path: `${flag} ${value}`, message: r });
      else o.faults.push({ flag: `${flag} ${value}`, fault: r });
    }
  }

  if (help) return { kind: 'help' };
  if (o.json && o.trace) issues.push({ path: '--trace', message: 'cannot be combined with --json (the JSON already holds every step)' });
  if (positionals.length !== 1) {
    issues.push({
      path: '<scenario>',
      message:
        positionals.length === 0
          ? 'missing: expected a scenario file, a preset or a scenario id (see --help)'
          : `expected one scenario, got ${positionals.length}: ${positionals.join(' ')}`,
    });
  }
  if (issues.length > 0) return { kind: 'error', issues: unique(issues) };
  return { kind: 'run', options: { ...o, source: classify(positionals[0]!) } };
}

/** `-xyz` is read as three short options; one complaint per option is enough. */
function unique(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\0${i.message}`) && seen.add(`${i.path}\0${i.message}`));
}

function valueHint(name: string): string {
  if (name === 'seed') return 'a whole number ≥ 0';
  if (name === 'messages') return 'a number of messages (whole number ≥ 0)';
  if (name === 'horizon') return 'a virtual time in ms (whole number ≥ 1)';
  if (name === 'lang') return LANGUAGES.join(' or ');
  return FORMS[name as FaultFlag] ?? 'a value';
}

/** A bare word is a bundled scenario id; anything that looks like a path is a file. */
function classify(arg: string): Source {
  if (isPresetName(arg)) return { kind: 'preset', name: arg };
  if (arg.endsWith('.json') || arg.includes('/') || arg.includes('\\')) return { kind: 'file', path: arg };
  return { kind: 'id', id: arg };
}

/** One fault flag's value -> a fault, or what was wrong with it. */
export function parseFault(flag: FaultFlag, value: string): Fault | string {
  const bad = `expected ${FORMS[flag]}`;
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  let m: RegExpMatchArray | null;
  switch (flag) {
    case 'drop':
    case 'delay':
    case 'duplicate': {
      const pattern = { drop: /^([^:]+):(\d+)(?:@(\d+))?$/, delay: /^([^:]+):(\d+):(\d+)$/, duplicate: /^([^:]+):(\d+)$/ }[flag];
      if (!(m = pattern.exec(value))) return bad;
      const kind = m[1]!;
      if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) return `unknown message kind "${kind}"; expected one of ${MESSAGE_KINDS.join(', ')}`;
      const base = { message: kind as MessageKind, nth: Number(m[2]) };
      if (flag === 'drop') return m[3] === undefined ? { type: 'drop', ...base } : { type: 'drop', ...base, atMs: Number(m[3]) };
      if (flag === 'delay') return { type: 'delay', ...base, byMs: Number(m[3]) };
      return { type: 'duplicate', ...base };
    }
    case 'crash': {
      if (!(m = /^([^@]+)@(\d+|[a-z-]+)(?:#(\d+))?(?:\+(\d+))?$/.exec(value))) return bad;
      const node = checkNode(m[1]!);
      if (typeof node !== 'string') return node.error;
      const restart = m[4] === undefined ? {} : { restartAfterMs: Number(m[4]) };
      if (WHOLE.test(m[2]!)) return m[3] === undefined ? { type: 'crash', node, atMs: Number(m[2]), ...restart } : `#<nth> goes with a crash point, not a time; ${bad}`;
      if (!(m[2]! in CRASH_POINTS)) return `unknown crash point "${m[2]}"; expected one of ${Object.keys(CRASH_POINTS).join(', ')}`;
      const nth = num(m[3]);
      return { type: 'crash', node, point: m[2] as CrashPoint, ...(nth === undefined ? {} : { nth }), ...restart };
    }
    case 'reject':
      return WHOLE.test(value) && Number(value) >= 1 ? { type: 'reject', nth: Number(value) } : bad;
    case 'fail':
      return (m = /^sink-write:(\d+)$/.exec(value)) && Number(m[1]) >= 1 ? { type: 'fail', what: 'sink-write', nth: Number(m[1]) } : bad;
    case 'restart': {
      if (!(m = /^([^@]+)@(\d+)$/.exec(value))) return bad;
      const node = checkNode(m[1]!);
      return typeof node === 'string' ? { type: 'restart', node, atMs: Number(m[2]) } : node.error;
    }
    case 'cut': {
      if (!(m = /^([^@]+)@(\d+)-(\d+)$/.exec(value))) return bad;
      const [first, second] = splitPair(m[1]!);
      const a = checkNode(first);
      const b = checkNode(second);
      if (typeof a !== 'string') return a.error;
      if (typeof b !== 'string') return b.error;
      return { type: 'cut', between: [a, b], fromMs: Number(m[2]), toMs: Number(m[3]) };
    }
  }
}

function checkNode(name: string): NodeId | { error: string } {
  return isNodeName(name) ? name : { error: `unknown node "${name}"; expected ${NODE_NAME_HINT}` };
}

/** `a-b` or `a~b`: the two nodes of a link (node ids may have a dash of their own, as in `consumer-2`). */
function splitPair(pair: string): [string, string] {
  const tilde = pair.indexOf('~');
  if (tilde >= 0) return [pair.slice(0, tilde), pair.slice(tilde + 1)];
  for (let i = pair.indexOf('-'); i >= 0; i = pair.indexOf('-', i + 1)) {
    const a = pair.slice(0, i);
    const b = pair.slice(i + 1);
    if (isNodeName(a) && isNodeName(b)) return [a, b];
  }
  const dash = pair.indexOf('-');
  return dash < 0 ? [pair, ''] : [pair.slice(0, dash), pair.slice(dash + 1)];
}

/** Where a field of the merged scenario came from: a path prefix and the flag that wrote it. */
export type Origins = readonly (readonly [prefix: string, flag: string])[];

/**
 * The scenario object with the flags laid over it. Flags replace seed, horizon and produce and
 * append faults; anything the base got wrong is left as it is for the engine to report.
 */
export function applyOptions(base: unknown, o: CliOptions): { input: unknown; origins: Origins } {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return { input: base, origins: [] };
  const input: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  const origins: [string, string][] = [];
  if (o.seed !== undefined) {
    input.seed = o.seed;
    origins.push(['seed', `--seed ${o.seed}`]);
  }
  if (o.horizonMs !== undefined) {
    input.horizonMs = o.horizonMs;
    origins.push(['horizonMs', `--horizon ${o.horizonMs}`]);
  }
  if (o.messages !== undefined) {
    input.produce = { count: o.messages, intervalMs: 10 };
    origins.push(['produce', `--messages ${o.messages}`]);
  }
  const existing = input.faults ?? [];
  if (o.faults.length > 0 && Array.isArray(existing)) {
    input.faults = [...existing, ...o.faults.map((f) => f.fault)];
    o.faults.forEach((f, i) => origins.push([`faults[${existing.length + i}]`, f.flag]));
  }
  return { input, origins };
}

/** An engine issue on a field a flag wrote, renamed after the flag (keeping the field's path). */
export function attribute(issue: Issue, origins: Origins): Issue {
  for (const [prefix, flag] of origins) {
    const rest = issue.path.slice(prefix.length);
    if (issue.path.startsWith(prefix) && (rest === '' || rest.startsWith('.') || rest.startsWith('['))) {
      return { path: `${flag} (${issue.path})`, message: issue.message };
    }
  }
  return issue;
}
