/** Determinism and time travel: same input, same trace; stateAt equals replay; a fork equals a fresh run. */
import { describe, expect, it } from 'vitest';
import { traceHash } from './hash';
import { parseScenario, type ScenarioInput } from './scenario';
import { CHECKPOINT_EVERY, Timeline } from './timeline';
import type { Fault } from './types';

function timeline(input: ScenarioInput): Timeline {
  const p = parseScenario(input);
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return Timeline.start(p.run);
}

const busy: ScenarioInput = {
  preset: 'idempotent-consumer',
  seed: 9,
  produce: { count: 20, intervalMs: 7, keys: ['a', 'b'] },
  settings: { network: { jitterMs: 4, dropProbability: 0.05 }, producer: { 'request.timeout.ms': 500 }, consumer: { 'max.poll.records': 3 } },
  faults: [
    { type: 'drop', message: 'ProduceResponse', nth: 3 },
    { type: 'crash', node: 'consumer', point: 'after-processing-before-commit', nth: 2, restartAfterMs: 40 },
    { type: 'cut', between: ['producer', 'broker'], fromMs: 60, toMs: 200 },
  ],
};

/** The parts of a state that matter, without xstate's internals. */
const essence = (t: Timeline, i: number) => {
  const s = t.stateAt(i);
  return JSON.stringify({ now: s.now, rng: s.rng, agenda: s.agenda, sent: s.sent, nodes: Object.entries(s.nodes).map(([k, n]) => [k, n.value, n.context]) });
};

describe('determinism', () => {
  it('the same scenario twice gives the identical trace hash', () => {
    const a = timeline(busy).runToEnd();
    const b = timeline(busy).runToEnd();
    expect(a.steps.length).toBeGreaterThan(200);
    expect(traceHash(a.steps)).toBe(traceHash(b.steps));
  });

  it('another seed gives another trace (the seed reaches the jitter and the random drops)', () => {
    const a = timeline(busy).runToEnd();
    const b = timeline({ ...busy, seed: 10 }).runToEnd();
    expect(traceHash(a.steps)).not.toBe(traceHash(b.steps));
  });
});

describe('time travel', () => {
  it('the state at any step equals the state reached by running to it', () => {
    const full = timeline(busy).runToEnd();
    for (const i of [0, 1, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY, CHECKPOINT_EVERY + 1, 150, full.lastIndex - 1]) {
      const fresh = timeline(busy).runTo(i);
      expect(essence(full, i), `step ${i}`).toBe(essence(fresh, i));
    }
  });

  it('a long run keeps a bounded number of checkpoints, thinned evenly, and every step still reads right', () => {
    const p = parseScenario(busy);
    if (!p.ok) throw new Error('busy does not parse');
    const bounded = Timeline.start(p.run, 4, 8).runToEnd();
    const full = timeline(busy).runToEnd();
    expect(bounded.lastIndex).toBeGreaterThan(4 * 8 * 4);
    expect(bounded.checkpointCount).toBeLessThanOrEqual(8);
    // 4, doubled at each thinning: at least 4 thinnings for a run past 4 * 8 * 4 steps.
    expect(bounded.checkpointSpacing).toBeGreaterThanOrEqual(64);
    expect(traceHash(bounded.steps)).toBe(traceHash(full.steps));
    for (const i of [0, 3, 4, 63, 64, 65, 150, bounded.lastIndex - 1, bounded.lastIndex]) expect(essence(bounded, i), `step ${i}`).toBe(essence(full, i));
    // A fork of a thinned timeline is still the fresh run with that fault.
    const fault: Fault = { type: 'drop', message: 'FetchResponse', nth: 4 };
    const forked = bounded.fork(120, fault).runToEnd();
    const fresh = timeline({ ...busy, faults: [...(busy.faults ?? []), fault] }).runToEnd();
    expect(traceHash(forked.steps)).toBe(traceHash(fresh.steps));
  });

  it('seeking back and forth does not disturb the run', () => {
    const t = timeline(busy).runToEnd();
    const before = traceHash(t.steps);
    t.stateAt(5);
    t.stateAt(170);
    t.stateAt(3);
    expect(traceHash(t.steps)).toBe(before);
    expect(essence(t, t.lastIndex)).toBe(essence(timeline(busy).runToEnd(), t.lastIndex));
  });
});

describe('forks', () => {
  const forks: [string, Fault][] = [
    ['drop a message not yet sent', { type: 'drop', message: 'SinkWriteAck', nth: 9 }],
    ['drop a message already in flight', { type: 'drop', message: 'FetchResponse', nth: 4 }],
    ['crash a node now', { type: 'crash', node: 'producer', atMs: 120, restartAfterMs: 30 }],
    ['crash at the next occurrence of a point', { type: 'crash', node: 'broker', point: 'after-append-before-response', nth: 12, restartAfterMs: 10 }],
    ['cut a link', { type: 'cut', between: ['consumer', 'sink'], fromMs: 150, toMs: 400 }],
    ['duplicate a message', { type: 'duplicate', message: 'ProduceRequest', nth: 15 }],
    ['fail a database write already written', { type: 'fail', what: 'sink-write', nth: 2 }],
    ['fail a database write not yet sent', { type: 'fail', what: 'sink-write', nth: 12 }],
  ];

  it.each(forks)('%s: the fork is exactly the fresh run with that fault', (_, fault) => {
    const original = timeline(busy).runToEnd();
    const at = 100;
    const fork = original.fork(at, fault).runToEnd();
    const fresh = timeline({ ...busy, faults: [...busy.faults!, fault] }).runToEnd();
    expect(traceHash(fork.steps)).toBe(traceHash(fresh.steps));
    expect(traceHash(fork.steps)).not.toBe(traceHash(original.steps));
  });

  it('a fork keeps the past: its first steps are the original ones', () => {
    const original = timeline(busy).runToEnd();
    const fork = original.fork(100, { type: 'crash', node: 'producer', atMs: 120, restartAfterMs: 30 });
    const before = (t: Timeline) => t.steps.filter((s) => s.time < 120);
    expect(before(fork).length).toBeGreaterThan(20);
    expect(traceHash(before(fork))).toBe(traceHash(before(original)));
    expect(fork.steps.find((s) => s.time >= 120 && s.events.some((e) => e.type === 'node.crashed'))).toBeDefined();
  });
});
