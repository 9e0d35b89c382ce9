import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEED_MAX, parseSeed, useLab } from '../../store';

/**
 * The seed: each valid value re-runs at once (runs are small). What is typed stays in the field
 * while it is not a valid seed yet; every new run shows the seed it used.
 */
export function SeedInput() {
  const { t } = useTranslation();
  const seed = useLab((s) => s.seed);
  const seedMatters = useLab((s) => s.seedMatters);
  const setSeed = useLab((s) => s.setSeed);
  const timeline = useLab((s) => s.timeline);
  const [draft, setDraft] = useState(String(seed));
  const [shownRun, setShownRun] = useState(timeline);
  if (timeline !== shownRun) {
    // A new run (another scenario, the URL, this field): show the seed it really used.
    setShownRun(timeline);
    setDraft(String(seed));
  }
  const id = useId();
  const valid = parseSeed(draft) !== null;

  return (
    <div className="field seed-field">
      <label htmlFor={id}>{t('ui.picker.seed')}</label>
      <input
        id={id}
        data-testid="seed-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        aria-invalid={!valid}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value);
          const n = parseSeed(e.target.value);
          if (n !== null && n !== seed) setSeed(n);
        }}
      />
      <p id={`${id}-hint`} className={valid ? 'hint' : 'hint invalid'}>
        {valid ? (seedMatters ? t('ui.picker.seedHint', { max: SEED_MAX }) : t('ui.picker.seedUnused')) : t('ui.picker.seedInvalid', { max: SEED_MAX })}
      </p>
    </div>
  );
}
