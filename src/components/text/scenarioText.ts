/**
 * How a source is named and described in the current language: presets from the i18n catalogs, a
 * bundled scenario from its own file (title and description as `{ en, ko }`, or one string).
 */
import type { TFunction } from 'i18next';
import { localized, type Scenario } from '../../engine';
import type { Language } from '../../i18n';
import type { Source } from '../../store';

export function sourceTitle(t: TFunction, lang: Language, source: Source, scenario?: Scenario): string {
  if (source.kind === 'preset') return t(`ui.presets.${source.name}.title`);
  return localized(scenario?.title, lang) ?? (source.kind === 'scenario' ? source.id : t('ui.picker.custom'));
}

export function sourceDescription(t: TFunction, lang: Language, source: Source, scenario?: Scenario): string {
  if (source.kind === 'preset') return t(`ui.presets.${source.name}.description`);
  return localized(scenario?.description, lang) ?? '';
}
