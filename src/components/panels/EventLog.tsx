import { memo, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { servicesOf, type Step } from '../../engine';
import { nodeName, type ServiceNames } from '../../i18n';
import { explain } from '../../i18n/explain';
import { labStore, useLab } from '../../store';
import { placeOf, toneOf } from '../text/events';
import { useOnScreen } from '../useOnScreen';

/** Steps rendered around the stage's step before "show all": enough to read, fast for long runs. */
export const WINDOW = 80;

/** One step's events; steps never change, so only a step whose place relative to the cursor changed renders again. */
const StepRows = memo(function StepRows(props: { i18n: i18n; lang: string; step: Step; showArrivals: boolean; partitions: number; services: ServiceNames; when: 'past' | 'current' | 'future' }) {
  // `i18n` comes from the log (one hook, not one per step); its language is part of the props.
  const { i18n, step, showArrivals, partitions, services, when } = props;
  const t = i18n.t.bind(i18n);
  const events = showArrivals ? step.events : step.events.filter((e) => e.type !== 'net.delivered');
  if (events.length === 0 && when !== 'current') return null;
  return (
    <tbody className={`log-step ${when}`} data-testid="log-step" data-step={step.index} aria-current={when === 'current' ? 'step' : undefined}>
      {events.map((e, i) => {
        const place = placeOf(e);
        return (
          <tr key={i} className={`tone-${toneOf(e)}`} data-testid="log-event" data-type={e.type}>
            {i === 0 && (
              <>
                <th scope="rowgroup" rowSpan={events.length} className="num">
                  <button type="button" className="step-link" onClick={() => labStore.getState().seek(step.index)} aria-label={t('ui.log.goTo', { step: step.index })}>
                    {step.index}
                  </button>
                </th>
                <td rowSpan={events.length} className="num">
                  {step.time}
                </td>
              </>
            )}
            <td>
              <span className={`place place-${place}`}>{place === 'network' || place === 'run' ? t(`ui.log.${place}`) : nodeName(i18n, place, services)}</span>
            </td>
            <td className="log-text">{explain(i18n, e, partitions, services)}</td>
          </tr>
        );
      })}
    </tbody>
  );
});

/** Every step of the run in plain language, in step with the stage: its step marked, later ones greyed. */
export function EventLog() {
  const { t, i18n } = useTranslation();
  const steps = useLab((s) => s.timeline.steps);
  // Deferred: the stage shows a new step first; this panel follows without holding it up.
  const cursor = useDeferredValue(useLab((s) => s.cursor));
  const partitions = useLab((s) => s.run.settings.topic.partitions);
  const settings = useLab((s) => s.run.settings);
  const services = useMemo(() => servicesOf(settings), [settings]);
  const [showArrivals, setShowArrivals] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const toggleId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(scroller);
  const from = showAll ? 0 : Math.max(0, Math.min(cursor - WINDOW / 3, steps.length - WINDOW));
  const shown = showAll ? steps : steps.slice(from, from + WINDOW);

  // Keep the stage's step in view inside the log's own scroll box (never the page's), when it is seen.
  useEffect(() => {
    if (!onScreen) return;
    const box = scroller.current;
    const row = box?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!box || !row) return;
    const top = row.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - row.offsetHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }, [cursor, showAll, onScreen]);

  return (
    <section className="panel log" aria-labelledby="log-heading">
      <div className="panel-head">
        <h2 id="log-heading">{t('ui.log.heading')}</h2>
        <div className="check">
          <input id={toggleId} type="checkbox" data-testid="show-arrivals" checked={showArrivals} onChange={(e) => setShowArrivals(e.target.checked)} />
          <label htmlFor={toggleId}>{t('ui.log.showArrivals')}</label>
        </div>
      </div>
      <p className="muted">{t('ui.log.intro')}</p>
      <div className="table-scroll log-scroll" ref={scroller}>
        <table className="log-table" data-testid="event-log" aria-labelledby="log-heading">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ui.log.step')}
              </th>
              <th scope="col" className="num">
                {t('ui.log.time')}
              </th>
              <th scope="col">{t('ui.log.where')}</th>
              <th scope="col">{t('ui.log.what')}</th>
            </tr>
          </thead>
          {shown.map((s) => (
            <StepRows key={s.index} i18n={i18n} lang={i18n.language} step={s} showArrivals={showArrivals} partitions={partitions} services={services} when={s.index < cursor ? 'past' : s.index === cursor ? 'current' : 'future'} />
          ))}
        </table>
      </div>
      {shown.length < steps.length && (
        <div className="more">
          <p>{t('ui.log.showing', { from, to: from + shown.length - 1, count: steps.length })}</p>
          <button type="button" data-testid="show-all-steps" onClick={() => setShowAll(true)}>
            {t('ui.log.showAll', { count: steps.length })}
          </button>
        </div>
      )}
    </section>
  );
}
