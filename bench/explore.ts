/**
 * Prove it's figures: schedules explored per second, and the time to prove the 3-message
 * exactly-once run (every schedule of up to k faults) in one worker thread and in one per core.
 */
import { availableParallelism } from 'node:os';
import { parseScenario } from '../src/engine';
import { exploreInThreads } from '../src/cli/exploreThreads';

async function once(maxFaults: number, threads: number) {
  const parsed = parseScenario({ preset: 'exactly-once', produce: { count: 3 }, seed: 1 });
  if (!parsed.ok) throw new Error('the bench scenario does not parse');
  const t0 = performance.now();
  const r = await exploreInThreads(parsed.run, { maxFaults }, threads);
  const ms = performance.now() - t0;
  return { ms, r };
}

export async function benchExplore(ks: readonly number[] = [2, 3]): Promise<void> {
  const cores = availableParallelism();
  console.log(`Prove it: the exactly-once preset, 3 messages, seed 1 (this machine: ${cores} cores)`);
  // Bundle the threads' engine once (exploreThreads.ts); every figure is then a cold search in new
  // worker threads, as `npm run explore` runs it.
  await once(1, 1);
  for (const k of ks) {
    for (const threads of [...new Set([1, cores])]) {
      const { ms, r } = await once(k, threads);
      const perSecond = Math.round((r.explored / ms) * 1000).toLocaleString('en-US');
      const shared = Math.round((100 * r.stepsShared) / (r.stepsShared + r.stepsRun));
      console.log(
        `  k = ${k}, ${threads} thread${threads === 1 ? ' ' : 's'}:   ${(ms / 1000).toFixed(2)} s, ${r.explored.toLocaleString('en-US')} schedules, ${perSecond}/s; ` +
          `lost ${r.violations.lost}, duplicated ${r.violations.duplicated}, out of order ${r.violations.outOfOrder}; ${shared}% of steps shared${k === 2 ? '   (target < 5 s)' : ''}`,
      );
    }
  }
}
