/**
 * The Prove it worker as the hosted site starts it: a module worker from its own file beside the
 * page's scripts (worker-src 'self'). The single-file build swaps this module for
 * createExploreWorker.inline.ts (see `singleFile` in vite.config.ts): a file:// page cannot start
 * a worker from a file.
 */
export function createExploreWorker(): Worker {
  return new Worker(new URL('./explore.worker.ts', import.meta.url), { type: 'module' });
}
