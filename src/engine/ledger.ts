/**
 * The ledger: for each logical message the application produces (m1..mN), what happened to it:
 * send() calls, produce requests carrying it, copies appended to the log, deliveries to the
 * consumer, and effects in the database. A pure fold over the trace, so it exists at every step
 * of a run. The UI, lessons and tests all read this one contract.
 *
 * Every write the database skips is in `effectsSkipped`, with the strategy's reason. A skip is not
 * an outcome by itself: a message whose every write was skipped has no effect, so it is `lost`
 * (last-processed-id ignoring an earlier id that arrived late; a cache key left by a failed
 * transaction), with one exception: under the `version` strategy, a message skipped because
 * another message had already written the same or a newer version of its entity is `superseded`,
 * not lost. Its update was meant to be overwritten; the entity holds the newer state.
 * Transactions:
 * - A record appended in a transaction is in `appends` with `txn`: `open` until its partition's
 *   marker, then `committed` or `aborted`. An aborted copy stays in the log (Kafka never deletes
 *   it) but no read_committed reader sees it, so it is not a log duplicate that matters:
 *   `logDuplicates` counts messages with more than one copy that is not aborted.
 * - With the transactional copier (consumerApp.output = topic) a message's effect is its copy in
 *   the output topic as a read_committed reader sees it: each output copy is in `outputs`, and
 *   counts as an effect when its COMMIT marker is written (at that step, in offset order, `row`
 *   numbering the committed output). Aborted copies, and copies whose transaction is still open,
 *   are visible in `outputs` but are not effects.
 * Several services (consumerApp.services, the slot game's missions and points): each service must
 * have the message's effect exactly once in its own database. Deliveries, effects and skips name
 * their service; `services` holds each service's status, and the message's status is the worst of
 * them (duplicated, then lost, then superseded). Ordering is checked per service.
 */
import { LagFold, type LagSample } from './lag';
import type { RunConfig } from './simulation';
import { servicesOf, type ServiceNodes } from './topology';
import type { FailStage, MessageId, NodeId, ProduceMessage, Step } from './types';

export type { LagSample } from './lag';

export interface At {
  step: number;
  time: number;
}

/** Where a copy of a message is in the topic. */
export interface Where {
  partition: number;
  offset: number;
}

/** Why the database skipped a write, one reason per strategy (and two for cache-then-unique). */
export type SkipReason =
  /** processed-ids: the id was in processed_event. */
  | 'processed-id'
  /** unique-key: ON CONFLICT DO NOTHING. */
  | 'unique-key'
  /** version: the entity already held this or a newer version. */
  | 'stale-version'
  /** last-processed-id: the id was not above the entity's last processed id. */
  | 'old-id'
  /** cache-then-unique: the cache key was alive; the database was not asked. */
  | 'cache-hit'
  /** cache-then-unique: the cache let it through, the unique key caught it. */
  | 'unique-key-behind-cache'
  /** offsets-in-db: the record's offset was below the offset stored with the data. */
  | 'offset-stored';
/** A record's transaction, as far as the run has gone (absent: not written in a transaction). */
export type TxnOutcome = 'open' | 'committed' | 'aborted';

/** With several services: which service a delivery, effect or skip happened in. */
export interface InService {
  service?: string;
}

/** A message's outcome in one service (with several services). */
export interface ServiceOutcome {
  service: string;
  status: 'pending' | 'ok' | 'lost' | 'duplicated' | 'superseded';
  effects: number;
  /** The step at which a stale-version skip in this service found another message's version. */
  supersededAt: number | null;
}

export interface MessageLedger {
  messageId: MessageId;
  key: string | null;
  sends: (At & { sendNo: number })[];
  requests: (At & { requestId: string; attempt: number })[];
  /**
   * Copies appended to the log. `txn`: the copy's transaction (absent: none). With replication an
   * append can be deleted later, when its broker, having lost leadership, truncates its log to the
   * new leader's (`truncatedAt`): then it was never a durable copy.
   */
  appends: (At & Where & { txn?: TxnOutcome; decidedAt?: At; truncatedAt?: At })[];
  /** Copies the transactional copier wrote to the output topic (buildLedger always fills it in). */
  outputs?: (At & Where & { txn: TxnOutcome; decidedAt?: At })[];
  /** The broker recognised a retry as a duplicate and answered with the original offset. */
  duplicatesRejected: (At & Where)[];
  deliveries: (At & Where & InService)[];
  effects: (At & Where & InService & { row: number })[];
  /** An idempotent consumer recognised the message (rightly or not) and skipped the effect. */
  effectsSkipped: (At & Where & InService & { reason: SkipReason })[];
  /** With several services: the outcome in each, in the services' order. */
  services?: ServiceOutcome[];
  /** Processing attempts that threw (`fail` faults). */
  failures: (At & Where & { attempt: number; stage: FailStage })[];
  /** Copies published to the dead-letter topic (where in `<topic>.DLT`). */
  deadLetters: (At & Where)[];
  /** Times the re-drive batch republished it from the dead-letter topic to the topic. */
  redrives: At[];
  /**
   * `pending` while the run goes on and no effect exists yet. `superseded`: no effect because
   * another message already wrote a version as new or newer of the same entity (not a loss).
   * `dead-lettered`: no effect, and its latest copy sits in the dead-letter topic (published there
   * and not re-driven since): not lost, someone can still re-drive it.
   */
  status: 'pending' | 'ok' | 'lost' | 'duplicated' | 'superseded' | 'dead-lettered';
  /** The step at which a stale-version skip found another message's version in the row. */
  supersededAt: number | null;
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
  /** Appended to the log more than once (copies in aborted transactions and appends later truncated away do not count). */
  logDuplicates: number;
  /** No effect, because another message wrote a version as new or newer of its entity (not lost). */
  superseded: number;
  /**
   * First effects that came after the first effect of a later message with the same key (without
   * a key, in the same partition): Kafka keeps order per partition, and a key keeps a partition.
   */
  outOfOrder: number;
  /** Messages with status `dead-lettered`: no effect, a copy waiting in `<topic>.DLT`. */
  deadLettered: number;
  /** The largest total consumer-group lag during the run (see `Ledger.lag`). */
  maxLag: number;
  /** The total consumer-group lag after the last step given. */
  finalLag: number;
  /** How the run ended, or null while it goes on. */
  end: 'quiescent' | 'horizon' | null;
}

export interface Ledger {
  messages: MessageLedger[];
  summary: LedgerSummary;
  /** The lag over time: one sample at every step that changed it (lag.ts says which lag). */
  lag: LagSample[];
  /** The step at which the run ended (quiet or past its horizon), or null while it goes on. */
  endStep: number | null;
}

const SKIP_REASONS = {
  'sink.duplicateSkipped': 'processed-id',
  'sink.conflictSkipped': 'unique-key',
  'sink.oldIdSkipped': 'old-id',
  'sink.cacheHitSkipped': 'cache-hit',
  'sink.conflictBehindCache': 'unique-key-behind-cache',
  'sink.offsetSkipped': 'offset-stored',
} as const satisfies Record<string, SkipReason>;

/** What the ledger needs to know of the run besides the trace: its services, if it has several. */
export interface LedgerOptions {
  services?: readonly ServiceNodes[];
}

/** The ledger after step `upTo` (default: the last step given). */
export function buildLedger(script: readonly ProduceMessage[], steps: readonly Step[], upTo = steps.length - 1, options: LedgerOptions = {}): Ledger {
  const services = options.services ?? [];
  const serviceOfNode = new Map<NodeId, string>();
  for (const s of services) serviceOfNode.set(s.consumer, s.name).set(s.sink, s.name);
  /** The service of an event from a consumer or a database (none without services). */
  const inService = (e: { instance?: NodeId }, first: NodeId): InService => {
    const service = serviceOfNode.get(e.instance ?? first);
    return service === undefined ? {} : { service };
  };
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
      outputs: [],
      duplicatesRejected: [],
      deliveries: [],
      effects: [],
      effectsSkipped: [],
      failures: [],
      deadLetters: [],
      redrives: [],
      ...(services.length > 0 ? { services: services.map((s) => ({ service: s.name, status: 'pending' as const, effects: 0, supersededAt: null })) } : {}),
      status: 'pending',
      supersededAt: null,
      lostAt: null,
      duplicatedAt: null,
      outOfOrderAt: null,
    });
  }
  const highest = new Map<string, number>();
  /** Messages whose latest copy sits in the dead-letter topic. */
  const inDlt = new Set<MessageId>();
  const lag = new LagFold(
    services.length > 0 ? { groups: services.map((s) => s.name), groupOfConsumer: new Map(services.map((s) => [s.consumer, s.name])) } : undefined,
  );
  /** Appends of open transactions, by topic, partition and producer id, until their marker. */
  const open = new Map<string, { m: MessageLedger; copy: { txn?: TxnOutcome; decidedAt?: At } & Where; output: boolean }[]>();
  let outputRows = 0;
  const effect = (m: MessageLedger, at: At, where: Where, row: number, svc: InService = {}) => {
    m.effects.push({ ...at, ...where, ...svc, row });
    const outcome = m.services?.find((o) => o.service === svc.service);
    const n = outcome ? ++outcome.effects : m.effects.length;
    if (n === 2 && m.duplicatedAt === null) m.duplicatedAt = at.step;
    if (n === 1) {
      // Ordering holds per key; without a key, per partition (and each service reads on its own).
      const domain = `${svc.service ?? ''}|${m.key === null ? `partition ${where.partition}` : `key ${m.key}`}`;
      const rank = order.get(m.messageId)!;
      const top = highest.get(domain) ?? -1;
      if (rank < top) m.outOfOrderAt ??= at.step;
      else highest.set(domain, rank);
    }
  };
  let end: LedgerSummary['end'] = null;
  let endStep = -1;
  const last = Math.min(upTo, steps.length - 1);
  for (let i = 0; i <= last; i++) {
    const s = steps[i]!;
    const at = { step: s.index, time: s.time };
    for (const e of s.events) {
      lag.event(e);
      switch (e.type) {
        case 'producer.send':
          byId.get(e.messageId)?.sends.push({ ...at, sendNo: e.sendNo });
          break;
        case 'producer.request':
          for (const id of e.messageIds) byId.get(id)?.requests.push({ ...at, requestId: e.requestId, attempt: e.attempt });
          break;
        case 'broker.appended': {
          if (!e.transactional && !e.topic) {
            e.messageIds.forEach((id, k) => byId.get(id)?.appends.push({ ...at, partition: e.partition, offset: e.baseOffset + k }));
            break;
          }
          const key = `${e.topic ?? ''}|${e.partition}|${e.producerId}`;
          const pending = open.get(key) ?? [];
          e.messageIds.forEach((id, k) => {
            const m = byId.get(id);
            if (!m) return;
            const copy = { ...at, partition: e.partition, offset: e.baseOffset + k, txn: 'open' as TxnOutcome };
            if (e.topic) m.outputs!.push(copy);
            else m.appends.push(copy);
            pending.push({ m, copy, output: e.topic !== undefined });
          });
          open.set(key, pending);
          break;
        }
        case 'broker.markerWritten': {
          const key = `${e.topic ?? ''}|${e.partition}|${e.producerId}`;
          const pending = open.get(key);
          if (!pending) break;
          open.delete(key);
          for (const { m, copy, output } of pending) {
            copy.txn = e.result === 'COMMIT' ? 'committed' : 'aborted';
            copy.decidedAt = at;
            if (output && e.result === 'COMMIT') effect(m, at, { partition: copy.partition, offset: copy.offset }, ++outputRows);
          }
          break;
        }
        case 'replica.truncated':
          for (const r of e.records) {
            const append = byId.get(r.messageId)?.appends.find((a) => a.partition === e.partition && a.offset === r.offset && !a.truncatedAt);
            if (append) append.truncatedAt = at;
          }
          break;
        case 'broker.duplicate':
          e.messageIds.forEach((id, k) => byId.get(id)?.duplicatesRejected.push({ ...at, partition: e.partition, offset: e.baseOffset + k }));
          break;
        case 'consumer.polled': {
          const svc = inService(e, 'consumer');
          for (const r of e.records) byId.get(r.messageId)?.deliveries.push({ ...at, partition: r.partition, offset: r.offset, ...svc });
          break;
        }
        case 'consumer.processingFailed':
          byId.get(e.messageId)?.failures.push({ ...at, partition: e.partition, offset: e.offset, attempt: e.attempt, stage: e.stage });
          break;
        case 'broker.deadLetterAppended':
          byId.get(e.messageId)?.deadLetters.push({ ...at, partition: e.partition, offset: e.offset });
          inDlt.add(e.messageId);
          break;
        case 'broker.redriven':
          for (const r of e.records) {
            byId.get(r.messageId)?.redrives.push(at);
            inDlt.delete(r.messageId);
          }
          break;
        case 'sink.duplicateSkipped':
        case 'sink.conflictSkipped':
        case 'sink.oldIdSkipped':
        case 'sink.cacheHitSkipped':
        case 'sink.conflictBehindCache':
        case 'sink.offsetSkipped':
          byId.get(e.messageId)?.effectsSkipped.push({ ...at, partition: e.partition, offset: e.offset, ...inService(e, 'sink'), reason: SKIP_REASONS[e.type] });
          break;
        case 'sink.staleSkipped': {
          const m = byId.get(e.messageId);
          const svc = inService(e, 'sink');
          m?.effectsSkipped.push({ ...at, partition: e.partition, offset: e.offset, ...svc, reason: 'stale-version' });
          if (m && e.by !== e.messageId) {
            if (m.supersededAt === null) m.supersededAt = s.index;
            const outcome = m.services?.find((o) => o.service === svc.service);
            if (outcome && outcome.supersededAt === null) outcome.supersededAt = s.index;
          }
          break;
        }
        case 'sink.applied': {
          const m = byId.get(e.messageId);
          if (m) effect(m, at, { partition: e.partition, offset: e.offset }, e.row, inService(e, 'sink'));
          break;
        }
        case 'run.quiescent':
        case 'run.horizon':
          end = e.type === 'run.quiescent' ? 'quiescent' : 'horizon';
          endStep = s.index;
          break;
      }
    }
    lag.endStep(at);
  }
  const messages = [...byId.values()];
  for (const m of messages) settleStatus(m, inDlt.has(m.messageId), end ? endStep : null);
  return { messages, summary: summarize(messages, lag.max, lag.total, end), lag: lag.samples, endStep: end ? endStep : null };
}

/**
 * A message's status from what happened to it (the same rules at every step: see ledgerAt.ts).
 * `endStep`: the step the run ended at, or null while it goes on.
 */
export function settleStatus(m: MessageLedger, inDlt: boolean, endStep: number | null): void {
  m.status = 'pending';
  m.lostAt = null;
  if (m.services) {
    settleServices(m, endStep);
    return;
  }
  if (m.effects.length > 1) m.status = 'duplicated';
  else if (m.effects.length === 1) m.status = 'ok';
  else if (m.supersededAt !== null) m.status = 'superseded';
  else if (inDlt) m.status = 'dead-lettered';
  else if (endStep !== null) {
    m.status = 'lost';
    m.lostAt = endStep;
  }
}

/** The counters over the messages' statuses, with the lag's maximum and last value. */
export function summarize(messages: readonly MessageLedger[], maxLag: number, finalLag: number, end: LedgerSummary['end']): LedgerSummary {
  return {
    messages: messages.length,
    effects: messages.reduce((n, m) => n + m.effects.length, 0),
    lost: messages.filter((m) => m.status === 'lost').length,
    duplicated: messages.filter((m) => m.status === 'duplicated').length,
    logDuplicates: messages.filter((m) => m.appends.reduce((n, a) => (a.txn === 'aborted' || a.truncatedAt ? n : n + 1), 0) > 1).length,
    superseded: messages.filter((m) => m.status === 'superseded').length,
    outOfOrder: messages.filter((m) => m.outOfOrderAt !== null).length,
    deadLettered: messages.filter((m) => m.status === 'dead-lettered').length,
    maxLag,
    finalLag,
    end,
  };
}

/** The ledger of a run after step `upTo` (default: the last step given), with the run's services. */
export const ledgerOf = (run: RunConfig, steps: readonly Step[], upTo = steps.length - 1): Ledger =>
  buildLedger(run.messages, steps, upTo, { services: servicesOf(run.settings) });

/** With several services: each service's status, and the message's the worst of them. */
function settleServices(m: MessageLedger, endStep: number | null): void {
  for (const o of m.services!) {
    o.status = 'pending';
    if (o.effects > 1) o.status = 'duplicated';
    else if (o.effects === 1) o.status = 'ok';
    else if (o.supersededAt !== null) o.status = 'superseded';
    else if (endStep !== null) o.status = 'lost';
  }
  const has = (status: ServiceOutcome['status']) => m.services!.some((o) => o.status === status);
  const worst = (['duplicated', 'lost', 'pending', 'superseded'] as const).find(has);
  m.status = worst ?? 'ok';
  if (m.status === 'lost') m.lostAt = endStep;
}

/** The counters a scenario can expect (its `expect` field). */
export const EXPECTED_COUNTERS = ['lost', 'duplicated', 'logDuplicates', 'outOfOrder', 'superseded', 'deadLettered', 'maxLag', 'finalLag'] as const;
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
