import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyMachineSnapshot } from 'xstate';
import {
  allPairs,
  groupOf,
  idsOf,
  roleOf,
  servicesOf,
  topologyOf,
  type BrokerContext,
  type ConsumerContext,
  type CoordinatorContext,
  type NodeId,
  type ProducerContext,
  type SinkContext,
  type LostItem,
  type Step,
} from '../../engine';
import { useLab } from '../../store';
import { firstRenderShown, lazyAfterFirstRender } from '../afterFirstRender';
import { useMotionOff } from '../motion';
import { BrokerCard, type LogPointers, type ProduceCheck } from './BrokerCard';
import { ConsumerCard } from './ConsumerCard';
import { CoordinatorCard } from './CoordinatorCard';
import { layoutStage } from './layout';
import { NodeFrame, type NodeHealth } from './NodeFrame';
import { NodeMenu } from './NodeMenu';
import { ProducerCard } from './ProducerCard';
import { SinkCard } from './SinkCard';
import { StageHeader } from './StageHeader';

/**
 * The packets and framer-motion with them: a chunk of their own, asked for once the stage has
 * rendered the first time (not during that render: see Packets.tsx).
 */
const Packets = lazyAfterFirstRender(() => import('./Packets'));

/** The innermost state name of a node's statechart (`running.processing` -> `processing`). */
function leafState(value: AnyMachineSnapshot['value']): string {
  let v: unknown = value;
  while (v && typeof v === 'object') v = Object.values(v as Record<string, unknown>)[0];
  return String(v);
}

const CHECKS = new Set(['broker.appended', 'broker.duplicate', 'broker.outOfOrderSequence', 'broker.invalidProducerEpoch', 'broker.rejected']);
/** How far back the stage looks for a broker's latest produce check. */
const CHECK_WINDOW = 400;

/** A node's latest crash up to the cursor: when, and what its memory held. */
export interface LastCrash {
  step: number;
  lost: readonly LostItem[];
}

/**
 * Looking back from the cursor: per broker its latest check of a produce request (what the
 * idempotence check decided), and per node its latest crash (what a restarted node lost).
 */
function latest(steps: readonly Step[], cursor: number): { checks: Map<NodeId, ProduceCheck>; crashes: Map<NodeId, LastCrash> } {
  const found = new Map<NodeId, ProduceCheck>();
  const crashes = new Map<NodeId, LastCrash>();
  for (let i = cursor; i >= 0 && i > cursor - CHECK_WINDOW; i--) {
    const events = steps[i]!.events;
    for (let k = events.length - 1; k >= 0; k--) {
      const e = events[k]!;
      if (e.type === 'node.crashed' && !crashes.has(e.node)) crashes.set(e.node, { step: i, lost: e.lost });
      if (!CHECKS.has(e.type) || (e.type === 'broker.appended' && e.topic !== undefined)) continue;
      const node = ('node' in e && typeof e.node === 'string' ? e.node : undefined) ?? e.instance ?? 'broker';
      if (!found.has(node)) found.set(node, { step: i, event: e });
    }
  }
  return { checks: found, crashes };
}

function healthOf(s: AnyMachineSnapshot): NodeHealth {
  if (!s.hasTag('down')) return 'up';
  const leaf = leafState(s.value);
  if (leaf === 'notStarted') return 'not-started';
  if (leaf === 'fenced') return 'fenced';
  if (leaf === 'left' || leaf === 'failed') return 'down';
  return 'crashed';
}

/**
 * The stage: every node of the run as a card, left to right as a record travels, the links between
 * them, and the packets on the wire. One SVG in its own coordinates (it scales with the page); the
 * cards are HTML inside it. Everything shown is the run as it stood after the cursor's step.
 */
export function Stage() {
  const { t } = useTranslation();
  const settings = useLab((s) => s.run.settings);
  const stateNow = useLab((s) => s.stateNow);
  const faults = useLab((s) => s.run.faults);
  const topology = useMemo(() => topologyOf(settings), [settings]);
  useEffect(() => firstRenderShown(), []);
  const motionOff = useMotionOff();
  const pairs = useMemo(() => allPairs(topology), [topology]);
  const layout = useMemo(() => layoutStage(topology, pairs), [topology, pairs]);
  const services = useMemo(() => servicesOf(settings), [settings]);
  const neighbours = useMemo(
    () => new Map(topology.map(({ id }) => [id, layout.links.flatMap((l) => (l.a === id ? [l.b] : l.b === id ? [l.a] : []))])),
    [topology, layout],
  );
  const now = stateNow.now;
  const pointers = useMemo((): LogPointers => {
    const consumers = idsOf(topology, 'consumer');
    const positions = consumers.flatMap((node) => {
      const c = stateNow.nodes[node]!.context as ConsumerContext;
      return Object.entries(c.positions).map(([p, offset]) => ({ node, partition: Number(p), offset }));
    });
    const broker = stateNow.nodes.broker.context;
    const groups = services.length > 0 ? services.map((s) => s.name) : [undefined];
    const committed = groups.flatMap((group) => Object.entries(groupOf(broker, group).committed).map(([p, offset]) => ({ group, partition: Number(p), offset })));
    return { positions, committed };
  }, [stateNow, topology, services]);
  const steps = useLab((s) => s.timeline.steps);
  const cursor = useLab((s) => s.cursor);
  // The nodes an open why-chain passes through, else the ones the lesson's narration points at.
  const focus = useLab((s) => s.why?.nodes ?? s.lesson?.steps[s.lesson.index]?.nodes);
  const { checks, crashes } = useMemo(() => latest(steps, cursor), [steps, cursor]);
  const cut = (a: NodeId, b: NodeId) =>
    faults.some((f) => f.type === 'cut' && f.fromMs <= now && now < f.toMs && f.between.includes(a) && f.between.includes(b));

  const card = (id: NodeId) => {
    const snapshot = stateNow.nodes[id]!;
    const context = snapshot.context as unknown;
    switch (roleOf(id)) {
      case 'producer':
        return <ProducerCard c={context as ProducerContext} />;
      case 'broker':
        return <BrokerCard c={context as BrokerContext} pointers={pointers} check={checks.get(id) ?? null} />;
      case 'consumer':
        return <ConsumerCard c={context as ConsumerContext} state={leafState(snapshot.value)} />;
      case 'sink': {
        const strategy = services.find((s) => s.sink === id)?.idempotence ?? settings.consumerApp.idempotence;
        return <SinkCard c={context as SinkContext} strategy={strategy} now={now} />;
      }
      case 'coordinator':
        return <CoordinatorCard c={context as CoordinatorContext} />;
    }
  };

  return (
    <section className="panel stage-panel" aria-labelledby="stage-heading">
      <StageHeader />
      {/* data-motion: off with ?motion=off or the system's reduced motion (packets jump, nothing fades). */}
      <div className="stage" data-motion={motionOff ? 'off' : 'on'} style={{ aspectRatio: `${layout.width} / ${layout.height}` }}>
        <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label={t('stage.aria')} data-testid="stage">
          <g className="links">
            {layout.links.map((l) => (
              <line key={l.id} {...l.line} className={cut(l.a, l.b) ? 'link cut' : 'link'} data-testid={`link-${l.id}`} data-cut={cut(l.a, l.b) ? 'true' : undefined} />
            ))}
          </g>
          {topology.map(({ id }) => {
            const box = layout.nodes[id]!;
            const snapshot = stateNow.nodes[id]!;
            return (
              <foreignObject key={id} x={box.x} y={box.y} width={box.w} height={box.h}>
                <NodeFrame
                  id={id}
                  health={healthOf(snapshot)}
                  restarts={(stateNow.incarnations[id] ?? 1) - 1}
                  lastCrash={crashes.get(id) ?? null}
                  services={services}
                  highlighted={focus?.includes(id) ?? false}
                  menu={<NodeMenu id={id} down={snapshot.hasTag('down')} neighbours={neighbours.get(id)!} services={services} />}
                >
                  {card(id)}
                </NodeFrame>
              </foreignObject>
            );
          })}
          <g className="packets" data-testid="packets">
            <Suspense fallback={null}>
              <Packets links={layout.links} />
            </Suspense>
          </g>
        </svg>
      </div>
    </section>
  );
}
