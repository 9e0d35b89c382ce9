import { memo, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';
import { SPEEDS } from '../../store/playback';
import { Icon } from './icons';

/** Steps worth a mark on the scrubber: a fault fired, a message became lost or duplicated. */
function useMarks(): { step: number; kind: 'fault' | 'lost' | 'duplicated' }[] {
  const steps = useLab((s) => s.timeline.steps);
  const ledger = useLab((s) => s.ledger);
  return useMemo(() => {
    const marks: { step: number; kind: 'fault' | 'lost' | 'duplicated' }[] = [];
    for (const s of steps) {
      if (s.events.some((e) => e.type === 'node.crashed' || (e.type === 'net.dropped' && e.reason === 'fault') || e.type === 'link.cut' || e.type === 'net.duplicated')) marks.push({ step: s.index, kind: 'fault' });
    }
    for (const m of ledger.messages) {
      if (m.duplicatedAt !== null) marks.push({ step: m.duplicatedAt, kind: 'duplicated' });
      if (m.lostAt !== null) marks.push({ step: m.lostAt, kind: 'lost' });
    }
    return marks;
  }, [steps, ledger]);
}

/** The marks under the scrubber: they change with the run, not with the cursor (a seek skips them). */
const Marks = memo(function Marks({ marks, last }: { marks: ReturnType<typeof useMarks>; last: number }) {
  return (
    <div className="marks" aria-hidden="true">
      {marks.map((m, i) => (
        <span key={i} className={`mark mark-${m.kind}`} style={{ left: `${last === 0 ? 0 : (m.step / last) * 100}%` }} />
      ))}
    </div>
  );
});

/** Play, pause, step, speed, back to the start, and a scrubber over the whole run (time travel). */
export function Transport({ onHelp }: { onHelp: () => void }) {
  const { t } = useTranslation();
  const cursor = useLab((s) => s.cursor);
  const last = useLab((s) => s.timeline.lastIndex);
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const { togglePlay, stepBack, stepForward, restart, seekEnd, seek, setSpeed } = labStore.getState();
  const marks = useMarks();
  const scrubberId = useId();
  const speedId = useId();
  return (
    <div className="transport" role="toolbar" aria-label={t('stage.controls.heading')}>
      <button type="button" data-testid="restart" onClick={restart} aria-label={t('stage.controls.restart')} title={t('stage.controls.restart')} disabled={cursor === 0}>
        <Icon name="start" />
      </button>
      <button type="button" data-testid="step-back" onClick={stepBack} aria-label={t('stage.controls.stepBack')} title={t('stage.controls.stepBack')} disabled={cursor === 0}>
        <Icon name="back" />
      </button>
      <button type="button" className="primary" data-testid="play" data-playing={playing ? 'true' : 'false'} onClick={togglePlay} aria-label={playing ? t('stage.controls.pause') : t('stage.controls.play')}>
        <Icon name={playing ? 'pause' : 'play'} /> <span className="label">{playing ? t('stage.controls.pause') : t('stage.controls.play')}</span>
      </button>
      <button type="button" data-testid="step-forward" onClick={stepForward} aria-label={t('stage.controls.stepForward')} title={t('stage.controls.stepForward')} disabled={cursor >= last}>
        <Icon name="forward" />
      </button>
      <button type="button" data-testid="seek-end" onClick={seekEnd} aria-label={t('stage.controls.end')} title={t('stage.controls.end')} disabled={cursor >= last}>
        <Icon name="end" />
      </button>
      <div className="scrubber">
        <label htmlFor={scrubberId} className="visually-hidden">
          {t('stage.controls.scrubber')}
        </label>
        <input
          id={scrubberId}
          type="range"
          min={0}
          max={last}
          step={1}
          value={cursor}
          data-testid="scrubber"
          aria-valuetext={t('stage.step', { step: cursor, last })}
          onChange={(e) => seek(Number(e.target.value))}
          onKeyDown={(e) => e.stopPropagation()}
        />
        <Marks marks={marks} last={last} />
      </div>
      <label htmlFor={speedId} className="speed-label">
        {t('stage.controls.speed')}
      </label>
      <select id={speedId} data-testid="speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      <button type="button" data-testid="help" onClick={onHelp} aria-label={t('stage.controls.help')} title={t('stage.controls.help')}>
        ?
      </button>
    </div>
  );
}
