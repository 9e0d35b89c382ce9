import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { lazyAfterFirstRender } from '../afterFirstRender';
import { firstCopies } from './firstCopies';
import { highWatermark, lastStableOffset, partitionLso, type TraceEvent, type BrokerContext, type GroupId, type LogRecord, type NodeId, type PartitionState } from '../../engine';

/** Where each consumer reads and what each group committed, per partition: pointers into the log. */
export interface LogPointers {
  positions: readonly { node: NodeId; partition: number; offset: number }[];
  committed: readonly { group: GroupId | undefined; partition: number; offset: number }[];
}

/** Records shown per partition: the newest ones (the log can hold thousands). */
const SHOWN = 10;

/** Per log version, the offset of each message's first copy (markers are not copies). */
const firstCopyOf = (log: PartitionState['log']) => firstCopies(log, (r: LogRecord) => (r.control ? undefined : r.messageId), (r) => r.offset);

function recordClass(r: LogRecord, first: Map<string, number>, part: PartitionState, hw: number): string {
  const classes = ['rec'];
  if (r.control) classes.push('control', r.control === 'COMMIT' ? 'commit' : 'abort');
  else if ((first.get(r.messageId) ?? r.offset) < r.offset) classes.push('dup');
  if (part.txn?.aborted.some((a) => a.producerId === r.producerId && r.offset >= a.firstOffset && r.offset <= a.lastOffset) && !r.control) classes.push('aborted');
  const open = part.txn?.ongoing.get(r.producerId);
  if (open !== undefined && r.offset >= open && !r.control) classes.push('open');
  if (r.offset >= hw) classes.push('above-hw');
  return classes.join(' ');
}

/** Which log of the broker: the topic's partition, the copier's output topic, or the dead-letter topic. */
type LogOf = { topic: 'topic' | 'output' | 'dlt'; partition: number };

function PartitionLog({ c, of, pointers, multi }: { c: BrokerContext; of: LogOf; pointers: LogPointers; multi: boolean }) {
  const { t } = useTranslation();
  const { topic, partition } = of;
  const part: PartitionState =
    topic === 'topic' ? c.partitions[partition]! : topic === 'output' ? c.output[partition]! : { log: c.deadLetter.logs[partition]!, producers: new Map() };
  const length = part.log.length;
  const hw = topic === 'topic' ? highWatermark(c, partition) : length;
  const lso = topic === 'topic' && part.txn ? partitionLso(c, partition) : topic === 'output' && part.txn ? lastStableOffset(part.txn, length) : null;
  const from = Math.max(0, length - SHOWN);
  const shown = part.log.slice(from);
  const first = firstCopyOf(part.log);
  // Consumers read (and groups commit) the topic itself only.
  const positions = topic === 'topic' ? pointers.positions.filter((x) => x.partition === partition) : [];
  const committed = topic === 'topic' ? pointers.committed.filter((x) => x.partition === partition) : [];
  const name = topic === 'topic' ? (multi ? t('stage.node.partition', { partition }) : t('stage.node.log')) : t(`stage.node.${topic}Log`, { partition });
  return (
    <div className={`partition log-${topic}`} data-testid={topic === 'topic' ? `log-p${partition}` : `log-${topic}-p${partition}`}>
      <div className="partition-head">
        <span>{name}</span>
        <span className="muted">
          {t('stage.node.hw', { hw })}
          {lso !== null && lso !== hw && ` · ${t('stage.node.lso', { lso })}`}
        </span>
      </div>
      <ol className="plog" start={from}>
        {from > 0 && <li className="rec more">…{from}</li>}
        {shown.map((r) => (
          <li key={r.offset} className={recordClass(r, first, part, hw)} data-testid={`rec-${topic === 'topic' ? '' : `${topic}-`}p${partition}-${r.offset}`} title={r.control ? t('stage.node.marker', { result: r.control }) : t('stage.node.record', { id: r.messageId, offset: r.offset })}>
            <span className="off">{r.offset}</span>
            <span className="mid">{r.control ? (r.control === 'COMMIT' ? 'C' : 'A') : r.messageId}</span>
            {positions.some((x) => x.offset === r.offset) && <span className="ptr ptr-position" aria-hidden="true" />}
            {committed.some((x) => x.offset === r.offset) && <span className="ptr ptr-committed" aria-hidden="true" />}
          </li>
        ))}
        <li className="rec end" aria-hidden="true">
          {positions.some((x) => x.offset === length) && <span className="ptr ptr-position" />}
          {committed.some((x) => x.offset === length) && <span className="ptr ptr-committed" />}
        </li>
      </ol>
    </div>
  );
}

function ProducerStateTable({ c }: { c: BrokerContext }) {
  const { t } = useTranslation();
  const rows = c.partitions.flatMap((part, partition) => [...part.producers.values()].map((e) => ({ partition, e })));
  if (rows.length === 0) return null;
  const multi = c.partitions.length > 1;
  return (
    <table className="pstate" data-testid="producer-state">
      <caption>{t('stage.node.producerState')}</caption>
      <thead>
        <tr>
          {multi && <th scope="col">p</th>}
          <th scope="col">{t('stage.node.pid')}</th>
          <th scope="col">{t('stage.node.epoch')}</th>
          <th scope="col">{t('stage.node.lastBatches')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 4).map(({ partition, e }) => (
          <tr key={`${partition}-${e.producerId}`} data-testid={`pstate-${e.producerId}-p${partition}`}>
            {multi && <td>{partition}</td>}
            <td>{e.producerId}</td>
            <td>{e.producerEpoch}</td>
            <td>{e.batches.map((b) => (b.firstSeq === b.lastSeq ? `${b.firstSeq}` : `${b.firstSeq}–${b.lastSeq}`)).join(', ') || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The broker's latest check of a produce request (appended, duplicate, out of order, fenced), and its step. */
export interface ProduceCheck {
  step: number;
  event: TraceEvent;
}

// The check's words come after the first render, with the trace's (CheckText.tsx).
const CheckText = lazyAfterFirstRender(() => import('./CheckText'));

function CheckLine({ check, partitions }: { check: ProduceCheck; partitions: number }) {
  const { t } = useTranslation();
  return (
    <p className={`check check-${check.event.type.replace('broker.', '')}`} data-testid="broker-check" data-type={check.event.type} data-step={check.step}>
      <strong>{t('stage.node.check', { step: check.step })}</strong>{' '}
      <Suspense fallback={null}>
        <CheckText event={check.event} partitions={partitions} />
      </Suspense>
    </p>
  );
}

/** The broker: its latest produce check, each partition's log with offsets, duplicates, markers and pointers, and its producer-state table. */
export function BrokerCard({ c, pointers, check }: { c: BrokerContext; pointers: LogPointers; check: ProduceCheck | null }) {
  const multi = c.partitions.length > 1;
  return (
    <>
      {check && <CheckLine check={check} partitions={c.partitions.length} />}
      {c.partitions.map((_, p) => (
        <PartitionLog key={p} c={c} of={{ topic: 'topic', partition: p }} pointers={pointers} multi={multi} />
      ))}
      {/* The copier's output topic and the dead-letter topic, once they hold something. */}
      {c.output.map((o, p) => (o.log.length > 0 ? <PartitionLog key={`o${p}`} c={c} of={{ topic: 'output', partition: p }} pointers={pointers} multi={multi} /> : null))}
      {c.deadLetter.logs.map((l, p) => (l.length > 0 ? <PartitionLog key={`d${p}`} c={c} of={{ topic: 'dlt', partition: p }} pointers={pointers} multi={multi} /> : null))}
      <ProducerStateTable c={c} />
    </>
  );
}
