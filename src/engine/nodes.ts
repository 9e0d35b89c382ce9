/**
 * The four node machines and a pure `transitionNode` over their snapshots.
 *
 * xstate's own `transition(logic, snapshot, event)` builds a throwaway actor on every call (about
 * 4x the cost of `actor.send`). The engine instead calls the machine's `transition` with one inert
 * actor scope per machine, made once, whose action executor only collects actions. Same purity,
 * same result, the cost of a bare send. Actions come back unexecuted: the scheduler interprets
 * them (emits, delayed raises, cancels) on the virtual clock.
 */
import { createActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { brokerMachine, type BrokerSnapshot } from './machines/broker';
import { consumerMachine, type ConsumerSnapshot } from './machines/consumer';
import { coordinatorMachine } from './machines/coordinator';
import { producerMachine, type ProducerSnapshot } from './machines/producer';
import { sinkMachine, type SinkSnapshot } from './machines/sink';
import { collectEffectsInto } from './machines/effects';
import { idsOf, roleOf, servicesOf, type Topology } from './topology';
import type { NodeId, NodeRole, Settings } from './types';

/** Every node's snapshot, by node id; the first node of each role is typed. */
export interface NodeSnapshots {
  readonly producer: ProducerSnapshot;
  readonly broker: BrokerSnapshot;
  readonly consumer: ConsumerSnapshot;
  readonly sink: SinkSnapshot;
  readonly [id: NodeId]: AnyMachineSnapshot;
}

export const MACHINES: Record<NodeRole, AnyStateMachine> = {
  producer: producerMachine,
  broker: brokerMachine,
  consumer: consumerMachine,
  sink: sinkMachine,
  coordinator: coordinatorMachine,
};
/** An executed-nothing action as xstate hands it over. */
export interface CollectedAction {
  type: string;
  params?: unknown;
}

interface InertScope {
  scope: AnyActorScope;
  collected: CollectedAction[];
}

const scopes = new Map<AnyStateMachine, InertScope>();

/** The machine's reusable scope; the first caller (initialNodes) provides a real input for its actor. */
function scopeFor(machine: AnyStateMachine, input?: unknown): InertScope {
  let s = scopes.get(machine);
  if (!s) {
    if (input === undefined) throw new Error(`no scope for ${machine.id} yet: start a run first`);
    const self = createActor(machine, { input });
    const collected: CollectedAction[] = [];
    const scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      stopChild: () => {},
      emit: () => {},
      actionExecutor: (action: CollectedAction) => {
        collected.push(action);
      },
    } as unknown as AnyActorScope;
    s = { scope, collected };
    scopes.set(machine, s);
  }
  return s;
}

function take(s: InertScope): CollectedAction[] {
  const actions = s.collected.slice();
  s.collected.length = 0;
  return actions;
}

/** The next snapshot of `node` after `event`, and the actions it asks for. Pure. */
export function transitionNode<S extends AnyMachineSnapshot>(node: NodeId, snapshot: S, event: EventObject): [S, CollectedAction[]] {
  const machine = MACHINES[roleOf(node)];
  const s = scopeFor(machine);
  s.collected.length = 0;
  collectEffectsInto(s.collected);
  const next = machine.transition(snapshot, event, s.scope) as S;
  collectEffectsInto(null);
  return [next, take(s)];
}

/** Each node's initial snapshot and the actions its start asks for. */
export function initialNodes(
  settings: Settings,
  topology: Topology,
  startsLater: ReadonlySet<NodeId> = new Set(),
): { nodes: NodeSnapshots; actions: [NodeId, CollectedAction[]][] } {
  const brokers = idsOf(topology, 'broker');
  const coordinator = idsOf(topology, 'coordinator')[0] ?? null;
  const partitions = settings.topic.partitions;
  const replicated = brokers.length > 1;
  // Without replication the inputs stay exactly as they were (no `brokers` list).
  const cluster = replicated ? { brokers } : {};
  const services = servicesOf(settings);
  const inputOf = (id: NodeId, role: NodeRole): unknown => {
    switch (role) {
      case 'producer':
        return {
          config: settings.producer,
          app: settings.producerApp,
          partitions,
          leader: brokers[0],
          coordinator,
          ...cluster,
          // The second instance starts later (producerApp.secondInstanceStartMs).
          startAt: id === 'producer' ? 0 : settings.producerApp.secondInstanceStartMs,
        };
      case 'broker': {
        const base = { config: settings.broker, fetchMaxWaitMs: settings.consumer['fetch.max.wait.ms'], partitions };
        if (!replicated) return base;
        const replication = {
          self: id,
          replicas: brokers,
          minInsync: settings.topic['min.insync.replicas'],
          lagTimeMaxMs: settings.broker['replica.lag.time.max.ms'],
          fetchWaitMaxMs: settings.broker['replica.fetch.wait.max.ms'],
          produceTimeoutMs: settings.producer['request.timeout.ms'],
        };
        return { ...base, replication, firstProducerId: 1000 * (brokers.indexOf(id) + 1) };
      }
      case 'consumer': {
        const base = { id, config: settings.consumer, app: settings.consumerApp, coordinator: brokers[0], partitions, startsLater: startsLater.has(id), txnCoordinator: coordinator, txnConfig: settings.producer, ...cluster };
        const s = services.find((x) => x.consumer === id);
        // A service's consumer: its own group and database, its own strategy.
        return s ? { ...base, app: { ...settings.consumerApp, idempotence: s.idempotence }, service: { groupId: s.name, sink: s.sink } } : base;
      }
      case 'sink':
        return { writeMs: settings.consumerApp.sinkWriteMs };
      case 'coordinator':
        // The lab uses the producer's request.timeout.ms for the markers (Kafka: the broker's, 30000).
        return { leader: brokers[0], requestTimeoutMs: settings.producer['request.timeout.ms'] };
    }
  };
  const actions: [NodeId, CollectedAction[]][] = [];
  const nodes: Record<NodeId, AnyMachineSnapshot> = {};
  for (const { id, role } of topology) {
    const machine = MACHINES[role];
    const input = inputOf(id, role);
    const s = scopeFor(machine, input);
    s.collected.length = 0;
    collectEffectsInto(s.collected);
    nodes[id] = machine.getInitialSnapshot(s.scope, input);
    collectEffectsInto(null);
    actions.push([id, take(s)]);
  }
  return { nodes: nodes as unknown as NodeSnapshots, actions };
}

/** Whether a node is down (crashed, or a consumer that stopped). */
export const isDown = (snapshot: AnyMachineSnapshot) => snapshot.hasTag('down');
