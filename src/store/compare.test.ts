import { describe, expect, it } from 'vitest';
import { buildLedger, type Ledger, type MessageLedger } from '../engine';
import { diffLedgers } from './compareDiff';
import { laneInput, laneTimes, missedFaults, notchAt, runLanes, stepAtTime } from './compareLanes';
import { DEFAULT_LANES, parseCompare } from './compareSlice';
import { linkSearch } from './share';
import { createTestStore } from './testing';
import { readSearch } from './url';

/** A ledger with these final statuses, m1..mN (only what the diff reads). */
const ledgerOf = (...statuses: MessageLedger['status'][]): Ledger => {
  const base = buildLedger([], []);
  return { ...base, messages: statuses.map((status, i) => ({ ...({} as MessageLedger), messageId: `m${i + 1}`, status })) };
};

describe('side by side: the lanes', () => {
  const store = createTestStore({ search: '?scenario=alo-lost-ack' });
  const lanes = runLanes(store.getState(), DEFAULT_LANES);

  it('runs the run shown under each preset: the same messages, seed and faults', () => {
    expect(lanes.map((l) => l.ok && l.run.scenario.preset)).toEqual(['at-most-once', 'at-least-once', 'exactly-once']);
    for (const l of lanes) {
      if (!l.ok) throw new Error(JSON.stringify(l.issues));
      expect(l.run.run.faults).toEqual([{ type: 'drop', message: 'ProduceResponse', nth: 2 }]);
      expect(l.run.scenario.seed).toBe(1);
      expect(l.run.ledger.summary.messages).toBe(3);
      // The run's own timeout stays: the preset does not set it.
      expect(l.run.run.settings.producer['request.timeout.ms']).toBe(1000);
    }
    const summary = (i: number) => (lanes[i]!.ok ? lanes[i]!.run.ledger.summary : null);
    expect(summary(1)).toMatchObject({ duplicated: 1, logDuplicates: 1, lost: 0 });
    expect(summary(2)).toMatchObject({ duplicated: 0, logDuplicates: 0, lost: 0 });
  });

  it('says which faults found nothing to hit: acks=0 has no ProduceResponse', () => {
    expect(lanes.map((l) => (l.ok ? l.missed.length : -1))).toEqual([1, 0, 0]);
    expect(missedFaults([{ type: 'drop', message: 'ProduceResponse', nth: 1 }], [])).toHaveLength(1);
    expect(missedFaults([{ type: 'crash', node: 'producer', atMs: 5 }], [])).toHaveLength(0);
  });

  it("keeps the run's own settings as a lane, and lays a preset over the run's settings", () => {
    const run = runLanes(store.getState(), ['run', 'exactly-once']);
    expect(run[0]!.ok && run[0]!.run.traceHash).toBe(store.getState().traceHash);
    const input = laneInput({ settings: { producer: { acks: 1, 'linger.ms': 7 } }, produce: { count: 1 } }, 'at-most-once');
    expect(input).toMatchObject({ preset: 'at-most-once', settings: { producer: { acks: 0, 'linger.ms': 7 } }, produce: { count: 1 } });
  });

  it('reports a combination the engine refuses in its lane, the other lanes run', () => {
    // enable.idempotence=true set explicitly cannot run with acks=0: the at-most-once lane is refused.
    const s = createTestStore({ search: `?preset=at-least-once&settings=${encodeURIComponent('{"producer":{"enable.idempotence":true}}')}` }).getState();
    const refused = runLanes(s, ['at-most-once', 'at-least-once']);
    expect(refused[0]!.ok).toBe(false);
    if (!refused[0]!.ok) expect(refused[0]!.issues[0]!.message).toMatch(/ConfigException: .*enable.idempotence=true/);
    expect(refused[1]!.ok).toBe(true);
  });

  it('keeps the lanes on one virtual clock: at any time each shows its last step by then', () => {
    const times = laneTimes(lanes);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    for (const time of [0, times[10]!, times[40]!, times.at(-1)!, times.at(-1)! + 1000]) {
      for (const l of lanes) {
        if (!l.ok) continue;
        const steps = l.run.timeline.steps;
        const i = stepAtTime(steps, time);
        expect(steps[i]!.time).toBeLessThanOrEqual(Math.max(time, steps[0]!.time));
        if (i + 1 < steps.length) expect(steps[i + 1]!.time).toBeGreaterThan(time);
      }
      expect(times[notchAt(times, time)]).toBeLessThanOrEqual(Math.max(time, times[0]!));
    }
    // The lanes take different numbers of steps to the same end.
    const lengths = lanes.map((l) => (l.ok ? l.run.timeline.lastIndex : 0));
    expect(new Set(lengths).size).toBeGreaterThan(1);
  });
});

describe('side by side: the differences', () => {
  it('groups each message by outcome, odd lanes first, and flags those that differ', () => {
    const d = diffLedgers([ledgerOf('ok', 'lost', 'ok'), ledgerOf('ok', 'ok', 'duplicated'), ledgerOf('ok', 'ok', 'ok')]);
    expect(d.map((x) => x.differs)).toEqual([false, true, true]);
    expect(d[1]!.groups).toEqual([
      { status: 'lost', lanes: [0] },
      { status: 'ok', lanes: [1, 2] },
    ]);
    expect(d[2]!.statuses).toEqual(['ok', 'duplicated', 'ok']);
  });

  it('leaves a lane that did not run out of the comparison', () => {
    const d = diffLedgers([null, ledgerOf('duplicated'), ledgerOf('ok')]);
    expect(d[0]).toMatchObject({ statuses: [null, 'duplicated', 'ok'], differs: true });
    expect(diffLedgers([null, ledgerOf('ok')])[0]!.differs).toBe(false);
  });
});

describe('side by side: the link', () => {
  it('reads 2 or 3 lanes of the presets and run, and refuses anything else', () => {
    expect(parseCompare('at-most-once,at-least-once,exactly-once')).toEqual({ ok: true, lanes: ['at-most-once', 'at-least-once', 'exactly-once'] });
    expect(parseCompare('run,idempotent-consumer')).toEqual({ ok: true, lanes: ['run', 'idempotent-consumer'] });
    expect(parseCompare('at-most-once')).toEqual({ ok: false, why: 'count' });
    expect(parseCompare('run,run')).toEqual({ ok: false, why: 'repeat' });
    expect(parseCompare('at-most-once,<img src=x onerror=alert(1)>')).toEqual({ ok: false, why: 'name' });
    expect(parseCompare('')).toEqual({ ok: false, why: 'name' });
    expect(parseCompare('run,at-most-once,at-least-once,exactly-once')).toEqual({ ok: false, why: 'count' });
  });

  it('opens side by side from a link, and the link of the run shown reopens it', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&compare=at-least-once,exactly-once' });
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().compare?.lanes).toEqual(['at-least-once', 'exactly-once']);
    const search = linkSearch(store.getState());
    expect(search).toContain('&compare=at-least-once,exactly-once');
    expect(readSearch(search).compare).toBe('at-least-once,exactly-once');
    expect(createTestStore({ search }).getState().compare?.lanes).toEqual(['at-least-once', 'exactly-once']);
    store.getState().closeCompare();
    expect(linkSearch(store.getState())).not.toContain('compare');
  });

  it('says what is wrong with a bad value, quoting it as text, and keeps the run', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&compare=nope,<b>x</b>' });
    const s = store.getState();
    expect(s.compare).toBeNull();
    expect(s.errors).toEqual([{ code: 'bad-compare', value: 'nope,<b>x</b>', why: 'name' }]);
    expect(s.source).toEqual({ kind: 'scenario', id: 'alo-lost-ack' });
    expect(s.ledger.summary.duplicated).toBe(1);
  });
});
