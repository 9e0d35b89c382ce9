import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n';
import { switchLanguage } from '../../i18n/lazy';
import { useLab } from '../../store';

/**
 * KO / EN: switches the page's language; the run stays as it is. The other language's texts are
 * fetched on the first switch; until they are in, the page stays as it is (and if they cannot be
 * fetched, it stays: the next click tries again).
 */
export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const language = useLab((s) => s.language);
  const setLanguage = useLab((s) => s.setLanguage);
  return (
    <div className="lang-toggle" role="group" aria-label={t('ui.language.label')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          data-testid={`lang-${lng}`}
          aria-pressed={language === lng}
          aria-label={`${lng.toUpperCase()} – ${t(`ui.language.${lng}`)}`}
          title={t(`ui.language.${lng}`)}
          onClick={() => void switchLanguage(i18n, lng, setLanguage)}
        >
          {lng.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
