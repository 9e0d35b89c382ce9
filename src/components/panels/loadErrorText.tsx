/**
 * A LoadError in words, in the current language: every value quoted from a link, a file or the
 * storage is React text (never markup). Its own module so that the fuzz tests can render every
 * error in both languages (fuzz.test.tsx).
 */
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { PRESET_NAMES, type Issue } from '../../engine';
import { LANE_CHOICES } from '../../store/compareSlice';
import type { LoadError } from '../../store/errors';
import { SEED_MAX } from '../../store/url';

/** One LoadError as a message (a string, or a message followed by the schema's issues). */
export function tellError(t: TFunction, e: LoadError): ReactNode {
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
      return <Issues intro={t('ui.errors.invalidRun')} issues={e.issues} t={t} />;
    case 'several-sources':
      return t('share.errors.severalSources');
    case 'bad-link-part':
      return t('share.errors.badLinkPart', { part: t(`share.parts.${e.part}`), problem: t(`share.partProblems.${e.problem}`) });
    case 'link-part-invalid':
      return <Issues intro={t('share.errors.linkPartInvalid', { part: capitalized(t(`share.parts.${e.part}`)) })} issues={e.issues} t={t} />;
    case 'bad-step':
      return t('share.errors.badStep', { value: e.value });
    case 'bad-compare':
      return t('compare.errors.bad', { value: e.value, why: t(`compare.errors.${e.why}`, { names: LANE_CHOICES.join(', ') }) });
    case 'bad-lesson':
      return t('share.errors.badLesson', { value: e.value, why: t(`share.errors.lessonWhy.${e.why}`) });
    case 'step-past-end':
      return t('share.errors.stepPastEnd', { step: e.step, last: e.last });
    case 'run-too-large':
      return t('share.errors.runTooLarge', { messages: e.messages, max: e.max });
    case 'run-too-long':
      return t('robust.errors.runTooLong', { max: e.max });
    case 'long-run-no-faults':
      return t('share.errors.longRunNoFaults');
    case 'file-too-large':
      return t('share.errors.fileTooLarge', { name: e.name, size: e.size, max: e.max });
    case 'file-unreadable':
      return t('share.errors.fileUnreadable', { name: e.name });
    case 'file-not-json':
      return t('share.errors.fileNotJson', { name: e.name, message: e.message });
    case 'file-invalid':
      return <Issues intro={t('share.errors.fileInvalid', { name: e.name })} issues={e.issues} t={t} />;
  }
}

/** A message followed by the schema's issues, each naming its field. */
function Issues({ intro, issues, t }: { intro: string; issues: readonly Issue[]; t: TFunction }) {
  return (
    <>
      {intro}
      <ul>
        {issues.map((i, k) => (
          <li key={k}>{t('ui.errors.issue', { path: i.path, message: i.message })}</li>
        ))}
      </ul>
    </>
  );
}

/** English starts a sentence with a capital; Korean has none, so this is the same text there. */
const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);
