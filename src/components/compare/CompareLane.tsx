import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyMachineSnapshot } from 'xstate';
import { inFlightAt, ledgerAt, topologyOf, type BrokerContext, type LogRecord, type PartitionState, type SinkContext } from '../../engine';
import type { CompareLane as Lane } from '../../store/compareLanes';
import { stepAtTime } from '../../store/compareLanes';
import type { MessageDiff } from '../../store/compareDiff';
import { firstCopies } from '../stage/firstCopies';
import { isBackground, packetLabel } from '../stage/packetText';
import { laneName, missedText } from './compareText';
import { badgeMark } from '../panels/badgeMarks';

/** Up, or down (crashed, left, not started, fenced: a lane says only that it is not running). */
const healthOf = (s: AnyMachineSnapshot): 'up' | 'down' => (s.hasTag('down') ? 'down' : 'up');

/** Log entries shown per lane (the newest): a compact lane, not the stage. */
const SHOWN = 12;
/** Packets listed per lane. */
const WIRE = 4;

const firstOffsetOf = (log: PartitionState['log']) => firstCopies(log, (r: LogRecord) => (r.control ? undefined : r.messageId), (r) => r.offset);

/** A partition's newest records with their offsets; a second copy of a message is marked ×2. */
function LogLine({ part, testId }: { part: PartitionState; testId: string }) {
  const first = firstOffsetOf(part.log);
  const from = Math.max(0, part.log.length - SHOWN);
  const records = part.log.slice(from);
  return (
    <ol className="cmp-log" data-testid={testId}>
      {from > 0 && <li className="cmp-more">…{from}</li>}
      {records.map((r) => {
        const dup = !r.control && (first.get(r.messageId) ?? r.offset) < r.offset;
        return (
          <li key={r.offset} className={r.control ? 'cmp-rec control' : dup ? 'cmp-rec dup' : 'cmp-rec'} data-dup={dup ? 'true' : undefined}>
            <span className="off">{r.offset}</span>
            <span className="mid">{r.control ? (r.control === 'COMMIT' ? 'C' : 'A') : r.messageId}</span>
            {dup && <span className="x2">×2</span>}
          </li>
        );
      })}
      {records.length === 0 && <li className="cmp-empty">–</li>}
    </ol>
  );
}

interface Props {
  lane: Lane;
  index: number;
  /** The virtual time every lane shows. */
  time: number;
  diffs: readonly MessageDiff[];
}

/** One lane of side by side at the scrubbed time: health, wire, log, database, counters, messages. */
export const CompareLane = memo(function CompareLane({ lane, index, time, diffs }: Props) {
  const { t } = useTranslation();
  const name = laneName(t, lane.choice);
  const run = lane.ok ? lane.run : null;
  const view = useMemo(() => {
    if (!run) return null;
    const step = stepAtTime(run.timeline.steps, time);
    return { step, state: run.timeline.stateAt(step), ledger: ledgerAt(run.ledger, step), wire: inFlightAt(run.packets, step).filter((p) => !isBackground(p)) };
  }, [run, time]);
  const topology = useMemo(() => (run ? topologyOf(run.run.settings) : []), [run]);

  if (!lane.ok || !view || !run) {
    return (
      <section className="cmp-lane refused" data-testid={`compare-lane-${index}`} data-lane={lane.choice} aria-label={name}>
        <h3>{name}</h3>
        <div className="cmp-refused" data-testid={`compare-lane-${index}-refused`} role="note">
          <p>{t('compare.refused')}</p>
          <ul>{!lane.ok && lane.issues.map((i, k) => <li key={k}>{t('ui.errors.issue', { path: i.path, message: i.message })}</li>)}</ul>
        </div>
      </section>
    );
  }
  const { step, state, ledger, wire } = view;
  const broker = state.nodes.broker?.context as BrokerContext | undefined;
  const sink = state.nodes.sink?.context as SinkContext | undefined;
  const firstRow = sink ? firstCopies(sink.rows, (r) => r.messageId, (r) => r.row) : null;
  const rows = sink ? sink.rows.slice(Math.max(0, sink.rows.length - SHOWN)) : [];
  const s = ledger.summary;
  const counters = [
    ['lost', s.lost],
    ['duplicated', s.duplicated],
    ['logDuplicates', s.logDuplicates],
    ['outOfOrder', s.outOfOrder],
  ] as const;
  return (
    <section className="cmp-lane" data-testid={`compare-lane-${index}`} data-lane={lane.choice} data-step={step} aria-label={name}>
      <header className="cmp-lane-head">
        <h3>{name}</h3>
        <p className="cmp-time">
          <strong data-testid={`compare-lane-${index}-time`}>{t('compare.time', { time: time.toLocaleString('en-US') })}</strong>{' '}
          <span className="muted">{t('compare.step', { step, last: run.timeline.lastIndex })}</span>
        </p>
      </header>
      {lane.missed.length > 0 && (
        <ul className="cmp-missed" data-testid={`compare-lane-${index}-missed`}>
          {lane.missed.map((f, k) => (
            <li key={k}>⚠ {missedText(t, f)}</li>
          ))}
        </ul>
      )}
      <ul className="cmp-nodes">
        {topology.map(({ id }) => {
          const health = healthOf(state.nodes[id]!);
          const label = health === 'up' ? '✓' : `✕ ${t('stage.node.down')}`;
          return (
            <li key={id} className={`cmp-node health-${health}`} data-testid={`compare-node-${index}-${id}`} data-health={health}>
              {t(`node.${id.replace(/-\d+$/, '')}`)}
              {id.includes('-') ? ` ${id.split('-').pop()}` : ''} <span aria-hidden={health === 'up'}>{label}</span>
            </li>
          );
        })}
      </ul>
      <div className="cmp-block">
        <h4>{t('compare.wire')}</h4>
        <ul className="cmp-wire" data-testid={`compare-lane-${index}-wire`}>
          {wire.slice(0, WIRE).map((p) => (
            <li key={p.id} className={p.outcome === 'dropped' && p.endStep !== null && p.endStep <= step + 1 ? 'lost' : undefined}>
              {packetLabel(t, p)} <span className="muted">→ {t(`node.${p.to.replace(/-\d+$/, '')}`)}</span>
            </li>
          ))}
          {wire.length > WIRE && <li className="muted">+{wire.length - WIRE}</li>}
          {wire.length === 0 && <li className="muted">{t('compare.nothing')}</li>}
        </ul>
      </div>
      {broker && (
        <div className="cmp-block">
          <h4>{t('compare.log')}</h4>
          {broker.partitions.map((part, p) => (
            <LogLine key={p} part={part} testId={`compare-lane-${index}-log-p${p}`} />
          ))}
          {run.run.settings.consumerApp.output === 'topic' && (
            <>
              <h4>{t('compare.output')}</h4>
              {broker.output.map((part, p) => (
                <LogLine key={p} part={part} testId={`compare-lane-${index}-output-p${p}`} />
              ))}
            </>
          )}
        </div>
      )}
      {sink && (
        <div className="cmp-block">
          <h4>{t('compare.rows')}</h4>
          <ol className="cmp-log" data-testid={`compare-lane-${index}-rows`}>
            {rows.map((r) => {
              const dup = (firstRow!.get(r.messageId) ?? r.row) < r.row;
              return (
                <li key={r.row} className={dup ? 'cmp-rec dup' : 'cmp-rec'} data-dup={dup ? 'true' : undefined}>
                  <span className="mid">{r.messageId}</span>
                  {dup && <span className="x2">×2</span>}
                </li>
              );
            })}
            {rows.length === 0 && <li className="cmp-empty">–</li>}
          </ol>
        </div>
      )}
      <dl className="cmp-counters">
        {counters.map(([key, n]) => (
          <div key={key} className={n > 0 ? `cmp-counter bad ${key}` : 'cmp-counter'} data-testid={`compare-lane-${index}-${key}`} data-value={n}>
            <dt>{t(`compare.counters.${key}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <ul className="cmp-messages">
        {ledger.messages.map((m) => {
          const differs = diffs.find((d) => d.messageId === m.messageId)?.differs ?? false;
          const copies = m.appends.filter((a) => a.txn !== 'aborted' && !a.truncatedAt).length;
          return (
            <li key={m.messageId} className={`cmp-row status-${m.status}${differs ? ' differs' : ''}`} data-testid={`compare-row-${index}-${m.messageId}`} data-status={m.status} data-differs={differs ? 'true' : 'false'}>
              <code>{m.messageId}</code>
              <span className={`badge badge-${m.status}`} data-mark={badgeMark(m.status)}>
                <span className="badge-mark" aria-hidden="true">
                  {badgeMark(m.status)}
                </span>
                {t(`compare.status.${m.status}`)}
              </span>
              <span className="muted">{t('compare.copies', { log: copies, effects: m.effects.length })}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
