/**
 * What the scheduler needs to know about consumer groups and processing failures: whether the
 * group has settled (for quiescence), and whether a processing attempt throws (`fail` faults).
 */
import { memberIdOf } from './logic/consumerClient';
import { groupOf } from './logic/groupCoordinator';
import { isDown, type NodeSnapshots } from './nodes';
import { idsOf, type Topology } from './topology';
import type { Fault, FailStage, MessageId } from './types';

/**
 * Every group is settled: stable, every member a running consumer process at the current
 * generation, and every running consumer a member. Until then something is still to happen (a dead
 * member's session will expire, a rebalance will complete), even if only background timers remain.
 */
export function groupSettled(topology: Topology, s: { nodes: NodeSnapshots }): boolean {
  const consumers = idsOf(topology, 'consumer').map((id) => s.nodes[id] as NodeSnapshots['consumer']);
  const groups = new Set(consumers.map((x) => x.context.groupId));
  for (const gid of groups) {
    const live = consumers.filter((x) => x.context.groupId === gid && !isDown(x));
    if (live.length === 0) continue;
    const g = groupOf(s.nodes.broker.context, gid);
    if (g.state !== 'Stable' || g.members.length !== live.length) return false;
    for (const { context: c } of live) {
      if (c.generation !== g.generation || !g.members.some((m) => m.memberId === memberIdOf(c))) return false;
    }
  }
  return true;
}

/**
 * Whether this processing of `messageId` throws: a `fail` fault for it that has not used up its
 * `times` (counted over every attempt, every consumer). Returns the new counts and where it throws.
 */
export function processingFailure(
  faults: readonly Fault[],
  s: { failures: Readonly<Record<MessageId, number>> },
  event: { messageId?: MessageId },
): { failures: Record<MessageId, number>; stage: FailStage } | null {
  const id = event.messageId;
  if (id === undefined) return null;
  for (const f of faults) {
    if (f.type !== 'fail' || f.what !== 'processing' || f.messageId !== id) continue;
    const n = s.failures[id] ?? 0;
    if (f.times !== undefined && n >= f.times) return null;
    return { failures: { ...s.failures, [id]: n + 1 }, stage: f.stage ?? 'before-write' };
  }
  return null;
}
