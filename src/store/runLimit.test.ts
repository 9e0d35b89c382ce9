/**
 * A run the page cannot finish (a hostile link: a request timeout of 1 ms, no backoff, a seven-day
 * horizon) is refused with a message after MAX_RUN_STEPS steps instead of freezing the tab; the
 * run shown stays. Found while fuzzing links: such a link ran up to the engine's 5,000,000 steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRunSteps } from './run';
import { encodePart } from './shareCodec';
import { createTestStore } from './testing';

const WEEK = 604_800_000;
/** Every request times out at once and is retried at once, for a week, unless every answer is instant. */
const restless = { producer: { 'request.timeout.ms': 1, 'retry.backoff.ms': 0, 'retry.backoff.max.ms': 0, 'delivery.timeout.ms': WEEK } };

describe('a run that does not end', () => {
  // The page's bound is MAX_RUN_STEPS (200,000: about 3 s of running); the tests refuse sooner.
  const MAX = 5000;
  beforeAll(() => limitRunSteps(MAX));
  afterAll(() => limitRunSteps(undefined));

  it('from a link (or a file: the same loadSource): refused after MAX_RUN_STEPS with run-too-long, the run shown stays', async () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack' });
    const before = store.getState().traceHash;
    await store.getState().loadFromUrl(`?custom=${encodePart({ preset: 'at-least-once', settings: restless, horizonMs: WEEK })}`);
    expect(store.getState().errors).toEqual([{ code: 'run-too-long', max: MAX }]);
    expect(store.getState().traceHash).toBe(before);
    expect(store.getState().source).toEqual({ kind: 'scenario', id: 'alo-lost-ack' });
  });

  it('from the settings panel: said in the alert, the run shown stays, and the link keeps the settings it was made with', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().loadScenario({ preset: 'at-least-once', horizonMs: WEEK, settings: { producer: { 'retry.backoff.ms': 0, 'retry.backoff.max.ms': 0, 'delivery.timeout.ms': WEEK } } });
    const before = store.getState().traceHash;
    store.getState().setSetting('producer', 'request.timeout.ms', 1);
    expect(store.getState().errors).toEqual([{ code: 'run-too-long', max: MAX }]);
    expect(store.getState().traceHash).toBe(before);
    expect(store.getState().settingsIssues).toHaveLength(1);
  });

  it('a fault added on the stage that keeps the run from ending is refused, and the run stays', () => {
    // Instant answers make every 1 ms timeout harmless, until the producer's link is cut for a week.
    const store = createTestStore();
    store.getState().loadScenario({ preset: 'at-least-once', horizonMs: WEEK, settings: { ...restless, network: { latencyMs: 0 } } });
    expect(store.getState().errors).toEqual([]);
    const before = store.getState().traceHash;
    store.getState().seek(2);
    store.getState().addFault({ type: 'cut', between: ['producer', 'broker'], fromMs: store.getState().timeline.steps[2]!.time, toMs: WEEK - 1 });
    expect(store.getState().errors).toEqual([{ code: 'run-too-long', max: MAX }]);
    expect(store.getState().traceHash).toBe(before);
    expect(store.getState().userFaults).toEqual([]);
  });
});
