/**
 * The explorer split between worker threads, one shard each (the explorer's `shard` option);
 * `npm run explore` and the bench use it.
 *
 * A worker thread does not inherit tsx's loader, and compiling the engine through tsx costs each
 * thread 0.7–0.8 s before its first step (and tsx's keep-names wrappers cost 2% of every step). So
 * the thread's code is bundled once per process by esbuild (tens of milliseconds) into a temporary
 * .mjs file, which every thread loads as plain JavaScript. One thread runs in a worker too: the
 * engine bundled runs 15–20% faster than through tsx, and the main thread stays free.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../engine';
import { mergeProgress, type ExploreOptions, type ExploreProgress } from '../engine/explore/explore';

let bundled: Promise<URL> | undefined;

/** exploreThread.ts and the engine as one ES module in a temporary folder (removed when the process exits). */
function threadScript(): Promise<URL> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'delivery-lab-explore-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'exploreThread.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./exploreThread.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    return pathToFileURL(outfile);
  })();
  return bundled;
}

export async function exploreInThreads(run: RunConfig, options: ExploreOptions, threads: number): Promise<ExploreProgress> {
  const script = await threadScript();
  const count = Math.max(1, threads);
  const shards = Array.from(
    { length: count },
    (_, index) =>
      new Promise<ExploreProgress>((resolve, reject) => {
        const w = new Worker(script, { workerData: { run, options: { ...options, shard: { index, count } } } });
        w.once('message', (p: ExploreProgress) => {
          resolve(p);
          void w.terminate();
        });
        w.once('error', reject);
      }),
  );
  return Promise.all(shards).then(mergeProgress);
}
