/**
 * Prove it, in a Web Worker: explores one shard of the run's fault schedules and posts its progress
 * as it goes. The page cancels by terminating the worker, so nothing here listens for a stop.
 */
import { explore, type ExploreOptions } from '../engine/explore/explore';
import type { RunConfig } from '../engine';
import type { ProveReply } from '../store/proveWorkers';

const post = (reply: ProveReply) => (self as unknown as { postMessage(m: ProveReply): void }).postMessage(reply);

self.onmessage = (e: MessageEvent<{ run: RunConfig; options: ExploreOptions }>) => {
  try {
    const search = explore(e.data.run, e.data.options);
    for (;;) {
      const r = search.next();
      post({ type: r.done ? 'done' : 'progress', progress: r.value });
      if (r.done) return;
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
