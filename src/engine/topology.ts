/**
 * Which nodes a run has, from its settings: one producer (two with producerApp.instances 2), one
 * broker per replica (`replication.factor`), the consumers of the group and the database they write
 * to, and a transaction coordinator when a producer or the copier uses transactions. Every node id
 * is its role, then `-2`, `-3`, ... for further instances of that role.
 */
import { NODE_ROLES, type GroupId, type MessageKind, type NodeId, type NodeRole, type Settings, type SinkStrategy } from './types';

export interface NodeSpec {
  id: NodeId;
  role: NodeRole;
}

export type Topology = readonly NodeSpec[];

/** `consumer`, `consumer-2`, ...: the id of the n-th (1-based) node of a role. */
export const nodeId = (role: NodeRole, n: number): NodeId => (n === 1 ? role : `${role}-${n}`);

/** The role of a node id (`consumer-2` -> `consumer`). */
export function roleOf(id: NodeId): NodeRole {
  const dash = id.indexOf('-');
  return (dash < 0 ? id : id.slice(0, dash)) as NodeRole;
}

/** A service of a fan-out (consumerApp.services) and its nodes: the n-th has `consumer-n` and `sink-n`. */
export interface ServiceNodes {
  name: GroupId;
  idempotence: SinkStrategy;
  consumer: NodeId;
  sink: NodeId;
}

/** The services of a run with several (consumerApp.services), in order; empty for one service. */
export const servicesOf = (settings: Settings): ServiceNodes[] =>
  settings.consumerApp.services.map((s, i) => ({ ...s, consumer: nodeId('consumer', i + 1), sink: nodeId('sink', i + 1) }));

/** Whether the run has a transaction coordinator: a producer with a transactional.id, or the copier. */
export const usesTransactions = (settings: Settings): boolean =>
  settings.producer['transactional.id'] !== null || settings.consumerApp.output === 'topic';

/**
 * Every partition has a replica on each broker, in the order `broker`, `broker-2`, `broker-3`, and
 * `broker` leads them all at the start. (Kafka spreads partition leaders over the brokers; with
 * all leaders on one broker, a single crash shows the whole failover.)
 */
export function topologyOf(settings: Settings): Topology {
  const nodes: NodeSpec[] = [{ id: 'producer', role: 'producer' }];
  if (settings.producerApp.instances === 2) nodes.push({ id: 'producer-2', role: 'producer' });
  const brokers = Math.max(1, settings.topic['replication.factor']);
  for (let i = 1; i <= brokers; i++) nodes.push({ id: nodeId('broker', i), role: 'broker' });
  const services = servicesOf(settings);
  if (services.length > 0) {
    // A consumer and a database per service.
    for (const s of services) nodes.push({ id: s.consumer, role: 'consumer' });
    for (const s of services) nodes.push({ id: s.sink, role: 'sink' });
  } else {
    for (let i = 1; i <= Math.max(1, settings.consumerApp.instances); i++) nodes.push({ id: nodeId('consumer', i), role: 'consumer' });
    // The copier writes to the output topic, not to the database.
    if (settings.consumerApp.output === 'database') nodes.push({ id: 'sink', role: 'sink' });
  }
  // In Kafka the transaction coordinator is a role of a broker (the leader of the transactional.id's
  // __transaction_state partition); the lab draws it as a node of its own, so its messages and its
  // crash are visible apart from the partition leader's.
  if (usesTransactions(settings)) nodes.push({ id: 'coordinator', role: 'coordinator' });
  return nodes;
}

export const idsOf = (t: Topology, role: NodeRole): NodeId[] => t.filter((n) => n.role === role).map((n) => n.id);

/**
 * Servers accept connections; clients open them. The transaction coordinator is both: a server to
 * producers and a client of the partition leader (it sends WriteTxnMarkers). Of two nodes, the one
 * of lower rank opens the connection; between two brokers the follower is the client: it opens the
 * connection to the leader and sends ReplicaFetchRequests.
 */
const RANK: Record<NodeRole, number> = { producer: 0, consumer: 0, coordinator: 1, broker: 2, sink: 2 };
const rank = (id: NodeId) => RANK[roleOf(id)] ?? 0;
export const isServer = (id: NodeId): boolean => rank(id) > 0;

/**
 * Whether `from` is the client end of a message of `kind` between these nodes. Between two
 * brokers a request (or, with no kind given, a connection named client first) comes from the client.
 */
export function fromIsClient(from: NodeId, to: NodeId, kind?: MessageKind): boolean {
  const rf = rank(from);
  const rt = rank(to);
  if (rf !== rt) return rf < rt;
  return kind !== 'ReplicaFetchResponse';
}

/** Whether `from` is the client of a connection between `from` and `to` (no message kind: the first named). */
export const isClientOf = (from: NodeId, to: NodeId): boolean => fromIsClient(from, to);

/** `client~server` for a message of `kind` between these nodes, whichever way it goes. */
export const pairOf = (from: NodeId, to: NodeId, kind?: MessageKind): string => (fromIsClient(from, to, kind) ? `${from}~${to}` : `${to}~${from}`);

/** The connections (`client~server`) a node opens or serves. */
export function pairsOf(t: Topology, node: NodeId): string[] {
  const brokers = idsOf(t, 'broker');
  const coordinators = idsOf(t, 'coordinator');
  const pairs: string[] = [];
  for (const n of t) {
    if (n.role === 'producer') for (const b of [...brokers, ...coordinators]) pairs.push(`${n.id}~${b}`);
    // Followers fetch from leaders, and leadership moves: every broker may be a client of every other.
    if (n.role === 'broker') for (const b of brokers) if (b !== n.id) pairs.push(`${n.id}~${b}`);
    if (n.role === 'consumer') {
      for (const b of [...brokers, ...coordinators]) pairs.push(`${n.id}~${b}`);
      // The consumers of one service share its database; with several services, consumer-n writes to sink-n.
      const sinks = idsOf(t, 'sink');
      for (const s of sinks.length > 1 ? [n.id.replace('consumer', 'sink')] : sinks) pairs.push(`${n.id}~${s}`);
    }
    if (n.role === 'coordinator') for (const b of brokers) pairs.push(`${n.id}~${b}`);
  }
  return pairs.filter((p) => p.split('~').includes(node));
}

/** Every connection (`client~server`) of the run, once each, in topology order. */
export const allPairs = (t: Topology): string[] => [...new Set(t.flatMap((n) => pairsOf(t, n.id)))];

const NODE_NAME = new RegExp(`^(${NODE_ROLES.join('|')})(-[2-9])?$`);
/** Whether `name` is a well-formed node id (a role, or a role and an instance number 2-9). */
export const isNodeName = (name: string): boolean => NODE_NAME.test(name);
export const NODE_NAME_HINT = `${NODE_ROLES.join(', ')}, or one of them with -2 … -9`;
