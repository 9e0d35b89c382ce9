/**
 * The Prove it worker in the single-file build: the worker's bundle is a string inside the page's
 * one script, started from a blob: URL (Vite's `?worker&inline`; worker-src blob:). A page opened
 * from file:// has an opaque origin, so a worker from a file URL is refused, and a blob made by the
 * page is the page's own.
 */
import ExploreWorker from './explore.worker?worker&inline';

export function createExploreWorker(): Worker {
  return new ExploreWorker({ name: 'prove-it' });
}
