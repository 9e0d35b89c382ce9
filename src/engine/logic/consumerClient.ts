/**
 * The consumer process: Kafka's consumer (offset fetch, auto.offset.reset, fetch, commits,
 * auto-commit inside poll) and the application's loop around it (process each record, write its
 * effect to the database, commit before or after). Pure functions; the control flow is the
 * statechart in machines/consumer.ts. See shared/KAFKA-RULES.md section 3.
 */
import { disconnect, point, send, trace, type Out, type Stepped } from '../machines/effects';
import type { ConsumerAppConfig, ConsumerConfig, LogRecord, LostItem, Payload } from '../types';

export type ConsumerTimer =
  | { type: 'REQUEST_TIMEOUT'; requestId: string; background?: boolean }
  | { type: 'SINK_TIMEOUT'; requestId: string }
  | { type: 'PROCESSING_DONE' };

export interface ConsumerContext {
  config: ConsumerConfig;
  app: ConsumerAppConfig;
  incarnation: number;
  // Everything below is memory, lost in a crash (committed offsets live in the broker).
  requestNo: number;
  /** The offset of the next record to fetch (Kafka's position). */
  position: number | null;
  /** The committed offset as this consumer last learned it. */
  committed: number | null;
  /** The group generation this process joined (its commits carry it). */
  generation: number;
  /** The request the current state waits for. */
  pending: string | null;
  /** Records returned by the current poll, and the next one to process. */
  records: readonly LogRecord[];
  index: number;
  nextAutoCommitAt: number;
  /** commitSync: the offset being committed and when commitSync gives up (default.api.timeout.ms). */
  commitOffset: number;
  commitDeadline: number;
}

type Step = Stepped<ConsumerContext, ConsumerTimer>;
type O = Out<ConsumerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

export function consumerMemoryReset(c: ConsumerContext, now: number): ConsumerContext {
  return {
    ...c,
    requestNo: 0,
    position: null,
    committed: null,
    generation: 0,
    pending: null,
    records: [],
    index: 0,
    nextAutoCommitAt: now + c.config['auto.commit.interval.ms'],
    commitOffset: 0,
    commitDeadline: 0,
  };
}

export function initialConsumerContext(config: ConsumerConfig, app: ConsumerAppConfig): ConsumerContext {
  return consumerMemoryReset({ config, app, incarnation: 1 } as ConsumerContext, 0);
}

/** Sends a request to the broker that the current state waits for, with its timeout. */
function request(c: ConsumerContext, payload: (requestId: string) => Payload, background = false): Step {
  const requestNo = c.requestNo + 1;
  const requestId = `c${c.incarnation}.r${requestNo}`;
  return {
    context: { ...c, requestNo, pending: requestId },
    out: [
      send('broker', payload(requestId)),
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
  request(c, (requestId) => ({ kind: 'JoinGroupRequest', requestId, memberId: `consumer-${c.incarnation}` }));

export function onJoined(c: ConsumerContext, p: P<'JoinGroupResponse'>): Step {
  const s = settle({ ...c, generation: p.generation });
  s.out.push(trace({ type: 'consumer.joined', generation: p.generation }));
  return s;
}

export const fetchCommittedOffset = (c: ConsumerContext): Step =>
  request(c, (requestId) => ({ kind: 'OffsetFetchRequest', requestId }));

export function onCommittedOffset(c: ConsumerContext, p: P<'OffsetFetchResponse'>): Step {
  const s = settle({ ...c, committed: p.committedOffset, position: p.committedOffset });
  s.out.push(trace({ type: 'consumer.committedOffset', offset: p.committedOffset }));
  return s;
}

/** auto.offset.reset when there is no committed offset: earliest or latest (`none` fails the consumer). */
export function resetOffset(c: ConsumerContext): Step {
  const policy = c.config['auto.offset.reset'];
  if (policy === 'none') {
    return { context: c, out: [trace({ type: 'consumer.offsetReset', policy, offset: null })] };
  }
  return request(c, (requestId) => ({ kind: 'ListOffsetsRequest', requestId, spec: policy }));
}

export function onOffsetReset(c: ConsumerContext, p: P<'ListOffsetsResponse'>): Step {
  const s = settle({ ...c, position: p.offset });
  s.out.push(trace({ type: 'consumer.offsetReset', policy: c.config['auto.offset.reset'], offset: p.offset }));
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
  if (c.config['enable.auto.commit'] && now >= c.nextAutoCommitAt && c.position !== null) {
    const auto = commitAsync({ ...c, nextAutoCommitAt: now + c.config['auto.commit.interval.ms'] }, c.position, 'auto');
    c = auto.context;
    out.push(...auto.out);
  }
  const position = c.position ?? 0;
  const fetch = request(c, (requestId) => ({ kind: 'FetchRequest', requestId, offset: position, maxRecords: c.config['max.poll.records'] }), true);
  return { context: fetch.context, out: [...out, ...fetch.out] };
}

/** Fetched records come back: the position moves past them and poll() returns them. */
export function onPolled(c: ConsumerContext, p: P<'FetchResponse'>): Step {
  const last = p.records.at(-1);
  const position = last ? last.offset + 1 : c.position;
  const s = settle({ ...c, records: p.records, index: 0, position });
  if (last) {
    s.out.push(
      trace({
        type: 'consumer.polled',
        records: p.records.map((r) => ({ offset: r.offset, messageId: r.messageId })),
        position: position ?? 0,
      }),
    );
  }
  return s;
}

function commitAsync(c: ConsumerContext, offset: number, method: 'commitAsync' | 'auto'): Step {
  // Nobody waits for this response, so it has no timer and does not touch `pending`.
  const requestNo = c.requestNo + 1;
  const requestId = `c${c.incarnation}.r${requestNo}`;
  return {
    context: { ...c, requestNo },
    out: [trace({ type: 'consumer.commit', offset, method }), send('broker', { kind: 'OffsetCommitRequest', requestId, offset, generation: c.generation })],
  };
}

/** The application commits the current position: commitSync waits for the answer, commitAsync does not. */
export function commit(c: ConsumerContext, now: number): Step {
  const offset = c.position ?? 0;
  if (c.app.commitMethod === 'commitAsync') return commitAsync(c, offset, 'commitAsync');
  const s = request({ ...c, commitOffset: offset, commitDeadline: now + c.config['default.api.timeout.ms'] }, (requestId) => ({
    kind: 'OffsetCommitRequest',
    requestId,
    offset,
    generation: c.generation,
  }));
  s.out.unshift(trace({ type: 'consumer.commit', offset, method: 'commitSync' }));
  return s;
}

/** A request to the broker timed out: like Kafka's NetworkClient, drop the connection. */
export const timedOut = (c: ConsumerContext): Step => ({ context: c, out: [disconnect('broker')] });

/** commitSync's request timed out before default.api.timeout.ms: send it again, on a new connection. */
export function retryCommit(c: ConsumerContext): Step {
  const offset = c.commitOffset;
  const s = request(c, (requestId) => ({ kind: 'OffsetCommitRequest', requestId, offset, generation: c.generation }));
  return { context: s.context, out: [disconnect('broker'), ...s.out] };
}

/**
 * commitSync gave up after default.api.timeout.ms and threw: drop the connection. An application
 * that commits before processing does not process what it could not commit (at most once).
 */
export function commitGaveUp(c: ConsumerContext): Step {
  const next = c.app.commit === 'before-processing' ? clearBatch(c) : c;
  return settle(next, [disconnect('broker'), trace({ type: 'consumer.commitFailed', offset: c.commitOffset })]);
}

/** Any OffsetCommitResponse (sync, async or auto) tells the consumer what is committed. */
export function onCommitted(c: ConsumerContext, p: P<'OffsetCommitResponse'>): Step {
  if (p.error !== 'NONE') {
    const failed: O[] = [trace({ type: 'consumer.commitRefused', offset: p.offset, error: p.error })];
    if (p.requestId !== c.pending) return { context: c, out: failed };
    // commitSync threw (CommitFailedException); as when it gives up, a commit before processing skips the batch.
    return settle(c.app.commit === 'before-processing' ? clearBatch(c) : c, failed);
  }
  const committed = p.offset;
  const out: O[] = [trace({ type: 'consumer.committed', offset: p.offset })];
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
  return { context: c, out: r ? [trace({ type: 'consumer.processing', messageId: r.messageId, offset: r.offset }), done] : [done] };
}

/** Processing is done: write its effect to the database and wait for the acknowledgement. */
export function writeEffect(c: ConsumerContext): Step {
  const r = currentRecord(c);
  if (!r) return { context: c, out: [] };
  const requestNo = c.requestNo + 1;
  const requestId = `c${c.incarnation}.w${requestNo}`;
  const strategy = c.app.idempotence;
  const write: O = send('sink', {
    kind: 'SinkWrite',
    requestId,
    messageId: r.messageId,
    offset: r.offset,
    key: r.key,
    strategy,
    ...(r.version === undefined ? {} : { version: r.version }),
    ...(strategy === 'cache-then-unique' ? { cache: { ttlMs: c.app.cacheTtlMs, keepMs: c.app.cacheKeepMs } } : {}),
  });
  return {
    context: { ...c, requestNo, pending: requestId },
    out: [
      write,
      { type: 'timer', id: `sink:${requestId}`, delay: c.app.sinkTimeoutMs, event: { type: 'SINK_TIMEOUT', requestId } },
    ],
  };
}

/** The database acknowledged: this record is processed; on to the next. */
export function onWritten(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const out: O[] = [{ type: 'cancel', id: `sink:${c.pending}` }];
  if (r) out.push(trace({ type: 'consumer.processed', messageId: r.messageId, offset: r.offset }));
  return { context: { ...c, pending: null, index: c.index + 1 }, out };
}

/** The database did not answer in time: drop the connection; at least once writes again, at most once moves on. */
export function onWriteTimeout(c: ConsumerContext): Step {
  const r = currentRecord(c);
  if (c.app.onSinkTimeout === 'retry') {
    const s = writeEffect(c);
    if (r) s.out.unshift(disconnect('sink'), trace({ type: 'consumer.sinkRetry', messageId: r.messageId, offset: r.offset }));
    return s;
  }
  const out: O[] = [disconnect('sink')];
  if (r) out.push(trace({ type: 'consumer.sinkSkipped', messageId: r.messageId, offset: r.offset }));
  return { context: { ...c, pending: null, index: c.index + 1 }, out };
}

/**
 * The database answered with an error (its transaction failed, nothing written): as after a
 * timeout, at least once writes again, at most once moves on; the connection stays up.
 */
export function onWriteFailed(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const cancel: O = { type: 'cancel', id: `sink:${c.pending}` };
  if (c.app.onSinkTimeout === 'retry') {
    const s = writeEffect(c);
    s.out.unshift(cancel);
    if (r) s.out.splice(1, 0, trace({ type: 'consumer.sinkRetry', messageId: r.messageId, offset: r.offset, cause: 'error' }));
    return s;
  }
  const out: O[] = [cancel];
  if (r) out.push(trace({ type: 'consumer.sinkSkipped', messageId: r.messageId, offset: r.offset, cause: 'error' }));
  return { context: { ...c, pending: null, index: c.index + 1 }, out };
}

/** The polled batch is done (or abandoned). */
export const clearBatch = (c: ConsumerContext): ConsumerContext => ({ ...c, records: [], index: 0 });

export function consumerLosses(c: ConsumerContext): LostItem[] {
  const lost: LostItem[] = [];
  if (c.position !== null) lost.push({ what: 'position', count: 1 });
  const left = c.records.length - c.index;
  if (left > 0) lost.push({ what: 'polled-records', count: left });
  return lost;
}
