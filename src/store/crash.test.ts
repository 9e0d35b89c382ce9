/** The crash slice, the bug report and the window's uncaught errors: a crash is reported with what replays it, and the page can go back. */
import { describe, expect, it } from 'vitest';
import { bugReport } from './bugReport';
import { bindCrashes } from './crashPage';
import { createTestStore } from './testing';

const ENV = { version: '1.2.3 (commit abc1234)', userAgent: 'TestBrowser/1.0', page: 'https://lab.example/', language: 'en' };

describe('a crash', () => {
  it('is reported with the step, the run as a link and a file, and stops playing; the first one wins', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&seed=4' });
    store.getState().seek(7);
    store.getState().play();
    store.getState().reportCrash(new TypeError('x is undefined'), 'event');
    const crash = store.getState().crash!;
    expect(crash).toMatchObject({ where: 'event', name: 'TypeError', message: 'x is undefined', step: 7, last: store.getState().timeline.lastIndex, search: expect.stringContaining('scenario=alo-lost-ack') });
    expect(crash.search).toContain('step=7');
    expect(crash.file?.name).toBe('alo-lost-ack.json');
    expect(JSON.parse(crash.file!.text)).toMatchObject({ id: 'alo-lost-ack', seed: 4 });
    expect(store.getState().playing).toBe(false);
    store.getState().reportCrash(new Error('what followed'), 'render');
    expect(store.getState().crash?.message).toBe('x is undefined');
  });

  it('takes anything thrown, not only an Error', () => {
    const store = createTestStore();
    store.getState().reportCrash({ reason: 'a plain object' }, 'async');
    expect(store.getState().crash).toMatchObject({ name: 'thrown value', message: '{"reason":"a plain object"}', stack: '' });
  });

  it('back to the last good run: the run and the step it rendered, the saved scenarios as they are now, the page made anew', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack', storage: null });
    store.getState().seek(9);
    store.getState().markGood();
    const good = { hash: store.getState().traceHash, source: store.getState().source };
    // Something broke the state, then threw.
    store.getState().selectPreset('at-most-once');
    store.getState().reportCrash(new Error('boom'), 'render');
    expect(store.getState().lastGoodStep).toBe(9);
    store.getState().recover('last-good');
    const s = store.getState();
    expect(s.crash).toBeNull();
    expect(s.traceHash).toBe(good.hash);
    expect(s.source).toBe(good.source);
    expect(s.cursor).toBe(9);
    expect(s.clock.get()).toBe(s.timeline.steps[9]!.time);
    expect(s.recoveries).toBe(1);
    expect(s.recovered).toBe('last-good');
  });

  it('with no good run to go back to (the page never rendered), it starts over', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack' });
    store.getState().reportCrash(new Error('at start'), 'start');
    expect(store.getState().lastGoodStep).toBeNull();
    store.getState().recover('last-good');
    expect(store.getState().source).toEqual({ kind: 'preset', name: 'at-least-once' });
    expect(store.getState().recovered).toBe('started-over');
    expect(store.getState().crash).toBeNull();
  });

  it('start over: the default run, every mode closed', async () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack&compare=at-most-once,exactly-once' });
    await store.getState().openLesson('alo-lost-ack');
    store.getState().reportCrash(new Error('boom'), 'event');
    store.getState().recover('start-over');
    const s = store.getState();
    expect(s.source).toEqual({ kind: 'preset', name: 'at-least-once' });
    expect([s.lesson, s.compare, s.why, s.crash, s.recovered]).toEqual([null, null, null, null, null]);
  });
});

describe('the bug report', () => {
  it('holds the version, the browser, the step, the error with its stack, the link and the scenario file', () => {
    const store = createTestStore({ search: '?scenario=alo-lost-ack' });
    store.getState().seek(3);
    const error = new Error('stateAt failed');
    store.getState().reportCrash(error, 'event');
    const text = bugReport(store.getState().crash!, ENV);
    expect(text).toContain('Delivery Lab 1.2.3 (commit abc1234)');
    expect(text).toContain('TestBrowser/1.0');
    expect(text).toContain(`- Step shown: 3 of ${store.getState().timeline.lastIndex}`);
    expect(text).toContain('Error: stateAt failed');
    expect(text).toContain(error.stack!.split('\n')[1]!.trim());
    expect(text).toContain('https://lab.example/?scenario=alo-lost-ack&seed=1&lang=en&step=3');
    expect(text).toContain('"id": "alo-lost-ack"');
    // The name and message once, though V8's stack starts with them too.
    expect(text.match(/Error: stateAt failed/g)).toHaveLength(1);
  });

  it('a render crash has its component stack', () => {
    const store = createTestStore();
    store.getState().reportCrash(new Error('render failed'), 'render', '\n    at Stage\n    at App');
    expect(bugReport(store.getState().crash!, ENV)).toContain('## Component stack\n\nat Stage\n    at App');
  });
});

describe("the window's uncaught errors", () => {
  /** A window that only dispatches events. */
  const fakeWindow = () => {
    const target = new EventTarget();
    return { target, win: target as unknown as Window };
  };

  it('an uncaught error and an unhandled rejection reach the crash screen; an error event without an error does not', () => {
    const a = createTestStore();
    const { target, win } = fakeWindow();
    bindCrashes(a, win);
    target.dispatchEvent(Object.assign(new Event('error'), { error: null, message: 'ResizeObserver loop completed with undelivered notifications.' }));
    expect(a.getState().crash).toBeNull();
    target.dispatchEvent(Object.assign(new Event('error'), { error: new RangeError('in a click') }));
    expect(a.getState().crash).toMatchObject({ where: 'event', name: 'RangeError', message: 'in a click' });

    const b = createTestStore();
    const other = fakeWindow();
    bindCrashes(b, other.win);
    other.target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('in a promise') }));
    expect(b.getState().crash).toMatchObject({ where: 'async', message: 'in a promise' });

    const c = createTestStore();
    const third = fakeWindow();
    bindCrashes(c, third.win)();
    third.target.dispatchEvent(Object.assign(new Event('error'), { error: new Error('after unbind') }));
    expect(c.getState().crash).toBeNull();
  });
});
