/** The explorer split between worker threads, one shard each (the explorer's `shard` option); `npm run explore` and the bench use it. */
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../engine';
import { exploreAll, mergeProgress, type ExploreOptions, type ExploreProgress } from '../engine/explore/explore';

export function exploreInThreads(run: RunConfig, options: ExploreOptions, count: number): Promise<ExploreProgress> {
  if (count <= 1) return Promise.resolve(exploreAll(run, options));
  const shards = Array.from(
    { length: count },
    (_, index) =>
      new Promise<ExploreProgress>((resolve, reject) => {
        const w = new Worker(new URL('./exploreThread.mjs', import.meta.url), { workerData: { run, options: { ...options, shard: { index, count } } } });
        w.once('message', (p: ExploreProgress) => {
          resolve(p);
          void w.terminate();
        });
        w.once('error', reject);
      }),
  );
  return Promise.all(shards).then(mergeProgress);
}
