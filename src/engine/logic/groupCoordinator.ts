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
import type { GroupId, MemberAssignment, NetMessage, NodeId, Payload, RebalanceReason } from '../types';
import type { BrokerContext, BrokerTimer } from './broker';
import { unstablePartitions } from './brokerTxn';
import { withBroker } from './brokerCopy';

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

export type GroupTimer =
  /** A member's session: re-armed by every heartbeat; background, so a healthy group can be quiet. */
  | { type: 'SESSION_EXPIRED'; memberId: string; background: true; groupId?: GroupId }
  /** The end of the rebalance (its timeout, or the initial delay of an empty group). */
  | { type: 'JOIN_DEADLINE'; groupId?: GroupId };

/** The group of a run with one group (and of the transactional copier). */
export const DEFAULT_GROUP_ID: GroupId = 'delivery-lab';

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

/** One group as the coordinator keeps it (Kafka's GroupMetadata, offsets included). */
export interface ClassicGroup {
  state: 'Empty' | 'PreparingRebalance' | 'Stable';
  generation: number;
  members: readonly GroupMember[];
  /** The initial delay of an empty group's first rebalance: how much of the rebalance timeout is left, and whether someone joined meanwhile. */
  initialDelay: { remainingMs: number; newMember: boolean } | null;
  /** The committed offsets, by partition (on disk, like __consumer_offsets). */
  committed: Readonly<Record<number, number>>;
}

export const emptyGroup = (): ClassicGroup => ({ state: 'Empty', generation: 0, members: [], initialDelay: null, committed: {} });

/**
 * The group a request names: `undefined` is the run's one group (requests carry a group.id only
 * when there are several), and trace events name their group only then, so a one-group run's
 * requests and trace stay as they were.
 */
type Gid = GroupId | undefined;
const keyOf = (gid: Gid): GroupId => gid ?? DEFAULT_GROUP_ID;
const tagOf = (gid: Gid) => (gid === undefined ? {} : { group: gid });

/**
 * The group with this id (an empty one if the coordinator has not seen it yet). An own-property
 * lookup: a group.id is a service's name, which may be `constructor`, a name Object.prototype has.
 */
export const groupOf = (c: BrokerContext, gid: Gid): ClassicGroup => (Object.hasOwn(c.groups, keyOf(gid)) ? c.groups[keyOf(gid)]! : emptyGroup());

// Member ids are unique across groups (each names its consumer node), so session timers need no group.
const SESSION = (memberId: string) => `session:${memberId}`;
const JOIN_DEADLINE = (gid: Gid) => (gid === undefined ? 'join-deadline' : `join-deadline:${gid}`);
const joinDeadline = (gid: Gid) => (gid === undefined ? { type: 'JOIN_DEADLINE' as const } : { type: 'JOIN_DEADLINE' as const, groupId: gid });

export const withGroup = (c: BrokerContext, gid: Gid, group: ClassicGroup): BrokerContext => withBroker(c, { groups: { ...c.groups, [keyOf(gid)]: group } });
const member = (g: ClassicGroup, memberId: string) => g.members.find((m) => m.memberId === memberId);
const replace = (g: ClassicGroup, m: GroupMember): ClassicGroup => ({ ...g, members: g.members.map((x) => (x.memberId === m.memberId ? m : x)) });

const armSession = (gid: Gid) => (m: GroupMember): O => ({
  type: 'timer',
  id: SESSION(m.memberId),
  delay: m.sessionTimeoutMs,
  event: gid === undefined ? { type: 'SESSION_EXPIRED', memberId: m.memberId, background: true } : { type: 'SESSION_EXPIRED', memberId: m.memberId, background: true, groupId: gid },
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
function prepareRebalance(c: BrokerContext, gid: Gid, reason: RebalanceReason, who: string, out: O[]): BrokerContext {
  const g = groupOf(c, gid);
  out.push(trace({ type: 'broker.rebalanceStarted', generation: g.generation, reason, member: who, ...tagOf(gid) }));
  const timeout = Math.max(0, ...g.members.map((m) => m.rebalanceTimeoutMs));
  if (g.state === 'Empty') {
    // InitialDelayedJoin: wait group.initial.rebalance.delay.ms for more members, extended while they come.
    const delay = Math.min(c.config['group.initial.rebalance.delay.ms'], timeout);
    out.push({ type: 'timer', id: JOIN_DEADLINE(gid), delay, event: joinDeadline(gid) });
    return withGroup(c, gid, { ...g, state: 'PreparingRebalance', initialDelay: { remainingMs: Math.max(0, timeout - delay), newMember: false } });
  }
  out.push({ type: 'timer', id: JOIN_DEADLINE(gid), delay: timeout, event: joinDeadline(gid) });
  return tryCompleteJoin(withGroup(c, gid, { ...g, state: 'PreparingRebalance', initialDelay: null }), gid, out);
}

/** DelayedJoin.tryComplete: every known member has rejoined. */
function tryCompleteJoin(c: BrokerContext, gid: Gid, out: O[]): BrokerContext {
  const g = groupOf(c, gid);
  if (g.state !== 'PreparingRebalance' || g.initialDelay) return c;
  if (g.members.some((m) => m.join === null)) return c;
  return completeJoin(c, gid, out);
}

/**
 * initNextGeneration: members that did not rejoin are removed, the generation goes up, the
 * partitions are assigned and every waiting JoinGroup is answered with its member's share.
 */
function completeJoin(c: BrokerContext, gid: Gid, out: O[]): BrokerContext {
  const g = groupOf(c, gid);
  out.push({ type: 'cancel', id: JOIN_DEADLINE(gid) });
  for (const m of g.members) {
    if (m.join === null) {
      out.push({ type: 'cancel', id: SESSION(m.memberId) });
      out.push(trace({ type: 'broker.memberRemoved', member: m.memberId, reason: 'rebalance-timeout', afterMs: m.rebalanceTimeoutMs, ...tagOf(gid) }));
    }
  }
  const joined = g.members.filter((m) => m.join !== null);
  const generation = g.generation + 1;
  const assignment = joined.length > 0 ? rangeAssign(joined.map((m) => m.memberId), c.partitions.length) : [];
  const members = joined.map((m) => {
    const partitions = assignment.find((a) => a.member === m.memberId)!.partitions;
    out.push(reply(m.join!, { kind: 'JoinGroupResponse', requestId: (m.join!.payload as P<'JoinGroupRequest'>).requestId, generation, assignment: partitions }));
    const next: GroupMember = { ...m, join: null, inGeneration: true, assignment: partitions };
    out.push(armSession(gid)(next));
    return next;
  });
  out.push(trace({ type: 'broker.groupJoined', generation, assignment, ...tagOf(gid) }));
  return withGroup(c, gid, { ...g, state: members.length > 0 ? 'Stable' : 'Empty', generation, members, initialDelay: null });
}

/** A member is gone (LeaveGroup, session expiry): rebalance without it. */
function removeMember(c: BrokerContext, gid: Gid, m: GroupMember, reason: 'leave' | 'session-timeout', now: number, out: O[]): BrokerContext {
  out.push({ type: 'cancel', id: SESSION(m.memberId) });
  out.push(trace({ type: 'broker.memberRemoved', member: m.memberId, reason, afterMs: now - m.lastSeenAt, ...tagOf(gid) }));
  const g = groupOf(c, gid);
  const next = withGroup(c, gid, { ...g, members: g.members.filter((x) => x.memberId !== m.memberId) });
  if (g.state === 'Stable') return prepareRebalance(next, gid, reason, m.memberId, out);
  return tryCompleteJoin(next, gid, out);
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
  const gid = p.groupId;
  const g = groupOf(c, gid);
  const known = member(g, p.memberId);
  if (known && g.state === 'Stable') {
    out.push(armSession(gid)({ ...known, sessionTimeoutMs: p.sessionTimeoutMs }));
    out.push(reply(msg, { kind: 'JoinGroupResponse', requestId: p.requestId, generation: g.generation, assignment: known.assignment }));
    return { context: withGroup(c, gid, replace(g, { ...known, lastSeenAt: now })), out };
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
    const next = withGroup(c, gid, replace(g, joining));
    return { context: tryCompleteJoin(next, gid, out), out };
  }
  const initialDelay = g.initialDelay ? { ...g.initialDelay, newMember: true } : null;
  const next = withGroup(c, gid, { ...g, members: [...g.members, joining], initialDelay });
  if (g.state === 'PreparingRebalance') return { context: tryCompleteJoin(next, gid, out), out };
  return { context: prepareRebalance(next, gid, 'join', p.memberId, out), out };
}

/**
 * Heartbeat (GroupCoordinator.handleHeartbeat): an unknown member is told so, a stale generation
 * too; otherwise the session restarts, and during a rebalance the answer says REBALANCE_IN_PROGRESS.
 */
export function onHeartbeat(c: BrokerContext, msg: NetMessage, p: P<'HeartbeatRequest'>, now: number): Step {
  const g = groupOf(c, p.groupId);
  const m = member(g, p.memberId);
  const answer = (error: P<'HeartbeatResponse'>['error']) => reply(msg, { kind: 'HeartbeatResponse', requestId: p.requestId, error });
  if (!m) return { context: c, out: [answer('UNKNOWN_MEMBER_ID')] };
  if (p.generation !== g.generation) return { context: c, out: [answer('ILLEGAL_GENERATION')] };
  const next = { ...m, lastSeenAt: now };
  return {
    context: withGroup(c, p.groupId, replace(g, next)),
    out: [armSession(p.groupId)(next), answer(g.state === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE')],
  };
}

/** LeaveGroup (a clean close, or a poll timeout): the member goes at once and the group rebalances. */
export function onLeaveGroup(c: BrokerContext, msg: NetMessage, p: P<'LeaveGroupRequest'>, now: number): Step {
  const m = member(groupOf(c, p.groupId), p.memberId);
  const out: O[] = [];
  const context = m ? removeMember(c, p.groupId, m, 'leave', now, out) : c;
  out.push(reply(msg, { kind: 'LeaveGroupResponse', requestId: p.requestId, error: m ? 'NONE' : 'UNKNOWN_MEMBER_ID' }));
  return { context, out };
}

/** No heartbeat for session.timeout.ms (onExpireHeartbeat): the member is removed and the group rebalances. */
export function onSessionExpired(c: BrokerContext, gid: Gid, memberId: string, now: number): Step {
  const m = member(groupOf(c, gid), memberId);
  if (!m || m.join !== null) return { context: c, out: [] };
  const out: O[] = [];
  return { context: removeMember(c, gid, m, 'session-timeout', now, out), out };
}

/** The rebalance timeout passed (the rest are removed), or the initial delay ended (maybe extended). */
export function onJoinDeadline(c: BrokerContext, gid: Gid): Step {
  const g = groupOf(c, gid);
  const out: O[] = [];
  if (g.state !== 'PreparingRebalance') return { context: c, out };
  const d = g.initialDelay;
  if (d && d.newMember && d.remainingMs > 0) {
    const delay = Math.min(c.config['group.initial.rebalance.delay.ms'], d.remainingMs);
    out.push({ type: 'timer', id: JOIN_DEADLINE(gid), delay, event: joinDeadline(gid) });
    return { context: withGroup(c, gid, { ...g, initialDelay: { remainingMs: d.remainingMs - delay, newMember: false } }), out };
  }
  return { context: completeJoin(withGroup(c, gid, { ...g, initialDelay: null }), gid, out), out };
}

/** A coordinator crash loses the JoinGroups it was holding (their members will send them again). */
export const coordinatorCrashed = (groups: BrokerContext['groups']): BrokerContext['groups'] =>
  Object.fromEntries(Object.entries(groups).map(([id, g]) => [id, { ...g, members: g.members.map((m) => ({ ...m, join: null })) }]));

/**
 * The coordinator comes back and loads each group as it was last stored: the members of the current
 * generation, Stable (or Empty); a rebalance in progress was never stored. Every session starts again.
 */
export function onCoordinatorRestart(c0: BrokerContext, now: number): Step {
  let c = c0;
  const out: O[] = [];
  for (const [id, g] of Object.entries(c0.groups)) {
    const gid = id === DEFAULT_GROUP_ID ? undefined : id;
    const members = g.members.filter((m) => m.inGeneration).map((m) => ({ ...m, join: null, lastSeenAt: now }));
    c = withGroup(c, gid, { ...g, state: members.length > 0 ? 'Stable' : 'Empty', members, initialDelay: null });
    out.push(...members.map(armSession(gid)));
  }
  return { context: c, out };
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
  const committed = groupOf(c, p.groupId).committed;
  const offsets = p.partitions.map((partition) => ({ partition, offset: committed[partition] ?? null }));
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
  const g = groupOf(c, p.groupId);
  const error = !member(g, p.memberId) ? 'UNKNOWN_MEMBER_ID' : p.generation !== g.generation ? 'ILLEGAL_GENERATION' : null;
  if (error) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.commitRejected', offsets: p.offsets, generation: p.generation, current: g.generation, error, member: p.memberId, ...tagOf(p.groupId) }),
        reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error, offsets: p.offsets, generation: p.generation, memberId: p.memberId }),
      ],
    };
  }
  const committed = { ...g.committed };
  for (const { partition, offset } of p.offsets) committed[partition] = offset;
  return {
    context: withGroup(c, p.groupId, { ...g, committed }),
    out: [
      trace({ type: 'broker.offsetCommitted', offsets: p.offsets, ...tagOf(p.groupId) }),
      reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error: 'NONE', offsets: p.offsets }),
    ],
  };
}
