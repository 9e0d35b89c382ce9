import { useTranslation } from 'react-i18next';
import type { LessonQuestion } from '../../engine';
import { labStore, useLab } from '../../store';

/**
 * Predict, then reveal: the choices are buttons until one is picked (or Next reveals the answer);
 * then the right one is marked, with a check and in words (not by colour alone), and the
 * explanation follows (read out). Once answered, the focus goes to Next (`onAnswered`).
 */
export function Question({ question, answer, onAnswered }: { question: LessonQuestion; answer: number | undefined; onAnswered: () => void }) {
  const { t } = useTranslation();
  const language = useLab((s) => s.language);
  const answered = answer !== undefined;
  const right = question.choices[question.answer]![language];
  return (
    <fieldset className="lesson-question" data-testid="lesson-question" data-answered={answered ? 'true' : 'false'}>
      <legend>{t('lesson.panel.predict')}</legend>
      <p className="question-text">{question.text[language]}</p>
      <div className="choices" role="group">
        {question.choices.map((c, i) => {
          const mark = !answered ? '' : i === question.answer ? ' right' : i === answer ? ' picked' : '';
          return (
            <button
              key={i}
              type="button"
              className={`choice${mark}`}
              data-testid={`lesson-choice-${i}`}
              aria-pressed={answered ? i === answer : undefined}
              disabled={answered}
              onClick={() => {
                labStore.getState().answerQuestion(i);
                // The choices are disabled now: the focus goes on to Next rather than to the page's start.
                onAnswered();
              }}
            >
              {answered && i === question.answer && <span aria-hidden="true">✓ </span>}
              {answered && i === answer && i !== question.answer && <span aria-hidden="true">✕ </span>}
              {c[language]}
            </button>
          );
        })}
      </div>
      {answered && (
        <div className="question-reveal" data-testid="lesson-reveal" aria-live="polite">
          <p>
            <strong>{answer === question.answer ? t('lesson.panel.right') : answer === -1 ? t('lesson.panel.revealed', { answer: right }) : t('lesson.panel.wrong', { answer: right })}</strong>
          </p>
          <p>{question.explain[language]}</p>
        </div>
      )}
    </fieldset>
  );
}
