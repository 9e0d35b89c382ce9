/**
 * The controller (KRaft's active controller, reduced to what replication needs): per partition the
 * leader, the leader epoch and the ISR. It is not a node of the run: the scheduler keeps its state
 * and calls it when a broker crashes, restarts, or a leader changes its ISR (kafka-part2 §5,
 * PartitionChangeBuilder.electAnyLeader, ReplicationControlManager).
 *
 * - A crashed broker is fenced after broker.session.timeout.ms (the lab counts from the crash; a
 *   broker that restarts sooner is fenced at its restart). Fencing drops it from every ISR (the
 *   last member stays) and moves its leaderships: clean election, the first replica in assignment
 *   order that is in the ISR and not fenced, with a higher leader epoch. With none, the partition
 *   has no leader until an ISR member comes back (unclean.leader.election.enable=false, Kafka's
 *   default; the lab has no unclean election).
 * - A restarted broker registers (unfenced) and takes over the partitions that were waiting for it.
 * - Every broker learns each change at once (KRaft's metadata log, instant in the lab).
 */
import type { NodeId, TraceEvent } from '../types';
import type { PartitionMeta } from './replication';

export interface ControllerState {
  replicas: readonly NodeId[];
  partitions: readonly PartitionMeta[];
  fenced: readonly NodeId[];
  /** Crashed brokers the controller has not fenced yet. */
  unfenced: readonly NodeId[];
}

export interface ControllerStep {
  state: ControllerState;
  events: TraceEvent[];
}

/** At start `broker` leads every partition and every replica is in sync (an empty log). */
export function initialController(replicas: readonly NodeId[], partitions: number): ControllerStep {
  const isr = replicas;
  const state: ControllerState = {
    replicas,
    partitions: Array.from({ length: partitions }, () => ({ leader: replicas[0]!, leaderEpoch: 0, isr })),
    fenced: [],
    unfenced: [],
  };
  const events: TraceEvent[] = state.partitions.map((m, partition) => ({ type: 'replica.leaderElected', partition, leader: m.leader!, leaderEpoch: 0, isr }));
  return { state, events };
}

/** A broker crashed: it will be fenced after the session timeout. */
export const brokerCrashed = (s: ControllerState, broker: NodeId): ControllerState =>
  s.unfenced.includes(broker) ? s : { ...s, unfenced: [...s.unfenced, broker] };

/** The first ISR member in assignment order that is not fenced. */
const electable = (s: ControllerState, isr: readonly NodeId[], fenced: readonly NodeId[]) => s.replicas.find((b) => isr.includes(b) && !fenced.includes(b)) ?? null;

/** Fences a crashed broker: out of every ISR (never emptying one), its leaderships re-elected. */
export function fence(s: ControllerState, broker: NodeId): ControllerStep {
  if (!s.unfenced.includes(broker)) return { state: s, events: [] };
  const fenced = [...s.fenced, broker];
  const events: TraceEvent[] = [];
  const partitions = s.partitions.map((m, partition): PartitionMeta => {
    const rest = m.isr.filter((b) => b !== broker);
    const isr = rest.length > 0 ? rest : m.isr;
    if (m.leader === broker) {
      const leader = electable(s, isr, fenced);
      const leaderEpoch = m.leaderEpoch + 1;
      events.push(leader ? { type: 'replica.leaderElected', partition, leader, leaderEpoch, isr } : { type: 'replica.noLeader', partition, leaderEpoch, isr });
      return { leader, leaderEpoch, isr };
    }
    if (isr.length === m.isr.length) return m;
    events.push({ type: 'replica.isrShrank', node: m.leader ?? broker, partition, removed: broker, isr, reason: 'fenced' });
    return { ...m, isr };
  });
  return { state: { ...s, partitions, fenced, unfenced: s.unfenced.filter((b) => b !== broker) }, events };
}

/** A broker restarted and registered: unfenced, it leads the partitions that had no leader and it is in the ISR of. */
export function register(s: ControllerState, broker: NodeId): ControllerStep {
  const fenced = s.fenced.filter((b) => b !== broker);
  const events: TraceEvent[] = [];
  const partitions = s.partitions.map((m, partition): PartitionMeta => {
    if (m.leader !== null) return m;
    const leader = electable(s, m.isr, fenced);
    if (!leader) return m;
    const leaderEpoch = m.leaderEpoch + 1;
    events.push({ type: 'replica.leaderElected', partition, leader, leaderEpoch, isr: m.isr });
    return { leader, leaderEpoch, isr: m.isr };
  });
  return { state: { ...s, partitions, fenced }, events };
}

/** AlterPartition: the current leader of the partition, at the current epoch, sets its ISR. */
export function alterPartition(s: ControllerState, from: NodeId, partition: number, leaderEpoch: number, isr: readonly NodeId[]): ControllerState {
  const m = s.partitions[partition];
  if (!m || m.leader !== from || m.leaderEpoch !== leaderEpoch) return s;
  return { ...s, partitions: s.partitions.map((x, i) => (i === partition ? { ...m, isr } : x)) };
}
