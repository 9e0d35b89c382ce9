import { useTranslation } from 'react-i18next';
import type { ConsumerContext } from '../../engine';
import { IdList } from './NodeFrame';

/** What the consumer application is doing, from the statechart's state, in words. */
function doing(t: (k: string, o?: Record<string, unknown>) => string, state: string, c: ConsumerContext): string {
  const current = c.records[c.index]?.messageId ?? '';
  switch (state) {
    case 'joining':
    case 'rejoining':
      return t('stage.node.consumerState.joining');
    case 'polling':
    case 'poll':
    case 'polled':
      return t('stage.node.consumerState.polling');
    case 'processing':
    case 'processingFailed':
      return t('stage.node.consumerState.processing', { id: current });
    case 'writing':
      return t('stage.node.consumerState.writing', { id: current });
    case 'committingAfterProcessing':
    case 'committingBeforeProcessing':
    case 'closing':
      return t('stage.node.consumerState.committing');
    case 'transacting':
      return t('stage.node.consumerState.transacting');
    case 'initializingTransactions':
      return t('stage.node.consumerState.initializing');
    case 'fetchingCommittedOffset':
    case 'waitingForStableOffsets':
    case 'checkingOffset':
    case 'resettingOffset':
      return t('stage.node.consumerState.offsets');
    case 'notStarted':
      return t('stage.node.consumerState.notStarted');
    case 'deadLettering':
      return t('stage.node.consumerState.deadLettering');
    default:
      return t('stage.node.consumerState.other', { state });
  }
}

/** The consumer: its group membership, position and committed offset per partition, and the batch in hand. */
export function ConsumerCard({ c, state }: { c: ConsumerContext; state: string }) {
  const { t } = useTranslation();
  const multi = Object.keys(c.positions).length > 1 || c.assignment.length > 1;
  return (
    <div className="split">
      <section className="half" aria-label={t('stage.node.client')}>
        <h4>{t('stage.node.client')}</h4>
        <p>{c.assignment.length === 0 ? t('stage.node.noAssignment') : t('stage.node.assignment', { partitions: c.assignment.map((p) => `p${p}`).join(', ') })}</p>
        <ul className="offsets">
          {c.assignment.map((p) => (
            <li key={p} data-testid={`consumer-offsets-p${p}`}>
              {multi && <span className="muted">p{p} </span>}
              <span className="ptr-key ptr-position" aria-hidden="true" /> {t('stage.node.position')} {c.positions[p] ?? '–'} ·{' '}
              <span className="ptr-key ptr-committed" aria-hidden="true" /> {t('stage.node.committedPointer')} {c.committed[p] ?? '–'}
            </li>
          ))}
        </ul>
      </section>
      <section className="half" aria-label={t('stage.node.application')}>
        <h4>{t('stage.node.application')}</h4>
        <p className="doing" data-testid="consumer-doing">
          {doing(t, state, c)}
        </p>
        {c.records.length > 0 && <IdList ids={c.records.map((r) => r.messageId)} max={5} />}
      </section>
    </div>
  );
}
