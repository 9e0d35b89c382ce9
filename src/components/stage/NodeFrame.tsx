import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LostItem, NodeId } from '../../engine';
import { nodeName, type ServiceNames } from '../../i18n';

export type NodeHealth = 'up' | 'crashed' | 'down' | 'not-started' | 'fenced';

/**
 * A node's card on the stage: its name, whether it is up, and what it lost when it last restarted.
 * A crashed node looks crashed: greyed, struck through, and says so in words.
 */
export function NodeFrame(props: {
  id: NodeId;
  health: NodeHealth;
  restarts: number;
  lastCrash: { step: number; lost: readonly LostItem[] } | null;
  services: ServiceNames;
  /** A lesson's narration is about this node. */
  highlighted?: boolean;
  menu?: ReactNode;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { id, health, restarts, lastCrash, services, highlighted = false, menu, children } = props;
  const lost = lastCrash && (lastCrash.lost.length === 0 ? t('lost.nothing') : lastCrash.lost.map((l) => t(`lost.${l.what}`, { count: l.count })).join(', '));
  const chip =
    health === 'crashed' ? t('stage.node.crashed') : health === 'down' ? t('stage.node.down') : health === 'not-started' ? t('stage.node.notStarted') : health === 'fenced' ? t('stage.node.fenced') : null;
  return (
    <div className={`node-card health-${health}${highlighted ? ' highlighted' : ''}`} data-testid={`node-${id}`} data-health={health} data-highlighted={highlighted ? 'true' : undefined}>
      <div className="node-head">
        <span className="node-name">{nodeName(i18n, id, services)}</span>
        {chip && (
          <span className="node-chip" data-testid={`node-${id}-health`}>
            {health === 'crashed' ? '✕ ' : ''}
            {chip}
          </span>
        )}
        {!chip && restarts > 0 && <span className="node-note">{t('stage.node.restarted', { n: restarts })}</span>}
        {menu}
      </div>
      {lastCrash && (health === 'crashed' || restarts > 0) && (
        <p className="node-lost" data-testid={`node-${id}-lost`}>
          {t('stage.node.lostAt', { step: lastCrash.step, lost })}
        </p>
      )}
      <div className="node-body">{children}</div>
    </div>
  );
}

/** A short list of ids: the first few, and how many more. */
export function IdList({ ids, max = 6 }: { ids: readonly string[]; max?: number }) {
  const { t } = useTranslation();
  if (ids.length === 0) return <span className="muted">{t('stage.node.nothing')}</span>;
  const shown = ids.slice(0, max);
  return (
    <span className="id-list">
      {shown.map((id, i) => (
        <code key={`${id}-${i}`}>{id}</code>
      ))}
      {ids.length > max && <span className="muted"> +{ids.length - max}</span>}
    </span>
  );
}
