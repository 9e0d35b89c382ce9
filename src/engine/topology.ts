/**
 * Which nodes a run has, from its settings: one producer, one broker per replica
 * (`replication.factor`), the consumers of the group and the database they write to. Every node id
 * is its role, then `-2`, `-3`, ... for further instances of that role.
 */
import { NODE_ROLES, type MessageKind, type NodeId, type NodeRole, type Settings } from './types';

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

/**
 * Every partition has a replica on each broker, in the order `broker`, `broker-2`, `broker-3`, and
 * `broker` leads them all at the start. (Kafka spreads partition leaders over the brokers; with
 * all leaders on one broker, a single crash shows the whole failover.)
 */
export function topologyOf(settings: Settings): Topology {
  const brokers = Math.max(1, settings.topic['replication.factor']);
  return [
    { id: 'producer', role: 'producer' },
    ...Array.from({ length: brokers }, (_, i): NodeSpec => ({ id: nodeId('broker', i + 1), role: 'broker' })),
    { id: 'consumer', role: 'consumer' },
    { id: 'sink', role: 'sink' },
  ];
}

export const idsOf = (t: Topology, role: NodeRole): NodeId[] => t.filter((n) => n.role === role).map((n) => n.id);

/**
 * Servers accept connections (brokers, the database); clients open them. Between two brokers the
 * follower is the client: it opens the connection to the leader and sends ReplicaFetchRequests.
 */
export const isServer = (id: NodeId): boolean => id.startsWith('broker') || id.startsWith('sink');

/**
 * Whether `from` is the client end of a message of `kind` between these nodes. Between two
 * brokers a request (or, with no kind given, a connection named client first) comes from the client.
 */
export function fromIsClient(from: NodeId, to: NodeId, kind?: MessageKind): boolean {
  if (!isServer(from)) return true;
  if (!isServer(to)) return false;
  return kind !== 'ReplicaFetchResponse';
}

/** `client~server` for a message of `kind` between these nodes, whichever way it goes. */
export const pairOf = (from: NodeId, to: NodeId, kind?: MessageKind): string => (fromIsClient(from, to, kind) ? `${from}~${to}` : `${to}~${from}`);

/** The connections (`client~server`) a node opens or serves. */
export function pairsOf(t: Topology, node: NodeId): string[] {
  const brokers = idsOf(t, 'broker');
  const pairs: string[] = [];
  for (const n of t) {
    if (n.role === 'producer') for (const b of brokers) pairs.push(`${n.id}~${b}`);
    // Followers fetch from leaders, and leadership moves: every broker may be a client of every other.
    if (n.role === 'broker') for (const b of brokers) if (b !== n.id) pairs.push(`${n.id}~${b}`);
    if (n.role === 'consumer') {
      for (const b of brokers) pairs.push(`${n.id}~${b}`);
      for (const s of idsOf(t, 'sink')) pairs.push(`${n.id}~${s}`);
    }
  }
  return pairs.filter((p) => p.split('~').includes(node));
}

const NODE_NAME = new RegExp(`^(${NODE_ROLES.join('|')})(-[2-9])?$`);
/** Whether `name` is a well-formed node id (a role, or a role and an instance number 2-9). */
export const isNodeName = (name: string): boolean => NODE_NAME.test(name);
export const NODE_NAME_HINT = `${NODE_ROLES.join(', ')}, or one of them with -2 … -9`;
