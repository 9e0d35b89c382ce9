/**
 * Keeps the page in step with the store: the i18n instance and `<html lang>` follow the
 * language, the address bar follows the run (replaceState, so Back leaves the lab instead of
 * stepping through every seed typed), and the list of saved scenarios follows other tabs.
 *
 * The address bar holds the step too, but not on every frame: while playing it keeps the step
 * playing started from, and a step or seek is written once the stage has stayed there a moment
 * (browsers also limit how often replaceState may be called). Everything else is written at once.
 */
import type { i18n } from 'i18next';
import type { LabStore } from './index';
import { LIBRARY_KEY } from './library';
import { linkSearch } from './share';
import type { LabState } from './state';

/** How long the stage must stay on a step before the address bar gets it. */
export const STEP_WRITE_DELAY_MS = 300;

/** Binds `store` to `i18n` and to the window's document, history and storage events; returns the unbind. */
export function bindPage(store: LabStore, i18next: i18n, win: Window): () => void {
  let pending: number | undefined;
  const cancel = () => {
    if (pending !== undefined) win.clearTimeout(pending);
    pending = undefined;
  };
  const write = () => {
    cancel();
    const search = linkSearch(store.getState());
    if (win.location.search === search) return;
    try {
      win.history.replaceState(win.history.state, '', `${search}${win.location.hash}`);
    } catch {
      // Too long for this browser (a very large imported scenario) or too often: the address bar
      // keeps the link before; Copy link still gives the whole run.
    }
  };
  const sync = (s: LabState, prev?: LabState) => {
    if (!prev || s.language !== prev.language) {
      if (i18next.language !== s.language) void i18next.changeLanguage(s.language);
      win.document.documentElement.lang = s.language;
    }
    // What the user chose (a source, a seed, a setting, a fault): at once, with the step shown.
    if (!prev || s.source !== prev.source || s.seed !== prev.seed || s.language !== prev.language || s.overrides !== prev.overrides || s.userFaults !== prev.userFaults || s.lesson?.index !== prev.lesson?.index || s.compare?.lanes !== prev.compare?.lanes) {
      write();
      return;
    }
    if (s.playing) {
      cancel();
      return;
    }
    if (prev.playing) write();
    else if (s.cursor !== prev.cursor) {
      cancel();
      pending = win.setTimeout(write, STEP_WRITE_DELAY_MS);
    }
  };
  sync(store.getState());
  const unsubscribe = store.subscribe(sync);

  // Saved in another tab: the list here follows (a test's window may have no events).
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === LIBRARY_KEY) store.getState().reloadLibrary();
  };
  if (typeof win.addEventListener === 'function') win.addEventListener('storage', onStorage);
  return () => {
    unsubscribe();
    cancel();
    if (typeof win.removeEventListener === 'function') win.removeEventListener('storage', onStorage);
  };
}
