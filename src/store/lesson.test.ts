/** The lesson slice: Next plays to the next narration, Back really goes back, questions are answered before they are revealed. */
import { describe, expect, it } from 'vitest';
import { anchorStep } from '../engine';
import { awaitingAnswer } from './lessonSlice';
import { applyLink, openLinkedLesson } from './presenterPage';
import { linkSearch } from './share';
import { createTestStore } from './testing';

/** Runs the player until it stops of itself (at most `frames` frames of 50 ms). */
function playOut(store: ReturnType<typeof createTestStore>, frames = 5000) {
  for (let i = 0; i < frames && store.getState().playing; i++) store.getState().tick(50);
}

describe('lessons', () => {
  it('opens at its first narration, with the stage at its step', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    const s = store.getState();
    expect(s.source).toEqual({ kind: 'scenario', id: 'alo-lost-ack' });
    expect(s.lesson?.index).toBe(0);
    expect(s.cursor).toBe(s.lesson!.steps[0]!.step);
  });

  it('Next plays the steps up to the next narration and stops there; Back jumps back', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    const steps = store.getState().lesson!.steps;
    store.getState().lessonNext();
    expect(store.getState().lesson!.index).toBe(1);
    // 29 steps ahead: played, not jumped.
    expect(store.getState().playing).toBe(true);
    playOut(store);
    expect(store.getState().cursor).toBe(steps[1]!.step);
    expect(store.getState().playing).toBe(false);
    store.getState().lessonBack();
    expect(store.getState().lesson!.index).toBe(0);
    expect(store.getState().cursor).toBe(steps[0]!.step);
  });

  it('Next pressed again while playing goes straight to the narration', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    store.getState().lessonNext();
    store.getState().tick(50);
    store.getState().lessonNext();
    const s = store.getState();
    // Narration 2 is the lost ack: a question, so this Next only jumped (no reveal yet).
    expect(s.playing).toBe(false);
    expect(s.cursor).toBe(s.lesson!.steps[s.lesson!.index]!.step);
  });

  it('a question is answered once; Next reveals an unanswered one before going on', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    const q = store.getState().lesson!.steps.findIndex((x) => x.question);
    store.getState().lessonGo(q);
    const l = store.getState().lesson!;
    expect(awaitingAnswer(l)).toBe(true);
    store.getState().answerQuestion(99);
    expect(store.getState().lesson!.answers[q]).toBeUndefined();
    store.getState().answerQuestion(0);
    store.getState().answerQuestion(1);
    expect(store.getState().lesson!.answers[q]).toBe(0);
    expect(awaitingAnswer(store.getState().lesson!)).toBe(false);

    const next = store.getState().lesson!.steps.findIndex((x, i) => i > q && x.question);
    store.getState().lessonGo(next);
    store.getState().lessonNext();
    expect(store.getState().lesson!.index).toBe(next);
    expect(store.getState().lesson!.answers[next]).toBe(-1);
    store.getState().lessonNext();
    expect(store.getState().lesson!.index).toBe(next + 1);
  });

  it('the question is asked before the run shows its answer', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    const s = store.getState();
    const asked = s.lesson!.steps.find((x) => x.text.en.startsWith('Without idempotence'))!;
    const secondRow = anchorStep({ event: 'sink.applied', message: 'm2', nth: 2 }, s.timeline.steps)!;
    expect(asked.question).toBeDefined();
    expect(asked.step).toBeLessThan(secondRow);
  });

  it('another selection ends the lesson; a changed run keeps it', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack');
    store.getState().addFault({ type: 'drop', message: 'ProduceRequest', nth: 1 });
    expect(store.getState().lesson).not.toBeNull();
    expect(store.getState().lesson!.timeline).not.toBe(store.getState().timeline);
    store.getState().selectPreset('exactly-once');
    expect(store.getState().lesson).toBeNull();
  });

  it('a scenario without a lesson is refused with a message, and the run is kept', async () => {
    const store = createTestStore();
    await store.getState().openLesson('nonexistent');
    expect(store.getState().lesson).toBeNull();
    expect(store.getState().errors.length).toBeGreaterThan(0);
  });

  it('a link holds the narration shown, and opens the lesson there', async () => {
    const store = createTestStore();
    await store.getState().openLesson('alo-lost-ack', 2);
    const search = linkSearch(store.getState());
    expect(search).toMatch(/[?&]scenario=alo-lost-ack&.*lesson=3/);
    const other = createTestStore();
    await other.getState().loadFromUrl(search);
    expect(await openLinkedLesson(other, search)).toBe(true);
    expect(other.getState().lesson?.index).toBe(2);
    expect(other.getState().cursor).toBe(store.getState().cursor);
    // A run changed by the user is shared as that run, without the lesson.
    store.getState().addFault({ type: 'drop', message: 'ProduceRequest', nth: 1 });
    expect(linkSearch(store.getState())).not.toMatch(/lesson=/);
  });

  it('a bad lesson in a link is reported and the run is kept', async () => {
    for (const [search, why] of [
      ['?scenario=alo-lost-ack&lesson=zero', 'number'],
      ['?scenario=alo-lost-ack&lesson=0', 'number'],
      ['?preset=at-least-once&lesson=1', 'source'],
    ] as const) {
      const store = createTestStore();
      await store.getState().loadFromUrl(search);
      const hash = store.getState().traceHash;
      await openLinkedLesson(store, search);
      expect(store.getState().lesson).toBeNull();
      expect(store.getState().errors).toContainEqual(expect.objectContaining({ code: 'bad-lesson', why }));
      expect(store.getState().traceHash).toBe(hash);
    }
    // The fuzzer's counterexample: the link's scenario is refused, so its lesson is not the lesson of the run still shown.
    const shown = createTestStore({ search: '?scenario=amo-lost-request' });
    const source = shown.getState().source;
    await applyLink(shown, '?constructor=amo-lost-request&scenario=__proto__&lesson=2');
    expect(shown.getState().lesson).toBeNull();
    expect(shown.getState().source).toBe(source);
    expect(shown.getState().errors).toEqual([{ code: 'unknown-scenario', value: '__proto__' }, { code: 'bad-lesson', value: '2', why: 'source' }]);

    const store = createTestStore();
    await store.getState().loadFromUrl('?scenario=alo-lost-ack&lesson=99');
    await openLinkedLesson(store, '?scenario=alo-lost-ack&lesson=99');
    expect(store.getState().lesson?.index).toBe(store.getState().lesson!.steps.length - 1);
  });
});
