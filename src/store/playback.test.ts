/** Playback: the cursor, the virtual clock, time travel and forks, through the store alone. */
import { describe, expect, it } from 'vitest';
import { inFlightAt } from '../engine';
import { createTestStore } from './testing';
import { ledgerNowOf } from './playbackSlice';
import { DWELL_MS, IDLE_MS, nextSpeed, rateOf, tick, type PlaybackRun } from './playback';

const lostAck = () => createTestStore({ search: '?scenario=alo-lost-ack' });

/** Plays with 16 ms frames until it stops; returns the real time it took. */
function playToEnd(store: ReturnType<typeof createTestStore>, limitMs = 10 * 60_000): number {
  store.getState().play();
  let ms = 0;
  while (store.getState().playing && ms < limitMs) {
    store.getState().tick(16);
    ms += 16;
  }
  return ms;
}

describe('the cursor', () => {
  it('a run opens at its first step, paused, with nothing on the wire yet', () => {
    const s = lostAck().getState();
    expect(s).toMatchObject({ cursor: 0, playing: false, speed: 1 });
    expect(ledgerNowOf(s).summary).toMatchObject({ effects: 0, duplicated: 0, end: null });
    expect(s.ledger.summary.duplicated).toBe(1);
  });

  it('steps forward and back, seeks anywhere, clamps at both ends', () => {
    const store = lostAck();
    const last = store.getState().timeline.lastIndex;
    store.getState().stepBack();
    expect(store.getState().cursor).toBe(0);
    store.getState().stepForward();
    store.getState().stepForward();
    expect(store.getState().cursor).toBe(2);
    expect(store.getState().clock.get()).toBe(store.getState().timeline.steps[2]!.time);
    store.getState().seek(last + 50);
    expect(store.getState().cursor).toBe(last);
    expect(ledgerNowOf(store.getState())).toEqual(store.getState().ledger);
    store.getState().seek(-3);
    expect(store.getState().cursor).toBe(0);
  });

  it('the DUPLICATE appears at the step of the second effect, not before', () => {
    const store = lostAck();
    const m2 = store.getState().ledger.messages.find((m) => m.messageId === 'm2')!;
    store.getState().seek(m2.duplicatedAt! - 1);
    expect(ledgerNowOf(store.getState()).summary.duplicated).toBe(0);
    store.getState().stepForward();
    expect(ledgerNowOf(store.getState()).summary.duplicated).toBe(1);
    expect(ledgerNowOf(store.getState()).messages.find((m) => m.messageId === 'm2')!.status).toBe('duplicated');
  });

  it('the node states are those after the cursor step (time travel)', () => {
    const store = lostAck();
    const s0 = store.getState();
    const i = Math.floor(s0.timeline.lastIndex / 2);
    store.getState().seek(i);
    expect(store.getState().stateNow).toEqual(s0.timeline.stateAt(i));
    expect(store.getState().stateNow.step).toBe(i);
  });
});

describe('playing', () => {
  it('plays to the end, one step at a time, and stops there', () => {
    const store = lostAck();
    const seen: number[] = [];
    const unsub = store.subscribe((s, prev) => {
      if (s.cursor !== prev.cursor) seen.push(s.cursor);
    });
    playToEnd(store);
    unsub();
    const last = store.getState().timeline.lastIndex;
    expect(seen).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(store.getState()).toMatchObject({ cursor: last, playing: false });
  });

  it('8x is faster than 1x, and a step stays at least DWELL_MS / speed', () => {
    const at = (speed: number) => {
      const store = lostAck();
      store.getState().setSpeed(speed);
      return playToEnd(store);
    };
    const slow = at(1);
    const fast = at(8);
    const steps = lostAck().getState().timeline.lastIndex;
    expect(fast).toBeLessThan(slow / 4);
    expect(slow).toBeGreaterThanOrEqual(steps * DWELL_MS);
  });

  it('a packet crosses its link at the clock rate; a wait with nothing on the wire is skipped', () => {
    const store = lostAck();
    const s = store.getState();
    const run: PlaybackRun = { steps: s.timeline.steps, packets: s.packets, latencyMs: 5 };
    // Find a step with a packet on the wire.
    let cursor = s.packets.find((p) => p.deliverAt > p.sentAt)!.sentStep;
    const now = s.timeline.steps[cursor]!.time;
    const r = tick(run, { cursor, playing: true, speed: 1, sinceStepMs: 0 }, now, 100);
    expect(r.now).toBeCloseTo(Math.min(now + 100 * rateOf(run, 1), s.timeline.steps[cursor + 1]!.time));
    // A wait (a parked fetch, the request timeout) with nothing on the wire.
    const steps = s.timeline.steps;
    cursor = steps.findIndex((st, i) => i > 0 && i + 1 < steps.length && steps[i + 1]!.time - st.time >= 100 && inFlightAt(s.packets, i).length === 0);
    expect(cursor).toBeGreaterThan(0);
    const idle = tick(run, { cursor, playing: true, speed: 1, sinceStepMs: IDLE_MS }, s.timeline.steps[cursor]!.time, 16);
    expect(idle.now).toBe(s.timeline.steps[cursor + 1]!.time);
  });

  it('speeds step through 0.25x to 8x', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(8, 1)).toBe(8);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(1, -1)).toBe(0.5);
  });

  it('play at the end starts over', () => {
    const store = lostAck();
    store.getState().seekEnd();
    store.getState().play();
    expect(store.getState()).toMatchObject({ cursor: 0, playing: true });
  });
});

describe('breaking it at the cursor: a fork', () => {
  it('dropping the next ack from a past step forks a new future; the past stays', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    const before = store.getState();
    expect(before.ledger.summary.duplicated).toBe(0);
    const ack = before.packets.find((p) => p.kind === 'ProduceResponse')!;
    store.getState().seek(ack.sentStep);
    store.getState().addFault({ type: 'drop', message: 'ProduceResponse', nth: ack.nth });
    const after = store.getState();
    expect(after.cursor).toBe(ack.sentStep);
    expect(after.userFaults).toEqual([{ type: 'drop', message: 'ProduceResponse', nth: ack.nth }]);
    expect(after.run.faults).toContainEqual({ type: 'drop', message: 'ProduceResponse', nth: ack.nth });
    expect(after.timeline.steps.slice(0, ack.sentStep)).toEqual(before.timeline.steps.slice(0, ack.sentStep));
    expect(after.ledger.summary).toMatchObject({ duplicated: 1, logDuplicates: 1 });
    expect(after.traceHash).not.toBe(before.traceHash);
  });

  it('loading another run clears the faults added on the stage', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().seek(3);
    store.getState().addFault({ type: 'crash', node: 'consumer', atMs: store.getState().timeline.steps[3]!.time, restartAfterMs: 100 });
    store.getState().selectScenario('alo-lost-ack');
    expect(store.getState()).toMatchObject({ cursor: 0, userFaults: [], playing: false });
    expect(store.getState().clock.get()).toBe(0);
  });
});
