import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PRESET_NAMES } from '../../engine';
import { SEED_MAX, useLab, type LoadError } from '../../store';
import { sourceTitle } from '../text/scenarioText';

function tellError(t: TFunction, e: LoadError) {
  switch (e.code) {
    case 'unknown-preset':
      return t('ui.errors.unknownPreset', { value: e.value, presets: PRESET_NAMES.join(', ') });
    case 'unknown-scenario':
      return t('ui.errors.unknownScenario', { value: e.value });
    case 'scenario-unavailable':
      return t('ui.errors.scenarioUnavailable', { value: e.value });
    case 'bad-seed':
      return t('ui.errors.badSeed', { value: e.value, max: SEED_MAX });
    case 'bad-language':
      return t('ui.errors.badLanguage', { value: e.value });
    case 'two-sources':
      return t('ui.errors.twoSources');
    case 'invalid-run':
      return (
        <>
          {t('ui.errors.invalidRun')}
          <ul>
            {e.issues.map((i, k) => (
              <li key={k}>{t('ui.errors.issue', { path: i.path, message: i.message })}</li>
            ))}
          </ul>
        </>
      );
  }
}

/** Why the link (or an input) was not applied as given, and which valid run is on screen. */
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
