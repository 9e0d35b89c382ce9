/**
 * How a source is named and described in the current language. Presets are described in the
 * i18n catalogs; a bundled scenario brings its own English title and description, and the
 * catalog may hold a translation under `ui.scenarioText.<id>`.
 */
import type { TFunction } from 'i18next';
import type { Scenario } from '../../engine';
import type { Source } from '../../store';

export function sourceTitle(t: TFunction, source: Source, scenario?: Scenario): string {
  if (source.kind === 'preset') return t(`ui.presets.${source.name}.title`);
  return t(`ui.scenarioText.${source.id}.title`, { defaultValue: scenario?.title ?? source.id });
}

export function sourceDescription(t: TFunction, source: Source, scenario?: Scenario): string {
  if (source.kind === 'preset') return t(`ui.presets.${source.name}.description`);
  return t(`ui.scenarioText.${source.id}.description`, { defaultValue: scenario?.description ?? '' });
}
