/**
 * The workers Prove it runs in: what they are told and answer, and the page's way to make one.
 * The store takes the factory as an option, so tests run the search without a browser.
 */
import type { RunConfig } from '../engine';
import type { ExploreOptions, ExploreProgress } from '../engine/explore/explore';
import { createExploreWorker } from '../workers/createExploreWorker';

export type ProveReply = { type: 'progress' | 'done'; progress: ExploreProgress } | { type: 'error'; message: string };

/** What the store needs of a worker (a DOM Worker has it). */
export interface ProveWorker {
  postMessage(message: { run: RunConfig; options: ExploreOptions }): void;
  onmessage: ((e: { data: ProveReply }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

export interface ProveWorkers {
  /** How many workers share a search. */
  count: number;
  create: () => ProveWorker;
}

/** The page's workers: one per core, at most 4 (the page itself mostly waits meanwhile). */
export function pageWorkers(): ProveWorkers | null {
  if (typeof Worker === 'undefined') return null;
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 2;
  return {
    count: Math.min(4, cores),
    create: () => createExploreWorker() as unknown as ProveWorker,
  };
}
