/**
 * The consumer's database, where processing has its effect: a table of rows and, for an
 * idempotent consumer, a processed-message-ids table written in the same transaction.
 */
import { reply, trace, type Stepped } from '../machines/effects';
import type { MessageId, NetMessage, Payload } from '../types';
import { AppendLog, AppendSet } from './appendLog';

export interface SinkRow {
  row: number;
  messageId: MessageId;
  partition: number;
  offset: number;
  key: string | null;
  appliedAt: number;
}

export interface SinkContext {
  rows: AppendLog<SinkRow>;
  processedIds: AppendSet<MessageId>;
}

export function initialSinkContext(): SinkContext {
  return { rows: AppendLog.empty(), processedIds: AppendSet.empty() };
}

/**
 * One database transaction: with `dedup`, skip a message id already in processed_ids, else
 * insert the row and the id together. Either way, acknowledge.
 */
export function onSinkWrite(c: SinkContext, msg: NetMessage, p: Extract<Payload, { kind: 'SinkWrite' }>, now: number): Stepped<SinkContext, never> {
  const ack = reply(msg, { kind: 'SinkWriteAck', requestId: p.requestId, applied: false });
  if (p.dedup && c.processedIds.has(p.messageId)) {
    return { context: c, out: [trace({ type: 'sink.duplicateSkipped', messageId: p.messageId, partition: p.partition, offset: p.offset }), ack] };
  }
  const row: SinkRow = { row: c.rows.length + 1, messageId: p.messageId, partition: p.partition, offset: p.offset, key: p.key, appliedAt: now };
  return {
    context: { rows: c.rows.push(row), processedIds: p.dedup ? c.processedIds.add(p.messageId) : c.processedIds },
    out: [
      trace({ type: 'sink.applied', messageId: p.messageId, partition: p.partition, offset: p.offset, row: row.row }),
      reply(msg, { kind: 'SinkWriteAck', requestId: p.requestId, applied: true }),
    ],
  };
}
