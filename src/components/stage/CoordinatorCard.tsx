import { useTranslation } from 'react-i18next';
import type { CoordinatorContext } from '../../engine';

/** The transaction coordinator: per transactional.id, the producer id, epoch and transaction state. */
export function CoordinatorCard({ c }: { c: CoordinatorContext }) {
  const { t } = useTranslation();
  const txns = Object.values(c.txns);
  if (txns.length === 0) return <p className="muted">{t('stage.node.noTransactions')}</p>;
  return (
    <ul className="txns">
      {txns.map((x) => (
        <li key={x.transactionalId} data-testid={`txn-${x.transactionalId}`}>
          {t('stage.node.coordinator', { id: x.transactionalId, producerId: x.producerId, epoch: x.producerEpoch, state: x.state })}
        </li>
      ))}
    </ul>
  );
}
