import { useTranslation } from 'react-i18next';
import type { ProducerContext } from '../../engine';
import { IdList } from './NodeFrame';

/** The producer process: the application's outbox and backlog, and the Kafka client's memory. */
export function ProducerCard({ c }: { c: ProducerContext }) {
  const { t } = useTranslation();
  const waiting = c.backlog.toArray().map((m) => m.id);
  const unacked = c.outbox.map((m) => m.messageId);
  const idempotent = c.producerId >= 0;
  return (
    <div className="split">
      <section className="half" aria-label={t('stage.node.application')}>
        <h4>{t('stage.node.application')}</h4>
        <p>
          {t('stage.node.unacked')}:{' '}
          <IdList ids={unacked} />
        </p>
        {waiting.length > 0 && (
          <p>
            {t('stage.node.waiting')}:{' '}
            <IdList ids={waiting} max={4} />
          </p>
        )}
        {c.txn && <p className="txn-state">{t('stage.node.txn', { state: c.txn.state })}</p>}
      </section>
      <section className="half" aria-label={t('stage.node.client')}>
        <h4>{t('stage.node.client')}</h4>
        <p data-testid="producer-id">{idempotent ? t('stage.node.producerId', { producerId: c.producerId, epoch: c.producerEpoch }) : t('stage.node.noProducerId')}</p>
        {idempotent && (
          <p className="muted">
            {t('stage.node.nextSeq')}: {c.nextSeq.map((s, p) => (c.nextSeq.length > 1 ? `p${p} ${s}` : `${s}`)).join(' · ')}
          </p>
        )}
        <ul className="batches">
          {c.batches.length === 0 && <li className="muted">{t('stage.node.nothing')}</li>}
          {c.batches.slice(0, 4).map((b) => (
            <li key={b.batchId} className={`batch batch-${b.state}`}>
              <IdList ids={b.records.map((r) => r.messageId)} max={3} />
              {b.baseSequence >= 0 && <span className="muted"> · seq {b.baseSequence}</span>}
              <span className="muted"> · {b.state === 'inflight' ? t('stage.node.inflight') : t('stage.node.accumulator')}</span>
              {b.attempts > 1 && <span className="retry-tag"> ↻ {t('stage.node.attempt', { n: b.attempts })}</span>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
