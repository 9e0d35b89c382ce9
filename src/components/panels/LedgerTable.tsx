import { useTranslation } from 'react-i18next';
import type { MessageLedger } from '../../engine';
import { useLab } from '../../store';

function Badge({ tone, children }: { tone: string; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

function List({ items }: { items: readonly (string | number)[] }) {
  const { t } = useTranslation();
  return items.length === 0 ? <span className="muted">{t('ui.ledger.none')}</span> : <>{items.join(', ')}</>;
}

function Row({ m, showKey }: { m: MessageLedger; showKey: boolean }) {
  const { t } = useTranslation();
  return (
    <tr data-testid={`ledger-row-${m.messageId}`} data-status={m.status} className={`status-${m.status}`}>
      <th scope="row">
        <code>{m.messageId}</code>
      </th>
      {showKey && <td>{m.key === null ? <span className="muted">{t('ui.ledger.none')}</span> : <code>{m.key}</code>}</td>}
      <td className="num">{m.sends.length}</td>
      <td className="num">{m.requests.length}</td>
      <td>
        <List items={m.appends.map((a) => a.offset)} />
        {m.duplicatesRejected.length > 0 && <div className="cell-note">{t('ui.ledger.rejected', { count: m.duplicatesRejected.length })}</div>}
      </td>
      <td>
        <List items={m.deliveries.map((d) => d.offset)} />
      </td>
      <td>
        <List items={m.effects.map((e) => e.row)} />
        {m.effectsSkipped.length > 0 && <div className="cell-note">{t('ui.ledger.skipped', { count: m.effectsSkipped.length })}</div>}
      </td>
      <td className="badges">
        <Badge tone={m.status}>{t(`ui.ledger.status.${m.status}`)}</Badge>
        {m.outOfOrderAt !== null && <Badge tone="order">{t('ui.ledger.outOfOrderBadge')}</Badge>}
      </td>
    </tr>
  );
}

/** One row per message the application sends: from send() to the database. */
export function LedgerTable() {
  const { t } = useTranslation();
  const messages = useLab((s) => s.ledger.messages);
  const showKey = messages.some((m) => m.key !== null);
  return (
    <section className="panel ledger" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">{t('ui.ledger.heading')}</h2>
      <p className="muted">{t('ui.ledger.intro')}</p>
      <div className="table-scroll">
        <table className="ledger-table" data-testid="ledger-table" aria-labelledby="ledger-heading">
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
              <Row key={m.messageId} m={m} showKey={showKey} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
