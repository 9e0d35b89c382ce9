/**
 * Entry point of `npm run explore`: see exploreMain.ts for what it does, `--help` for how to call
 * it. The search is split between worker threads, one shard each (the explorer's `shard` option).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { exploreAll, mergeProgress, type ExploreProgress } from '../engine/explore/explore';
import { prepareExplore, reportExplore, type ExploreJob } from './exploreMain';

function inThreads(job: ExploreJob, count: number): Promise<ExploreProgress> {
  const options = { maxFaults: job.maxFaults, copies: job.copies };
  if (count === 1) return Promise.resolve(exploreAll(job.run, options));
  const shards = Array.from({ length: count }, (_, index) =>
    new Promise<ExploreProgress>((resolve, reject) => {
      const w = new Worker(new URL('./exploreThread.mjs', import.meta.url), { workerData: { run: job.run, options: { ...options, shard: { index, count } } } });
      w.once('message', resolve);
      w.once('error', reject);
    }),
  );
  return Promise.all(shards).then(mergeProgress);
}

async function main() {
  const prepared = prepareExplore(process.argv.slice(2));
  if (!prepared.ok) {
    process.stdout.write(prepared.outcome.stdout);
    process.stderr.write(prepared.outcome.stderr);
    process.exitCode = prepared.outcome.code;
    return;
  }
  const { job } = prepared;
  const started = performance.now();
  const result = await inThreads(job, job.workers ?? availableParallelism());
  const report = reportExplore(job, result, performance.now() - started);
  if (job.out) {
    mkdirSync(job.out, { recursive: true });
    for (const f of report.files) writeFileSync(join(job.out, f.name), `${JSON.stringify(f.scenario, null, 2)}\n`);
  }
  process.stdout.write(report.stdout);
  process.exitCode = report.code;
}

main().catch((e: unknown) => {
  process.stderr.write(`error: internal error (a bug in the lab): ${(e as Error).message}\n`);
  process.exitCode = 3;
});
