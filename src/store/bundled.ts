/**
 * The scenarios shipped with the lab: every `src/scenarios/*.json`. The page's first render needs
 * only their ids and titles (the picker), so each file is its own chunk, fetched when it is
 * selected and validated with the engine's parser then. A broken file is reported when it is
 * opened instead of breaking the page (and `scenarios.test.ts` keeps broken files from shipping).
 */
import { retryable } from '../chunks';
import { LESSON_GROUPS, parseScenario, type Issue, type LessonGroup, type LocalizedText, type Scenario } from '../engine';

export interface BundledScenario {
  /** The file name without `.json`; the file's `id`, if it has one, must be the same. */
  id: string;
  file: string;
  /** The JSON as written: a run with another seed re-parses it with `seed` replaced. */
  input: Record<string, unknown>;
  scenario: Scenario;
}

export interface BrokenScenario {
  file: string;
  issues: Issue[];
}

/** Where a lesson goes in the lesson index (what it teaches comes with the index: `virtual:lesson-teaches`). */
export interface LessonCard {
  group: LessonGroup;
  order: number;
}

/** What the picker and the lesson index list before any file is fetched. */
export interface CatalogEntry {
  id: string;
  file: string;
  title: LocalizedText | undefined;
  lesson: LessonCard | undefined;
}

export type CatalogItem = { ok: true; scenario: BundledScenario } | { ok: false; broken: BrokenScenario };

export interface BundledCatalog {
  entries: readonly CatalogEntry[];
  /** The file, validated, once it has been loaded (undefined: not yet, or no such id). */
  peek: (id: string) => CatalogItem | undefined;
  /** Fetches the file once and validates it; undefined if there is no such id. Rejects if the fetch fails (offline). */
  load: (id: string) => Promise<CatalogItem | undefined>;
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const idOf = (path: string) => fileName(path).replace(/\.json$/, '');

/** Validates one scenario file's JSON. */
export function validateFile(file: string, json: unknown): CatalogItem {
  const broken = (issues: Issue[]): CatalogItem => ({ ok: false, broken: { file, issues } });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return broken([{ path: '(the file)', message: 'a scenario is a JSON object' }]);
  const parsed = parseScenario(json);
  if (!parsed.ok) return broken(parsed.issues);
  const id = idOf(file);
  if (parsed.scenario.id !== undefined && parsed.scenario.id !== id) return broken([{ path: 'id', message: `the id "${parsed.scenario.id}" is not the file's name "${id}"` }]);
  return { ok: true, scenario: { id, file, input: json as Record<string, unknown>, scenario: parsed.scenario } };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asTitle = (v: unknown): LocalizedText | undefined => (typeof v === 'string' || isObject(v) ? (v as LocalizedText) : undefined);

/** A file's index card as collected at build time; a malformed one is left out (opening the file reports it). */
function asLesson(v: unknown): LessonCard | undefined {
  if (!isObject(v) || !(LESSON_GROUPS as readonly unknown[]).includes(v.group)) return undefined;
  return { group: v.group as LessonGroup, order: typeof v.order === 'number' ? v.order : 100 };
}

/** What the page lists of one file: its title and its lesson's card (see `scenarioTitles` in vite.config.ts). */
export interface FileCard {
  title?: unknown;
  lesson?: unknown;
}

/**
 * A catalog over files fetched on demand: `cards` maps each path to its title and lesson card
 * (eager, small), `loaders` maps the same paths to a function fetching the whole JSON.
 */
export function lazyCatalog(cards: Record<string, FileCard | null | undefined>, loaders: Record<string, () => Promise<unknown>>): BundledCatalog {
  const paths = Object.keys(loaders).sort();
  const entries = paths.map((p) => ({ id: idOf(p), file: fileName(p), title: asTitle(cards[p]?.title), lesson: asLesson(cards[p]?.lesson) }));
  const byId = new Map(paths.map((p) => [idOf(p), p]));
  const done = new Map<string, CatalogItem>();
  const pending = new Map<string, Promise<CatalogItem>>();
  return {
    entries,
    peek: (id) => done.get(id),
    load: (id) => {
      const path = byId.get(id);
      const loader = path === undefined ? undefined : loaders[path];
      if (path === undefined || !loader) return Promise.resolve(undefined);
      const known = done.get(id);
      if (known) return Promise.resolve(known);
      let p = pending.get(id);
      if (!p) {
        p = loader()
          .then((json) => {
            const item = validateFile(fileName(path), json);
            done.set(id, item);
            return item;
          })
          .finally(() => pending.delete(id));
        pending.set(id, p);
      }
      return p;
    },
  };
}

/** A catalog with every file already loaded (path -> JSON): for tests and tools. */
export function eagerCatalog(modules: Record<string, unknown>): BundledCatalog {
  const cards = Object.fromEntries(Object.entries(modules).map(([p, json]) => [p, isObject(json) ? { title: json.title, lesson: isObject(json.lesson) ? json.lesson : undefined } : null]));
  const catalog = lazyCatalog(cards, Object.fromEntries(Object.keys(modules).map((p) => [p, () => Promise.resolve(modules[p])])));
  const items = new Map(Object.entries(modules).map(([p, json]) => [idOf(p), validateFile(fileName(p), json)]));
  return { ...catalog, peek: (id) => items.get(id), load: (id) => Promise.resolve(items.get(id)) };
}

/**
 * The bundled scenarios as the page has them: titles collected at build time (the `?title`
 * query: see `scenarioTitles` in vite.config.ts), each whole file a chunk of its own.
 */
export const BUNDLED: BundledCatalog = lazyCatalog(
  import.meta.glob<FileCard | null>('../scenarios/*.json', { eager: true, query: '?title', import: 'default' }),
  Object.fromEntries(
    Object.entries(import.meta.glob<{ default: unknown }>('../scenarios/*.json')).map(([path, load]) => {
      const fetchFile = retryable(load);
      return [path, () => fetchFile().then((m) => m.default)];
    }),
  ),
);
