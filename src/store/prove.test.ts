import { describe, expect, it } from 'vitest';
import { exploreAll, explore } from '../engine/explore/explore';
import type { ProveReply, ProveWorker, ProveWorkers } from './proveWorkers';
import { createTestStore } from './testing';

/** Workers that run the search in this thread, a chunk per macrotask (as a real one posts as it goes). */
function fakeWorkers(count: number): ProveWorkers & { made: number; terminated: number } {
  const pool = {
    count,
    made: 0,
    terminated: 0,
    create(): ProveWorker {
      pool.made++;
      let stopped = false;
      const w: ProveWorker = {
        onmessage: null,
        onerror: null,
        terminate: () => {
          stopped = true;
          pool.terminated++;
        },
        postMessage: ({ run, options }) => {
          const search = explore(run, { ...options, every: 5 });
          const next = () => {
            if (stopped) return;
            const r = search.next();
            const reply: ProveReply = { type: r.done ? 'done' : 'progress', progress: r.value };
            w.onmessage?.({ data: reply });
            if (!r.done) setTimeout(next, 0);
          };
          setTimeout(next, 0);
        },
      };
      return w;
    },
  };
  return pool;
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 2000 && !ok(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(ok()).toBe(true);
};

describe('Prove it in the store', () => {
  it('shares the search between workers and merges it to what one search finds', async () => {
    const workers = fakeWorkers(2);
    const store = createTestStore({ search: '?preset=at-most-once', proveWorkers: workers });
    void store.getState().startProve(1, false);
    expect(store.getState().prove!.status).toBe('running');
    await until(() => store.getState().prove!.status === 'done');
    const whole = exploreAll(store.getState().timeline.run, { maxFaults: 1 });
    const p = store.getState().prove!;
    expect(workers.made).toBe(2);
    expect(p.progress.explored).toBe(whole.explored);
    expect(p.progress.violations).toEqual(whole.violations);
    expect(p.progress.fraction).toBe(1);
    expect(p.progress.shortest.lost!.faults).toHaveLength(1);
  });

  it('cancel stops every worker and keeps what was found so far', async () => {
    const workers = fakeWorkers(2);
    const store = createTestStore({ search: '?preset=at-least-once', proveWorkers: workers });
    await store.getState().startProve(2, false);
    await until(() => store.getState().prove!.progress.explored > 0);
    store.getState().cancelProve();
    const p = store.getState().prove!;
    expect(p.status).toBe('cancelled');
    expect(workers.terminated).toBe(2);
    const explored = p.progress.explored;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.getState().prove!.progress.explored).toBe(explored);
    expect(p.progress.fraction).toBeLessThan(1);
  });

  it('a second start replaces the first: its workers stop, and a cancel before the workers are made leaves none running', async () => {
    const workers = fakeWorkers(1);
    const store = createTestStore({ search: '?preset=at-least-once', proveWorkers: workers });
    const first = store.getState().startProve(2, false);
    store.getState().cancelProve();
    await first;
    expect(workers.made).toBe(0);
    expect(store.getState().prove!.status).toBe('cancelled');
    await store.getState().startProve(1, false);
    await store.getState().startProve(1, false);
    expect(workers.made).toBe(2);
    expect(workers.terminated).toBe(1);
    await until(() => store.getState().prove!.status === 'done');
  });

  it('replays a counterexample on the stage at its first fault, and forgets it when the run changes', async () => {
    const store = createTestStore({ search: '?preset=at-most-once', proveWorkers: fakeWorkers(1) });
    await store.getState().startProve(1, false);
    await until(() => store.getState().prove!.status === 'done');
    await store.getState().replayCounterexample('lost');
    const s = store.getState();
    expect(s.source.kind).toBe('custom');
    expect(s.run.faults).toEqual(s.prove!.progress.shortest.lost!.faults);
    expect(s.proveReplay!.steps.length).toBeGreaterThan(0);
    expect(s.cursor).toBe(s.proveReplay!.steps[0]);
    s.seekEnd();
    expect(store.getState().ledger.summary.lost).toBeGreaterThan(0);
    store.getState().addFault({ type: 'drop', message: 'FetchRequest', nth: 1 });
    expect(store.getState().proveReplay).toBeNull();
    expect(store.getState().prove).not.toBeNull();
  });

  it('says so when the page has no workers', async () => {
    const store = createTestStore({ proveWorkers: null });
    await store.getState().startProve(2, false);
    expect(store.getState().prove).toMatchObject({ status: 'failed', error: 'no-workers' });
  });
});
