import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLessonTexts } from './lessonTexts';
import { localized } from '../../engine';
import { awaitingAnswer, labStore, useLab } from '../../store';
import { setPresenter } from './presenterMode';
import { Question } from './Question';

/**
 * The open lesson beside the stage: where it is (narration n of N, a progress bar), the narration
 * in the current language, its question, and Back / Next. Everything it shows is the scenario's
 * text as plain text.
 */
export default function LessonPanel() {
  const { t, i18n } = useTranslation();
  ensureLessonTexts(i18n);
  const lesson = useLab((s) => s.lesson);
  const language = useLab((s) => s.language);
  const cursor = useLab((s) => s.cursor);
  const timeline = useLab((s) => s.timeline);
  const title = useLab((s) => s.scenario.title);
  const presenting = useLab((s) => s.presenting);
  const playingTo = useLab((s) => (s.playing ? s.stopAt : null));
  const { lessonNext, lessonBack, closeLesson, openLesson, seek } = labStore.getState();
  // A lesson just opened (from the index, which gives the focus back to its opener) starts with
  // the focus on Next, so the keyboard goes on from where the lesson is.
  const next = useRef<HTMLButtonElement>(null);
  const lessonId = lesson?.id;
  useEffect(() => {
    if (lessonId !== undefined && !typingIn(document.activeElement)) next.current?.focus();
  }, [lessonId]);
  if (!lesson) return null;
  const step = lesson.steps[lesson.index]!;
  const last = lesson.index === lesson.steps.length - 1;
  const waiting = awaitingAnswer(lesson);
  const changed = lesson.timeline !== timeline;
  // The last narration, its question answered: Next has nowhere to go (nor Back at the first). Not
  // `disabled`, which would drop the focus of a keyboard user who just pressed it: aria-disabled.
  const ended = last && !waiting;
  return (
    <section className="panel lesson-panel" data-testid="lesson-panel" data-index={lesson.index} data-step={step.step} aria-labelledby="lesson-heading">
      <div className="lesson-top">
        <h2 id="lesson-heading">{localized(title, language) ?? lesson.id}</h2>
        <div className="lesson-meta">
          <span className="lesson-progress" data-testid="lesson-progress">
            {t('lesson.panel.progress', { index: lesson.index + 1, count: lesson.steps.length })} · {t('lesson.panel.stepOf', { step: step.step })}
          </span>
          <progress max={lesson.steps.length} value={lesson.index + 1} aria-hidden="true" />
        </div>
        <div className="lesson-nav">
          <button type="button" data-testid="lesson-back" onClick={lessonBack} aria-disabled={lesson.index === 0 ? 'true' : undefined}>
            ← {t('lesson.panel.back')}
          </button>
          <button type="button" ref={next} className="primary" data-testid="lesson-next" onClick={() => ended || lessonNext()} aria-disabled={ended ? 'true' : undefined}>
            {waiting ? t('lesson.panel.reveal') : last ? t('lesson.panel.finish') : t('lesson.panel.next')} →
          </button>
          {!presenting && (
            <button type="button" className="quiet" data-testid="present" onClick={() => setPresenter(true)}>
              {t('lesson.panel.present')}
            </button>
          )}
        </div>
        <button type="button" className="quiet" data-testid="lesson-close" onClick={closeLesson}>
          {t('lesson.panel.close')}
        </button>
      </div>
      {/* The narration is read out when it changes. */}
      <p className="lesson-text" data-testid="lesson-text" aria-live="polite">
        {step.text[language]}
      </p>
      {step.question && <Question key={lesson.index} question={step.question} answer={lesson.answers[lesson.index]} onAnswered={() => next.current?.focus()} />}
      {ended && !changed && (
        <p className="lesson-note lesson-end" data-testid="lesson-end" role="status">
          {t('lesson.panel.ended')}
        </p>
      )}
      {changed && (
        <p className="lesson-note" data-testid="lesson-changed">
          {t('lesson.panel.changed')}{' '}
          <button type="button" className="link-button" onClick={() => void openLesson(lesson.id, lesson.index)}>
            {t('lesson.panel.backToLesson')}
          </button>
        </p>
      )}
      {!changed && cursor !== step.step && playingTo !== step.step && (
        <p className="lesson-note" data-testid="lesson-elsewhere">
          {t('lesson.panel.elsewhere', { now: cursor, step: step.step })}{' '}
          <button type="button" className="link-button" onClick={() => seek(step.step)}>
            {t('lesson.panel.showStep', { step: step.step })}
          </button>
        </p>
      )}
    </section>
  );
}

/** A text field keeps its focus (someone typing a seed is not moved to the lesson). */
function typingIn(el: Element | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));
}
