import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';
import { sourceTitle } from '../text/scenarioText';
import { tellError } from './loadErrorText';

/** Why the link (or a file, or an input) was not applied as given, and which valid run is on screen. Every value quoted is React text. */
export function LoadErrorAlert() {
  const { t } = useTranslation();
  const errors = useLab((s) => s.errors);
  const language = useLab((s) => s.language);
  const source = useLab((s) => s.source);
  const scenario = useLab((s) => s.scenario);
  const seed = useLab((s) => s.seed);
  const dismiss = useLab((s) => s.dismissErrors);
  if (errors.length === 0) return null;
  return (
    <div className="alert" role="alert" data-testid="load-error">
      <div>
        <h2>{t('ui.errors.heading')}</h2>
        <ul>
          {errors.map((e, i) => (
            <li key={i}>{tellError(t, e)}</li>
          ))}
        </ul>
        <p>{t('ui.errors.showing', { title: sourceTitle(t, language, source, scenario), seed })}</p>
      </div>
      <button type="button" className="secondary" onClick={dismiss}>
        {t('ui.errors.dismiss')}
      </button>
    </div>
  );
}
