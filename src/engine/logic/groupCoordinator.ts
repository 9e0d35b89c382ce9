/**
 * The group coordinator's side of the broker: membership and generations (JoinGroup), and the
 * group's committed offsets (OffsetFetch, OffsetCommit). Its state lives in BrokerContext (on disk,
 * like Kafka's __consumer_offsets).
 */
import { reply, trace, type Stepped } from '../machines/effects';
import type { NetMessage, Payload } from '../types';
import type { BrokerContext, BrokerTimer } from './broker';
import { unstablePartitions } from './brokerTxn';

type Step = Stepped<BrokerContext, BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

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
 * JoinGroup: a new member (a restarted consumer process) starts a new generation, which fences
 * the previous one; the same member joining again (a repeated request) gets the current one.
 */
export function onJoinGroup(c: BrokerContext, msg: NetMessage, p: P<'JoinGroupRequest'>): Step {
  const rejoin = p.memberId === c.memberId;
  const generation = rejoin ? c.generation : c.generation + 1;
  return {
    context: { ...c, generation, memberId: p.memberId },
    out: [
      ...(rejoin ? [] : [trace({ type: 'broker.groupJoined', generation })]),
      reply(msg, { kind: 'JoinGroupResponse', requestId: p.requestId, generation, assignment: c.partitions.map((_, i) => i) }),
    ],
  };
}

/**
 * OffsetCommit: stored if it comes from the current generation. A commit from an older one (a
 * consumer that has since crashed and rejoined, its request late on the wire) is rejected with
 * ILLEGAL_GENERATION, so the committed offset never moves back behind the live consumer.
 */
export function onOffsetCommit(c: BrokerContext, msg: NetMessage, p: P<'OffsetCommitRequest'>): Step {
  if (p.generation !== c.generation) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.commitRejected', offsets: p.offsets, generation: p.generation, current: c.generation }),
        reply(msg, { kind: 'OffsetCommitResponse', requestId: p.requestId, error: 'ILLEGAL_GENERATION', offsets: p.offsets }),
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

