/**
 * Sharing a run: the link that reopens it at the step shown, the scenario file that replays it in
 * the CLI (`npm run sim -- file.json`), and the checks a link's or a file's parts pass before they
 * run. Pure functions of the store's state; the slices apply them.
 */
import { parseScenario, scenarioSchema, schemaIssues, type Fault, type Issue, type SettingsInput } from '../engine';
import type { LinkPart, LoadError } from './errors';
import { MAX_LONG_RUN_MESSAGES } from './run';
import { sourceInput, withChanges } from './runSlice';
import type { LabState } from './state';
import { toSearch, type LinkExtras } from './url';

/**
 * A scenario from a link or a file with more messages than MAX_RUN_MESSAGES runs as a long run
 * (longRunSlice.ts); one with more than MAX_LONG_RUN_MESSAGES is refused instead of freezing the tab.
 */
export { MAX_RUN_MESSAGES, MAX_LONG_RUN_MESSAGES } from './run';

/** An imported file larger than this (bytes) is refused unread. */
export const MAX_FILE_BYTES = 1024 * 1024;

type Part = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

/** Checks one field of the scenario format (`settings`, `faults`) with the scenario's own zod schema. */
function checkField(field: 'settings' | 'faults', value: unknown): Part {
  const r = scenarioSchema.safeParse({ [field]: value });
  // Valid: the value as given (the parse reorders keys and fills defaults; the link keeps its own form).
  if (r.success) return { ok: true, value };
  // As parseScenario reports them.
  return { ok: false, issues: schemaIssues(r.error.issues) };
}

/** A link's `settings` part, validated: settings overrides as the settings panel keeps them. */
export function checkSettings(value: unknown): { ok: true; value: SettingsInput } | { ok: false; issues: Issue[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, issues: [{ path: 'settings', message: 'settings are a JSON object' }] };
  const r = checkField('settings', value);
  return r.ok ? { ok: true, value: r.value as SettingsInput } : r;
}

/** A link's `faults` part, validated: a list of faults in the scenario format. */
export function checkFaults(value: unknown): { ok: true; value: Fault[] } | { ok: false; issues: Issue[] } {
  if (!Array.isArray(value)) return { ok: false, issues: [{ path: 'faults', message: 'faults are a JSON list' }] };
  const r = checkField('faults', value);
  return r.ok ? { ok: true, value: r.value as Fault[] } : r;
}

/** Refuses a scenario (from a link or a file) that is not an object or has too many messages to run here. */
export function checkCustom(value: unknown, part: LinkPart | { file: string }): { ok: true; input: Record<string, unknown> } | { ok: false; error: LoadError } {
  const refuse = (issues: Issue[]): LoadError => (typeof part === 'string' ? { code: 'link-part-invalid', part, issues } : { code: 'file-invalid', name: part.file, issues });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: refuse([{ path: '(the scenario)', message: 'a scenario is a JSON object' }]) };
  const parsed = parseScenario(value);
  if (!parsed.ok) return { ok: false, error: refuse(parsed.issues) };
  if (parsed.run.messages.length > MAX_LONG_RUN_MESSAGES) return { ok: false, error: { code: 'run-too-large', messages: parsed.run.messages.length, max: MAX_LONG_RUN_MESSAGES } };
  return { ok: true, input: value as Record<string, unknown> };
}

type Json = Record<string, unknown>;

/**
 * The settings the run shown was made with, on top of its source's. Those are `overrides` unless
 * the user has typed something the engine refused (the run shown then predates it): then the
 * difference between the run's settings and the source's.
 */
export function appliedSettings(s: Pick<LabState, 'overrides' | 'settingsIssues' | 'catalog' | 'source' | 'scenario'>): SettingsInput {
  if (s.settingsIssues.length === 0) return s.overrides;
  const base = sourceInput(s.catalog, s.source);
  const parsed = base.ok ? scenarioSchema.safeParse(base.input) : null;
  const from = (parsed?.success ? parsed.data.settings : {}) as Record<string, Json | undefined>;
  const out: Record<string, Json> = {};
  for (const [group, values] of Object.entries(s.scenario.settings as Record<string, Json>)) {
    for (const [name, value] of Object.entries(values)) {
      if (JSON.stringify(from[group]?.[name]) !== JSON.stringify(value)) (out[group] ??= {})[name] = value;
    }
  }
  return out as SettingsInput;
}

type ShareState = Pick<LabState, 'source' | 'seed' | 'language' | 'overrides' | 'settingsIssues' | 'catalog' | 'scenario' | 'userFaults' | 'cursor'> &
  Partial<Pick<LabState, 'lesson' | 'timeline' | 'compare'>>;

/** What the link carries besides the source: the user's settings and faults, and the step (`step`, default the cursor). */
export function linkExtras(s: ShareState, step = s.cursor): LinkExtras {
  // A lesson on its own run: the link opens it at the same narration (a changed run is shared as the run).
  const lesson = s.lesson && s.lesson.timeline === s.timeline ? s.lesson.index : undefined;
  return { settings: appliedSettings(s), faults: s.userFaults, step, ...(lesson !== undefined ? { lesson } : {}), ...(s.compare ? { compare: s.compare.lanes } : {}) };
}

/** The query string that reopens the run shown, at `step` (default: the step shown). */
export function linkSearch(s: ShareState, step = s.cursor): string {
  return toSearch(s.source, s.seed, s.language, linkExtras(s, step));
}

export interface ExportedFile {
  /** `<id>.json` (the scenario's id, made safe for a file name), or `custom.json`. */
  fileName: string;
  scenario: Json;
  /** The file's text: the scenario as JSON, two-space indented. */
  text: string;
}

/**
 * The run shown as a scenario file: the source's scenario with the user's settings and faults laid
 * over it (withChanges) and the seed. Its `expect` is the source's claim about the source's run, so
 * it is kept only when nothing was changed (else `npm run sim` would fail a run nobody claimed).
 */
export function exportScenario(s: ShareState): ExportedFile | null {
  const base = sourceInput(s.catalog, s.source);
  if (!base.ok) return null;
  const settings = appliedSettings(s);
  const changed = Object.keys(settings).length > 0 || s.userFaults.length > 0 || (base.input.seed ?? 1) !== s.seed;
  const scenario: Json = { ...withChanges(base.input, { settings, faults: s.userFaults }), seed: s.seed };
  if (changed) delete scenario.expect;
  const id = typeof scenario.id === 'string' ? scenario.id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 100) : '';
  return { fileName: `${id || 'custom'}.json`, scenario, text: `${JSON.stringify(scenario, null, 2)}\n` };
}
