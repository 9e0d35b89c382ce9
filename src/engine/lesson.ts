/**
 * A scenario's lesson: the narrated steps a learner follows (Next / Back) and a teacher presents.
 * Each narration is anchored to a step of the run, given by number or, better, by an event of the
 * trace ("the 2nd broker.appended", "the first net.dropped of a ProduceResponse"), so a lesson
 * stays right when an engine change moves the step numbers. Plain data, validated with zod like
 * the rest of the scenario file; `resolveLesson` finds each anchor's step in a finished run.
 */
import { array, enum as oneOf, int as integer, literal, maxLength, maximum, minLength, minimum, optional, refine, regex, string, strictObject, union, _default, type output } from 'zod/mini';
import type { MessageKind, Step, TraceEvent } from './types';

const int = (min: number, max: number) => integer().check(minimum(min), maximum(max));
const text = (min: number, max: number) => string().check(minLength(min), maxLength(max));
/** Narration is in both languages: a lesson is for Korean and English classrooms alike. */
const both = (max: number) => strictObject({ en: text(1, max), ko: text(1, max) });

/** The three guarantees a lesson teaches, and choosing between them. */
export const LESSON_GROUPS = ['at-most-once', 'at-least-once', 'exactly-once', 'choosing'] as const;
export type LessonGroup = (typeof LESSON_GROUPS)[number];

/** Where a narration shows: the run's first or last step, a step by number, or the step with the nth matching event. */
const anchor = union([
  literal('start'),
  literal('end'),
  strictObject({ step: int(0, 10_000_000) }),
  strictObject({
    event: string().check(regex(/^[a-z]+\.[a-zA-Z]+$/, 'a trace event type, like "broker.appended"')),
    nth: _default(int(1, 100_000), 1),
    /** Only events about this message (messageId, messageIds or records). */
    message: optional(text(1, 64)),
    /** Only network events of this kind (ProduceResponse, ...). */
    kind: optional(text(1, 64)),
  }),
]);

const question = strictObject({
  text: both(300),
  choices: array(both(160)).check(minLength(2), maxLength(6)),
  /** The right choice, 0-based. */
  answer: int(0, 5),
  /** Shown once the learner has answered. */
  explain: both(800),
}).check(refine((q) => q.answer < q.choices.length, { message: 'answer must be the index of one of the choices', path: ['answer'] }));

const lessonStep = strictObject({
  at: anchor,
  text: both(1200),
  /** For the presenter's notes window. */
  notes: optional(both(2000)),
  /** Nodes to draw attention to (ids: producer, broker, consumer-2, ...). */
  nodes: optional(array(text(1, 32)).check(maxLength(12))),
  /** Messages to draw attention to: their packets on the stage and their ledger rows. */
  messages: optional(array(text(1, 64)).check(maxLength(20))),
  /** Predict, then reveal: asked at this step, before the run shows the answer. */
  question: optional(question),
});

export const lessonSchema = strictObject({
  group: oneOf(LESSON_GROUPS),
  /** Position in its group of the lesson index. */
  order: _default(int(0, 1000), 100),
  /** What the lesson teaches, in one line. */
  teaches: both(240),
  steps: array(lessonStep).check(minLength(1), maxLength(80)),
});

export type Lesson = output<typeof lessonSchema>;
export type LessonStep = Lesson['steps'][number];
export type LessonAnchor = LessonStep['at'];
export type LessonQuestion = NonNullable<LessonStep['question']>;

/** A lesson step with the run's step it shows. */
export interface ResolvedLessonStep extends LessonStep {
  step: number;
}

export type ResolvedLesson = { ok: true; steps: ResolvedLessonStep[] } | { ok: false; issues: { path: string; message: string }[] };

/** The message ids an event is about. */
function messagesOf(e: TraceEvent): readonly string[] {
  const r = e as { messageId?: unknown; messageIds?: unknown; records?: unknown };
  if (typeof r.messageId === 'string') return [r.messageId];
  if (Array.isArray(r.messageIds)) return r.messageIds as string[];
  if (Array.isArray(r.records)) return (r.records as { messageId?: string }[]).flatMap((x) => (typeof x.messageId === 'string' ? [x.messageId] : []));
  return [];
}

function kindOf(e: TraceEvent): MessageKind | undefined {
  if (e.type === 'net.sent') return e.msg.kind;
  const k = (e as { kind?: unknown }).kind;
  return typeof k === 'string' ? (k as MessageKind) : undefined;
}

/** The step holding the anchor's event, or null when the run has no such event. */
export function anchorStep(a: LessonAnchor, steps: readonly Step[]): number | null {
  if (a === 'start') return 0;
  if (a === 'end') return steps.length - 1;
  if ('step' in a) return a.step < steps.length ? a.step : null;
  let seen = 0;
  for (const s of steps) {
    for (const e of s.events) {
      if (e.type !== a.event) continue;
      if (a.message !== undefined && !messagesOf(e).includes(a.message)) continue;
      if (a.kind !== undefined && kindOf(e) !== a.kind) continue;
      if (++seen === a.nth) return s.index;
    }
  }
  return null;
}

/** Finds every narration's step; an anchor the run does not have, or a step before the previous one, is an issue. */
export function resolveLesson(lesson: Lesson, steps: readonly Step[]): ResolvedLesson {
  const out: ResolvedLessonStep[] = [];
  const issues: { path: string; message: string }[] = [];
  lesson.steps.forEach((s, i) => {
    const step = anchorStep(s.at, steps);
    if (step === null) {
      issues.push({ path: `lesson.steps[${i}].at`, message: `this run has no such step: ${JSON.stringify(s.at)}` });
      return;
    }
    const before = out[out.length - 1];
    if (before && step < before.step) issues.push({ path: `lesson.steps[${i}].at`, message: `step ${step} comes before the previous narration's step ${before.step}` });
    out.push({ ...s, step });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, steps: out };
}
