import type { TFunction } from 'i18next';
import { memo, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { servicesOf, topologyOf, type NodeId, type Packet } from '../../engine';
import { nodeName } from '../../i18n';
import { labStore, useLab } from '../../store';
import { familyOf, isBackground, packetLabel } from '../stage/packetText';
import { useOnScreen } from '../useOnScreen';
import { LANE, ROW, lineShare, marksOf, packetsIn } from './sequenceLayout';

/** Steps drawn above and below the stage's step (a long run is drawn as a window that follows it). */
const BEFORE = 30;
const AFTER = 45;
const TOP = 8;

/** One message's line; memoized, so a step forward redraws only the lines it changes. */
const SeqMessage = memo(function SeqMessage(props: { t: TFunction; p: Packet; x1: number; y1: number; x2: number; y2: number; future: boolean; why: boolean }) {
  const { t, p, x1, y1, x2, y2, future, why } = props;
  const lost = p.outcome === 'dropped';
  const quiet = isBackground(p);
  return (
    <g
      className={`seq-msg fam-${familyOf(p.kind)}${quiet ? ' quiet' : ''}${lost ? ' lost' : ''}${future ? ' future' : ''}${why ? ' why' : ''}`}
      data-testid={`seq-${p.kind}-${p.nth}`}
      data-why={why ? 'true' : undefined}
    >
      <line x1={x1} y1={y1} x2={x2} y2={y2} />
      {lost && <path className="seq-x" d={`M ${x2 - 5} ${y2 - 5} L ${x2 + 5} ${y2 + 5} M ${x2 + 5} ${y2 - 5} L ${x2 - 5} ${y2 + 5}`} />}
      {!quiet && (
        <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 3} textAnchor="middle">
          {packetLabel(t, p)}
        </text>
      )}
    </g>
  );
});

/**
 * The run as a sequence (space-time) diagram: one lane per node, one row per step, every message a
 * line from its sender at the step it was sent to its receiver at the step it arrived (a lost one
 * ends in a cross where it was lost). In step with the scrubber: the stage's step is the marked row;
 * click a row to go there.
 */
export function SequenceDiagram() {
  const { t, i18n } = useTranslation();
  const settings = useLab((s) => s.run.settings);
  const steps = useLab((s) => s.timeline.steps);
  const packets = useLab((s) => s.packets);
  // Deferred: the stage shows a new step first; this panel follows without holding it up.
  const cursor = useDeferredValue(useLab((s) => s.cursor));
  const lanes = useMemo(() => topologyOf(settings).map((n) => n.id), [settings]);
  const services = useMemo(() => servicesOf(settings), [settings]);
  const from = Math.max(0, Math.min(cursor - BEFORE, steps.length - 1 - BEFORE - AFTER));
  const to = Math.min(steps.length - 1, from + BEFORE + AFTER);
  const x = (node: NodeId) => LANE / 2 + lanes.indexOf(node) * LANE;
  const y = (step: number) => TOP + (step - from) * ROW + ROW / 2;
  const width = lanes.length * LANE;
  const height = TOP + (to - from + 1) * ROW + 8;
  const shown = useMemo(() => packetsIn(packets, from, to), [packets, from, to]);
  const marks = useMemo(() => marksOf(steps, from, to), [steps, from, to]);
  // An open why-chain: its messages drawn bold, its links' rows marked.
  const why = useLab((s) => s.why);
  const whySteps = useMemo(() => [...new Set(why ? [...why.chain.links, ...why.chain.after].map((l) => l.step) : [])], [why]);
  const scroller = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(scroller);
  // Keep the stage's row in view inside the diagram's own scroll box, when it is seen.
  useEffect(() => {
    if (!onScreen) return;
    const box = scroller.current;
    if (!box) return;
    const row = y(cursor);
    if (row < box.scrollTop + TOP || row > box.scrollTop + box.clientHeight - ROW) box.scrollTop = Math.max(0, row - box.clientHeight / 2);
  });
  const seekAt = (clientY: number, svg: SVGSVGElement) => {
    const box = svg.getBoundingClientRect();
    const unit = (clientY - box.top) * (height / box.height);
    labStore.getState().seek(from + Math.floor((unit - TOP) / ROW));
  };

  return (
    <section className="panel sequence" aria-labelledby="sequence-heading">
      <h2 id="sequence-heading">{t('stage.sequence.heading')}</h2>
      <p className="muted">{t('stage.sequence.intro', { from, to })}</p>
      {/* The lane names stay in view above the scrolling rows. */}
      <svg className="lane-names" viewBox={`0 0 ${width} 22`} width={width} height={22} aria-hidden="true">
        {lanes.map((n) => (
          <text key={n} x={x(n)} y={15} textAnchor="middle">
            {nodeName(i18n, n, services)}
          </text>
        ))}
      </svg>
      {/* Focusable, so its rows can be scrolled from the keyboard too. */}
      <div className="sequence-scroll" ref={scroller} tabIndex={0} role="region" aria-labelledby="sequence-heading">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          data-testid="sequence-diagram"
          data-from={from}
          data-to={to}
          role="img"
          aria-label={t('stage.sequence.aria', { from, to, cursor })}
          onClick={(e) => seekAt(e.clientY, e.currentTarget)}
        >
          {lanes.map((n) => (
            <line key={n} className="lane" x1={x(n)} x2={x(n)} y1={0} y2={height} />
          ))}
          {whySteps.map((step) =>
            step >= from && step <= to ? <rect key={`why-${step}`} className="seq-why-row" x={0} width={width} y={y(step) - ROW / 2} height={ROW} data-why="true" data-step={step} /> : null,
          )}
          <rect className="seq-cursor" x={0} width={width} y={y(cursor) - ROW / 2} height={ROW} data-testid="sequence-cursor" data-step={cursor} />
          {shown.map((p) => {
            if (!lanes.includes(p.from) || !lanes.includes(p.to)) return null;
            // A lost message stops part of the way, where it was lost.
            const share = lineShare(p);
            const x1 = x(p.from);
            return <SeqMessage key={p.id} t={t} p={p} x1={x1} y1={y(p.sentStep)} x2={x1 + (x(p.to) - x1) * share} y2={y(p.endStep ?? to)} future={p.sentStep > cursor} why={why?.netIds.has(p.id) ?? false} />;
          })}
          {marks.map((m, i) =>
            lanes.includes(m.node) ? <circle key={i} className={`seq-mark seq-${m.kind}`} cx={x(m.node)} cy={y(m.step)} r={m.kind === 'crash' ? 6 : 4} /> : null,
          )}
        </svg>
      </div>
    </section>
  );
}
