/**
 * The library slice: the user's own scenarios, kept in the browser (library.ts). Saving stores
 * the run shown as a scenario file (what Export writes); opening runs one as a custom source.
 * Every problem with the storage is reported in `libraryProblems`; the run shown never changes
 * because of one.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { LibraryProblem } from './errors';
import { checkName, nextId, readLibrary, setAsideLibrary, storedText, updateLibrary, type SavedScenario } from './library';
import { forLongRun } from './longRunSlice';
import { loadSource, loaded } from './runSlice';
import { checkCustom, exportScenario } from './share';
import type { LabState } from './state';

export interface LibrarySlice {
  /** The saved scenarios, in the order saved. */
  library: readonly SavedScenario[];
  libraryProblems: readonly LibraryProblem[];
  /** The saved scenario the run shown was opened from (its source's input, to tell it from another custom run). */
  openedSaved: { id: string; input: Record<string, unknown> } | null;
  /** The one deleted last, until it is restored or another is deleted. */
  lastDeleted: SavedScenario | null;
  /**
   * The scenario the last save could not store (storage full, refused, or holding what this page
   * cannot read), as the file Export writes: offered as a download so that it is not lost.
   */
  unsaved: { name: string; fileName: string; text: string } | null;
  /** Saves the run shown under `name`; false if the name is refused or the storage said no (see libraryProblems). */
  saveScenario: (name: string) => boolean;
  openSaved: (id: string) => void;
  renameSaved: (id: string, name: string) => boolean;
  deleteSaved: (id: string) => void;
  undoDelete: () => void;
  /** Reads the list again (another tab changed it). */
  reloadLibrary: () => void;
  dismissLibraryProblems: () => void;
  /** Moves the stored data this page cannot read (a newer lab's) aside, when the user asks, and starts a new list. */
  setAsideStored: () => void;
  /** The stored data to download: what was set aside, or what is stored and cannot be read here. */
  storedData: (which: 'set-aside' | 'stored') => { fileName: string; text: string } | null;
}

export function createLibrarySlice(storage: Storage | null): StateCreator<LabState, [], [], LibrarySlice> {
  return (set, get) => {
    const initial = readLibrary(storage);
    /** Applies a change to the stored list (and `more` to the store if it was stored); true if it was stored. */
    const update = (change: Parameters<typeof updateLibrary>[1], more: Partial<LabState> = {}): boolean => {
      const l = updateLibrary(storage, change);
      set({ library: l.entries, libraryProblems: l.problems, ...(l.stored ? more : {}) });
      return l.stored;
    };
    return {
      library: initial.entries,
      libraryProblems: initial.problems,
      openedSaved: null,
      lastDeleted: null,
      unsaved: null,
      saveScenario: (name) => {
        const file = exportScenario(get());
        if (!file || checkName(name, get().library) !== null) return false;
        let taken = false;
        const stored = update((entries) => {
          if (checkName(name, entries) !== null) {
            taken = true;
            return { code: 'storage-missing' };
          }
          return [...entries, { id: nextId(entries), name: name.trim(), savedAt: new Date().toISOString(), scenario: file.scenario }];
        });
        // Not stored by the browser's fault: the scenario is offered as a file rather than lost.
        set({ unsaved: stored || taken ? null : { name: name.trim(), fileName: file.fileName, text: file.text } });
        return stored;
      },
      openSaved: (id) => {
        const entry = get().library.find((e) => e.id === id);
        if (!entry) {
          set({ libraryProblems: [{ code: 'storage-missing' }] });
          return;
        }
        // Checked when the list was read; what is left to check is its size.
        const c = checkCustom(entry.scenario, { file: entry.name });
        const r = c.ok ? loadSource(get().catalog, { kind: 'custom', input: entry.scenario }) : { ok: false as const, error: c.error };
        // More messages than the page keeps whole: a long run (it is the custom run it opens).
        if (forLongRun(r)) {
          void get().startLongRun({ kind: 'custom', input: entry.scenario });
          return;
        }
        if (!r.ok) {
          set({ errors: [r.error] });
          return;
        }
        set({ ...loaded(r.state, get().clock), errors: [], openedSaved: { id, input: entry.scenario } });
      },
      renameSaved: (id, name) => {
        if (checkName(name, get().library, id) !== null) return false;
        return update((entries) => {
          if (!entries.some((e) => e.id === id) || checkName(name, entries, id) !== null) return { code: 'storage-missing' };
          return entries.map((e) => (e.id === id ? { ...e, name: name.trim() } : e));
        });
      },
      deleteSaved: (id) => {
        const entry = get().library.find((e) => e.id === id);
        if (!entry) return;
        update((entries) => entries.filter((e) => e.id !== id), { lastDeleted: entry });
      },
      undoDelete: () => {
        const entry = get().lastDeleted;
        if (!entry) return;
        update(
          (entries) => {
            // Back under its id, or a new one if that was taken meanwhile; a clashing name gets the new entry's id appended.
            const id = entries.some((e) => e.id === entry.id) ? nextId(entries) : entry.id;
            const name = checkName(entry.name, entries) === 'taken' ? `${entry.name.slice(0, 60)} (${id})` : entry.name;
            return [...entries, { ...entry, id, name }];
          },
          { lastDeleted: null },
        );
      },
      reloadLibrary: () => {
        const l = readLibrary(storage);
        set({ library: l.entries, libraryProblems: l.problems });
      },
      dismissLibraryProblems: () => set({ libraryProblems: [], unsaved: null }),
      setAsideStored: () => {
        const l = setAsideLibrary(storage);
        // Saving works again: the scenario that could not be saved is saved by saving it again.
        set({ library: l.entries, libraryProblems: l.problems, unsaved: null });
      },
      storedData: (which) => storedText(storage, which),
    };
  };
}
