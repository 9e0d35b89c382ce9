/**
 * The consumer process: Kafka's consumer (offset fetch, auto.offset.reset, fetch, commits,
 * auto-commit inside poll) and the application's loop around it (process each record, write its
 * effect to the database, commit before or after). Pure functions; the control flow is the
 * statechart in machines/consumer.ts. See shared/KAFKA-RULES.md section 3.
 */
import { disconnect, point, send, trace, type Out, type Stepped } from '../machines/effects';
import type { ConsumerAppConfig, ConsumerConfig, LogRecord, LostItem, NodeId, PartitionOffset, Payload } from '../types';

export type ConsumerTimer =
  | { type: 'REQUEST_TIMEOUT'; requestId: string; background?: boolean }
  | { type: 'SINK_TIMEOUT'; requestId: string }
  | { type: 'PROCESSING_DONE' };

export interface ConsumerContext {
  /** This consumer's node id; its group member id is the id and its incarnation. */
  id: NodeId;
  config: ConsumerConfig;
  app: ConsumerAppConfig;
  /** The broker that coordinates the group (and, without replication, leads the partitions). */
  coordinator: NodeId;
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
    // A new process knows no leaders yet.
    cluster: c.cluster && { brokers: c.cluster.brokers, leaders: {}, stale: true, notBefore: 0, fetchTurn: 0, bootstrap: 0, pendingTo: null },
  };
}

export function initialConsumerContext(
  id: NodeId,
  config: ConsumerConfig,
  app: ConsumerAppConfig,
  coordinator: NodeId,
  brokers: readonly NodeId[] = [coordinator],
): ConsumerContext {
  const cluster = brokers.length > 1 ? ({ brokers } as ConsumerCluster) : null;
  return consumerMemoryReset({ id, config, app, coordinator, cluster, incarnation: 1 } as ConsumerContext, 0);
}

/** The assigned partitions' positions, as a commit would send them. */
export const currentPositions = (c: ConsumerContext): PartitionOffset[] =>
  c.assignment.flatMap((partition) => (c.positions[partition] === undefined ? [] : [{ partition, offset: c.positions[partition]! }]));

/** Whether every assigned partition has a position. */
export const hasPositions = (c: ConsumerContext) => c.assignment.every((p) => c.positions[p] !== undefined);

/** Sends a request to a broker (the coordinator unless `to` says otherwise) that the current state waits for, with its timeout. */
function request(c: ConsumerContext, payload: (requestId: string) => Payload, background = false, to = c.coordinator): Step {
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: c.cluster ? { ...c, requestNo, pending: requestId, cluster: { ...c.cluster, pendingTo: to } } : { ...c, requestNo, pending: requestId },
    out: [
      send(to, payload(requestId)),
      {
        type: 'timer',
        id: `req:${requestId}`,
        delay: c.config['request.timeout.ms'],
        event: background ? { type: 'REQUEST_TIMEOUT', requestId, background } : { type: 'REQUEST_TIMEOUT', requestId },
      },
    ],
  };
}

/** The response (or timeout) the current state waits for has come: stop its timer. */
export function settle(c: ConsumerContext, out: O[] = []): Step {
  return { context: { ...c, pending: null }, out: c.pending ? [{ type: 'cancel', id: `req:${c.pending}` }, ...out] : out };
}

/** Joins the consumer group (one member here): the answer is the generation its commits will carry. */
export const joinGroup = (c: ConsumerContext): Step =>
  request(c, (requestId) => ({ kind: 'JoinGroupRequest', requestId, memberId: `${c.id}-${c.incarnation}` }));

export function onJoined(c: ConsumerContext, p: P<'JoinGroupResponse'>): Step {
  const s = settle({ ...c, generation: p.generation, assignment: p.assignment });
  s.out.push(trace({ type: 'consumer.joined', generation: p.generation, assignment: p.assignment }));
  return s;
}

export const fetchCommittedOffset = (c: ConsumerContext): Step =>
  request(c, (requestId) => ({ kind: 'OffsetFetchRequest', requestId, partitions: c.assignment }));

/** The committed offsets come back: each partition resumes from its own (KAFKA-RULES 3). */
export function onCommittedOffset(c: ConsumerContext, p: P<'OffsetFetchResponse'>): Step {
  const positions: Record<number, number> = {};
  for (const { partition, offset } of p.offsets) if (offset !== null) positions[partition] = offset;
  const s = settle({ ...c, committed: positions, positions });
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
  return request(c, (requestId) => ({ kind: 'ListOffsetsRequest', requestId, spec: policy, partitions }));
}

export function onOffsetReset(c: ConsumerContext, p: P<'ListOffsetsResponse'>): Step {
  const positions = { ...c.positions };
  for (const { partition, offset } of p.offsets) positions[partition] = offset;
  const s = settle({ ...c, positions });
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
  let c = c0;
  const positions = currentPositions(c);
  if (c.config['enable.auto.commit'] && now >= c.nextAutoCommitAt && positions.length > 0) {
    const auto = commitAsync({ ...c, nextAutoCommitAt: now + c.config['auto.commit.interval.ms'] }, positions, 'auto');
    c = auto.context;
    out.push(...auto.out);
  }
  const fetch = c.cluster
    ? fetchFromLeader(c, c.cluster, positions, now)
    : request(c, (requestId) => ({ kind: 'FetchRequest', requestId, partitions: positions, maxRecords: c.config['max.poll.records'] }), true);
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
    return request(c, (requestId) => ({ kind: 'MetadataRequest', requestId }), true, to);
  }
  const leaders = [...new Set(known.map((x) => m.leaders[x.partition]!))];
  const to = leaders[m.fetchTurn % leaders.length]!;
  const partitions = known.filter((x) => m.leaders[x.partition] === to);
  const next = { ...c, cluster: { ...m, fetchTurn: m.fetchTurn + 1 } };
  return request(next, (requestId) => ({ kind: 'FetchRequest', requestId, partitions, maxRecords: c.config['max.poll.records'] }), true, to);
}

/** Nothing to ask yet: the poll waits `ms` (a timer, answered like a request that timed out). */
function waitFor(c: ConsumerContext, m: ConsumerCluster, ms: number): Step {
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: { ...c, requestNo, pending: requestId, cluster: { ...m, pendingTo: null } },
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
  const s = settle({ ...c, cluster: { ...m, leaders, stale: unknown, notBefore: unknown ? now + METADATA_BACKOFF_MS : 0 } });
  if (p.partitions.some((x) => (m.leaders[x.partition] ?? null) !== x.leader)) s.out.push(trace({ type: 'consumer.metadata', leaders: p.partitions }));
  return s;
}

/** A fetch that named a broker no longer leading a partition: the metadata is stale. */
const noteNotLeader = (c: ConsumerContext, p: P<'FetchResponse'>): ConsumerContext =>
  c.cluster && p.partitions.some((x) => x.error === 'NOT_LEADER_OR_FOLLOWER') ? { ...c, cluster: { ...c.cluster, stale: true } } : c;

/** A fetch came back with no records: poll again (after learning the leaders, if one answered NOT_LEADER_OR_FOLLOWER). */
export const onFetchedNothing = (c: ConsumerContext, p: P<'FetchResponse'>): Step => settle(noteNotLeader(c, p));

/** Fetched records come back: each partition's position moves past them and poll() returns them. */
export function onPolled(c: ConsumerContext, p: P<'FetchResponse'>): Step {
  const positions = { ...c.positions };
  const records: LogRecord[] = [];
  for (const f of p.partitions) {
    const last = f.records.at(-1);
    if (last) positions[f.partition] = last.offset + 1;
    records.push(...f.records);
  }
  const s = settle({ ...noteNotLeader(c, p), records, index: 0, positions });
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
  return settle({ ...c, positions });
}

function commitAsync(c: ConsumerContext, offsets: PartitionOffset[], method: 'commitAsync' | 'auto'): Step {
  // Nobody waits for this response, so it has no timer and does not touch `pending`.
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.r${requestNo}`;
  return {
    context: { ...c, requestNo },
    out: [trace({ type: 'consumer.commit', offsets, method }), send(c.coordinator, { kind: 'OffsetCommitRequest', requestId, offsets, generation: c.generation })],
  };
}

/** The application commits the current positions: commitSync waits for the answer, commitAsync does not. */
export function commit(c: ConsumerContext, now: number): Step {
  const offsets = currentPositions(c);
  if (c.app.commitMethod === 'commitAsync') return commitAsync(c, offsets, 'commitAsync');
  const s = request({ ...c, commitOffsets: offsets, commitDeadline: now + c.config['default.api.timeout.ms'] }, (requestId) => ({
    kind: 'OffsetCommitRequest',
    requestId,
    offsets,
    generation: c.generation,
  }));
  s.out.unshift(trace({ type: 'consumer.commit', offsets, method: 'commitSync' }));
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
  return { context: { ...c, cluster: { ...m, stale: true, bootstrap } }, out: [disconnect(m.pendingTo)] };
}

/** commitSync's request timed out before default.api.timeout.ms: send it again, on a new connection. */
export function retryCommit(c: ConsumerContext): Step {
  const offsets = c.commitOffsets;
  const s = request(c, (requestId) => ({ kind: 'OffsetCommitRequest', requestId, offsets, generation: c.generation }));
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
export function onCommitted(c: ConsumerContext, p: P<'OffsetCommitResponse'>): Step {
  if (p.error !== 'NONE') {
    const failed: O[] = [trace({ type: 'consumer.commitRefused', offsets: p.offsets, error: p.error })];
    if (p.requestId !== c.pending) return { context: c, out: failed };
    // commitSync threw (CommitFailedException); as when it gives up, a commit before processing skips the batch.
    return settle(c.app.commit === 'before-processing' ? clearBatch(c) : c, failed);
  }
  const committed = { ...c.committed };
  for (const { partition, offset } of p.offsets) committed[partition] = offset;
  const out: O[] = [trace({ type: 'consumer.committed', offsets: p.offsets })];
  if (p.requestId === c.pending) return settle({ ...c, committed }, out);
  return { context: { ...c, committed }, out };
}

export const committedPoint = (c: ConsumerContext): Step => ({ context: c, out: [point('after-commit-before-processing')] });
export const processedPoint = (c: ConsumerContext): Step => ({ context: c, out: [point('after-processing-before-commit')] });

export const currentRecord = (c: ConsumerContext): LogRecord | undefined => c.records[c.index];

/** The application starts processing the current record; it takes processingMs. */
export function startProcessing(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const done: O = { type: 'timer', id: 'processing', delay: c.app.processingMs, event: { type: 'PROCESSING_DONE' } };
  return { context: c, out: r ? [trace({ type: 'consumer.processing', messageId: r.messageId, partition: r.partition, offset: r.offset }), done] : [done] };
}

/** Processing is done: write its effect to the database and wait for the acknowledgement. */
export function writeEffect(c: ConsumerContext): Step {
  const r = currentRecord(c);
  if (!r) return { context: c, out: [] };
  const requestNo = c.requestNo + 1;
  const requestId = `${c.id}.${c.incarnation}.w${requestNo}`;
  const dedup = c.app.idempotence === 'processed-ids';
  return {
    context: { ...c, requestNo, pending: requestId },
    out: [
      send('sink', { kind: 'SinkWrite', requestId, messageId: r.messageId, partition: r.partition, offset: r.offset, key: r.key, dedup }),
      { type: 'timer', id: `sink:${requestId}`, delay: c.app.sinkTimeoutMs, event: { type: 'SINK_TIMEOUT', requestId } },
    ],
  };
}

/** The database acknowledged: this record is processed; on to the next. */
export function onWritten(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const out: O[] = [{ type: 'cancel', id: `sink:${c.pending}` }];
  if (r) out.push(trace({ type: 'consumer.processed', messageId: r.messageId, partition: r.partition, offset: r.offset }));
  return { context: { ...c, pending: null, index: c.index + 1 }, out };
}

/** The database did not answer in time: drop the connection; at least once writes again, at most once moves on. */
export function onWriteTimeout(c: ConsumerContext): Step {
  const r = currentRecord(c);
  if (c.app.onSinkTimeout === 'retry') {
    const s = writeEffect(c);
    if (r) s.out.unshift(disconnect('sink'), trace({ type: 'consumer.sinkRetry', messageId: r.messageId, partition: r.partition, offset: r.offset }));
    return s;
  }
  const out: O[] = [disconnect('sink')];
  if (r) out.push(trace({ type: 'consumer.sinkSkipped', messageId: r.messageId, partition: r.partition, offset: r.offset }));
  return { context: { ...c, pending: null, index: c.index + 1 }, out };
}

/** The polled batch is done (or abandoned). */
export const clearBatch = (c: ConsumerContext): ConsumerContext => ({ ...c, records: [], index: 0 });

export function consumerLosses(c: ConsumerContext): LostItem[] {
  const lost: LostItem[] = [];
  const positioned = currentPositions(c).length;
  if (positioned > 0) lost.push({ what: 'position', count: positioned });
  const left = c.records.length - c.index;
  if (left > 0) lost.push({ what: 'polled-records', count: left });
  return lost;
}
