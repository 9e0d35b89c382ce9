/**
 * Loading from the URL: applies what is valid in the query string and reports the rest. A source
 * that cannot be had keeps the run that was shown; a bad seed runs the source at its own seed; a
 * part the run refuses (settings, faults) is left out and the rest runs; a bad step shows the
 * run's first step, one past the end its last. A link without a source changes the run shown:
 * the parts it gives replace those of the run, the others stay.
 */
import type { StateCreator } from 'zustand/vanilla';
import { isPresetName, type Fault, type Issue, type SettingsInput } from '../engine';
import type { LinkPart, LoadError } from './errors';
import { isLanguage } from './languageSlice';
import type { Source } from './run';
import { forLongRun } from './longRunSlice';
import { fetchScenario, loadSource, loaded, type Changes, type Loaded } from './runSlice';
import { appliedSettings, checkCustom, checkFaults, checkSettings } from './share';
import { decodePart } from './shareCodec';
import type { LabState } from './state';
import { compareMode, parseCompare } from './compareSlice';
import { clip, parseSeed, parseStep, readSearch } from './url';

export interface UrlSlice {
  /**
   * Applies a link (the page's `location.search`: url.ts lists its parameters); a bundled scenario
   * not loaded yet is fetched first. Resolves once it is all applied or refused.
   */
  loadFromUrl: (search: string) => Promise<void>;
}

/** A JSON part of the link, decoded and validated; undefined if the link has none or it is bad (then said in `errors`). */
function readPart<T>(part: LinkPart, text: string | undefined, check: (v: unknown) => { ok: true; value: T } | { ok: false; issues: Issue[] }, errors: LoadError[]): T | undefined {
  if (text === undefined) return undefined;
  const d = decodePart(text);
  if (!d.ok) {
    errors.push({ code: 'bad-link-part', part, problem: d.problem });
    return undefined;
  }
  const r = check(d.value);
  if (r.ok) return r.value;
  errors.push({ code: 'link-part-invalid', part, issues: r.issues });
  return undefined;
}

/**
 * Runs `changes` on the source; if the run refuses them, leaves out the parts that came from the
 * link (its faults, else its settings, else both) and says which were left out and why.
 */
function runWithFallback(run: (c: Required<Changes>) => Loaded, changes: Required<Changes>, fromLink: { settings: boolean; faults: boolean }, errors: LoadError[]): { r: Loaded; used: Required<Changes> } {
  const full = run(changes);
  if (full.ok) return { r: full, used: changes };
  const issues = (l: Loaded) => (!l.ok && l.error.code === 'invalid-run' ? l.error.issues : []);
  const refused = (part: 'settings' | 'faults', why: Loaded) => errors.push({ code: 'link-part-invalid', part, issues: issues(why) });
  const noFaults = { ...changes, faults: [] };
  const withoutFaults = fromLink.faults ? run(noFaults) : null;
  if (withoutFaults?.ok) {
    refused('faults', full);
    return { r: withoutFaults, used: noFaults };
  }
  const noSettings = { ...changes, settings: {} };
  const withoutSettings = fromLink.settings ? run(noSettings) : null;
  if (withoutSettings?.ok) {
    refused('settings', full);
    return { r: withoutSettings, used: noSettings };
  }
  if (withoutFaults && withoutSettings) {
    const neither = { settings: {}, faults: [] };
    const r = run(neither);
    if (r.ok) {
      refused('settings', withoutFaults);
      refused('faults', withoutSettings);
      return { r, used: neither };
    }
  }
  return { r: full, used: changes };
}

export const createUrlSlice: StateCreator<LabState, [], [], UrlSlice> = (set, get) => ({
  loadFromUrl: (search) => {
    const req = readSearch(search);
    const errors: LoadError[] = [];
    const { catalog } = get();

    let language = get().language;
    if (req.lang !== null) {
      if (isLanguage(req.lang)) language = req.lang;
      else errors.push({ code: 'bad-language', value: clip(req.lang) });
    }

    // One source; a scenario given as data wins over a named one, a scenario over a preset.
    if (req.custom !== undefined && (req.scenario !== null || req.preset !== null)) errors.push({ code: 'several-sources' });
    else if (req.preset !== null && req.scenario !== null) errors.push({ code: 'two-sources' });
    let source: Source | null = null;
    if (req.custom !== undefined) {
      const d = decodePart(req.custom);
      if (!d.ok) errors.push({ code: 'bad-link-part', part: 'custom', problem: d.problem });
      else {
        const c = checkCustom(d.value, 'custom');
        if (c.ok) source = { kind: 'custom', input: c.input };
        else errors.push(c.error);
      }
    } else if (req.scenario !== null) {
      const id = req.scenario;
      if (catalog.entries.some((e) => e.id === id)) {
        if (!catalog.peek(id)) return fetchScenario(get, set, id, () => void get().loadFromUrl(search));
        source = { kind: 'scenario', id };
      } else errors.push({ code: 'unknown-scenario', value: clip(req.scenario) });
    } else if (req.preset !== null) {
      if (isPresetName(req.preset)) source = { kind: 'preset', name: req.preset };
      else errors.push({ code: 'unknown-preset', value: clip(req.preset) });
    }
    const sourceAsked = req.custom !== undefined || req.scenario !== null || req.preset !== null;

    let seed: number | undefined;
    if (req.seed !== null) {
      const n = parseSeed(req.seed);
      if (n === null) errors.push({ code: 'bad-seed', value: clip(req.seed) });
      else seed = n;
    }
    const settings: SettingsInput | undefined = readPart('settings', req.settings, checkSettings, errors);
    const faults: Fault[] | undefined = readPart('faults', req.faults, checkFaults, errors);
    let step: number | undefined;
    if (req.step !== undefined) {
      const n = parseStep(req.step);
      if (n === null) errors.push({ code: 'bad-step', value: clip(req.step) });
      else step = n;
    }

    // Side by side: opened over whatever run ends up shown; a bad value leaves it closed.
    let linked: Partial<LabState> = {};
    if (req.compare !== undefined) {
      const c = parseCompare(req.compare);
      if (c.ok) linked = { compare: compareMode(c.lanes) };
      else errors.push({ code: 'bad-compare', value: clip(req.compare), why: c.why });
    }

    /** The step to show of a run whose last step is `last`; one past the end is said and shows the end. */
    const stepIn = (last: number): number | undefined => {
      if (step !== undefined && step > last) errors.push({ code: 'step-past-end', step, last });
      return step === undefined ? undefined : Math.min(step, last);
    };

    if (sourceAsked && source === null) {
      set({ language, errors, ...linked });
      return Promise.resolve();
    }
    // Nothing to run again: the language and the step apply to the run shown.
    if (source === null && seed === undefined && settings === undefined && faults === undefined) {
      const at = stepIn(get().timeline.lastIndex);
      set({ language, errors, ...linked });
      if (at !== undefined) get().seek(at);
      return Promise.resolve();
    }

    // A link with a source says the whole run; one without changes the run shown.
    const s = get();
    const target = source ?? s.source;
    const changes: Required<Changes> = source
      ? { settings: settings ?? {}, faults: faults ?? [] }
      : { settings: settings ?? appliedSettings(s), faults: faults ?? s.userFaults };
    const runSeed = source ? seed : (seed ?? s.seed);
    const fromLink = { settings: settings !== undefined && Object.keys(settings).length > 0, faults: faults !== undefined && faults.length > 0 };
    const { r, used } = runWithFallback((c) => loadSource(catalog, target, runSeed, c), changes, fromLink, errors);
    // More messages than the page keeps whole: a long run (the step of the link does not apply: it keeps the last steps).
    if (forLongRun(r)) {
      set({ language, errors, ...linked });
      return get().startLongRun(target, { seed: runSeed, changes }).then(() => undefined);
    }
    if (!r.ok) {
      errors.push(r.error);
      set({ language, errors, ...linked });
      return Promise.resolve();
    }
    const at = stepIn(r.state.timeline.lastIndex);
    set({ ...loaded(r.state, get().clock), overrides: used.settings as SettingsInput, userFaults: used.faults, language, errors, ...linked });
    if (at !== undefined) get().seek(at);
    return Promise.resolve();
  },
});
