/**
 * Importing a scenario file: checked (size, JSON, the scenario format, a size the page can run)
 * and run as a custom source, or refused with a message naming the file while the run shown stays.
 */
import type { StateCreator } from 'zustand/vanilla';
import { forLongRun } from './longRunSlice';
import { loadSource, loaded } from './runSlice';
import { MAX_FILE_BYTES, checkCustom } from './share';
import type { LabState } from './state';
import { clip } from './url';

/** What importFile needs of a File (a test can pass a plain object). */
export interface ScenarioFileLike {
  name: string;
  size: number;
  text: () => Promise<string>;
}

export interface ShareSlice {
  /** Reads a file and runs it as a custom source; resolves once it is shown or refused. */
  importFile: (file: ScenarioFileLike) => Promise<void>;
  /** Runs a file's text (named `name` in messages) as a custom source. */
  importText: (name: string, text: string) => void;
}

export const createShareSlice: StateCreator<LabState, [], [], ShareSlice> = (set, get) => {
  const importText = (fileName: string, text: string) => {
    const name = clip(fileName, 80);
    // Counted in UTF-16 units: at least the bytes of an ASCII file, so the limit holds for both paths.
    if (text.length > MAX_FILE_BYTES) {
      set({ errors: [{ code: 'file-too-large', name, size: text.length, max: MAX_FILE_BYTES }] });
      return;
    }
    let json: unknown;
    try {
      // Editors on Windows like to start a UTF-8 file with a byte-order mark (the CLI skips it too).
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      set({ errors: [{ code: 'file-not-json', name, message: clip(e instanceof Error ? e.message : String(e), 200) }] });
      return;
    }
    const c = checkCustom(json, { file: name });
    if (!c.ok) {
      set({ errors: [c.error] });
      return;
    }
    const r = loadSource(get().catalog, { kind: 'custom', input: c.input });
    if (forLongRun(r)) return void get().startLongRun({ kind: 'custom', input: c.input });
    if (r.ok) set({ ...loaded(r.state, get().clock), errors: [] });
    else set({ errors: [r.error.code === 'invalid-run' ? { code: 'file-invalid', name, issues: r.error.issues } : r.error] });
  };
  return {
    importText,
    importFile: async (file) => {
      const name = clip(file.name, 80);
      if (file.size > MAX_FILE_BYTES) {
        set({ errors: [{ code: 'file-too-large', name, size: file.size, max: MAX_FILE_BYTES }] });
        return;
      }
      let text: string;
      try {
        text = await file.text();
      } catch {
        set({ errors: [{ code: 'file-unreadable', name }] });
        return;
      }
      importText(file.name, text);
    },
  };
};
