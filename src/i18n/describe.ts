/**
 * Turns a trace event into an i18n key and its parameters: the one place that knows how each
 * event is told in words. The key is `trace.<event type>`; the texts live in en.ts and ko.ts.
 */
import type { ErrorCode, LostItem, MemberAssignment, PartitionLeader, PartitionOffset, TopicPartition, TraceEvent } from '../engine/types';

export interface Described {
  key: string;
  params: Record<string, string | number>;
  /** For a crash: what the process lost, translated item by item into the `lost` parameter. */
  lost?: readonly LostItem[];
}

const list = (ids: readonly string[]) => ids.join(', ');
const partitionList = (ps: readonly number[]) => (ps.length === 0 ? '–' : ps.map((p) => `p${p}`).join(', '));
const assignmentText = (a: readonly MemberAssignment[]) => a.map((m) => `${m.member}: ${partitionList(m.partitions)}`).join('; ');
/** The key suffix of a group error. */
const GROUP_ERROR: Partial<Record<ErrorCode, string>> = {
  REBALANCE_IN_PROGRESS: 'rebalance',
  ILLEGAL_GENERATION: 'illegalGeneration',
  UNKNOWN_MEMBER_ID: 'unknownMember',
};
/** Partitions of a transaction: `p0`, and `output/p0` for the copier's output topic. */
const topicPartitions = (tps: readonly TopicPartition[]) => tps.map((tp) => (tp.topic ? `${tp.topic}/p${tp.partition}` : `p${tp.partition}`)).join(', ');

/** Partition leaders as a client's metadata has them: "broker-2", or "p0: broker-2, p1: –" with several partitions. */
const leaderList = (leaders: readonly PartitionLeader[], multi: boolean) =>
  multi ? leaders.map((l) => `p${l.partition}: ${l.leader ?? '–'}`).join(', ') : leaders.map((l) => l.leader ?? '–').join(', ');

/**
 * How offsets read: with one partition, just the offset ("3"); with several, the partition too
 * ("3 (p1)", and "p0: 3, p1: 5" for a set of positions).
 */
function offsetFormat(partitions: number) {
  const multi = partitions > 1;
  const one = (partition: number, offset: number | string) => (multi ? `${offset} (p${partition})` : `${offset}`);
  const many = (xs: readonly { partition: number; offset: number | null }[]) =>
    multi ? xs.map((x) => `p${x.partition}: ${x.offset ?? '–'}`).join(', ') : xs.map((x) => `${x.offset ?? '–'}`).join(', ');
  const ranges = (records: readonly { partition: number; offset: number }[]) => {
    const byPartition = new Map<number, number[]>();
    for (const r of records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
    const span = (os: number[]) => (os.length === 1 ? `${os[0]}` : `${os[0]}–${os.at(-1)}`);
    return [...byPartition].map(([p, os]) => (multi ? `p${p} ${span(os)}` : span(os))).join(', ');
  };
  return { one, many, ranges };
}

/** The translation key and parameters for one trace event (`partitions`: how many the topic has). */
export function describe(e: TraceEvent, partitions = 1): Described {
  const key = `trace.${e.type}`;
  const fmt = offsetFormat(partitions);
  const offsets = (xs: readonly PartitionOffset[] | readonly { partition: number; offset: number | null }[]) => fmt.many(xs);
  switch (e.type) {
    case 'net.sent':
      return { key, params: { id: e.msg.id, kind: e.msg.kind, nth: e.msg.nth, from: e.msg.from, to: e.msg.to, deliverAt: e.msg.deliverAt } };
    case 'net.delivered':
      return { key, params: { id: e.id, kind: e.kind, from: e.from, to: e.to } };
    case 'net.dropped':
      return { key: `${key}.${e.reason}`, params: { id: e.id, kind: e.kind, from: e.from, to: e.to } };
    case 'net.delayed':
      return { key, params: { id: e.id, kind: e.kind, byMs: e.byMs } };
    case 'net.duplicated':
      return { key, params: { id: e.id, copyId: e.copyId, kind: e.kind } };
    case 'node.crashed':
      return { key: e.point ? `${key}_atPoint` : key, params: { node: e.node, point: e.point ?? '' }, lost: e.lost };
    case 'node.restarted':
      return { key, params: { node: e.node, incarnation: e.incarnation } };
    case 'node.started':
      return { key, params: { node: e.node } };
    case 'link.cut':
      return { key, params: { a: e.between[0], b: e.between[1], untilMs: e.untilMs } };
    case 'link.restored':
      return { key, params: { a: e.between[0], b: e.between[1] } };
    case 'config.idempotenceDisabled':
      return { key, params: { reason: e.reason } };
    case 'config.deliveryTimeoutAdjusted':
      return { key, params: { value: e.value } };
    case 'producer.send':
      return { key: e.sendNo > 1 ? `${key}_again` : key, params: { messageId: e.messageId, sendNo: e.sendNo } };
    case 'producer.deferred':
      return { key, params: { messageId: e.messageId } };
    case 'producer.pidAssigned':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch } };
    case 'producer.request':
      return {
        key: e.producerId >= 0 ? `${key}_idempotent` : key,
        params: { ids: list(e.messageIds), attempt: e.attempt, requestId: e.requestId, producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence },
      };
    case 'producer.acked':
      return { key: e.baseOffset < 0 ? `${key}_noAck` : key, params: { ids: list(e.messageIds), baseOffset: fmt.one(e.partition, e.baseOffset) } };
    case 'producer.retry':
      return { key, params: { ids: list(e.messageIds), error: e.error, attempt: e.attempt, retryAt: e.retryAt } };
    case 'producer.failed':
      return { key, params: { ids: list(e.messageIds), error: e.error } };
    case 'producer.disconnected':
      return { key: `${key}_${e.reason === 'request-timeout' ? 'timeout' : 'outOfOrder'}`, params: { inflight: e.inflight } };
    case 'producer.epochBumped':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch } };
    case 'producer.resendUnacked':
    case 'producer.forgotUnacked':
      return { key, params: { ids: list(e.messageIds) } };
    case 'broker.appended':
      return {
        key: e.topic ? `${key}_output` : e.transactional ? `${key}_transactional` : `${e.producerId >= 0 ? `${key}_idempotent` : key}${e.node ? '_on' : ''}`,
        params: { ...(e.node ? { node: e.node } : {}), ids: list(e.messageIds), offsets: fmt.one(e.partition, range(e.baseOffset, e.lastOffset)), producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence },
      };
    case 'broker.duplicate':
      return {
        key: e.node ? `${key}_on` : key,
        params: { ...(e.node ? { node: e.node } : {}), ids: list(e.messageIds), producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence, lastSequence: e.lastSequence, baseOffset: fmt.one(e.partition, e.baseOffset) },
      };
    case 'broker.outOfOrderSequence':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence, expected: e.expected } };
    case 'broker.invalidProducerEpoch':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch, current: e.current } };
    case 'broker.rejected':
      return { key: e.node ? `${key}_on` : key, params: { ...(e.node ? { node: e.node } : {}), ids: list(e.messageIds), error: e.error } };
    case 'broker.producerIdAllocated':
    case 'broker.producerExpired':
      return { key, params: { producerId: e.producerId } };
    case 'broker.offsetCommitted':
      return { key, params: { offset: offsets(e.offsets) } };
    case 'broker.groupJoined':
      return { key: e.assignment.length === 0 ? `${key}_empty` : key, params: { generation: e.generation, assignment: assignmentText(e.assignment) } };
    case 'broker.rebalanceStarted':
      return { key: `${key}.${e.reason}`, params: { member: e.member, generation: e.generation } };
    case 'broker.memberRemoved':
      return { key: `${key}.${e.reason}`, params: { member: e.member, afterMs: e.afterMs } };
    case 'broker.deadLetterAppended':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), source: fmt.one(e.source.partition, e.source.offset) } };
    case 'broker.redriven':
      return { key: e.records.length === 0 ? `${key}_none` : key, params: { count: e.records.length, ids: list(e.records.map((r) => r.messageId)) } };
    case 'consumer.joined':
      return { key, params: { generation: e.generation, partitions: e.assignment.map((p) => `p${p}`).join(', ') } };
    case 'broker.commitRejected':
      return {
        key: e.error === 'UNKNOWN_MEMBER_ID' ? `${key}_unknownMember` : key,
        params: { offset: offsets(e.offsets), generation: e.generation, current: e.current, member: e.member },
      };
    case 'consumer.rebalanceNoticed':
      return { key: `${key}.${GROUP_ERROR[e.error] ?? 'rebalance'}`, params: { error: e.error } };
    case 'consumer.revoked':
      return { key, params: { partitions: partitionList(e.partitions) } };
    case 'consumer.pollTimeout':
      return { key, params: { sinceMs: e.sinceMs } };
    case 'consumer.left':
      return { key, params: {} };
    case 'consumer.processingFailed':
      return {
        key: e.stage === 'after-write' ? `${key}_afterWrite` : key,
        params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), attempt: e.attempt, maxAttempts: e.maxAttempts },
      };
    case 'consumer.deadLettered':
    case 'consumer.recordSkipped':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), attempts: e.attempts } };
    case 'consumer.committedOffset':
      return { key: e.offsets.every((o) => o.offset === null) ? `${key}_none` : key, params: { offset: offsets(e.offsets) } };
    case 'consumer.offsetReset':
      return { key: e.offsets.some((o) => o.offset === null) ? `${key}_none` : key, params: { policy: e.policy, offset: offsets(e.offsets) } };
    case 'consumer.polled':
      return {
        key,
        params: { count: e.records.length, ids: list(e.records.map((r) => r.messageId)), offsets: fmt.ranges(e.records), position: offsets(e.positions) },
      };
    case 'consumer.sinkRetry':
    case 'consumer.sinkSkipped':
      return { key: e.cause === 'error' ? `${key}_error` : key, params: { messageId: e.messageId, offset: e.offset } };
    case 'consumer.processing':
    case 'consumer.processed':
    case 'sink.duplicateSkipped':
    case 'sink.conflictSkipped':
    case 'sink.conflictBehindCache':
    case 'sink.writeFailed':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset) } };
    case 'sink.staleSkipped':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), entity: e.entity, version: e.version, current: e.current, by: e.by } };
    case 'sink.oldIdSkipped':
      return { key: e.entity === null ? `${key}_shared` : key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), entity: e.entity ?? '', id: e.id, last: e.last } };
    case 'sink.cacheHitSkipped':
    case 'sink.cacheKeySet':
    case 'sink.cacheKeyExtended':
      return { key, params: { messageId: e.messageId, expiresAt: e.expiresAt } };
    case 'consumer.commit':
      return { key: `${key}.${e.method}`, params: { offset: offsets(e.offsets) } };
    case 'consumer.committed':
    case 'consumer.commitFailed':
      return { key, params: { offset: offsets(e.offsets) } };
    case 'consumer.commitRefused':
      return { key, params: { offset: offsets(e.offsets), error: e.error } };
    case 'sink.applied': {
      const params = { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), row: e.row, entity: e.entity ?? '' };
      if (e.version !== undefined) return { key: `${key}_version`, params: { ...params, version: e.version } };
      if (e.lastId !== undefined) return { key: e.entity === null ? `${key}_lastIdShared` : `${key}_lastId`, params: { ...params, lastId: e.lastId } };
      if (e.storedOffset !== undefined) return { key: `${key}_offset`, params: { ...params, stored: fmt.one(e.partition, e.storedOffset) } };
      return { key, params };
    }
    case 'sink.offsetSkipped':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), stored: fmt.one(e.partition, e.stored) } };
    case 'sink.offsetsRead':
      return { key: e.offsets.every((o) => o.offset === null) ? `${key}_none` : key, params: { offsets: offsets(e.offsets) } };
    case 'run.quiescent':
    case 'run.horizon':
      return { key, params: {} };
    case 'coordinator.producerIdInitialized':
      return {
        key: e.fencedEpoch === null ? key : `${key}_fenced`,
        params: { transactionalId: e.transactionalId, producerId: e.producerId, producerEpoch: e.producerEpoch, fencedEpoch: e.fencedEpoch ?? '' },
      };
    case 'coordinator.fencingAbort':
      return { key, params: { transactionalId: e.transactionalId, producerId: e.producerId, producerEpoch: e.producerEpoch } };
    case 'coordinator.partitionsAdded':
      return { key: e.started ? `${key}_started` : key, params: { transactionalId: e.transactionalId, partitions: topicPartitions(e.partitions) } };
    case 'coordinator.offsetsAdded':
      return { key: e.started ? `${key}_started` : key, params: { transactionalId: e.transactionalId, groupId: e.groupId } };
    case 'coordinator.prepared':
      return { key: `${key}.${e.result}`, params: { transactionalId: e.transactionalId, producerId: e.producerId, producerEpoch: e.producerEpoch } };
    case 'coordinator.completed':
      return { key: `${key}.${e.result}`, params: { transactionalId: e.transactionalId } };
    case 'coordinator.refused': {
      const known = e.error === 'PRODUCER_FENCED' || e.error === 'CONCURRENT_TRANSACTIONS' ? e.error : 'other';
      return { key: `${key}.${known}`, params: { transactionalId: e.transactionalId, request: e.request, error: e.error, producerEpoch: e.producerEpoch, current: e.current } };
    }
    case 'coordinator.timedOut':
      return { key, params: { transactionalId: e.transactionalId, producerEpoch: e.producerEpoch, startedAt: e.startedAt, timeoutMs: e.timeoutMs } };
    case 'broker.markerWritten':
      return {
        key: `${key}.${e.result}${e.topic ? '_output' : ''}`,
        params: { producerId: e.producerId, producerEpoch: e.producerEpoch, offset: fmt.one(e.partition, e.offset), partition: e.partition },
      };
    case 'broker.lsoMoved':
      return { key, params: { lso: e.lso, where: partitions > 1 ? ` (p${e.partition})` : '', highWatermark: e.highWatermark } };
    case 'broker.txnOffsetsPending':
      return { key, params: { producerId: e.producerId, offset: offsets(e.offsets) } };
    case 'broker.txnOffsetsCompleted':
      return { key: `${key}.${e.result}`, params: { producerId: e.producerId, offset: offsets(e.offsets) } };
    case 'broker.offsetsUnstable':
      return { key, params: { partitions: e.partitions.map((p) => `p${p}`).join(', ') } };
    case 'producer.txnBegun':
      return { key, params: { transactionalId: e.transactionalId } };
    case 'producer.txnCommitting':
    case 'producer.txnCommitted':
    case 'producer.txnAborted':
    case 'consumer.txnBegun':
      return { key, params: { ids: list(e.messageIds) } };
    case 'producer.txnAborting':
      return { key: e.error ? `${key}_error` : key, params: { ids: list(e.messageIds), error: e.error ?? '' } };
    case 'producer.txnRetry':
      return { key, params: { request: e.request, error: e.error, retryAt: e.retryAt } };
    case 'producer.fenced':
      return { key, params: { error: e.error, ids: list(e.messageIds) } };
    case 'consumer.abortedSkipped':
      return { key, params: { count: e.records.length, ids: list(e.records.map((r) => r.messageId)), offsets: fmt.ranges(e.records) } };
    case 'consumer.offsetsUnstable':
      return { key, params: { partitions: e.partitions.map((p) => `p${p}`).join(', '), retryAt: e.retryAt } };
    case 'consumer.txnOffsetsSent':
      return { key, params: { offset: offsets(e.offsets) } };
    case 'consumer.txnCommitted':
      return { key, params: { ids: list(e.messageIds), offset: offsets(e.offsets) } };
    case 'consumer.txnAborted':
      return { key, params: { ids: list(e.messageIds), error: e.error } };
    case 'consumer.fenced':
      return { key, params: { error: e.error } };
    case 'replica.fetched':
      return { key, params: { node: e.node, from: e.from, ids: list(e.messageIds), offsets: fmt.one(e.partition, range(e.baseOffset, e.lastOffset)) } };
    case 'replica.highWatermark':
      return { key, params: { node: e.node, highWatermark: fmt.one(e.partition, e.highWatermark) } };
    case 'replica.isrShrank':
      return { key: `${key}_${e.reason}`, params: { node: e.node, a: e.removed, isr: list(e.isr), partition: `p${e.partition}` } };
    case 'replica.isrExpanded':
      return { key, params: { node: e.node, a: e.added, isr: list(e.isr), partition: `p${e.partition}` } };
    case 'replica.leaderElected':
      return { key, params: { node: e.leader, partition: `p${e.partition}`, leaderEpoch: e.leaderEpoch, isr: list(e.isr) } };
    case 'replica.noLeader':
      return { key, params: { partition: `p${e.partition}`, leaderEpoch: e.leaderEpoch, isr: list(e.isr) } };
    case 'replica.truncated':
      return {
        key,
        params: { node: e.node, count: e.records.length, ids: list(e.records.map((r) => r.messageId)), offset: fmt.one(e.partition, e.offset) },
      };
    case 'replica.notLeader':
      return { key: `${key}.${e.request}`, params: { node: e.node, ids: list(e.messageIds), partition: `p${e.partition}` } };
    case 'replica.waitingForIsr':
      return { key, params: { node: e.node, ids: list(e.messageIds), requiredOffset: fmt.one(e.partition, e.requiredOffset) } };
    case 'replica.produceCompleted':
      return { key: e.error === 'NONE' ? `${key}_ok` : `${key}_error`, params: { node: e.node, ids: list(e.messageIds), error: e.error } };
    case 'producer.metadata':
    case 'consumer.metadata':
      return { key, params: { leaders: leaderList(e.leaders, partitions > 1) } };
  }
}

/** An offset, or a batch's first–last (`3`, not `3–3`). */
const range = (first: number, last: number): string => (first === last ? `${first}` : `${first}–${last}`);
