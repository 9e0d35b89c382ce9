/** One worker thread of `npm run explore` (bundled by exploreThreads.ts): explores its shard and posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { exploreAll, type ExploreOptions } from '../engine/explore/explore';
import type { RunConfig } from '../engine';

const { run, options } = workerData as { run: RunConfig; options: ExploreOptions };
parentPort!.postMessage(exploreAll(run, options));
