/**
 * Exceptions React's error boundary never sees: thrown in an event handler (a click, a key, an
 * animation frame) or in async code nobody awaited. The window reports them; they go to the same
 * crash screen as an exception in a render.
 */
import type { LabStore } from './index';

/** Binds the window's uncaught errors and unhandled rejections to the store; returns the unbind. */
export function bindCrashes(store: LabStore, win: Window): () => void {
  const onError = (e: ErrorEvent) => {
    // No error object: a cross-origin script's "Script error." or the browser's own
    // "ResizeObserver loop" notice, neither of them the lab's failure.
    if (e.error === null || e.error === undefined) return;
    store.getState().reportCrash(e.error, 'event');
  };
  const onRejection = (e: PromiseRejectionEvent) => store.getState().reportCrash(e.reason, 'async');
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return () => {
    win.removeEventListener('error', onError);
    win.removeEventListener('unhandledrejection', onRejection);
  };
}
