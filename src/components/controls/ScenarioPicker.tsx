import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESET_NAMES, localized } from '../../engine';
import { useLab, type Source } from '../../store';
import { sourceTitle } from '../text/scenarioText';
import { SeedInput } from './SeedInput';

const valueOf = (s: Source) => (s.kind === 'preset' ? `preset:${s.name}` : s.kind === 'scenario' ? `scenario:${s.id}` : 'custom:');

/** Which run to show: a preset or a bundled scenario, and its seed. */
export function ScenarioPicker() {
  const { t } = useTranslation();
  const id = useId();
  const language = useLab((s) => s.language);
  const source = useLab((s) => s.source);
  const catalog = useLab((s) => s.catalog);
  const pending = useLab((s) => s.pendingScenario);
  const scenario = useLab((s) => s.scenario);
  const selectPreset = useLab((s) => s.selectPreset);
  const selectScenario = useLab((s) => s.selectScenario);

  const onChange = (value: string) => {
    const [kind, name] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'preset') selectPreset(name);
    else if (kind === 'scenario') selectScenario(name);
  };

  return (
    <div className="picker-controls">
      <div className="field source-field">
        <label htmlFor={id}>{t('ui.picker.source')}</label>
        <select id={id} data-testid="source-select" value={pending !== null ? `scenario:${pending}` : valueOf(source)} aria-busy={pending !== null} onChange={(e) => onChange(e.target.value)}>
          <optgroup label={t('ui.picker.presets')}>
            {PRESET_NAMES.map((name) => (
              <option key={name} value={`preset:${name}`}>
                {sourceTitle(t, language, { kind: 'preset', name })}
              </option>
            ))}
          </optgroup>
          {source.kind === 'custom' && <option value="custom:">{sourceTitle(t, language, source, scenario)}</option>}
          {catalog.entries.length > 0 && (
            <optgroup label={t('ui.picker.scenarios')}>
              {catalog.entries.map((e) => (
                <option key={e.id} value={`scenario:${e.id}`}>
                  {localized(e.title, language) ?? e.id}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <SeedInput />
    </div>
  );
}
