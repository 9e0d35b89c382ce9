/**
 * Turns a trace event into an i18n key and its parameters: the one place that knows how each
 * event is told in words. The key is `trace.<event type>`; the texts live in en.ts and ko.ts.
 */
import type { LostItem, PartitionLeader, PartitionOffset, TraceEvent } from '../engine/types';

export interface Described {
  key: string;
  params: Record<string, string | number>;
  /** For a crash: what the process lost, translated item by item into the `lost` parameter. */
  lost?: readonly LostItem[];
}

const list = (ids: readonly string[]) => ids.join(', ');

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
        key: `${e.producerId >= 0 ? `${key}_idempotent` : key}${e.node ? '_on' : ''}`,
        params: { ...(e.node ? { node: e.node } : {}), ids: list(e.messageIds), baseOffset: e.baseOffset, lastOffset: fmt.one(e.partition, e.lastOffset), producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence },
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
      return { key, params: { generation: e.generation } };
    case 'consumer.joined':
      return { key, params: { generation: e.generation, partitions: e.assignment.map((p) => `p${p}`).join(', ') } };
    case 'broker.commitRejected':
      return { key, params: { offset: offsets(e.offsets), generation: e.generation, current: e.current } };
    case 'consumer.committedOffset':
      return { key: e.offsets.every((o) => o.offset === null) ? `${key}_none` : key, params: { offset: offsets(e.offsets) } };
    case 'consumer.offsetReset':
      return { key: e.offsets.some((o) => o.offset === null) ? `${key}_none` : key, params: { policy: e.policy, offset: offsets(e.offsets) } };
    case 'consumer.polled':
      return {
        key,
        params: { count: e.records.length, ids: list(e.records.map((r) => r.messageId)), offsets: fmt.ranges(e.records), position: offsets(e.positions) },
      };
    case 'consumer.processing':
    case 'consumer.processed':
    case 'consumer.sinkRetry':
    case 'consumer.sinkSkipped':
    case 'sink.duplicateSkipped':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset) } };
    case 'consumer.commit':
      return { key: `${key}.${e.method}`, params: { offset: offsets(e.offsets) } };
    case 'consumer.committed':
    case 'consumer.commitFailed':
      return { key, params: { offset: offsets(e.offsets) } };
    case 'consumer.commitRefused':
      return { key, params: { offset: offsets(e.offsets), error: e.error } };
    case 'sink.applied':
      return { key, params: { messageId: e.messageId, offset: fmt.one(e.partition, e.offset), row: e.row } };
    case 'run.quiescent':
    case 'run.horizon':
      return { key, params: {} };
    case 'replica.fetched':
      return { key, params: { node: e.node, from: e.from, ids: list(e.messageIds), offsets: fmt.one(e.partition, `${e.baseOffset}–${e.lastOffset}`) } };
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
