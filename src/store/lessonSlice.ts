/**
 * The lesson slice: a bundled scenario's narrated steps, followed with Next and Back, its
 * predict-then-reveal questions, and presenter mode (fullscreen, large type, a blank screen). A
 * lesson reads the run the store already has; it never computes the simulation itself.
 */
import type { StateCreator } from 'zustand/vanilla';
import { resolveLesson, type ResolvedLessonStep, type Timeline } from '../engine';
import type { Source } from './run';
import type { LabState } from './state';

/** Steps a lesson's Next plays through (so packets are seen moving); a longer way is a jump. */
export const PLAY_THROUGH_MAX = 40;

export interface LessonView {
  /** The bundled scenario the lesson belongs to. */
  id: string;
  steps: readonly ResolvedLessonStep[];
  /** The narration shown, 0-based. */
  index: number;
  /** The learner's choice per narration with a question; -1: revealed without an answer. */
  answers: Readonly<Record<number, number>>;
  /** The source and run the lesson was resolved for: another selection closes it, a changed run is flagged. */
  source: Source;
  timeline: Timeline;
}

export interface LessonSlice {
  lesson: LessonView | null;
  /** Presenter mode: fullscreen, large type, high contrast, clicker keys. */
  presenting: boolean;
  /** The presenter blanked the screen (`b` or `.`). */
  blank: boolean;
  /** Opens a bundled scenario's lesson at a narration (default the first); resolves when it is shown or refused. */
  openLesson: (id: string, index?: number) => Promise<void>;
  /**
   * While the steps to the narration shown still play: goes straight to its step. Else reveals the
   * answer of an open question, else goes on to the next narration (playing the steps between).
   */
  lessonNext: () => void;
  /** The previous narration, at once (the stage goes back to its step). */
  lessonBack: () => void;
  lessonGo: (index: number) => void;
  /** The learner's answer to the question of the narration shown. */
  answerQuestion: (choice: number) => void;
  closeLesson: () => void;
  setPresenting: (on: boolean) => void;
  toggleBlank: () => void;
}

/** Whether the narration shown waits for an answer (Next reveals it first). */
export function awaitingAnswer(l: LessonView): boolean {
  return l.steps[l.index]?.question !== undefined && l.answers[l.index] === undefined;
}

export const createLessonSlice: StateCreator<LabState, [], [], LessonSlice> = (set, get) => {
  /** Shows narration `index`: a step back, or far ahead, is a jump; a few steps ahead are played. */
  const show = (index: number, animate: boolean) => {
    const l = get().lesson;
    if (!l) return;
    const at = Math.max(0, Math.min(index, l.steps.length - 1));
    const target = l.steps[at]!.step;
    set({ lesson: { ...l, index: at } });
    const s = get();
    const distance = target - s.cursor;
    if (!animate || distance <= 0 || distance > PLAY_THROUGH_MAX) {
      s.pause();
      s.seek(target);
    } else s.playTo(target);
  };
  return {
    lesson: null,
    presenting: false,
    blank: false,
    openLesson: async (id, index = 0) => {
      await get().selectScenario(id);
      const s = get();
      if (s.source.kind !== 'scenario' || s.source.id !== id) return;
      const lesson = s.scenario.lesson;
      if (!lesson) {
        set({ errors: [{ code: 'invalid-run', issues: [{ path: 'lesson', message: `the scenario "${id}" has no lesson` }] }] });
        return;
      }
      const r = resolveLesson(lesson, s.timeline.steps);
      if (!r.ok) {
        set({ errors: [{ code: 'invalid-run', issues: r.issues }] });
        return;
      }
      set({ lesson: { id, steps: r.steps, index: 0, answers: {}, source: s.source, timeline: s.timeline } });
      show(Number.isInteger(index) ? index : 0, false);
    },
    lessonNext: () => {
      const l = get().lesson;
      if (!l) return;
      const s = get();
      const here = l.steps[l.index]!.step;
      // Pressed again while the steps to this narration play: straight there.
      if (s.playing && s.stopAt === here) {
        s.pause();
        s.seek(here);
      } else if (awaitingAnswer(l)) set({ lesson: { ...l, answers: { ...l.answers, [l.index]: -1 } } });
      else if (l.index < l.steps.length - 1) show(l.index + 1, true);
      else show(l.index, false);
    },
    lessonBack: () => {
      const l = get().lesson;
      if (l) show(l.index - 1, false);
    },
    lessonGo: (index) => show(index, false),
    answerQuestion: (choice) => {
      const l = get().lesson;
      const q = l?.steps[l.index]?.question;
      if (!l || !q || l.answers[l.index] !== undefined || !Number.isInteger(choice) || choice < 0 || choice >= q.choices.length) return;
      set({ lesson: { ...l, answers: { ...l.answers, [l.index]: choice } } });
    },
    closeLesson: () => set({ lesson: null }),
    setPresenting: (on) => set({ presenting: on, blank: false }),
    toggleBlank: () => set({ blank: !get().blank }),
  };
};
