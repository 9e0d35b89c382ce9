/**
 * The user's own scenarios, kept in the browser (localStorage) under one versioned key:
 *
 *   delivery-lab.scenarios.v1 = { "version": 1, "scenarios": [{ "id", "name", "savedAt", "scenario" }] }
 *
 * `scenario` is the file Export writes (share.ts). Every read validates the document and each
 * entry; nothing that cannot be read is ever dropped silently: it is moved, as it was, to
 * `delivery-lab.scenarios.v1.set-aside` and reported. Every change reads the stored list again
 * first, so two tabs saving one after the other do not overwrite each other's scenarios.
 */
import { parseScenario } from '../engine';
import type { LibraryProblem } from './errors';

export const LIBRARY_KEY = 'delivery-lab.scenarios.v1';
export const SET_ASIDE_KEY = `${LIBRARY_KEY}.set-aside`;
export const LIBRARY_VERSION = 1;
export const NAME_MAX = 80;

export interface SavedScenario {
  /** `mine-<n>`: stable across renames. */
  id: string;
  /** What the user typed, trimmed; shown as text only. */
  name: string;
  /** ISO 8601. */
  savedAt: string;
  scenario: Record<string, unknown>;
}

/** Why a name is refused. */
export type NameProblem = 'empty' | 'too-long' | 'control' | 'taken';

/** Checks a name as typed (trimmed): not empty, not too long, no control characters, not another entry's. */
export function checkName(name: string, entries: readonly SavedScenario[], exceptId?: string): NameProblem | null {
  const n = name.trim();
  if (n.length === 0) return 'empty';
  if (n.length > NAME_MAX) return 'too-long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(n)) return 'control';
  const lower = n.toLocaleLowerCase();
  if (entries.some((e) => e.id !== exceptId && e.name.toLocaleLowerCase() === lower)) return 'taken';
  return null;
}

export interface Library {
  entries: SavedScenario[];
  problems: LibraryProblem[];
  /** False when what is stored could not be read nor moved aside: writing would lose it. */
  writable: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isEntry(v: unknown): v is SavedScenario {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    /^mine-\d{1,9}$/.test(v.id) &&
    typeof v.name === 'string' &&
    checkName(v.name, []) === null &&
    typeof v.savedAt === 'string' &&
    v.savedAt.length <= 40 &&
    isObject(v.scenario) &&
    parseScenario(v.scenario).ok
  );
}

/** Appends what could not be read to the set-aside key; its key, or null if that could not be written either. */
function setAside(storage: Storage, reason: string, raw: string): string | null {
  try {
    let kept: unknown[] = [];
    const old = storage.getItem(SET_ASIDE_KEY);
    if (old !== null) {
      try {
        const parsed = JSON.parse(old) as unknown;
        kept = Array.isArray(parsed) ? parsed : [old];
      } catch {
        kept = [old];
      }
    }
    kept.push({ at: new Date().toISOString(), reason, raw });
    storage.setItem(SET_ASIDE_KEY, JSON.stringify(kept));
    return SET_ASIDE_KEY;
  } catch {
    return null;
  }
}

const nameOf = (v: unknown) => (isObject(v) && typeof v.name === 'string' ? v.name.trim().slice(0, NAME_MAX) : null);

/** The localStorage of this page, or null where there is none or it is refused. */
export function pageStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Reads the stored list; what cannot be read is moved aside (and the cleaned list stored) and reported. */
export function readLibrary(storage: Storage | null): Library {
  if (!storage) return { entries: [], problems: [], writable: false };
  let raw: string | null;
  try {
    raw = storage.getItem(LIBRARY_KEY);
  } catch {
    return { entries: [], problems: [{ code: 'storage-unavailable' }], writable: false };
  }
  if (raw === null) return { entries: [], problems: [], writable: true };

  // The whole document cannot be read: move it aside and start a new list (or, if that fails, touch nothing).
  const unreadable = (problem: (key: string | null) => LibraryProblem, reason: string): Library => {
    const key = setAside(storage, reason, raw);
    if (key !== null) {
      try {
        storage.removeItem(LIBRARY_KEY);
      } catch {
        return { entries: [], problems: [problem(key)], writable: false };
      }
    }
    return { entries: [], problems: [problem(key)], writable: key !== null };
  };
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return unreadable((setAsideKey) => ({ code: 'storage-corrupt', setAsideKey }), 'not JSON');
  }
  if (isObject(doc) && doc.version !== LIBRARY_VERSION && doc.version !== undefined && doc.version !== null) {
    const version = String(JSON.stringify(doc.version)).slice(0, 20);
    // A newer lab's list stays where that lab looks for it; nothing here writes over it.
    if (typeof doc.version === 'number' && doc.version > LIBRARY_VERSION) return { entries: [], problems: [{ code: 'storage-version', version, setAsideKey: null, newer: true }], writable: false };
    return unreadable((setAsideKey) => ({ code: 'storage-version', version, setAsideKey }), `version ${version}`);
  }
  if (!isObject(doc) || doc.version !== LIBRARY_VERSION || !Array.isArray(doc.scenarios)) return unreadable((setAsideKey) => ({ code: 'storage-corrupt', setAsideKey }), 'not a list of scenarios');

  const entries: SavedScenario[] = [];
  const bad: unknown[] = [];
  for (const e of doc.scenarios as unknown[]) (isEntry(e) && !entries.some((x) => x.id === e.id) ? entries : bad).push(e);
  if (bad.length === 0) return { entries, problems: [], writable: true };
  const setAsideKey = setAside(storage, 'entries that are not valid scenarios', JSON.stringify(bad));
  const names = bad.map(nameOf).filter((n): n is string => n !== null && n !== '');
  const problem: LibraryProblem = { code: 'storage-dropped', names, count: bad.length, setAsideKey };
  if (setAsideKey === null) return { entries, problems: [problem], writable: false };
  const stored = writeLibrary(storage, entries);
  return { entries, problems: stored ? [problem, stored] : [problem], writable: stored === null };
}

/**
 * Moves what is stored under LIBRARY_KEY aside, as it is (the user asked: a newer lab's list that
 * this page cannot read), and reads the list again; a problem if the browser refused.
 */
export function setAsideLibrary(storage: Storage | null): Library {
  if (!storage) return { entries: [], problems: [{ code: 'storage-unavailable' }], writable: false };
  try {
    const raw = storage.getItem(LIBRARY_KEY);
    if (raw !== null) {
      if (setAside(storage, 'set aside by the user', raw) === null) return { ...readLibrary(storage), problems: [{ code: 'storage-full' }] };
      storage.removeItem(LIBRARY_KEY);
    }
  } catch {
    return { entries: [], problems: [{ code: 'storage-unavailable' }], writable: false };
  }
  return readLibrary(storage);
}

/**
 * What a download of the stored data gives: what was set aside (everything moved there, with when
 * and why), or what is stored under LIBRARY_KEY (left there, unreadable here). Null if there is none
 * or the browser refuses to read it.
 */
export function storedText(storage: Storage | null, which: 'set-aside' | 'stored'): { fileName: string; text: string } | null {
  try {
    const text = storage?.getItem(which === 'set-aside' ? SET_ASIDE_KEY : LIBRARY_KEY) ?? null;
    return text === null ? null : { fileName: which === 'set-aside' ? 'delivery-lab-scenarios-set-aside.json' : 'delivery-lab-scenarios.json', text };
  } catch {
    return null;
  }
}

/** Stores the list; a problem if the browser refused (full, or storage off), and then nothing was written. */
export function writeLibrary(storage: Storage | null, entries: readonly SavedScenario[]): LibraryProblem | null {
  if (!storage) return { code: 'storage-unavailable' };
  try {
    storage.setItem(LIBRARY_KEY, JSON.stringify({ version: LIBRARY_VERSION, scenarios: entries }));
    return null;
  } catch (e) {
    return isQuotaError(e) ? { code: 'storage-full' } : { code: 'storage-unavailable' };
  }
}

/** QuotaExceededError, under the names browsers have used for it. */
export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014);
}

/**
 * Reads the stored list again, applies `change` and stores the result. `change` returns the new
 * list, or a problem to report (nothing is written then). `stored`: whether the change was written.
 */
export function updateLibrary(storage: Storage | null, change: (entries: SavedScenario[]) => SavedScenario[] | LibraryProblem): Library & { stored: boolean } {
  const now = readLibrary(storage);
  if (!now.writable) return { ...now, problems: now.problems.length > 0 ? now.problems : [{ code: 'storage-unavailable' }], stored: false };
  const next = change(now.entries);
  if (!Array.isArray(next)) return { ...now, problems: [...now.problems, next], stored: false };
  const refused = writeLibrary(storage, next);
  if (refused) return { ...now, problems: [...now.problems, refused], stored: false };
  return { entries: next, problems: now.problems, writable: true, stored: true };
}

/** The next free id. */
export function nextId(entries: readonly SavedScenario[]): string {
  const max = entries.reduce((m, e) => Math.max(m, Number(e.id.slice('mine-'.length))), 0);
  return `mine-${max + 1}`;
}
