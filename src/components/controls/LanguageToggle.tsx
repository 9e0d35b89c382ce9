import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n';
import { useLab } from '../../store';

/** KO / EN: switches the page's language; the run stays as it is. */
export function LanguageToggle() {
  const { t } = useTranslation();
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
          onClick={() => setLanguage(lng)}
        >
          {lng.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
