/**
 * The consumer's side of the group protocol (kafka-part2.md §6): JoinGroup, the heartbeat thread,
 * the rejoin at the next poll() after a heartbeat says REBALANCE_IN_PROGRESS (onJoinPrepare: the
 * auto-commit, awaited, then the eager revocation of every partition), the poll timeout
 * (max.poll.interval.ms) and the clean close with LeaveGroup. Pure functions; the machine in
 * machines/consumer.ts decides when they run.
 */
import { disconnect, send, trace, type Out, type Stepped } from '../machines/effects';
import type { ErrorCode, Payload } from '../types';
import { commitSync, currentPositions, groupField, memberIdOf, request, settle, type ConsumerContext, type ConsumerTimer } from './consumerClient';
import { withConsumer } from './consumerCopy';

export type GroupTimer =
  /** The heartbeat thread's next beat; background, so an idle group can be quiet. */
  | { type: 'HEARTBEAT'; background: true }
  | { type: 'HEARTBEAT_TIMEOUT'; requestId: string };

type Step = Stepped<ConsumerContext, ConsumerTimer>;
type O = Out<ConsumerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

const HEARTBEAT = 'heartbeat';
/** AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE: a JoinGroup may wait for the whole rebalance. */
const JOIN_GROUP_TIMEOUT_LAPSE = 5000;
/** KafkaConsumer's default close timeout (DEFAULT_CLOSE_TIMEOUT_MS). */
const CLOSE_TIMEOUT_MS = 30000;

const nextBeat = (c: ConsumerContext): O => ({ type: 'timer', id: HEARTBEAT, delay: c.config['heartbeat.interval.ms'], event: { type: 'HEARTBEAT', background: true } });

/** The heartbeat thread stops (while joining, after leaving). */
function stopHeartbeat(c: ConsumerContext): Step {
  const out: O[] = [{ type: 'cancel', id: HEARTBEAT }];
  if (c.heartbeat) out.push({ type: 'cancel', id: `hb:${c.heartbeat}` });
  return { context: withConsumer(c, { heartbeat: null }), out };
}

/**
 * JoinGroup, carrying the session timeout and the rebalance timeout (max.poll.interval.ms). The
 * request may wait for the whole rebalance, so it times out only after
 * max(request.timeout.ms, rebalance timeout + 5 s), as Kafka's joinGroupTimeoutMs.
 */
export function joinGroup(c: ConsumerContext): Step {
  const rebalanceTimeoutMs = c.config['max.poll.interval.ms'];
  const timeout = Math.max(c.config['request.timeout.ms'], rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_LAPSE);
  const memberId = memberIdOf(c);
  return request(c, (requestId) => ({ kind: 'JoinGroupRequest', requestId, ...groupField(c), memberId, sessionTimeoutMs: c.config['session.timeout.ms'], rebalanceTimeoutMs }), false, timeout);
}

/** In the group: the generation its commits carry, its partitions, and the heartbeat thread starts. */
export function onJoined(c: ConsumerContext, p: P<'JoinGroupResponse'>, now: number): Step {
  const s = settle(withConsumer(c, { generation: p.generation, assignment: p.assignment, rejoinNeeded: false, lastPollAt: now }));
  s.out.push(trace({ type: 'consumer.joined', generation: p.generation, assignment: p.assignment }), nextBeat(c));
  return s;
}

/**
 * The heartbeat thread's beat. If poll() has not been called for max.poll.interval.ms, it leaves
 * the group instead ("consumer poll timeout has expired"): LeaveGroup, and the next poll() joins
 * as a new member. Otherwise a Heartbeat, one at a time.
 */
export function onHeartbeatTimer(c: ConsumerContext, now: number): Step {
  const since = now - c.lastPollAt;
  if (since > c.config['max.poll.interval.ms']) {
    const requestNo = c.requestNo + 1;
    const requestId = `${c.id}.${c.incarnation}.l${requestNo}`;
    // Kafka resets the generation and the member id: the next poll() joins as a new member.
    const stopped = stopHeartbeat(withConsumer(c, { requestNo, rejoinNeeded: true, memberResets: c.memberResets + 1, generation: 0 }));
    stopped.out.push(trace({ type: 'consumer.pollTimeout', sinceMs: since }), send(c.coordinator, { kind: 'LeaveGroupRequest', requestId, ...groupField(c), memberId: memberIdOf(c) }));
    return stopped;
  }
  if (c.heartbeat) return { context: c, out: [nextBeat(c)] };
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.h${requestNo}`;
  return {
    context: withConsumer(c, { requestNo, heartbeat: requestId }),
    out: [
      send(c.coordinator, { kind: 'HeartbeatRequest', requestId, ...groupField(c), memberId: memberIdOf(c), generation: c.generation }),
      { type: 'timer', id: `hb:${requestId}`, delay: c.config['request.timeout.ms'], event: { type: 'HEARTBEAT_TIMEOUT', requestId } },
      nextBeat(c),
    ],
  };
}

/** A stale membership: rejoin at the next poll(); an unknown member rejoins under a new member id (no commit possible before). */
function needsRejoin(c: ConsumerContext, error: ErrorCode): Step {
  const unknown = error === 'UNKNOWN_MEMBER_ID';
  const out: O[] = c.rejoinNeeded && !unknown ? [] : [trace({ type: 'consumer.rebalanceNoticed', error })];
  // A member already reset (generation 0) keeps its new id.
  const next = withConsumer(c, { rejoinNeeded: true, ...(unknown && c.generation > 0 ? { memberResets: c.memberResets + 1, generation: 0 } : {}) });
  return { context: next, out };
}

export function onHeartbeatResponse(c: ConsumerContext, p: P<'HeartbeatResponse'>): Step {
  if (p.requestId !== c.heartbeat) return { context: c, out: [] };
  const done: ConsumerContext = withConsumer(c, { heartbeat: null });
  const cancel: O = { type: 'cancel', id: `hb:${p.requestId}` };
  if (p.error === 'NONE') return { context: done, out: [cancel] };
  const s = needsRejoin(done, p.error);
  return { context: s.context, out: [cancel, ...s.out] };
}

/** The heartbeat got no answer: drop the connection; the next beat goes on a new one. */
export function onHeartbeatTimeout(c: ConsumerContext, requestId: string): Step {
  if (requestId !== c.heartbeat) return { context: c, out: [] };
  return { context: withConsumer(c, { heartbeat: null }), out: [disconnect(c.coordinator)] };
}

/**
 * A commit refused with UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION (CommitFailedException) for the
 * membership this process still holds: it rejoins at its next poll(). A refusal of an older
 * membership's commit changes nothing (Kafka's generationUnchanged check).
 */
export function fencedByCommit(c: ConsumerContext, p: P<'OffsetCommitResponse'>): Step {
  const unchanged = { context: c, out: [] };
  if (p.error !== 'UNKNOWN_MEMBER_ID' && p.error !== 'ILLEGAL_GENERATION' && p.error !== 'REBALANCE_IN_PROGRESS') return unchanged;
  if (p.generation !== undefined && (p.generation !== c.generation || p.memberId !== memberIdOf(c))) return unchanged;
  return needsRejoin(c, p.error);
}

/** The auto-commit that onJoinPrepare and close() await: the consumed positions, if the member can still commit. */
const autoCommitsOnExit = (c: ConsumerContext) => c.config['enable.auto.commit'] && c.generation > 0 && currentPositions(c).length > 0;

/**
 * onJoinPrepare, at the poll() after a rebalance was noticed: the heartbeat thread pauses; with
 * enable.auto.commit the consumed positions are committed and awaited (retried until the rebalance
 * timeout). A member that commits by hand has already done so; a member that was removed cannot.
 */
export function prepareRejoin(c0: ConsumerContext, now: number): Step {
  // Nothing the loop was waiting for matters any more.
  const s = stopHeartbeat(withConsumer(c0, { pending: null }));
  if (!autoCommitsOnExit(s.context)) return s;
  const commit = commitSync(s.context, currentPositions(s.context), now + c0.config['max.poll.interval.ms'], 'onJoinPrepare');
  return { context: commit.context, out: [...s.out, ...commit.out] };
}

/** Eager revocation (onPartitionsRevoked): every partition goes, with its position; the new assignment starts from the committed offsets. */
export function revokeAll(c: ConsumerContext): Step {
  const out: O[] = c.assignment.length > 0 ? [trace({ type: 'consumer.revoked', partitions: c.assignment })] : [];
  return settle(withConsumer(c, { assignment: [], positions: {}, committed: {}, records: [], index: 0, rejoinNeeded: false }), out);
}

/** close(): with enable.auto.commit a synchronous commit of the consumed positions first (ConsumerCoordinator.close). */
export function prepareClose(c0: ConsumerContext, now: number): Step {
  // Nothing the loop was waiting for matters any more.
  const s = stopHeartbeat(withConsumer(c0, { pending: null }));
  if (!autoCommitsOnExit(s.context)) return s;
  const commit = commitSync(s.context, currentPositions(s.context), now + CLOSE_TIMEOUT_MS, 'onClose');
  return { context: commit.context, out: [...s.out, ...commit.out] };
}

/** LeaveGroup: the coordinator removes the member at once and rebalances, without waiting for its session to expire. */
export function leaveGroup(c0: ConsumerContext): Step {
  const s = settle(c0);
  const c = s.context;
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.l${requestNo}`;
  const out: O[] = [...s.out, trace({ type: 'consumer.left' })];
  if (c.generation > 0) out.push(send(c.coordinator, { kind: 'LeaveGroupRequest', requestId, ...groupField(c), memberId: memberIdOf(c) }));
  return { context: withConsumer(c, { requestNo, closeRequested: false }), out };
}

/** The application calls close() (a `leave` fault): it finishes the batch in hand first. */
export const requestClose = (c: ConsumerContext): Step => ({ context: withConsumer(c, { closeRequested: true }), out: [] });
