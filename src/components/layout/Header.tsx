import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';
import { LanguageToggle } from '../controls/LanguageToggle';
import { setPresenter } from '../lesson/presenterMode';

/** The lab's name, the lessons, side by side, presenter mode and the language. */
export function Header({ onLessons }: { onLessons: () => void }) {
  const { t } = useTranslation();
  const presenting = useLab((s) => s.presenting);
  const comparing = useLab((s) => s.compare !== null);
  const openCompare = useLab((s) => s.openCompare);
  const closeCompare = useLab((s) => s.closeCompare);
  // Leaving side by side gives the focus back to its button.
  const compareButton = useRef<HTMLButtonElement>(null);
  const wasComparing = useRef(comparing);
  useEffect(() => {
    if (wasComparing.current && !comparing) compareButton.current?.focus();
    wasComparing.current = comparing;
  }, [comparing]);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <div className="brand">
          <h1>{t('ui.appName')}</h1>
          <p className="tagline">{t('ui.tagline')}</p>
        </div>
        <div className="header-actions">
          <button type="button" className="header-button" data-testid="open-lessons" onClick={onLessons}>
            {t('lesson.index.open')}
          </button>
          <button type="button" className="header-button" data-testid="side-by-side" ref={compareButton} aria-pressed={comparing} onClick={() => (comparing ? closeCompare() : openCompare())}>
            {t('compare.open')}
          </button>
          {!presenting && (
            <button type="button" className="header-button" data-testid="enter-presenter" onClick={() => setPresenter(true)}>
              {t('lesson.presenter.enter')}
            </button>
          )}
          <LanguageToggle />
        </div>
      </div>
    </header>
  );
}
