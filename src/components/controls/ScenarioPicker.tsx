import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESET_NAMES, localized } from '../../engine';
import { useLab, type Source } from '../../store';
import { sourceTitle } from '../text/scenarioText';
import { SeedInput } from './SeedInput';

const valueOf = (s: Source) => (s.kind === 'preset' ? `preset:${s.name}` : s.kind === 'scenario' ? `scenario:${s.id}` : 'custom:');

/** Which run to show: a preset, a bundled scenario or one of the user's own (kept in the browser), and its seed. */
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
  const library = useLab((s) => s.library);
  const openedSaved = useLab((s) => s.openedSaved);
  const openSaved = useLab((s) => s.openSaved);
  // A saved scenario opened (and still saved) shows as itself; any other custom run as "your scenario".
  const mine = source.kind === 'custom' && openedSaved && source.input === openedSaved.input && library.some((e) => e.id === openedSaved.id) ? openedSaved.id : null;
  const value = pending !== null ? `scenario:${pending}` : mine !== null ? `mine:${mine}` : valueOf(source);

  const onChange = (value: string) => {
    const [kind, name] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'preset') selectPreset(name);
    else if (kind === 'scenario') selectScenario(name);
    else if (kind === 'mine') openSaved(name);
  };

  return (
    <div className="picker-controls">
      <div className="field source-field">
        <label htmlFor={id}>{t('ui.picker.source')}</label>
        <select id={id} data-testid="source-select" value={value} aria-busy={pending !== null} onChange={(e) => onChange(e.target.value)}>
          <optgroup label={t('ui.picker.presets')}>
            {PRESET_NAMES.map((name) => (
              <option key={name} value={`preset:${name}`}>
                {sourceTitle(t, language, { kind: 'preset', name })}
              </option>
            ))}
          </optgroup>
          {source.kind === 'custom' && mine === null && <option value="custom:">{sourceTitle(t, language, source, scenario)}</option>}
          {library.length > 0 && (
            <optgroup label={t('share.picker.mine')} data-testid="picker-mine">
              {library.map((e) => (
                <option key={e.id} value={`mine:${e.id}`}>
                  {e.name}
                </option>
              ))}
            </optgroup>
          )}
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
