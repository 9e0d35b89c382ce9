import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLessonTexts } from './lessonTexts';
import { LESSON_GROUPS, localized } from '../../engine';
import { labStore, useLab } from '../../store';
import teaches from 'virtual:lesson-teaches';
import { useModal } from '../useModal';
import { DecisionFlow } from './DecisionFlow';

/**
 * Every bundled lesson, grouped by the guarantee it is about, each with what it teaches in one
 * line; the last group starts with the decision flow. A modal dialog (Escape closes it).
 */
export default function LessonIndex({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  ensureLessonTexts(i18n);
  const ref = useModal(open);
  const catalog = useLab((s) => s.catalog);
  const language = useLab((s) => s.language);
  const current = useLab((s) => s.lesson?.id);
  const groups = useMemo(
    () =>
      LESSON_GROUPS.map((group) => ({
        group,
        lessons: catalog.entries.filter((e) => e.lesson?.group === group).sort((a, b) => a.lesson!.order - b.lesson!.order || a.id.localeCompare(b.id)),
      })),
    [catalog],
  );
  const start = (id: string) => {
    onClose();
    void labStore.getState().openLesson(id);
  };
  return (
    <dialog ref={ref} className="lesson-index" data-testid="lesson-index" aria-labelledby="lesson-index-heading" onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <div className="lesson-index-head">
        <h2 id="lesson-index-heading">{t('lesson.index.heading')}</h2>
        <button type="button" data-testid="lesson-index-close" onClick={onClose}>
          {t('lesson.index.close')}
        </button>
      </div>
      <p className="muted">{t('lesson.index.intro')}</p>
      <div className="lesson-groups">
        {groups.map(({ group, lessons }) => (
          <section key={group} className={`lesson-group group-${group}`} aria-labelledby={`lesson-group-${group}`}>
            <h3 id={`lesson-group-${group}`}>{t(`lesson.index.groups.${group}`)}</h3>
            {group === 'choosing' && <DecisionFlow onOpen={onClose} />}
            <ol>
              {lessons.map((e) => (
                <li key={e.id}>
                  <button type="button" className="lesson-link" data-testid={`lesson-${e.id}`} aria-current={current === e.id ? 'true' : undefined} onClick={() => start(e.id)}>
                    <span className="lesson-title">{localized(e.title, language) ?? e.id}</span>
                    <span className="lesson-teaches">{teaches[e.id]?.[language]}</span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </dialog>
  );
}
