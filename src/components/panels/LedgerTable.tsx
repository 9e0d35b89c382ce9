import type { TFunction } from 'i18next';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageLedger, WhyTarget } from '../../engine';
import { labStore, useLedgerNow } from '../../store';
import { badgeMark } from './badgeMarks';

/**
 * The rows take `t` from the table instead of calling useTranslation each: a thousand rows with a
 * hook apiece cost more than the rows themselves.
 */

/** A status badge; with a step, a button that takes the stage to the step that made it true. */
function Badge({ t, tone, children, step }: { t: TFunction; tone: string; children: string; step?: number | null }) {
  const mark = (
    <span className="badge-mark" aria-hidden="true">
      {badgeMark(tone)}
    </span>
  );
  if (step === undefined || step === null)
    return (
      <span className={`badge badge-${tone}`} data-mark={badgeMark(tone)}>
        {mark}
        {children}
      </span>
    );
  return (
    <button type="button" className={`badge badge-${tone} badge-link`} data-mark={badgeMark(tone)} data-step={step} title={t('ui.ledger.atStep', { step })} onClick={() => labStore.getState().seek(step)}>
      {mark}
      {children}
    </button>
  );
}

/** The step that made a message's status true (null: none to point to). */
function causeOf(m: MessageLedger): number | null {
  if (m.status === 'duplicated') return m.duplicatedAt;
  if (m.status === 'lost') return m.lostAt;
  if (m.status === 'superseded') return m.supersededAt;
  if (m.status === 'ok') return m.effects[0]?.step ?? null;
  return null;
}

/** What the row's "Why?" explains: the duplicate (second effect), the loss, else the first effect (null: nothing yet). */
function whyTarget(m: MessageLedger): WhyTarget | null {
  if (m.status === 'lost') return { messageId: m.messageId, loss: true };
  // With several services the duplicate is the second effect in one of them, not the second overall.
  if (m.status === 'duplicated') return { messageId: m.messageId, effect: m.services ? m.effects.findIndex((e) => e.step === m.duplicatedAt) + 1 : 2 };
  return m.status === 'ok' ? { messageId: m.messageId, effect: 1 } : null;
}

const openWhy = (target: WhyTarget) => void labStore.getState().openWhy(target);

/** A message's "Why?": opens its causal chain above the stage. */
function WhyButton({ t, target }: { t: TFunction; target: WhyTarget }) {
  return (
    <button type="button" className="link-button why-button" data-testid={`why-${target.messageId}`} onClick={() => openWhy(target)}>
      {t('why.button')}
    </button>
  );
}

/** The effects' rows, each a button that opens the chain of that effect. */
function EffectRows({ t, m }: { t: TFunction; m: MessageLedger }) {
  if (m.effects.length === 0) return <span className="muted">{t('ui.ledger.none')}</span>;
  return (
    <span className="effect-rows">
      {m.effects.map((e, k) => (
        <button
          key={k}
          type="button"
          className="link-button"
          data-testid={`why-${m.messageId}-${k + 1}`}
          title={t('why.buttonEffect', { n: k + 1, row: e.row })}
          aria-label={t('why.buttonEffect', { n: k + 1, row: e.row })}
          onClick={() => openWhy({ messageId: m.messageId, effect: k + 1 })}
        >
          {e.row}
        </button>
      ))}
    </span>
  );
}

function list(t: TFunction, items: readonly (string | number)[]) {
  return items.length === 0 ? <span className="muted">{t('ui.ledger.none')}</span> : items.join(', ');
}

/**
 * Whether a row would look the same: the ledger at each step is a new object, but a seek changes
 * few rows, and a thousand rows rendered again would cost a frame.
 */
type RowProps = { t: TFunction; m: MessageLedger; showKey: boolean };
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.m;
  const y = b.m;
  return (
    a.t === b.t &&
    a.showKey === b.showKey &&
    x.messageId === y.messageId &&
    x.status === y.status &&
    x.sends.length === y.sends.length &&
    x.requests.length === y.requests.length &&
    x.appends.length === y.appends.length &&
    x.duplicatesRejected.length === y.duplicatesRejected.length &&
    x.deliveries.length === y.deliveries.length &&
    x.effects.length === y.effects.length &&
    x.effectsSkipped.length === y.effectsSkipped.length &&
    x.outOfOrderAt === y.outOfOrderAt &&
    x.duplicatedAt === y.duplicatedAt &&
    x.lostAt === y.lostAt &&
    JSON.stringify(x.services ?? null) === JSON.stringify(y.services ?? null)
  );
}

const Row = memo(function Row({ t, m, showKey }: RowProps) {
  const why = whyTarget(m);
  return (
    <tr data-testid={`ledger-row-${m.messageId}`} data-status={m.status} className={`status-${m.status}`}>
      <th scope="row">
        <code>{m.messageId}</code>
      </th>
      {showKey && <td>{m.key === null ? <span className="muted">{t('ui.ledger.none')}</span> : <code>{m.key}</code>}</td>}
      <td className="num">{m.sends.length}</td>
      <td className="num">{m.requests.length}</td>
      <td>
        {list(t, m.appends.map((a) => a.offset))}
        {m.duplicatesRejected.length > 0 && <div className="cell-note">{t('ui.ledger.rejected', { count: m.duplicatesRejected.length })}</div>}
      </td>
      <td>
        {list(t, m.deliveries.map((d) => d.offset))}
      </td>
      <td>
        {m.services ? (
          <ServiceEffects t={t} m={m} />
        ) : (
          <>
            <EffectRows t={t} m={m} />
            {m.effectsSkipped.length > 0 && <div className="cell-note">{t('ui.ledger.skipped', { count: m.effectsSkipped.length })}</div>}
          </>
        )}
      </td>
      <td className="badges">
        <Badge t={t} tone={m.status} step={causeOf(m)}>
          {t(`ui.ledger.status.${m.status}`)}
        </Badge>
        {m.outOfOrderAt !== null && (
          <Badge t={t} tone="order" step={m.outOfOrderAt}>
            {t('ui.ledger.outOfOrderBadge')}
          </Badge>
        )}
        {why && <WhyButton t={t} target={why} />}
      </td>
    </tr>
  );
}, sameRow);

/** With several services: each service's rows for the message, and its outcome there. */
function ServiceEffects({ t, m }: { t: TFunction; m: MessageLedger }) {
  return (
    <ul className="service-effects">
      {m.services!.map((o) => {
        const rows = m.effects.filter((e) => e.service === o.service).map((e) => e.row);
        const skipped = m.effectsSkipped.filter((e) => e.service === o.service).length;
        return (
          <li key={o.service} data-testid={`ledger-service-${m.messageId}-${o.service}`} data-status={o.status}>
            {t('ui.ledger.inService', { service: o.service, rows: rows.length === 0 ? t('ui.ledger.none') : rows.join(', ') })}{' '}
            {o.status !== 'ok' && o.status !== 'pending' && <Badge t={t} tone={o.status}>
                {t(`ui.ledger.status.${o.status}`)}
              </Badge>}
            {skipped > 0 && <div className="cell-note">{t('ui.ledger.skipped', { count: skipped })}</div>}
          </li>
        );
      })}
    </ul>
  );
}

/** One row per message the application sends: from send() to the database. */
export function LedgerTable() {
  const { t } = useTranslation();
  const now = useLedgerNow();
  const messages = now.ledger.messages;
  const showKey = messages.some((m) => m.key !== null);
  return (
    <section className="panel ledger" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('ui.ledger.heading')}</h2>
      <p className="muted">{t('ui.ledger.intro')}</p>
      <div className="table-scroll">
        <table className="ledger-table" data-testid="ledger-table" data-step={now.step} aria-labelledby="ledger-heading">
          <thead>
            <tr>
              <th scope="col">{t('ui.ledger.message')}</th>
              {showKey && <th scope="col">{t('ui.ledger.key')}</th>}
              <th scope="col" className="num">
                {t('ui.ledger.sends')}
              </th>
              <th scope="col" className="num">
                {t('ui.ledger.requests')}
              </th>
              <th scope="col">{t('ui.ledger.offsets')}</th>
              <th scope="col">{t('ui.ledger.deliveries')}</th>
              <th scope="col">{t('ui.ledger.effects')}</th>
              <th scope="col">{t('ui.ledger.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <Row key={m.messageId} t={t} m={m} showKey={showKey} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
