/**
 * Turns a trace event into an i18n key and its parameters: the one place that knows how each
 * event is told in words. The key is `trace.<event type>`; the texts live in en.ts and ko.ts.
 */
import type { LostItem, TraceEvent } from '../engine/types';

export interface Described {
  key: string;
  params: Record<string, string | number>;
  /** For a crash: what the process lost, translated item by item into the `lost` parameter. */
  lost?: readonly LostItem[];
}

const list = (ids: readonly string[]) => ids.join(', ');

/** The translation key and parameters for one trace event. */
export function describe(e: TraceEvent): Described {
  const key = `trace.${e.type}`;
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
      return { key: e.baseOffset < 0 ? `${key}_noAck` : key, params: { ids: list(e.messageIds), baseOffset: e.baseOffset } };
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
        key: e.producerId >= 0 ? `${key}_idempotent` : key,
        params: { ids: list(e.messageIds), baseOffset: e.baseOffset, lastOffset: e.lastOffset, producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence },
      };
    case 'broker.duplicate':
      return {
        key,
        params: { ids: list(e.messageIds), producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence, lastSequence: e.lastSequence, baseOffset: e.baseOffset },
      };
    case 'broker.outOfOrderSequence':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch, baseSequence: e.baseSequence, expected: e.expected } };
    case 'broker.invalidProducerEpoch':
      return { key, params: { producerId: e.producerId, producerEpoch: e.producerEpoch, current: e.current } };
    case 'broker.rejected':
      return { key, params: { ids: list(e.messageIds), error: e.error } };
    case 'broker.producerIdAllocated':
    case 'broker.producerExpired':
      return { key, params: { producerId: e.producerId } };
    case 'broker.offsetCommitted':
      return { key, params: { offset: e.offset } };
    case 'broker.groupJoined':
    case 'consumer.joined':
      return { key, params: { generation: e.generation } };
    case 'broker.commitRejected':
      return { key, params: { offset: e.offset, generation: e.generation, current: e.current } };
    case 'consumer.committedOffset':
      return { key: e.offset === null ? `${key}_none` : key, params: { offset: e.offset ?? '' } };
    case 'consumer.offsetReset':
      return { key: e.offset === null ? `${key}_none` : key, params: { policy: e.policy, offset: e.offset ?? '' } };
    case 'consumer.polled':
      return {
        key,
        params: { count: e.records.length, ids: list(e.records.map((r) => r.messageId)), first: e.records[0]?.offset ?? 0, last: e.records.at(-1)?.offset ?? 0, position: e.position },
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
      return { key, params: { messageId: e.messageId, offset: e.offset } };
    case 'sink.staleSkipped':
      return { key, params: { messageId: e.messageId, offset: e.offset, entity: e.entity, version: e.version, current: e.current, by: e.by } };
    case 'sink.oldIdSkipped':
      return { key: e.entity === null ? `${key}_shared` : key, params: { messageId: e.messageId, offset: e.offset, entity: e.entity ?? '', id: e.id, last: e.last } };
    case 'sink.cacheHitSkipped':
    case 'sink.cacheKeySet':
    case 'sink.cacheKeyExtended':
      return { key, params: { messageId: e.messageId, expiresAt: e.expiresAt } };
    case 'consumer.commit':
      return { key: `${key}.${e.method}`, params: { offset: e.offset } };
    case 'consumer.committed':
    case 'consumer.commitFailed':
      return { key, params: { offset: e.offset } };
    case 'consumer.commitRefused':
      return { key, params: { offset: e.offset, error: e.error } };
    case 'sink.applied': {
      const params = { messageId: e.messageId, offset: e.offset, row: e.row, entity: e.entity ?? '' };
      if (e.version !== undefined) return { key: `${key}_version`, params: { ...params, version: e.version } };
      if (e.lastId !== undefined) return { key: e.entity === null ? `${key}_lastIdShared` : `${key}_lastId`, params: { ...params, lastId: e.lastId } };
      return { key, params };
    }
    case 'run.quiescent':
    case 'run.horizon':
      return { key, params: {} };
  }
}
