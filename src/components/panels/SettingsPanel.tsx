import type { TFunction } from 'i18next';
import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SETTINGS, PRESET_NAMES, SINK_STRATEGIES, type ConsumerService, type Settings } from '../../engine';
import { explain } from '../../i18n/explain';
import { labStore, useLab } from '../../store';
import { settingPath } from '../../store/settingsSlice';
import { settingsHelpEn } from '../../i18n/settingsHelp';
import { settingsHelpKo } from '../../i18n/settingsHelpKo';

/**
 * A setting's one-line explanation in the page's language. Read here, not through i18next: only
 * this panel shows them, so they come with its chunk instead of the page's first bundle.
 */
function helpOf(language: string, group: string, name: string): string {
  const help = (language === 'ko' ? settingsHelpKo : settingsHelpEn) as Record<string, Record<string, string> | undefined>;
  return help[group]?.[name] ?? '';
}

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

/** The settings that take one of a few values (the rest are numbers, switches, or text). */
const CHOICES: Partial<Record<string, readonly (string | number)[]>> = {
  'producer.acks': [0, 1, 'all'],
  'producerApp.onSendFailure': ['give-up', 'send-again'],
  'producerApp.onRestart': ['resend-unacked', 'forget-unacked'],
  'producerApp.instances': [1, 2],
  'consumer.auto.offset.reset': ['earliest', 'latest', 'none'],
  'consumer.isolation.level': ['read_uncommitted', 'read_committed'],
  'consumerApp.commit': ['none', 'before-processing', 'after-processing'],
  'consumerApp.commitMethod': ['commitSync', 'commitAsync'],
  'consumerApp.idempotence': SINK_STRATEGIES,
  'consumerApp.onSinkTimeout': ['retry', 'skip'],
  'consumerApp.output': ['database', 'topic'],
};

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

/** A number typed in: applied on Enter or when the field is left, so typing 1000 does not run 1, 10, 100 first. */
function NumberField({ id, value, step, onCommit, invalid, describedBy }: { id: string; value: number; step: number; onCommit: (v: number) => void; invalid: boolean; describedBy: string }) {
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const n = Number(text);
    setText(null);
    if (text.trim() !== '' && Number.isFinite(n) && n !== value) onCommit(n);
  };
  return (
    <input
      id={id}
      type="number"
      step={step}
      value={text ?? String(value)}
      aria-invalid={invalid}
      aria-describedby={describedBy}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(null);
      }}
    />
  );
}

/** One setting: its name, a field to change it, what it does, its default, and the engine's objection if any. */
function SettingRow({ group, name, value, kafkaNames }: { group: Group; name: string; value: unknown; kafkaNames: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const issues = useLab((s) => s.settingsIssues).filter((i) => i.path === settingPath(group, name));
  const defaults = DEFAULT_SETTINGS[group] as unknown as Record<string, unknown>;
  const changed = JSON.stringify(defaults[name]) !== JSON.stringify(value);
  const set = (v: unknown) => labStore.getState().setSetting(group, name as never, v);
  const choices = CHOICES[`${group}.${name}`];
  const helpId = `${id}-help`;
  const invalid = issues.length > 0;
  let field;
  if (name === 'services') {
    field = <span className="setting-value">{formatValue(t, name, value, kafkaNames)}</span>;
  } else if (typeof value === 'boolean') {
    field = <input id={id} type="checkbox" checked={value} aria-invalid={invalid} aria-describedby={helpId} onChange={(e) => set(e.target.checked)} />;
  } else if (choices) {
    field = (
      <select id={id} value={String(value)} aria-invalid={invalid} aria-describedby={helpId} onChange={(e) => set(choices.find((c) => String(c) === e.target.value))}>
        {choices.map((c) => (
          <option key={String(c)} value={String(c)}>
            {kafkaNames ? String(c) : formatValue(t, name, c, false)}
          </option>
        ))}
      </select>
    );
  } else if (typeof value === 'number') {
    field = <NumberField id={id} value={value} step={name === 'dropProbability' ? 0.01 : 1} onCommit={set} invalid={invalid} describedBy={helpId} />;
  } else {
    // transactional.id: text, empty for none.
    field = (
      <input
        id={id}
        type="text"
        defaultValue={value === null ? '' : String(value)}
        aria-invalid={invalid}
        aria-describedby={helpId}
        onBlur={(e) => set(e.target.value.trim() === '' ? null : e.target.value.trim())}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
      />
    );
  }
  return (
    <div className={`setting${changed ? ' changed' : ''}${invalid ? ' invalid' : ''}`} data-setting={name} data-testid={`setting-${group}-${name}`}>
      <label htmlFor={id} className="setting-name">
        {kafkaNames ? <KafkaName name={name} /> : t(`ui.settings.names.${name}`, { defaultValue: name })}
      </label>
      <div className="setting-field">{field}</div>
      <p className="setting-help" id={helpId}>
        {helpOf(i18n.language, group, name)}
        {changed && (
          <span className="setting-default">
            {' '}
            <span className="tag">{t('ui.settings.changed')}</span> {t('ui.settings.defaultValue', { value: formatValue(t, name, defaults[name], kafkaNames) })}
          </span>
        )}
      </p>
      {issues.map((i, k) => (
        <p key={k} className="setting-issue" role="alert" data-testid={`setting-issue-${group}-${name}`}>
          {i.message}
        </p>
      ))}
    </div>
  );
}

function SettingsGroup({ group, kafkaNames, values }: { group: Group; kafkaNames: boolean; values: Record<string, unknown> }) {
  const { t } = useTranslation();
  const overrides = useLab((s) => s.overrides[group]) as Record<string, unknown> | undefined;
  return (
    <fieldset className={kafkaNames ? 'settings-group kafka' : 'settings-group'} data-testid={`settings-${group}`}>
      <legend>{t(`ui.settings.groups.${group}`)}</legend>
      {Object.entries(values).map(([name, value]) => (
        // What the user typed shows, even while the engine refuses it.
        <SettingRow key={name} group={group} name={name} kafkaNames={kafkaNames} value={overrides && name in overrides ? overrides[name] : value} />
      ))}
    </fieldset>
  );
}

/** The run's settings after presets, the scenario and Kafka's own config rules; every one can be changed here. */
export function SettingsPanel() {
  const { t, i18n } = useTranslation();
  const settings = useLab((s) => s.run.settings);
  const notes = useLab((s) => s.run.notes);
  const overrides = useLab((s) => s.overrides);
  const issues = useLab((s) => s.settingsIssues);
  const presetId = useId();
  // Issues the fields do not show (a whole section, or a combination).
  const loose = issues.filter((i) => !GROUPS.some(({ group }) => Object.keys(settings[group]).some((name) => i.path === settingPath(group, name))));
  const edited = Object.keys(overrides).length > 0;
  return (
    <section className="panel settings" aria-labelledby="settings-heading">
      <div className="panel-head">
        <h2 id="settings-heading">{t('ui.settings.heading')}</h2>
        <div className="settings-actions">
          <label htmlFor={presetId}>{t('ui.settings.startFrom')}</label>
          <select id={presetId} data-testid="settings-preset" value="" onChange={(e) => e.target.value && labStore.getState().selectPreset(e.target.value)}>
            <option value="">…</option>
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="button" data-testid="settings-reset" disabled={!edited} onClick={() => labStore.getState().resetSettings()}>
            {t('ui.settings.reset')}
          </button>
        </div>
      </div>
      <p className="muted">{t('ui.settings.intro')}</p>
      {issues.length > 0 && (
        <div className="notice bad" data-testid="settings-issues">
          <p>{t('ui.settings.refused', { count: issues.length })}</p>
          {loose.length > 0 && (
            <ul>
              {loose.map((i, k) => (
                <li key={k}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
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
