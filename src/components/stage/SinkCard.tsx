import { useTranslation } from 'react-i18next';
import type { SinkContext, SinkStrategy } from '../../engine';
import { firstCopies } from './firstCopies';

const SHOWN = 8;

/** Per table version, each message's first row. */
const firstRowOf = (rows: SinkContext['rows']) => firstCopies(rows, (r) => r.messageId, (r) => r.row);

/** The dedup table the strategy keeps, as short entries. */
function dedupEntries(c: SinkContext, strategy: SinkStrategy, now: number): string[] {
  switch (strategy) {
    case 'processed-ids':
      return c.processedIds.toArray();
    case 'unique-key':
      return c.uniqueIds.toArray();
    case 'version':
      return c.entities.entries().map(([entity, v]) => `${entity} v${v.version}`);
    case 'last-processed-id':
      return c.lastIds.entries().map(([entity, id]) => `${entity ?? '*'}: ${id}`);
    case 'cache-then-unique':
      return [
        ...c.cache
          .entries()
          .filter(([, at]) => at > now)
          .map(([id]) => `⏱ ${id}`),
        ...c.uniqueIds.toArray(),
      ];
    case 'offsets-in-db':
      return c.offsets.entries().map(([p, o]) => `p${p} → ${o}`);
    default:
      return [];
  }
}

/** The database: its rows (a message with two rows is a duplicate effect) and the idempotent consumer's table. */
export function SinkCard({ c, strategy, now }: { c: SinkContext; strategy: SinkStrategy; now: number }) {
  const { t } = useTranslation();
  const total = c.rows.length;
  // A row is a duplicate effect when an earlier row has its message (the last rows are what shows).
  const first = firstRowOf(c.rows);
  const marked = c.rows.slice(total - SHOWN).map((r) => ({ r, dup: (first.get(r.messageId) ?? r.row) < r.row }));
  const dedup = strategy === 'none' ? null : dedupEntries(c, strategy, now);
  return (
    <>
      <h4>{t('stage.node.rows')}</h4>
      {total === 0 ? (
        <p className="muted">{t('stage.node.noRows')}</p>
      ) : (
        <ol className="rows" data-testid="sink-rows">
          {total > SHOWN && <li className="more">…{total - SHOWN}</li>}
          {marked.map(({ r, dup }) => (
            <li key={r.row} className={dup ? 'row dup' : 'row'} data-message={r.messageId}>
              <span className="off">{r.row}</span> <code>{r.messageId}</code>
              {dup && <span className="dup-tag"> ×2</span>}
            </li>
          ))}
        </ol>
      )}
      {dedup && (
        <>
          <h4>{t(`stage.node.dedup.${strategy}`)}</h4>
          <p className="dedup" data-testid="sink-dedup">
            {dedup.length === 0 ? <span className="muted">{t('stage.node.nothing')}</span> : dedup.slice(-SHOWN).map((d) => <code key={d}>{d}</code>)}
          </p>
        </>
      )}
    </>
  );
}
