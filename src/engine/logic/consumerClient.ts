/**
 * The consumer process: Kafka's consumer (offset fetch, auto.offset.reset, fetch, commits,
 * auto-commit inside poll) and the application's loop around it (process each record, write its
 * effect to the database, commit before or after). Pure functions; the control flow is the
 * statechart in machines/consumer.ts. See shared/KAFKA-RULES.md section 3.
 */
import { disconnect, point, send, trace, type Out, type Stepped } from '../machines/effects';
import { fencedByCommit } from './consumerGroup';
import type { ConsumerAppConfig, ConsumerConfig, FailStage, GroupId, LogRecord, LostItem, MessageId, NodeId, PartitionOffset, Payload, SinkWriteRecord } from '../types';
import type { GroupTimer } from './consumerGroup';
import { copierLosses, freshCopier, type CopierState } from './copier';
import { visibleRecords } from './readCommitted';
import { withConsumer } from './consumerCopy';

export type ConsumerTimer =
  | { type: 'REQUEST_TIMEOUT'; requestId: string; background?: boolean }
  | { type: 'SINK_TIMEOUT'; requestId: string }
  /** `fail`: set by the scheduler when a `fail` fault makes this processing throw. */
  | { type: 'PROCESSING_DONE'; messageId?: MessageId; fail?: FailStage }
  | GroupTimer
  /** OffsetFetch answered UNSTABLE_OFFSET_COMMIT: ask again after retry.backoff.ms. */
  | { type: 'OFFSET_FETCH_BACKOFF' }
  /** The copier's transactional request got no answer in time, or waited out a retry backoff. */
  | { type: 'COPIER_TIMEOUT'; requestId: string }
  | { type: 'COPIER_RETRY' };

export interface ConsumerContext {
  /** This consumer's node id; its group member id is the id and its incarnation. */
  id: NodeId;
  config: ConsumerConfig;
  app: ConsumerAppConfig;
  /** The broker that coordinates the group (and, without replication, leads the partitions). */
  coordinator: NodeId;
  /** The database it writes its effects to (`sink`; with several services its own, `sink-2`, ...). */
  sink: NodeId;
  /** With several services only: the group.id its group requests carry (absent: the run's one group). */
  groupId?: GroupId;
  /** A late starter (a `start` fault): not running until it is started. */
  startsLater?: boolean;
  /** The transaction coordinator the copier uses (consumerApp.output = topic), else null. */
  txnCoordinator: NodeId | null;
  /** The copier's transaction.timeout.ms (the producer config). */
  transactionTimeoutMs: number;
  incarnation: number;
  // Everything below is memory, lost in a crash (committed offsets live in the broker).
  requestNo: number;
  /** The partitions the group coordinator assigned to this member. */
  assignment: readonly number[];
  /** Per assigned partition, the offset of the next record to fetch (Kafka's position). */
  positions: Readonly<Record<number, number>>;
  /** The committed offsets as this consumer last learned them. */
  committed: Readonly<Record<number, number>>;
  /** The group generation this process joined (its commits carry it). */
  generation: number;
  /** The request the current state waits for. */
  pending: string | null;
  /** Records returned by the current poll, and the next one to process. */
  records: readonly LogRecord[];
  index: number;
  nextAutoCommitAt: number;
  /** commitSync: the offsets being committed and when commitSync gives up (default.api.timeout.ms). */
  commitOffsets: readonly PartitionOffset[];
  commitDeadline: number;
  // Group membership (consumerGroup.ts)
  /** How often this process had to become a new member (after UNKNOWN_MEMBER_ID or leaving): part of its member id. */
  memberResets: number;
  /** A heartbeat or commit answer asked for a rejoin: the next poll() rejoins. */
  rejoinNeeded: boolean;
  /** The application called close() (a `leave` fault): after the current batch the consumer leaves the group. */
  closeRequested: boolean;
  /** When the application last called poll() (max.poll.interval.ms). */
  lastPollAt: number;
  /** The heartbeat in flight, if any. */
  heartbeat: string | null;
  // Processing failures (processingFailure.ts)
  /** The record whose processing failed, and how many attempts failed (Spring's FailedRecordTracker, by partition and offset). */
  failing: { partition: number; offset: number; failures: number } | null;
  /** The current attempt throws after its effect is written. */
  failAfterWrite: boolean;
  /** The copier's transactional producer (null unless consumerApp.output = topic). */
  copier: CopierState | null;
  /** With replication only (null without): who leads each partition. One field, so runs without it copy no more. */
  cluster: ConsumerCluster | null;
}

/** The consumer's metadata when the topic is replicated (see fetchFromLeader). Memory, lost in a crash. */
export interface ConsumerCluster {
  brokers: readonly NodeId[];
  leaders: Readonly<Record<number, NodeId | null>>;
  stale: boolean;
  notBefore: number;
  /** Fetches go to one leader per poll, in turn. */
  fetchTurn: number;
  /** Index in `brokers` of the broker the next metadata request goes to. */
  bootstrap: number;
  /** The broker the awaited request went to (null: a wait with no request). */
  pendingTo: NodeId | null;
}

type Step = Stepped<ConsumerContext, ConsumerTimer>;
type O = Out<ConsumerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

export function consumerMemoryReset(c: ConsumerContext, now: number): ConsumerContext {
  return {
    ...c,
    requestNo: 0,
    assignment: [],
    positions: {},
    committed: {},
    generation: 0,
    pending: null,
    records: [],
    index: 0,
    nextAutoCommitAt: now + c.config['auto.commit.interval.ms'],
    commitOffsets: [],
    commitDeadline: 0,
    memberResets: 0,
    rejoinNeeded: false,
    closeRequested: false,
    lastPollAt: now,
    heartbeat: null,
    failing: null,
    failAfterWrite: false,
    copier: c.app.output === 'topic' ? freshCopier(c.id) : null,
    // A new process knows no leaders yet.
    cluster: c.cluster && { brokers: c.cluster.brokers, leaders: {}, stale: true, notBefore: 0, fetchTurn: 0, bootstrap: 0, pendingTo: null },
  };
}

/** A consumer's service when the run has several (consumerApp.services): its group and its database. */
export interface ConsumerServiceRef {
  groupId: GroupId;
  sink: NodeId;
}

export function initialConsumerContext(
  id: NodeId,
  config: ConsumerConfig,
  app: ConsumerAppConfig,
  coordinator: NodeId,
  txnCoordinator: NodeId | null = null,
  transactionTimeoutMs = 60000,
  brokers: readonly NodeId[] = [coordinator],
  service?: ConsumerServiceRef,
): ConsumerContext {
  const cluster = brokers.length > 1 ? ({ brokers } as ConsumerCluster) : null;
  const where = service ? { sink: service.sink, groupId: service.groupId } : { sink: 'sink' };
  return consumerMemoryReset({ id, config, app, coordinator, ...where, txnCoordinator, transactionTimeoutMs, cluster, incarnation: 1 } as ConsumerContext, 0);
}

/** The group.id a group request carries: only with several groups (see GroupId). */
export const groupField = (c: ConsumerContext): { groupId?: GroupId } => (c.groupId === undefined ? {} : { groupId: c.groupId });

/** The assigned partitions' positions, as a commit would send them. */
export const currentPositions = (c: ConsumerContext): PartitionOffset[] =>
  c.assignment.flatMap((partition) => (c.positions[partition] === undefined ? [] : [{ partition, offset: c.positions[partition]! }]));

/** Whether every assigned partition has a position. */
export const hasPositions = (c: ConsumerContext) => c.assignment.every((p) => c.positions[p] !== undefined);

/** Sends a request (to the broker, unless `to` says otherwise) that the current state waits for, with its timeout. */
export function request(
  c: ConsumerContext,
  payload: (requestId: string) => Payload,
  background = false,
  timeoutMs = c.config['request.timeout.ms'],
  to: NodeId = c.coordinator,
): Step {
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: c.cluster ? withConsumer(c, { requestNo, pending: requestId, cluster: { ...c.cluster, pendingTo: to } }) : withConsumer(c, { requestNo, pending: requestId }),
    out: [
      send(to, payload(requestId)),
      {
        type: 'timer',
        id: `req:${requestId}`,
        delay: timeoutMs,
        event: background ? { type: 'REQUEST_TIMEOUT', requestId, background } : { type: 'REQUEST_TIMEOUT', requestId },
      },
    ],
  };
}

/** The response (or timeout) the current state waits for has come: stop its timer. */
export function settle(c: ConsumerContext, out: O[] = []): Step {
  return { context: withConsumer(c, { pending: null }), out: c.pending ? [{ type: 'cancel', id: `req:${c.pending}` }, ...out] : out };
}

/** This process's member id in the group: `<node>#<incarnation>` (and `.n` once it had to become a new member). */
export const memberIdOf = (c: ConsumerContext): string => `${c.id}#${c.incarnation}${c.memberResets > 0 ? `.${c.memberResets}` : ''}`;

/** Where this consumer's offsets live: in Kafka (the group coordinator), or with the data (offsets-in-db). */
export const offsetsInDatabase = (c: ConsumerContext) => c.app.idempotence === 'offsets-in-db';
const offsetStore = (c: ConsumerContext): NodeId => (offsetsInDatabase(c) ? c.sink : c.coordinator);

/** Asks for the committed offsets of the assigned partitions: from Kafka, or from the database. */
export const fetchCommittedOffset = (c: ConsumerContext): Step =>
  offsetsInDatabase(c)
    ? request(c, (requestId) => ({ kind: 'SinkOffsetFetchRequest', requestId, partitions: c.assignment }), false, c.config['request.timeout.ms'], c.sink)
    : request(c, (requestId) => ({ kind: 'OffsetFetchRequest', requestId, ...groupField(c), partitions: c.assignment }));

/** The offset fetch timed out: drop the connection to whoever was asked. */
export const offsetFetchTimedOut = (c: ConsumerContext): Step => ({ context: c, out: [disconnect(offsetStore(c))] });

/**
 * OffsetFetch answered UNSTABLE_OFFSET_COMMIT: a transaction's offsets are pending; like the Java
 * consumer (require_stable), wait retry.backoff.ms and ask again.
 */
export function onOffsetsUnstable(c: ConsumerContext, now: number): Step {
  const backoff = c.config['retry.backoff.ms'];
  return settle(c, [
    trace({ type: 'consumer.offsetsUnstable', partitions: c.assignment, retryAt: now + backoff }),
    { type: 'timer', id: 'offsetFetchBackoff', delay: backoff, event: { type: 'OFFSET_FETCH_BACKOFF' } },
  ]);
}

/** The committed offsets come back: each partition resumes from its own (KAFKA-RULES 3). */
export function onCommittedOffset(c: ConsumerContext, p: P<'OffsetFetchResponse'> | P<'SinkOffsetFetchResponse'>): Step {
  const positions: Record<number, number> = {};
  for (const { partition, offset } of p.offsets) if (offset !== null) positions[partition] = offset;
  const s = settle(withConsumer(c, { committed: positions, positions }));
  s.out.push(trace({ type: 'consumer.committedOffset', offsets: p.offsets }));
  return s;
}

/** The assigned partitions with no position: no committed offset, or one out of range. */
const unpositioned = (c: ConsumerContext) => c.assignment.filter((p) => c.positions[p] === undefined);

/** auto.offset.reset for partitions without a position: earliest or latest (`none` fails the consumer). */
export function resetOffset(c: ConsumerContext): Step {
  const policy = c.config['auto.offset.reset'];
  const partitions = unpositioned(c);
  if (policy === 'none') {
    return { context: c, out: [trace({ type: 'consumer.offsetReset', policy, offsets: partitions.map((partition) => ({ partition, offset: null })) })] };
  }
  const isolation = c.config['isolation.level'] === 'read_committed' ? { isolationLevel: 'read_committed' as const } : {};
  return request(c, (requestId) => ({ kind: 'ListOffsetsRequest', requestId, spec: policy, partitions, ...isolation }));
}

export function onOffsetReset(c: ConsumerContext, p: P<'ListOffsetsResponse'>): Step {
  const positions = { ...c.positions };
  for (const { partition, offset } of p.offsets) positions[partition] = offset;
  const s = settle(withConsumer(c, { positions }));
  s.out.push(trace({ type: 'consumer.offsetReset', policy: c.config['auto.offset.reset'], offsets: p.offsets }));
  return s;
}

/**
 * poll(): first the auto-commit, if its interval has passed (ConsumerCoordinator.poll ->
 * maybeAutoCommitOffsetsAsync: asynchronous, committing the positions of records returned by
 * earlier polls), then a fetch from the current position.
 */
export function poll(c0: ConsumerContext, now: number): Step {
  const out: O[] = [];
  // Each poll() restarts the max.poll.interval.ms timer (Kafka's pollTimer).
  let c = withConsumer(c0, { lastPollAt: now });
  const positions = currentPositions(c);
  if (c.config['enable.auto.commit'] && now >= c.nextAutoCommitAt && positions.length > 0) {
    const auto = commitAsync(withConsumer(c, { nextAutoCommitAt: now + c.config['auto.commit.interval.ms'] }), positions, 'auto');
    c = auto.context;
    out.push(...auto.out);
  }
  const isolation = c.config['isolation.level'] === 'read_committed' ? { isolationLevel: 'read_committed' as const } : {};
  const fetch = c.cluster
    ? fetchFromLeader(c, c.cluster, positions, now)
    : request(c, (requestId) => ({ kind: 'FetchRequest', requestId, partitions: positions, maxRecords: c.config['max.poll.records'], ...isolation }), true);
  return { context: fetch.context, out: [...out, ...fetch.out] };
}

/**
 * With replication a fetch goes to the partition's leader. When the metadata is stale (a
 * NOT_LEADER_OR_FOLLOWER answer, a timed-out fetch) or no leader is known, the consumer asks a
 * broker for the leaders first (not sooner than retry.backoff.ms after an answer that named no
 * leader). With leaders on several brokers each poll fetches from one of them in turn (Kafka's
 * consumer fetches from all of them at once).
 */
function fetchFromLeader(c: ConsumerContext, m: ConsumerCluster, positions: PartitionOffset[], now: number): Step {
  const known = positions.filter((x) => m.leaders[x.partition]);
  if ((m.stale && now >= m.notBefore) || known.length === 0) {
    if (now < m.notBefore) return waitFor(c, m, m.notBefore - now);
    const to = m.brokers[m.bootstrap % m.brokers.length]!;
    return request(c, (requestId) => ({ kind: 'MetadataRequest', requestId }), true, c.config['request.timeout.ms'], to);
  }
  const leaders = [...new Set(known.map((x) => m.leaders[x.partition]!))];
  const to = leaders[m.fetchTurn % leaders.length]!;
  const partitions = known.filter((x) => m.leaders[x.partition] === to);
  const next = withConsumer(c, { cluster: { ...m, fetchTurn: m.fetchTurn + 1 } });
  const isolation = c.config['isolation.level'] === 'read_committed' ? { isolationLevel: 'read_committed' as const } : {};
  return request(next, (requestId) => ({ kind: 'FetchRequest', requestId, partitions, maxRecords: c.config['max.poll.records'], ...isolation }), true, c.config['request.timeout.ms'], to);
}

/** Nothing to ask yet: the poll waits `ms` (a timer, answered like a request that timed out). */
function waitFor(c: ConsumerContext, m: ConsumerCluster, ms: number): Step {
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: withConsumer(c, { requestNo, pending: requestId, cluster: { ...m, pendingTo: null } }),
    out: [{ type: 'timer', id: `req:${requestId}`, delay: ms, event: { type: 'REQUEST_TIMEOUT', requestId, background: true } }],
  };
}

/**
 * Kafka's retry.backoff.max.ms default (the consumer config the lab does not list): metadata
 * refreshes back off exponentially up to it (KIP-580); the lab waits the maximum at once.
 */
const METADATA_BACKOFF_MS = 1000;

/** The leaders, from a broker's metadata (traced when they changed); a partition with none is asked about again later. */
export function onMetadata(c: ConsumerContext, p: P<'MetadataResponse'>, now: number): Step {
  const m = c.cluster;
  if (!m) return settle(c);
  const leaders: Record<number, NodeId | null> = {};
  for (const x of p.partitions) leaders[x.partition] = x.leader;
  const unknown = c.assignment.some((x) => !leaders[x]);
  const s = settle(withConsumer(c, { cluster: { ...m, leaders, stale: unknown, notBefore: unknown ? now + METADATA_BACKOFF_MS : 0 } }));
  if (p.partitions.some((x) => (m.leaders[x.partition] ?? null) !== x.leader)) s.out.push(trace({ type: 'consumer.metadata', leaders: p.partitions }));
  return s;
}

/** A fetch that named a broker no longer leading a partition: the metadata is stale. */
const noteNotLeader = (c: ConsumerContext, p: P<'FetchResponse'>): ConsumerContext =>
  c.cluster && p.partitions.some((x) => x.error === 'NOT_LEADER_OR_FOLLOWER') ? withConsumer(c, { cluster: { ...c.cluster, stale: true } }) : c;

/** A fetch came back with no records: poll again (after learning the leaders, if one answered NOT_LEADER_OR_FOLLOWER). */
export const onFetchedNothing = (c: ConsumerContext, p: P<'FetchResponse'>): Step => settle(noteNotLeader(c, p));

/**
 * Fetched records come back: each partition's position moves past them and poll() returns them,
 * except transaction markers and, with read_committed, aborted transactions' records.
 */
export function onPolled(c: ConsumerContext, p: P<'FetchResponse'>): Step {
  const positions = { ...c.positions };
  const records: LogRecord[] = [];
  const skipped: LogRecord[] = [];
  for (const f of p.partitions) {
    const last = f.records.at(-1);
    if (last) positions[f.partition] = last.offset + 1;
    const visible = visibleRecords(f);
    records.push(...visible.records);
    skipped.push(...visible.skipped);
  }
  const s = settle({ ...noteNotLeader(c, p), records, index: 0, positions });
  if (skipped.length > 0) {
    s.out.push(trace({ type: 'consumer.abortedSkipped', records: skipped.map((r) => ({ partition: r.partition, offset: r.offset, messageId: r.messageId })) }));
  }
  if (records.length > 0) {
    s.out.push(
      trace({
        type: 'consumer.polled',
        records: records.map((r) => ({ partition: r.partition, offset: r.offset, messageId: r.messageId })),
        positions: currentPositions(s.context),
      }),
    );
  }
  return s;
}

/** A fetch answered OFFSET_OUT_OF_RANGE for some partitions: they lose their position and reset. */
export function onFetchOutOfRange(c: ConsumerContext, p: P<'FetchResponse'>): Step {
  const positions = { ...c.positions };
  for (const f of p.partitions) if (f.error === 'OFFSET_OUT_OF_RANGE') delete positions[f.partition];
  return settle(withConsumer(c, { positions }));
}

function commitAsync(c: ConsumerContext, offsets: PartitionOffset[], method: 'commitAsync' | 'auto'): Step {
  // Nobody waits for this response, so it has no timer and does not touch `pending`.
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: withConsumer(c, { requestNo }),
    out: [
      trace({ type: 'consumer.commit', offsets, method }),
      send(c.coordinator, { kind: 'OffsetCommitRequest', requestId, ...groupField(c), offsets, generation: c.generation, memberId: memberIdOf(c) }),
    ],
  };
}

/** The application commits the current positions: commitSync waits for the answer, commitAsync does not. */
export function commit(c: ConsumerContext, now: number): Step {
  const offsets = currentPositions(c);
  if (c.app.commitMethod === 'commitAsync') return commitAsync(c, offsets, 'commitAsync');
  return commitSync(c, offsets, now + c.config['default.api.timeout.ms'], 'commitSync');
}

/** A synchronous commit, retried until `deadline` (also the auto-commit before a rebalance or on close). */
export function commitSync(c: ConsumerContext, offsets: PartitionOffset[], deadline: number, method: 'commitSync' | 'onJoinPrepare' | 'onClose'): Step {
  const s = request(withConsumer(c, { commitOffsets: offsets, commitDeadline: deadline }), (requestId) => ({
    kind: 'OffsetCommitRequest',
    requestId,
    ...groupField(c),
    offsets,
    generation: c.generation,
    memberId: memberIdOf(c),
  }));
  s.out.unshift(trace({ type: 'consumer.commit', offsets, method }));
  return s;
}

/**
 * A request to a broker timed out: like Kafka's NetworkClient, drop the connection (and, with
 * replication, refresh the metadata, from the next broker in turn).
 */
export function timedOut(c: ConsumerContext): Step {
  const m = c.cluster;
  if (!m) return { context: c, out: [disconnect(c.coordinator)] };
  if (m.pendingTo === null) return { context: c, out: [] };
  const bootstrap = (m.brokers.indexOf(m.pendingTo) + 1) % m.brokers.length;
  return { context: withConsumer(c, { cluster: { ...m, stale: true, bootstrap } }), out: [disconnect(m.pendingTo)] };
}

/** commitSync's request timed out before default.api.timeout.ms: send it again, on a new connection. */
export function retryCommit(c: ConsumerContext): Step {
  const offsets = c.commitOffsets;
  const s = request(c, (requestId) => ({ kind: 'OffsetCommitRequest', requestId, ...groupField(c), offsets, generation: c.generation, memberId: memberIdOf(c) }));
  return { context: s.context, out: [disconnect(c.coordinator), ...s.out] };
}

/**
 * commitSync gave up after default.api.timeout.ms and threw: drop the connection. An application
 * that commits before processing does not process what it could not commit (at most once).
 */
export function commitGaveUp(c: ConsumerContext): Step {
  const next = c.app.commit === 'before-processing' ? clearBatch(c) : c;
  return settle(next, [disconnect(c.coordinator), trace({ type: 'consumer.commitFailed', offsets: c.commitOffsets })]);
}

/** Any OffsetCommitResponse (sync, async or auto) tells the consumer what is committed. */
export function onCommitted(c0: ConsumerContext, p: P<'OffsetCommitResponse'>): Step {
  let c = c0;
  if (p.error !== 'NONE') {
    // CommitFailedException: the member is out of date; it rejoins at its next poll() (as a new member if unknown).
    const fenced = fencedByCommit(c, p);
    c = fenced.context;
    const failed: O[] = [trace({ type: 'consumer.commitRefused', offsets: p.offsets, error: p.error }), ...fenced.out];
    if (p.requestId !== c.pending) return { context: c, out: failed };
    // commitSync threw (CommitFailedException); as when it gives up, a commit before processing skips the batch.
    return settle(c.app.commit === 'before-processing' ? clearBatch(c) : c, failed);
  }
  const committed = { ...c.committed };
  for (const { partition, offset } of p.offsets) committed[partition] = offset;
  const out: O[] = [trace({ type: 'consumer.committed', offsets: p.offsets })];
  if (p.requestId === c.pending) return settle(withConsumer(c, { committed }), out);
  return { context: withConsumer(c, { committed }), out };
}

export const committedPoint = (c: ConsumerContext): Step => ({ context: c, out: [point('after-commit-before-processing')] });
export const processedPoint = (c: ConsumerContext): Step => ({ context: c, out: [point('after-processing-before-commit')] });

export const currentRecord = (c: ConsumerContext): LogRecord | undefined => c.records[c.index];

/** The application starts processing the current record; it takes processingMs. */
export function startProcessing(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const done: O = { type: 'timer', id: 'processing', delay: c.app.processingMs, event: r ? { type: 'PROCESSING_DONE', messageId: r.messageId } : { type: 'PROCESSING_DONE' } };
  return { context: c, out: r ? [trace({ type: 'consumer.processing', messageId: r.messageId, partition: r.partition, offset: r.offset }), done] : [done] };
}

/**
 * With bulkWrite the application processes a poll's records one by one and writes them together:
 * the records up to the current one, all in one transaction. Otherwise each record on its own.
 */
const inWrite = (c: ConsumerContext): readonly LogRecord[] => (c.app.bulkWrite ? c.records.slice(0, c.index + 1) : c.records.slice(c.index, c.index + 1));

/** bulkWrite: a record is processed and more follow: on to the next before writing. */
export const processNext = (c: ConsumerContext): Step => ({ context: withConsumer(c, { index: c.index + 1 }), out: [] });

const row = (r: LogRecord): SinkWriteRecord => ({ messageId: r.messageId, partition: r.partition, offset: r.offset, key: r.key, ...(r.version === undefined ? {} : { version: r.version }) });

/** Processing is done: write the effect (with bulkWrite, every effect of the poll) to the database and wait for the acknowledgement. */
export function writeEffect(c: ConsumerContext): Step {
  const [r, ...more] = inWrite(c);
  if (!r) return { context: c, out: [] };
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.w${requestNo}`;
  const strategy = c.app.idempotence;
  const write: O = send(c.sink, {
    kind: 'SinkWrite',
    requestId,
    ...row(r),
    strategy,
    ...(strategy === 'cache-then-unique' ? { cache: { ttlMs: c.app.cacheTtlMs, keepMs: c.app.cacheKeepMs } } : {}),
    ...(more.length > 0 ? { bulk: more.map(row) } : {}),
  });
  return {
    context: withConsumer(c, { requestNo, pending: requestId }),
    out: [
      write,
      { type: 'timer', id: `sink:${requestId}`, delay: c.app.sinkTimeoutMs, event: { type: 'SINK_TIMEOUT', requestId } },
    ],
  };
}

/** The database acknowledged: these records are processed; on to the next. */
export function onWritten(c: ConsumerContext): Step {
  const out: O[] = [{ type: 'cancel', id: `sink:${c.pending}` }];
  for (const r of inWrite(c)) out.push(trace({ type: 'consumer.processed', messageId: r.messageId, partition: r.partition, offset: r.offset }));
  return { context: withConsumer(c, { pending: null, index: c.index + 1 }), out };
}

/** The database did not answer in time: drop the connection; at least once writes again, at most once moves on. */
export function onWriteTimeout(c: ConsumerContext): Step {
  const written = inWrite(c);
  if (c.app.onSinkTimeout === 'retry') {
    const s = writeEffect(c);
    if (written.length > 0) s.out.unshift(disconnect(c.sink), ...written.map((r) => trace({ type: 'consumer.sinkRetry', messageId: r.messageId, partition: r.partition, offset: r.offset })));
    return s;
  }
  const out: O[] = [disconnect(c.sink)];
  for (const r of written) out.push(trace({ type: 'consumer.sinkSkipped', messageId: r.messageId, partition: r.partition, offset: r.offset }));
  return { context: withConsumer(c, { pending: null, index: c.index + 1 }), out };
}

/**
 * The database answered with an error (its transaction failed, nothing written): as after a
 * timeout, at least once writes again, at most once moves on; the connection stays up.
 */
export function onWriteFailed(c: ConsumerContext): Step {
  const written = inWrite(c);
  const cancel: O = { type: 'cancel', id: `sink:${c.pending}` };
  if (c.app.onSinkTimeout === 'retry') {
    const s = writeEffect(c);
    s.out.unshift(cancel, ...written.map((r) => trace({ type: 'consumer.sinkRetry', messageId: r.messageId, partition: r.partition, offset: r.offset, cause: 'error' as const })));
    return s;
  }
  const out: O[] = [cancel];
  for (const r of written) out.push(trace({ type: 'consumer.sinkSkipped', messageId: r.messageId, partition: r.partition, offset: r.offset, cause: 'error' }));
  return { context: withConsumer(c, { pending: null, index: c.index + 1 }), out };
}

/** The polled batch is done (or abandoned). */
export const clearBatch = (c: ConsumerContext): ConsumerContext => withConsumer(c, { records: [], index: 0 });

export function consumerLosses(c: ConsumerContext): LostItem[] {
  const lost: LostItem[] = [];
  const positioned = currentPositions(c).length;
  if (positioned > 0) lost.push({ what: 'position', count: positioned });
  // With bulkWrite nothing of the poll is written before its one transaction.
  const left = c.records.length - (c.app.bulkWrite ? 0 : c.index);
  if (left > 0) lost.push({ what: 'polled-records', count: left });
  if (c.copier) lost.push(...copierLosses(c.copier));
  return lost;
}
