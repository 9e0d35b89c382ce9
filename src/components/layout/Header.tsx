import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';
import { LanguageToggle } from '../controls/LanguageToggle';
import { setPresenter } from '../lesson/presenterMode';

/** The lab's name, the lessons, presenter mode and the language. */
export function Header({ onLessons }: { onLessons: () => void }) {
  const { t } = useTranslation();
  const presenting = useLab((s) => s.presenting);
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
