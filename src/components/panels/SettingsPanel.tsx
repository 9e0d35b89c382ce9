import type { TFunction } from 'i18next';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SETTINGS, type ConsumerService, type Settings } from '../../engine';
import { explain } from '../../i18n';
import { useLab } from '../../store';

type Group = keyof Settings;

/** Groups in the order a record travels; Kafka configs keep Kafka's names, the rest is application code. */
const GROUPS: readonly { group: Group; kafkaNames: boolean }[] = [
  { group: 'producer', kafkaNames: true },
  { group: 'producerApp', kafkaNames: false },
  { group: 'broker', kafkaNames: true },
  { group: 'topic', kafkaNames: true },
  { group: 'consumer', kafkaNames: true },
  { group: 'consumerApp', kafkaNames: false },
  { group: 'network', kafkaNames: false },
];

const MS_SETTINGS = new Set(['processingMs', 'sinkTimeoutMs', 'sinkWriteMs', 'cacheTtlMs', 'cacheKeepMs', 'latencyMs', 'jitterMs']);

function formatValue(t: TFunction, name: string, value: unknown, kafkaNames: boolean): string {
  if (kafkaNames || typeof value === 'boolean') return String(value);
  if (name === 'services') {
    const services = value as readonly ConsumerService[];
    if (services.length === 0) return t('ui.settings.values.servicesNone');
    return services.map((s) => `${s.name}: ${t(`ui.settings.values.${s.idempotence}`, { defaultValue: s.idempotence })}`).join('; ');
  }
  if (MS_SETTINGS.has(name)) return t('ui.settings.values.ms', { value });
  if (name === 'dropProbability' && typeof value === 'number') return t('ui.settings.values.percent', { value: +(value * 100).toFixed(2) });
  if (name === 'commit' && value === 'none') return t('ui.settings.values.commitNone');
  if (typeof value === 'string') return t(`ui.settings.values.${value}`, { defaultValue: value });
  return String(value);
}

/** A dotted Kafka name that may wrap only at its dots (max.in.flight.requests.per.connection). */
function KafkaName({ name }: { name: string }) {
  const parts = name.split('.');
  return (
    <code>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              .<wbr />
            </>
          )}
          {p}
        </Fragment>
      ))}
    </code>
  );
}

function SettingsGroup({ group, kafkaNames, values }: { group: Group; kafkaNames: boolean; values: Record<string, unknown> }) {
  const { t } = useTranslation();
  const defaults = DEFAULT_SETTINGS[group] as unknown as Record<string, unknown>;
  return (
    <table className={kafkaNames ? 'kv kafka' : 'kv'} data-testid={`settings-${group}`}>
      <caption>{t(`ui.settings.groups.${group}`)}</caption>
      <tbody>
        {Object.entries(values).map(([name, value]) => {
          const changed = name in defaults && JSON.stringify(defaults[name]) !== JSON.stringify(value);
          return (
            <Fragment key={name}>
              <tr className={changed ? 'changed' : undefined} data-setting={name}>
                <th scope="row">{kafkaNames ? <KafkaName name={name} /> : t(`ui.settings.names.${name}`, { defaultValue: name })}</th>
                <td>
                  <span className={kafkaNames ? 'setting-value kafka' : 'setting-value'}>{formatValue(t, name, value, kafkaNames)}</span>
                </td>
              </tr>
              {changed && (
                <tr className="setting-default">
                  <td colSpan={2}>
                    <span className="tag">{t('ui.settings.changed')}</span>
                    {t('ui.settings.defaultValue', { value: formatValue(t, name, defaults[name], kafkaNames) })}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** The run's settings after presets, the scenario and Kafka's own config rules. */
export function SettingsPanel() {
  const { t, i18n } = useTranslation();
  const settings = useLab((s) => s.run.settings);
  const notes = useLab((s) => s.run.notes);
  return (
    <section className="panel settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('ui.settings.heading')}</h2>
      <p className="muted">{t('ui.settings.intro')}</p>
      {notes.length > 0 && (
        <div className="notice">
          <p>{t('ui.settings.notes')}</p>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{explain(i18n, n)}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="settings-groups">
        {GROUPS.map(({ group, kafkaNames }) => (
          <SettingsGroup key={group} group={group} kafkaNames={kafkaNames} values={settings[group] as unknown as Record<string, unknown>} />
        ))}
      </div>
    </section>
  );
}
