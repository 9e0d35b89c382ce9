import { useTranslation } from 'react-i18next';

const ITEMS = ['partition', 'flush', 'batchSize', 'backoff', 'network', 'down', 'reject', 'replication', 'rejoin', 'dlq', 'lag', 'duplicate', 'cache', 'database', 'services', 'transactions', 'partitioner', 'combined'] as const;

/** What the lab leaves out of Kafka, stated plainly (see src/engine/config.ts and logic/broker.ts). */
export function Simplifications() {
  const { t } = useTranslation();
  return (
    <section className="panel simplifications" aria-labelledby="simplifications-heading">
      <h2 id="simplifications-heading">{t('ui.simplifications.heading')}</h2>
      <ul>
        {ITEMS.map((k) => (
          <li key={k}>{t(`ui.simplifications.items.${k}`)}</li>
        ))}
      </ul>
    </section>
  );
}
