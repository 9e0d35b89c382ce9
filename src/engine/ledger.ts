/**
 * The ledger: for each logical message the application produces (m1..mN), what happened to it:
 * send() calls, produce requests carrying it, copies appended to the log, deliveries to the
 * consumer, and effects in the database. A pure fold over the trace, so it exists at every step
 * of a run. The UI, lessons and tests all read this one contract.
 */
import type { MessageId, ProduceMessage, Step } from './types';

export interface At {
  step: number;
  time: number;
}

/** Where a copy of a message is in the topic. */
export interface Where {
  partition: number;
  offset: number;
}

export interface MessageLedger {
  messageId: MessageId;
  key: string | null;
  sends: (At & { sendNo: number })[];
  requests: (At & { requestId: string; attempt: number })[];
  /**
   * Copies the partition leader appended. With replication an append can be deleted later, when
   * its broker, having lost leadership, truncates its log to the new leader's (`truncatedAt`):
   * then it was never a durable copy.
   */
  appends: (At & Where & { truncatedAt?: At })[];
  /** The broker recognised a retry as a duplicate and answered with the original offset. */
  duplicatesRejected: (At & Where)[];
  deliveries: (At & Where)[];
  effects: (At & Where & { row: number })[];
  /** An idempotent consumer recognised the message and skipped the effect. */
  effectsSkipped: (At & Where)[];
  /** `pending` while the run goes on and no effect exists yet. */
  status: 'pending' | 'ok' | 'lost' | 'duplicated';
  /** The step at which the message became lost (the run ended without an effect). */
  lostAt: number | null;
  /** The step of the second effect. */
  duplicatedAt: number | null;
  /** The step of an effect that came after the effect of a later message with the same key. */
  outOfOrderAt: number | null;
}

export interface LedgerSummary {
  messages: number;
  effects: number;
  /** No effect once the run was over. */
  lost: number;
  /** More than one effect. */
  duplicated: number;
  /** Appended to the log more than once (appends later truncated away do not count). */
  logDuplicates: number;
  /**
   * First effects that came after the first effect of a later message with the same key (without
   * a key, in the same partition): Kafka keeps order per partition, and a key keeps a partition.
   */
  outOfOrder: number;
  /** How the run ended, or null while it goes on. */
  end: 'quiescent' | 'horizon' | null;
}

export interface Ledger {
  messages: MessageLedger[];
  summary: LedgerSummary;
}

/** The ledger after step `upTo` (default: the last step given). */
export function buildLedger(script: readonly ProduceMessage[], steps: readonly Step[], upTo = steps.length - 1): Ledger {
  const byId = new Map<MessageId, MessageLedger>();
  const order = new Map<MessageId, number>();
  for (const m of script) {
    if (byId.has(m.id)) continue;
    order.set(m.id, order.size);
    byId.set(m.id, {
      messageId: m.id,
      key: m.key,
      sends: [],
      requests: [],
      appends: [],
      duplicatesRejected: [],
      deliveries: [],
      effects: [],
      effectsSkipped: [],
      status: 'pending',
      lostAt: null,
      duplicatedAt: null,
      outOfOrderAt: null,
    });
  }
  const highest = new Map<string, number>();
  let end: LedgerSummary['end'] = null;
  let endStep = -1;
  const last = Math.min(upTo, steps.length - 1);
  for (let i = 0; i <= last; i++) {
    const s = steps[i]!;
    const at = { step: s.index, time: s.time };
    for (const e of s.events) {
      switch (e.type) {
        case 'producer.send':
          byId.get(e.messageId)?.sends.push({ ...at, sendNo: e.sendNo });
          break;
        case 'producer.request':
          for (const id of e.messageIds) byId.get(id)?.requests.push({ ...at, requestId: e.requestId, attempt: e.attempt });
          break;
        case 'broker.appended':
          e.messageIds.forEach((id, k) => byId.get(id)?.appends.push({ ...at, partition: e.partition, offset: e.baseOffset + k }));
          break;
        case 'replica.truncated':
          for (const r of e.records) {
            const append = byId.get(r.messageId)?.appends.find((a) => a.partition === e.partition && a.offset === r.offset && !a.truncatedAt);
            if (append) append.truncatedAt = at;
          }
          break;
        case 'broker.duplicate':
          e.messageIds.forEach((id, k) => byId.get(id)?.duplicatesRejected.push({ ...at, partition: e.partition, offset: e.baseOffset + k }));
          break;
        case 'consumer.polled':
          for (const r of e.records) byId.get(r.messageId)?.deliveries.push({ ...at, partition: r.partition, offset: r.offset });
          break;
        case 'sink.duplicateSkipped':
          byId.get(e.messageId)?.effectsSkipped.push({ ...at, partition: e.partition, offset: e.offset });
          break;
        case 'sink.applied': {
          const m = byId.get(e.messageId);
          if (!m) break;
          m.effects.push({ ...at, partition: e.partition, offset: e.offset, row: e.row });
          if (m.effects.length === 2) m.duplicatedAt = s.index;
          if (m.effects.length === 1) {
            // Ordering holds per key; without a key, per partition.
            const domain = m.key === null ? `partition ${e.partition}` : `key ${m.key}`;
            const rank = order.get(m.messageId)!;
            const top = highest.get(domain) ?? -1;
            if (rank < top) m.outOfOrderAt = s.index;
            else highest.set(domain, rank);
          }
          break;
        }
        case 'run.quiescent':
        case 'run.horizon':
          end = e.type === 'run.quiescent' ? 'quiescent' : 'horizon';
          endStep = s.index;
          break;
      }
    }
  }
  const messages = [...byId.values()];
  for (const m of messages) {
    if (m.effects.length > 1) m.status = 'duplicated';
    else if (m.effects.length === 1) m.status = 'ok';
    else if (end) {
      m.status = 'lost';
      m.lostAt = endStep;
    }
  }
  const summary: LedgerSummary = {
    messages: messages.length,
    effects: messages.reduce((n, m) => n + m.effects.length, 0),
    lost: messages.filter((m) => m.status === 'lost').length,
    duplicated: messages.filter((m) => m.status === 'duplicated').length,
    logDuplicates: messages.filter((m) => m.appends.filter((a) => !a.truncatedAt).length > 1).length,
    outOfOrder: messages.filter((m) => m.outOfOrderAt !== null).length,
    end,
  };
  return { messages, summary };
}

/** The counters a scenario can expect (its `expect` field). */
export const EXPECTED_COUNTERS = ['lost', 'duplicated', 'logDuplicates', 'outOfOrder'] as const;
export type ExpectedCounter = (typeof EXPECTED_COUNTERS)[number];

export interface ExpectationRow {
  field: ExpectedCounter;
  expected: number;
  actual: number;
  matched: boolean;
}

export interface ExpectationCheck {
  matched: boolean;
  rows: ExpectationRow[];
}

/** Compares the counters a scenario expects with the ones the run produced (null: it expects nothing). */
export function checkExpectation(expect: Partial<Record<ExpectedCounter, number>> | undefined, summary: LedgerSummary): ExpectationCheck | null {
  if (!expect) return null;
  const rows: ExpectationRow[] = [];
  for (const field of EXPECTED_COUNTERS) {
    const expected = expect[field];
    if (expected !== undefined) rows.push({ field, expected, actual: summary[field], matched: summary[field] === expected });
  }
  return { matched: rows.every((r) => r.matched), rows };
}
