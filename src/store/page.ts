/**
 * Keeps the page in step with the store: the i18n instance and `<html lang>` follow the
 * language, and the address bar follows the selection (replaceState, so Back leaves the lab
 * instead of stepping through every seed typed).
 */
import type { i18n } from 'i18next';
import type { LabStore } from './index';
import type { LabState } from './state';
import { toSearch } from './url';

/** Binds `store` to `i18n` and to the window's document and history; returns the unbind. */
export function bindPage(store: LabStore, i18next: i18n, win: Window): () => void {
  const sync = (s: LabState, prev?: LabState) => {
    if (!prev || s.language !== prev.language) {
      if (i18next.language !== s.language) void i18next.changeLanguage(s.language);
      win.document.documentElement.lang = s.language;
    }
    if (prev && s.source === prev.source && s.seed === prev.seed && s.language === prev.language) return;
    const search = toSearch(s.source, s.seed, s.language);
    if (win.location.search !== search) win.history.replaceState(win.history.state, '', `${search}${win.location.hash}`);
  };
  sync(store.getState());
  return store.subscribe(sync);
}
