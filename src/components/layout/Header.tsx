import { useTranslation } from 'react-i18next';
import { LanguageToggle } from '../controls/LanguageToggle';

export function Header() {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <div className="brand">
          <h1>{t('ui.appName')}</h1>
          <p className="tagline">{t('ui.tagline')}</p>
        </div>
        <LanguageToggle />
      </div>
    </header>
  );
}
