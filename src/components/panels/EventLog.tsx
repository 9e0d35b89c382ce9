import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { servicesOf, type Step } from '../../engine';
import { explain, nodeName, type ServiceNames } from '../../i18n';
import { useLab } from '../../store';
import { placeOf, toneOf } from '../text/events';

/** Steps rendered before "show all": enough for every bundled scenario, fast for long runs. */
export const FIRST_STEPS = 300;

function StepRows({ step, showArrivals, partitions, services }: { step: Step; showArrivals: boolean; partitions: number; services: ServiceNames }) {
  const { t, i18n } = useTranslation();
  const events = showArrivals ? step.events : step.events.filter((e) => e.type !== 'net.delivered');
  if (events.length === 0) return null;
  return (
    <tbody className="log-step" data-testid="log-step" data-step={step.index}>
      {events.map((e, i) => {
        const place = placeOf(e);
        return (
          <tr key={i} className={`tone-${toneOf(e)}`} data-testid="log-event" data-type={e.type}>
            {i === 0 && (
              <>
                <th scope="rowgroup" rowSpan={events.length} className="num">
                  {step.index}
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
}

/** Every step of the run in plain language, with its index and virtual time. */
export function EventLog() {
  const { t } = useTranslation();
  const steps = useLab((s) => s.timeline.steps);
  const partitions = useLab((s) => s.run.settings.topic.partitions);
  const settings = useLab((s) => s.run.settings);
  const services = useMemo(() => servicesOf(settings), [settings]);
  const [showArrivals, setShowArrivals] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const toggleId = useId();
  const shown = showAll ? steps : steps.slice(0, FIRST_STEPS);

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
      <div className="table-scroll">
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
            <StepRows key={s.index} step={s} showArrivals={showArrivals} partitions={partitions} services={services} />
          ))}
        </table>
      </div>
      {shown.length < steps.length && (
        <div className="more">
          <p>{t('ui.log.showing', { shown: shown.length, count: steps.length })}</p>
          <button type="button" data-testid="show-all-steps" onClick={() => setShowAll(true)}>
            {t('ui.log.showAll', { count: steps.length })}
          </button>
        </div>
      )}
    </section>
  );
}
