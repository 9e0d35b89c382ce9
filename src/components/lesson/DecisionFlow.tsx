import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';

type Guarantee = 'at-most-once' | 'at-least-once' | 'exactly-once';

/** The lesson that runs each recommendation (src/scenarios/choose-*.json). */
const LESSON_OF: Record<Guarantee, string> = {
  'at-most-once': 'choose-logs-at-most-once',
  'at-least-once': 'choose-orders-at-least-once-idempotent',
  'exactly-once': 'choose-payments-exactly-once',
};

/**
 * The seeds' decision flow: is loss acceptable? (yes: at most once) are duplicates acceptable?
 * (yes: at least once, with an idempotent consumer; no: exactly once), with the settings each
 * needs and the lesson that runs them.
 */
export function DecisionFlow({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const catalog = useLab((s) => s.catalog);
  const [loss, setLoss] = useState<boolean | null>(null);
  const [dup, setDup] = useState<boolean | null>(null);
  const result: Guarantee | null = loss === true ? 'at-most-once' : loss === false && dup !== null ? (dup ? 'at-least-once' : 'exactly-once') : null;
  const lesson = result && catalog.entries.some((e) => e.id === LESSON_OF[result]) ? LESSON_OF[result] : null;
  const answer = (value: boolean | null, set: (v: boolean) => void, name: string) => (
    <span className="yes-no">
      {([true, false] as const).map((v) => (
        <button key={String(v)} type="button" data-testid={`decision-${name}-${v ? 'yes' : 'no'}`} aria-pressed={value === v} onClick={() => set(v)}>
          {t(v ? 'lesson.decision.yes' : 'lesson.decision.no')}
        </button>
      ))}
    </span>
  );
  return (
    <div className="decision-flow" data-testid="decision-flow">
      <h4>{t('lesson.decision.heading')}</h4>
      <p className="muted">{t('lesson.decision.intro')}</p>
      <ol>
        <li>
          {t('lesson.decision.lossQuestion')} {answer(loss, (v) => (setLoss(v), setDup(null)), 'loss')}
        </li>
        {loss === false && (
          <li>
            {t('lesson.decision.dupQuestion')} {answer(dup, setDup, 'dup')}
          </li>
        )}
      </ol>
      {result && (
        <div className="decision-result" data-testid="decision-result" data-guarantee={result} aria-live="polite">
          <p>{t(`lesson.decision.result.${result}`)}</p>
          <div className="row">
            {lesson && (
              <button
                type="button"
                className="primary"
                data-testid="decision-run"
                onClick={() => {
                  onOpen();
                  void labStore.getState().openLesson(lesson);
                }}
              >
                {t('lesson.decision.run')}
              </button>
            )}
            <button type="button" className="quiet" onClick={() => (setLoss(null), setDup(null))}>
              {t('lesson.decision.again')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
