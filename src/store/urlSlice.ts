/**
 * Loading from the URL: applies what is valid in the query string and reports the rest. A bad
 * source keeps the run that was shown; a bad seed runs the source at its own seed.
 */
import type { StateCreator } from 'zustand/vanilla';
import { isPresetName } from '../engine';
import type { LoadError } from './errors';
import { isLanguage } from './languageSlice';
import type { Source } from './run';
import { fetchScenario, loadSource, loaded } from './runSlice';
import type { LabState } from './state';
import { clip, parseSeed, readSearch } from './url';

export interface UrlSlice {
  /**
   * Applies `?preset=` / `?scenario=`, `&seed=`, `&lang=` (the page's `location.search`); a bundled
   * scenario not loaded yet is fetched first. Resolves once it is all applied or refused.
   */
  loadFromUrl: (search: string) => Promise<void>;
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

    if (req.preset !== null && req.scenario !== null) errors.push({ code: 'two-sources' });
    let source: Source | null = null;
    if (req.scenario !== null) {
      const id = req.scenario;
      if (catalog.entries.some((e) => e.id === id)) {
        if (!catalog.peek(id)) return fetchScenario(get, set, id, () => void get().loadFromUrl(search));
        source = { kind: 'scenario', id };
      } else errors.push({ code: 'unknown-scenario', value: clip(req.scenario) });
    } else if (req.preset !== null) {
      if (isPresetName(req.preset)) source = { kind: 'preset', name: req.preset };
      else errors.push({ code: 'unknown-preset', value: clip(req.preset) });
    }
    const sourceAsked = req.scenario !== null || req.preset !== null;

    let seed: number | undefined;
    if (req.seed !== null) {
      const n = parseSeed(req.seed);
      if (n === null) errors.push({ code: 'bad-seed', value: clip(req.seed) });
      else seed = n;
    }

    // A seed alone re-runs what is shown; a source that could not be found changes nothing.
    const target = source ?? (sourceAsked ? null : seed !== undefined ? get().source : null);
    if (target) {
      const r = loadSource(catalog, target, seed);
      if (r.ok) {
        set({ ...loaded(r.state, get().clock), language, errors });
        return Promise.resolve();
      }
      errors.push(r.error);
    }
    set({ language, errors });
    return Promise.resolve();
  },
});
