/**
 * Entry point of `npm run explore`: see exploreMain.ts for what it does, `--help` for how to call
 * it. The search is split between worker threads (exploreThreads.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { prepareExplore, reportExplore } from './exploreMain';
import { exploreInThreads } from './exploreThreads';

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
  const result = await exploreInThreads(job.run, { maxFaults: job.maxFaults, copies: job.copies }, job.workers ?? availableParallelism());
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
