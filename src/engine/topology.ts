/**
 * Which nodes a run has, from its settings: one producer, one broker, the consumers of the group
 * and the database they write to. Every node id is its role, then `-2`, `-3`, ... for further
 * instances of that role.
 */
import { NODE_ROLES, type NodeId, type NodeRole, type Settings } from './types';

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

export function topologyOf(settings: Settings): Topology {
  const consumers = Array.from({ length: Math.max(1, settings.consumerApp.instances) }, (_, i) => ({ id: nodeId('consumer', i + 1), role: 'consumer' as const }));
  return [{ id: 'producer', role: 'producer' }, { id: 'broker', role: 'broker' }, ...consumers, { id: 'sink', role: 'sink' }];
}

export const idsOf = (t: Topology, role: NodeRole): NodeId[] => t.filter((n) => n.role === role).map((n) => n.id);

/** Servers accept connections (brokers, the database); clients open them. */
export const isServer = (id: NodeId): boolean => {
  const role = roleOf(id);
  return role === 'broker' || role === 'sink';
};

/** The connections (`client~server`) a node opens or serves. */
export function pairsOf(t: Topology, node: NodeId): string[] {
  const brokers = idsOf(t, 'broker');
  const pairs: string[] = [];
  for (const n of t) {
    if (n.role === 'producer') for (const b of brokers) pairs.push(`${n.id}~${b}`);
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
