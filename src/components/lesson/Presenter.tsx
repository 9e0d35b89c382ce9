import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureLessonTexts } from './lessonTexts';
import { labStore, useLab } from '../../store';
import { openNotesWindow, setPresenter } from './presenterMode';

/**
 * Presenter mode: the page in large type and high contrast (a class on <html>), a bar with the
 * notes window and the way out, the keys a clicker sends, and the blank screen.
 */
export default function Presenter() {
  const { t, i18n } = useTranslation();
  ensureLessonTexts(i18n);
  const presenting = useLab((s) => s.presenting);
  const blank = useLab((s) => s.blank);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
    return () => document.documentElement.classList.remove('presenting');
  }, [presenting]);
  if (!presenting) return null;
  return (
    <>
      <div className="presenter-bar" data-testid="presenter-bar">
        <span className="presenter-keys">{t('lesson.presenter.keys')}</span>
        {blocked && <span role="alert">{t('lesson.presenter.notesBlocked')}</span>}
        <button type="button" data-testid="open-notes" onClick={() => setBlocked(!openNotesWindow())}>
          {t('lesson.presenter.notes')}
        </button>
        <button type="button" data-testid="presenter-exit" onClick={() => setPresenter(false)}>
          {t('lesson.presenter.exit')}
        </button>
      </div>
      {blank && (
        <div className="blank-screen" data-testid="blank-screen" role="status" onClick={() => labStore.getState().toggleBlank()}>
          <span>{t('lesson.presenter.blanked')}</span>
        </div>
      )}
    </>
  );
}
