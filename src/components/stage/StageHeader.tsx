import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';

/** Where the stage is: the step, its virtual time, and a wait with nothing on the wire (skipped while playing). */
export function StageHeader() {
  const { t } = useTranslation();
  const cursor = useLab((s) => s.cursor);
  const last = useLab((s) => s.timeline.lastIndex);
  const time = useLab((s) => s.timeline.steps[s.cursor]!.time);
  const nextTime = useLab((s) => s.timeline.steps[s.cursor + 1]?.time ?? null);
  const idle = useLab((s) => s.inFlight.length === 0);
  const gap = nextTime === null ? 0 : nextTime - time;
  return (
    <div className="panel-head stage-head">
      <h2 id="stage-heading">{t('stage.heading')}</h2>
      <p className="stage-where" aria-live="off">
        <span data-testid="stage-step">{t('stage.step', { step: cursor, last })}</span>
        <span className="muted" data-testid="stage-time">
          {t('stage.time', { time })}
        </span>
        {nextTime === null && <span className="tag">{t('stage.ended')}</span>}
        {idle && gap >= 50 && <span className="muted skipped">{t('stage.skipped', { ms: gap })}</span>}
      </p>
    </div>
  );
}
