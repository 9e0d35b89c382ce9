/**
 * When a run is over: quiescence, asked after every step (simulation.ts). What is not in the
 * sink by then never will be.
 */
import { isBackground } from './agenda';
import { groupSettled } from './groupRun';
import { highWatermark } from './logic/broker';
import { groupOf } from './logic/groupCoordinator';
import { replicationSettled } from './logic/replication';
import { isDown, type NodeSnapshots } from './nodes';
import { topologyOfRun } from './runState';
import type { RunConfig, SimState } from './simulation';
import { idsOf } from './topology';
import type { NodeId } from './types';

/**
 * Quiet: nothing is left to happen but idle fetch long-polls, every live follower has caught up
 * with its leader (so the high watermarks have moved as far as they can), and every running
 * consumer has read and processed everything in its partitions (and, with auto-commit, committed
 * it). What is not in the sink by now never will be.
 */
export function isQuiescent(run: RunConfig, s: SimState): boolean {
  if (s.agenda.some((a) => !isBackground(a))) return false;
  const topology = topologyOfRun(run);
  const broker = s.nodes.broker;
  const coordinatorDown = isDown(broker);
  if (coordinatorDown && !s.controller) return true;
  if (s.controller && !replicationQuiet(s, idsOf(topology, 'broker'))) return false;
  const autoCommit = run.settings.consumer['enable.auto.commit'];
  for (const id of idsOf(topology, 'consumer')) {
    const consumer = s.nodes[id] as NodeSnapshots['consumer'];
    if (isDown(consumer)) continue;
    const c = consumer.context;
    if (!consumer.matches({ running: 'polling' })) return false;
    if (c.rejoinNeeded || c.closeRequested) return false;
    for (const p of c.assignment) {
      const position = c.positions[p];
      const hw = s.controller ? leaderHighWatermark(s, p) : highWatermark(broker.context, p);
      // A partition without a live leader cannot move; the group coordinator (`broker`) takes commits.
      if (hw === null) continue;
      if (position === undefined || position < hw) return false;
      if (autoCommit && !coordinatorDown && groupOf(broker.context, c.groupId).committed[p] !== position) return false;
    }
  }
  return groupSettled(topology, s);
}

/** The HW of a partition's live leader (null: no leader, or it is down). */
function leaderHighWatermark(s: SimState, partition: number): number | null {
  const leader = s.controller!.partitions[partition]!.leader;
  const node = leader === null ? undefined : (s.nodes[leader] as NodeSnapshots['broker'] | undefined);
  return node && !isDown(node) ? highWatermark(node.context, partition) : null;
}

function replicationQuiet(s: SimState, brokers: readonly NodeId[]): boolean {
  const live = brokers.filter((b) => !isDown(s.nodes[b]!));
  return s.controller!.partitions.every((m, partition) => {
    if (m.leader === null || !live.includes(m.leader)) return true;
    return replicationSettled((s.nodes[m.leader] as NodeSnapshots['broker']).context, partition, live);
  });
}
