/**
 * Long runs in the store: a link past MAX_RUN_MESSAGES runs as one (in slices), the page then shows
 * its window on the stage and the whole run's counts; cancelling leaves the run shown as it was; a
 * fault on its stage is refused.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, traceHash } from '../engine';
import { runLong } from '../engine/longRun';
import { playwrightExport, traceExport } from './exports';
import { computeLongRun, withMessageCount } from './longRunCompute';
import { LIBRARY_KEY } from './library';
import { MAX_RUN_MESSAGES } from './run';
import { encodePart } from './shareCodec';
import { createTestStore } from './testing';

const BIG = {
  preset: 'at-least-once',
  seed: 5,
  produce: { count: MAX_RUN_MESSAGES + 500, intervalMs: 10, keys: ['a', 'b'] },
  settings: { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000 }, consumer: { 'request.timeout.ms': 1000 } },
  horizonMs: 86_400_000,
};

function inNode(input: unknown, window = 500) {
  const p = parseScenario(input);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return runLong(p.run, window);
}

describe('long runs in the store', () => {
  it('a link with more than 10,000 messages runs as a long run: the window on the stage, the whole run in the counts', async () => {
    const store = createTestStore();
    await store.getState().loadFromUrl(`?custom=${encodePart(BIG)}`);
    const s = store.getState();
    expect(s.errors).toEqual([]);
    expect(s.longRunJob).toBeNull();
    const node = inNode(BIG);
    expect(s.longRun).toMatchObject({ messages: MAX_RUN_MESSAGES + 500, lastStep: node.lastIndex, kept: 500, window: 500, windowStart: node.lastIndex - 499 });
    expect(s.timeline.lastIndex).toBe(499);
    expect(s.traceHash).toBe(node.traceHash);
    expect(s.ledger.summary).toEqual(node.ledger.summary());
    expect(s.ledger.summary.effects).toBeGreaterThanOrEqual(MAX_RUN_MESSAGES + 500);
    // Seeking in the window shows the whole-run ledger, not a projection of the window.
    s.seek(100);
    expect(store.getState().cursor).toBe(100);
    for (const m of s.ledger.messages) expect(m.status).toBe(node.ledger.statusOf(m.messageId));
    expect(s.ledger.messages.length).toBeGreaterThan(0);
    expect(s.ledger.messages.length).toBeLessThan(1000);
    // The stage cannot fork a window.
    s.addFault({ type: 'crash', node: 'broker', atMs: s.timeline.steps[10]!.time + 1, restartAfterMs: 100 });
    expect(store.getState().errors.map((e) => e.code)).toEqual(['long-run-no-faults']);
    expect(store.getState().timeline).toBe(s.timeline);
    // A why-chain of an effect in the window explains it from the kept steps.
    const row = s.ledger.messages.find((m) => m.effects.length > 0)!;
    await s.openWhy({ messageId: row.messageId, effect: 1 });
    expect(store.getState().why?.chain.links.at(-1)).toMatchObject({ kind: 'effect' });
    store.getState().closeWhy();
    // Its exports: the trace of the kept steps with their whole-run indices, the whole run's hash and counts; a test that waits for it.
    const trace = traceExport(s);
    expect(trace.doc.steps).toHaveLength(500);
    expect(trace.doc.steps[0]!.index).toBe(node.lastIndex - 499);
    expect(trace.doc.steps.at(-1)).toEqual(node.windowSteps().at(-1));
    expect(trace.doc.traceHash).toBe(node.traceHash);
    expect(trace.doc.summary).toEqual(node.ledger.summary());
    expect(JSON.parse(trace.text).longRun).toEqual({ messages: MAX_RUN_MESSAGES + 500, lastStep: node.lastIndex, keptFrom: node.lastIndex - 499, kept: 500 });
    const spec = playwrightExport(s);
    expect(spec.text).toContain('lab.longRunJob() === null && lab.longRunInfo() !== null');
    expect(spec.expected.effects).toBe(node.ledger.summary().effects);
    // Nor can Prove it explore it.
    await store.getState().startProve(1, false);
    expect(store.getState().prove).toMatchObject({ status: 'failed', error: 'long-run' });
    // A new seed runs it again as a long run.
    store.getState().setSeed(6);
    expect(store.getState().longRunJob).not.toBeNull();
    await expect.poll(() => store.getState().longRunJob, { timeout: 30_000 }).toBeNull();
    expect(store.getState().seed).toBe(6);
    expect(store.getState().longRun?.messages).toBe(MAX_RUN_MESSAGES + 500);
    expect(store.getState().traceHash).not.toBe(s.traceHash);
  }, 90_000);

  it('cancelled, it leaves the run shown as it was', async () => {
    const store = createTestStore();
    const before = store.getState();
    const started = store.getState().startLongRun({ kind: 'custom', input: BIG });
    expect(store.getState().longRunJob).not.toBeNull();
    // Let it compute a slice or two, then cancel.
    await new Promise((r) => setTimeout(r, 50));
    store.getState().cancelLongRun();
    expect(await started).toBe('cancelled');
    const after = store.getState();
    expect(after.longRunJob).toBeNull();
    expect(after.timeline).toBe(before.timeline);
    expect(after.longRun).toBeNull();
    expect(after.ledger).toBe(before.ledger);
  });

  it('another run shown while it computes cancels it', async () => {
    const store = createTestStore();
    const started = store.getState().startLongRun({ kind: 'custom', input: BIG });
    await new Promise((r) => setTimeout(r, 30));
    store.getState().selectPreset('exactly-once');
    expect(await started).toBe('cancelled');
    expect(store.getState().longRunJob).toBeNull();
    expect(store.getState().source).toEqual({ kind: 'preset', name: 'exactly-once' });
    expect(store.getState().longRun).toBeNull();
  });

  it('a saved scenario with more than 10,000 messages opens as a long run', async () => {
    const items = new Map<string, string>([[LIBRARY_KEY, JSON.stringify({ version: 1, scenarios: [{ id: 'mine-1', name: 'big', savedAt: '2026-12-04T00:00:00.000Z', scenario: BIG }] })]]);
    const storage = {
      get length() {
        return items.size;
      },
      key: (i: number) => [...items.keys()][i] ?? null,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
      clear: () => items.clear(),
    } satisfies Storage;
    const store = createTestStore({ storage });
    store.getState().openSaved('mine-1');
    expect(store.getState().longRunJob).not.toBeNull();
    await expect.poll(() => store.getState().longRunJob, { timeout: 30_000 }).toBeNull();
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().longRun?.messages).toBe(MAX_RUN_MESSAGES + 500);
    expect(store.getState().traceHash).toBe(inNode(BIG).traceHash);
  }, 60_000);

  it('computes in slices, reporting progress, and gives the hash of the whole trace', async () => {
    const input = { preset: 'idempotent-consumer', seed: 3, produce: { count: 300, intervalMs: 10 }, settings: { network: { dropProbability: 0.05 } } };
    const seen: number[] = [];
    const r = await computeLongRun(input, { window: 50, sliceMs: 1, onProgress: (p) => seen.push(p.steps) });
    if (!r.ok) throw new Error('refused');
    const p = parseScenario(input);
    if (!p.ok) throw new Error('invalid');
    const { Timeline } = await import('../engine');
    const full = Timeline.start(p.run).runToEnd();
    expect(r.value.traceHash).toBe(traceHash(full.steps));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(r.value.timeline.lastIndex).toBe(49);
    expect(r.value.timeline.steps.map((s) => s.events)).toEqual(full.steps.slice(-50).map((s) => s.events));
  });

  it('the long-run control replaces a counted source\'s message count, with a horizon to send them all', () => {
    expect(withMessageCount({ preset: 'at-least-once', produce: { count: 3, intervalMs: 20 }, horizonMs: 60_000 }, 50_000)).toEqual({
      preset: 'at-least-once',
      produce: { count: 50_000, intervalMs: 20 },
      horizonMs: 50_000 * 20 + 600_000,
    });
    expect(withMessageCount({ produce: { messages: [{ id: 'a', at: 0 }] } }, 10)).toBeNull();
  });
});
