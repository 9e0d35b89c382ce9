/**
 * The group coordinator's side of the broker (kafka-part2.md §6, the classic protocol): members,
 * heartbeats and session expiry, eager rebalances with the RangeAssignor, and the group's
 * committed offsets (OffsetFetch, OffsetCommit). Membership, generation and offsets are on disk,
 * like Kafka's __consumer_offsets; the JoinGroup requests waiting for a rebalance are memory.
 *
 * A rebalance: a member joins, leaves (LeaveGroup) or stops heartbeating for its session timeout
 * -> PreparingRebalance, and heartbeats are answered REBALANCE_IN_PROGRESS. Every member rejoins
 * at its next poll() (onJoinPrepare: auto-commit, revoke everything), and once all known members
 * have sent JoinGroup (or the rebalance timeout removed the rest) the generation goes up and each
 * JoinGroupResponse carries the member's partitions. In Kafka the responses go to the members, the
 * leader member computes the assignment and SyncGroup hands it out (CompletingRebalance); the lab
 * folds SyncGroup into JoinGroup and computes the assignment here, with the same RangeAssignor.
 */
import { reply, trace, type Out, type Stepped } from '../machines/effects';
import type { MemberAssignment, NetMessage, NodeId, Payload, RebalanceReason } from '../types';
import type { BrokerContext, BrokerTimer } from './broker';
import { unstablePartitions } from './brokerTxn';

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

export type GroupTimer =
  /** A member's session: re-armed by every heartbeat; background, so a healthy group can be quiet. */
  | { type: 'SESSION_EXPIRED'; memberId: string; background: true }
  /** The end of the rebalance (its timeout, or the initial delay of an empty group). */
  | { type: 'JOIN_DEADLINE' };

export interface GroupMember {
  memberId: string;
  node: NodeId;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** When the coordinator last heard from it (a heartbeat, a join). */
  lastSeenAt: number;
  /** Its JoinGroup, answered when the rebalance completes (memory: a coordinator crash loses it). */
  join: NetMessage | null;
  /** Whether it belongs to the current generation (a member that joined during the rebalance does not). */
  inGeneration: boolean;
  assignment: readonly number[];
}

export interface ClassicGroup {
  state: 'Empty' | 'PreparingRebalance' | 'Stable';
  generation: number;
  members: readonly GroupMember[];
  /** The initial delay of an empty group's first rebalance: how much of the rebalance timeout is left, and whether someone joined meanwhile. */
  initialDelay: { remainingMs: number; newMember: boolean } | null;
}

export const emptyGroup = (): ClassicGroup => ({ state: 'Empty', generation: 0, members: [], initialDelay: null });

const SESSION = (memberId: string) => `session:${memberId}`;
const JOIN_DEADLINE = 'join-deadline';

const withGroup = (c: BrokerContext, group: ClassicGroup): BrokerContext => ({ ...c, group });
const member = (g: ClassicGroup, memberId: string) => g.members.find((m) => m.memberId === memberId);
const replace = (g: ClassicGroup, m: GroupMember): ClassicGroup => ({ ...g, members: g.members.map((x) => (x.memberId === m.memberId ? m : x)) });

const armSession = (m: GroupMember): O => ({
  type: 'timer',
  id: SESSION(m.memberId),
  delay: m.sessionTimeoutMs,
  event: { type: 'SESSION_EXPIRED', memberId: m.memberId, background: true },
});

/**
 * Kafka's RangeAssignor for one topic: members sorted by member id, each gets a contiguous range,
 * the first `partitions % members` one partition more. (Kafka's member ids carry a random UUID, so
 * who comes first is arbitrary there; the lab's ids are `<node>#<incarnation>`.)
 */
export function rangeAssign(memberIds: readonly string[], partitions: number): MemberAssignment[] {
  const sorted = [...memberIds].sort();
  const per = Math.floor(partitions / Math.max(1, sorted.length));
  const extra = partitions % Math.max(1, sorted.length);
  let next = 0;
  return sorted.map((m, i) => {
    const n = per + (i < extra ? 1 : 0);
    const range = Array.from({ length: n }, (_, k) => next + k);
    next += n;
    return { member: m, partitions: range };
  });
}

/** PreparingRebalance: heartbeats now answer REBALANCE_IN_PROGRESS; the join completes when everyone rejoined. */
function prepareRebalance(c: BrokerContext, reason: RebalanceReason, who: string, out: O[]): BrokerContext {
  const g = c.group;
  out.push(trace({ type: 'broker.rebalanceStarted', generation: g.generation, reason, member: who }));
  const timeout = Math.max(0, ...g.members.map((m) => m.rebalanceTimeoutMs));
  if (g.state === 'Empty') {
    // InitialDelayedJoin: wait group.initial.rebalance.delay.ms for more members, extended while they come.
    const delay = Math.min(c.config['group.initial.rebalance.delay.ms'], timeout);
    out.push({ type: 'timer', id: JOIN_DEADLINE, delay, event: { type: 'JOIN_DEADLINE' } });
    return withGroup(c, { ...g, state: 'PreparingRebalance', initialDelay: { remainingMs: Math.max(0, timeout - delay), newMember: false } });
  }
  out.push({ type: 'timer', id: JOIN_DEADLINE, delay: timeout, event: { type: 'JOIN_DEADLINE' } });
  return tryCompleteJoin(withGroup(c, { ...g, state: 'PreparingRebalance', initialDelay: null }), out);
}

/** DelayedJoin.tryComplete: every known member has rejoined. */
function tryCompleteJoin(c: BrokerContext, out: O[]): BrokerContext {
  const g = c.group;
  if (g.state !== 'PreparingRebalance' || g.initialDelay) return c;
  if (g.members.some((m) => m.join === null)) return c;
  return completeJoin(c, out);
}

/**
 * initNextGeneration: members that did not rejoin are removed, the generation goes up, the
 * partitions are assigned and every waiting JoinGroup is answered with its member's share.
 */
function completeJoin(c: BrokerContext, out: O[]): BrokerContext {
  const g = c.group;
  out.push({ type: 'cancel', id: JOIN_DEADLINE });
  for (const m of g.members) {
    if (m.join === null) {
      out.push({ type: 'cancel', id: SESSION(m.memberId) });
      out.push(trace({ type: 'broker.memberRemoved', member: m.memberId, reason: 'rebalance-timeout', afterMs: m.rebalanceTimeoutMs }));
    }
  }
  const joined = g.members.filter((m) => m.join !== null);
  const generation = g.generation + 1;
  const assignment = joined.length > 0 ? rangeAssign(joined.map((m) => m.memberId), c.partitions.length) : [];
  const members = joined.map((m) => {
    const partitions = assignment.find((a) => a.member === m.memberId)!.partitions;
    out.push(reply(m.join!, { kind: 'JoinGroupResponse', requestId: (m.join!.payload as P<'JoinGroupRequest'>).requestId, generation, assignment: partitions }));
    const next: GroupMember = { ...m, join: null, inGeneration: true, assignment: partitions };
    out.push(armSession(next));
    return next;
  });
  out.push(trace({ type: 'broker.groupJoined', generation, assignment }));
  return withGroup(c, { state: members.length > 0 ? 'Stable' : 'Empty', generation, members, initialDelay: null });
}

/** A member is gone (LeaveGroup, session expiry): rebalance without it. */
function removeMember(c: BrokerContext, m: GroupMember, reason: 'leave' | 'session-timeout', now: number, out: O[]): BrokerContext {
  out.push({ type: 'cancel', id: SESSION(m.memberId) });
  out.push(trace({ type: 'broker.memberRemoved', member: m.memberId, reason, afterMs: now - m.lastSeenAt }));
  const g = c.group;
  const next = withGroup(c, { ...g, members: g.members.filter((x) => x.memberId !== m.memberId) });
  if (g.state === 'Stable') return prepareRebalance(next, reason, m.memberId, out);
  return tryCompleteJoin(next, out);
}

/**
 * JoinGroup. A new member (a consumer that starts, or restarts as a new process) triggers a
 * rebalance; a known member joining during one is counted in. A known member joining a stable
 * group (its JoinGroupResponse was lost, or it learned of a stale generation) gets the current
 * generation and its partitions back. (Kafka hands a new member its id first, MEMBER_ID_REQUIRED;
 * the lab's clients name themselves, and an unknown id is simply a new member.)
 */
export function onJoinGroup(c: BrokerContext, msg: NetMessage, p: P<'JoinGroupRequest'>, now: number): Step {
  const out: O[] = [];
  const g = c.group;
  const known = member(g, p.memberId);
  if (known && g.state === 'Stable') {
    out.push(armSession({ ...known, sessionTimeoutMs: p.sessionTimeoutMs }));
    out.push(reply(msg, { kind: 'JoinGroupResponse', requestId: p.requestId, generation: g.generation, assignment: known.assignment }));
    return { context: withGroup(c, replace(g, { ...known, lastSeenAt: now })), out };
  }
  const joining: GroupMember = {
    memberId: p.memberId,
    node: msg.from,
    sessionTimeoutMs: p.sessionTimeoutMs,
    rebalanceTimeoutMs: p.rebalanceTimeoutMs,
    lastSeenAt: now,
    join: msg,
    inGeneration: known?.inGeneration ?? false,
    assignment: known?.assignment ?? [],
  };
  // A member waiting in a join is alive: its session does not run (shouldKeepAlive while awaiting join).
  out.push({ type: 'cancel', id: SESSION(p.memberId) });
  if (known) {
    const next = withGroup(c, replace(g, joining));
    return { context: tryCompleteJoin(next, out), out };
  }
  const initialDelay = g.initialDelay ? { ...g.initialDelay, newMember: true } : null;
  const next = withGroup(c, { ...g, members: [...g.members, joining], initialDelay });
  if (g.state === 'PreparingRebalance') return { context: tryCompleteJoin(next, out), out };
  return { context: prepareRebalance(next, 'join', p.memberId, out), out };
}

/**
 * Heartbeat (GroupCoordinator.handleHeartbeat): an unknown member is told so, a stale generation
 * too; otherwise the session restarts, and during a rebalance the answer says REBALANCE_IN_PROGRESS.
 */
export function onHeartbeat(c: BrokerContext, msg: NetMessage, p: P<'HeartbeatRequest'>, now: number): Step {
  const g = c.group;
  const m = member(g, p.memberId);
  const answer = (error: P<'HeartbeatResponse'>['error']) => reply(msg, { kind: 'HeartbeatResponse', requestId: p.requestId, error });
  if (!m) return { context: c, out: [answer('UNKNOWN_MEMBER_ID')] };
  if (p.generation !== g.generation) return { context: c, out: [answer('ILLEGAL_GENERATION')] };
  const next = { ...m, lastSeenAt: now };
  return {
    context: withGroup(c, replace(g, next)),
    out: [armSession(next), answer(g.state === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE')],
  };
}

/** LeaveGroup (a clean close, or a poll timeout): the member goes at once and the group rebalances. */
export function onLeaveGroup(c: BrokerContext, msg: NetMessage, p: P<'LeaveGroupRequest'>, now: number): Step {
  const m = member(c.group, p.memberId);
  const out: O[] = [];
  const context = m ? removeMember(c, m, 'leave', now, out) : c;
  out.push(reply(msg, { kind: 'LeaveGroupResponse', requestId: p.requestId, error: m ? 'NONE' : 'UNKNOWN_MEMBER_ID' }));
  return { context, out };
}

/** No heartbeat for session.timeout.ms (onExpireHeartbeat): the member is removed and the group rebalances. */
export function onSessionExpired(c: BrokerContext, memberId: string, now: number): Step {
  const m = member(c.group, memberId);
  if (!m || m.join !== null) return { context: c, out: [] };
  const out: O[] = [];
  return { context: removeMember(c, m, 'session-timeout', now, out), out };
}

/** The rebalance timeout passed (the rest are removed), or the initial delay ended (maybe extended). */
export function onJoinDeadline(c: BrokerContext): Step {
  const g = c.group;
  const out: O[] = [];
  if (g.state !== 'PreparingRebalance') return { context: c, out };
  const d = g.initialDelay;
  if (d && d.newMember && d.remainingMs > 0) {
    const delay = Math.min(c.config['group.initial.rebalance.delay.ms'], d.remainingMs);
    out.push({ type: 'timer', id: JOIN_DEADLINE, delay, event: { type: 'JOIN_DEADLINE' } });
    return { context: withGroup(c, { ...g, initialDelay: { remainingMs: d.remainingMs - delay, newMember: false } }), out };
  }
  return { context: completeJoin(withGroup(c, { ...g, initialDelay: null }), out), out };
}

/** A coordinator crash loses the JoinGroups it was holding (their members will send them again). */
export const coordinatorCrashed = (g: ClassicGroup): ClassicGroup => ({ ...g, members: g.members.map((m) => ({ ...m, join: null })) });

/**
 * The coordinator comes back and loads the group as it was last stored: the members of the current
 * generation, Stable (or Empty); a rebalance in progress was never stored. Every session starts again.
 */
export function onCoordinatorRestart(c: BrokerContext, now: number): Step {
  const members = c.group.members.filter((m) => m.inGeneration).map((m) => ({ ...m, join: null, lastSeenAt: now }));
  const group: ClassicGroup = { state: members.length > 0 ? 'Stable' : 'Empty', generation: c.group.generation, members, initialDelay: null };
  return { context: withGroup(c, group), out: members.map(armSession) };
}

export function onOffsetFetch(c: BrokerContext, msg: NetMessage, p: P<'OffsetFetchRequest'>): Step {
  // The Java consumer asks for stable offsets (require_stable, KIP-447): while a transaction's
  // offsets for these partitions are pending, it must wait and ask again.
  const unstable = unstablePartitions(c, p.partitions);
  if (unstable.length > 0) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.offsetsUnstable', partitions: unstable }),
        reply(msg, { kind: 'OffsetFetchResponse', requestId: p.requestId, offsets: [], error: 'UNSTABLE_OFFSET_COMMIT' }),
      ],
    };
  }
  const offsets = p.partitions.map((partition) => ({ partition, offset: c.committed[partition] ?? null }));
  return { context: c, out: [reply(msg, { kind: 'OffsetFetchResponse', requestId: p.requestId, offsets })] };
}

/**
 * OffsetCommit (ClassicGroup.validateOffsetCommit, in Kafka's order): from a member the group no
 * longer knows (removed after its session expired, or after it left) -> UNKNOWN_MEMBER_ID; from a
 * known member but another generation (a commit sent before a rebalance, late on the wire) ->
 * ILLEGAL_GENERATION. Otherwise stored, also while a rebalance is being prepared: that is how the
 * commit before rejoining works. So a dead consumer's commits count until its session expires,
 * and the committed offset never moves under the partition's next owner.
 */
export function onOffsetCommit(c: BrokerContext, msg: NetMessage, p: P<'OffsetCommitRequest'>): Step {
  const g = c.group;
  const error = !member(g, p.memberId) ? 'UNKNOWN_MEMBER_ID' : p.generation !== g.generation ? 'ILLEGAL_GENERATION' : null;
  if (error) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.commitRejected', offsets: p.offsets, generation: p.generation, current: g.generation, error, member: p.memberId }),
        reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error, offsets: p.offsets, generation: p.generation, memberId: p.memberId }),
      ],
    };
  }
  const committed = { ...c.committed };
  for (const { partition, offset } of p.offsets) committed[partition] = offset;
  return {
    context: { ...c, committed },
    out: [
      trace({ type: 'broker.offsetCommitted', offsets: p.offsets }),
      reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error: 'NONE', offsets: p.offsets }),
    ],
  };
}
