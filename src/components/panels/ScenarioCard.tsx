import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';
import { ScenarioPicker } from '../controls/ScenarioPicker';
import { tellFault } from '../text/describeFault';
import { sourceDescription, sourceTitle } from '../text/scenarioText';

/** The picker, and what the selected scenario is about: its story, its messages, its faults. */
export function ScenarioCard() {
  const { t } = useTranslation();
  const language = useLab((s) => s.language);
  const source = useLab((s) => s.source);
  const scenario = useLab((s) => s.scenario);
  const run = useLab((s) => s.run);

  const net = run.settings.network;
  const ids = run.messages.map((m) => m.id);
  const shownIds = ids.length > 8 ? `${ids.slice(0, 3).join(', ')} … ${ids.at(-1)} (${ids.length})` : ids.join(', ');
  const keys = [...new Set(run.messages.map((m) => m.key).filter((k): k is string => k !== null))];

  return (
    <section className="panel scenario" aria-labelledby="scenario-heading">
      <h2 id="scenario-heading">{t('ui.picker.heading')}</h2>
      <ScenarioPicker />
      <div className="scenario-story">
        <h3 data-testid="scenario-title">{sourceTitle(t, language, source, scenario)}</h3>
        <p data-testid="scenario-description">{sourceDescription(t, language, source, scenario)}</p>
        <dl className="facts">
          {scenario.preset && (
            <div>
              <dt>{t('ui.picker.presetUsed')}</dt>
              <dd>
                <code>{scenario.preset}</code>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('ui.picker.messagesLabel')}</dt>
            <dd>{keys.length > 0 ? t('ui.picker.messagesWithKey', { ids: shownIds, keys: keys.join(', ') }) : shownIds}</dd>
          </div>
          <div>
            <dt>{t('ui.picker.network')}</dt>
            <dd data-testid="network">
              {net.dropProbability > 0 || net.jitterMs > 0
                ? t('ui.picker.networkLossy', { latencyMs: net.latencyMs, jitterMs: net.jitterMs, percent: +(net.dropProbability * 100).toFixed(2) })
                : t('ui.picker.networkPlain', { latencyMs: net.latencyMs })}
            </dd>
          </div>
          <div>
            <dt>{t('ui.picker.faults')}</dt>
            <dd>
              {run.faults.length === 0 ? (
                <span data-testid="fault-list">{t('ui.picker.noFaults')}</span>
              ) : (
                <ul className="fault-list" data-testid="fault-list">
                  {run.faults.map((f, i) => (
                    <li key={i}>{tellFault(t, f)}</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </div>
    </section>
  );
}
