/**
 * The consumer process as a statechart: join the group, find the committed offset (or reset),
 * then the poll loop
 * `poll -> polling -> [committingBeforeProcessing] -> (processing -> writing)* -> processed -> [committingAfterProcessing]`.
 * Each poll() first checks whether the member must rejoin (a heartbeat said REBALANCE_IN_PROGRESS:
 * `rejoining` commits if auto-commit is on, revokes everything and joins again) or close (`closing`,
 * then `left`). The heartbeat thread runs beside the loop, in every state of `running`. A record
 * whose processing throws is tried again up to maxAttempts, then dead-lettered or skipped.
 * The two meaningful crash points sit on the edges around processing. The transactional copier
 * (consumerApp.output = topic) calls initTransactions after joining and copies each poll in one
 * transaction (`transacting`, logic/copier.ts) instead of processing.
 */
import { and, enqueueActions, setup } from 'xstate';
import { beginCopy, copierInit, onCopierAnswer, onCopierRetry, onCopierTimeout } from '../logic/copier';
import {
  commit,
  commitGaveUp,
  committedPoint,
  consumerLosses,
  consumerMemoryReset,
  fetchCommittedOffset,
  initialConsumerContext,
  onCommitted,
  onCommittedOffset,
  offsetFetchTimedOut,
  onFetchOutOfRange,
  onFetchedNothing,
  onMetadata,
  hasPositions,
  onOffsetReset,
  onOffsetsUnstable,
  onPolled,
  onWriteFailed,
  onWriteTimeout,
  onWritten,
  poll,
  processedPoint,
  resetOffset,
  retryCommit,
  settle,
  startProcessing,
  timedOut,
  writeEffect,
  processNext,
  type ConsumerContext,
  type ConsumerServiceRef,
  type ConsumerTimer,
} from '../logic/consumerClient';
import {
  joinGroup,
  leaveGroup,
  onHeartbeatResponse,
  onHeartbeatTimeout,
  onHeartbeatTimer,
  onJoined,
  prepareClose,
  prepareRejoin,
  requestClose,
  revokeAll,
} from '../logic/consumerGroup';
import { attemptsLeft, onDeadLettered, onProcessingFailed, publishDeadLetter, skipFailedRecord } from '../logic/processingFailure';
import type { ConsumerAppConfig, ConsumerConfig, NodeId, ProducerConfig } from '../types';
import { stepRunner, trace, type Emitted, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type ConsumerEvent =
  | Extract<
      ReceiveEvent,
      {
        type:
          | 'RECEIVE.JoinGroupResponse'
          | 'RECEIVE.OffsetFetchResponse'
          | 'RECEIVE.SinkOffsetFetchResponse'
          | 'RECEIVE.ListOffsetsResponse'
          | 'RECEIVE.FetchResponse'
          | 'RECEIVE.OffsetCommitResponse'
          | 'RECEIVE.HeartbeatResponse'
          | 'RECEIVE.MetadataResponse'
          | 'RECEIVE.SinkWriteAck'
          | 'RECEIVE.InitProducerIdResponse'
          | 'RECEIVE.AddPartitionsToTxnResponse'
          | 'RECEIVE.ProduceResponse'
          | 'RECEIVE.AddOffsetsToTxnResponse'
          | 'RECEIVE.TxnOffsetCommitResponse'
          | 'RECEIVE.EndTxnResponse';
      }
    >
  | (Timed & ConsumerTimer)
  /** The application calls close() (a `leave` fault). */
  | (Timed & { type: 'LEAVE' })
  /** A late starter starts (a `start` fault). */
  | (Timed & { type: 'START' })
  | LifecycleEvent;

export interface ConsumerInput {
  id: NodeId;
  config: ConsumerConfig;
  app: ConsumerAppConfig;
  coordinator: NodeId;
  /** A `start` fault names it: it is not running until then. */
  startsLater?: boolean;
  txnCoordinator: NodeId | null;
  txnConfig: ProducerConfig;
  /** With replication: every broker. */
  brokers?: readonly NodeId[];
  /** With several services (consumerApp.services): this consumer's group and database. */
  service?: ConsumerServiceRef;
}

const run = stepRunner<ConsumerContext, ConsumerEvent, ConsumerTimer>();
const now = (event: unknown) => (event as Partial<Timed>).now ?? 0;

type Guarded = { context: ConsumerContext; event: ConsumerEvent };
/** The event answers the request the current state waits for. */
const awaited = ({ context, event }: Guarded) => {
  const id = 'msg' in event ? event.msg.payload.requestId : 'requestId' in event ? event.requestId : null;
  return id !== null && id === context.pending;
};
const fetchError = ({ event }: Guarded) =>
  event.type === 'RECEIVE.FetchResponse' && event.msg.payload.partitions.some((p) => p.error === 'OFFSET_OUT_OF_RANGE');
const fetchedNothing = ({ event }: Guarded) =>
  event.type === 'RECEIVE.FetchResponse' && event.msg.payload.partitions.every((p) => p.records.length === 0);

/** commitSync's request timed out: send it again, or give up after default.api.timeout.ms and poll on. */
const commitSyncTimeouts = [
  { guard: and(['awaited', 'commitDeadlinePassed']), target: 'poll', actions: run.any((c) => commitGaveUp(c)) },
  { guard: 'awaited', actions: run.any((c) => retryCommit(c)) },
] as const;

/** The awaited commit before rejoining or closing: answered, or given up at its deadline, then `target`. */
const commitThen = <T extends string>(target: T, then: (c: ConsumerContext) => ReturnType<typeof leaveGroup>) =>
  ({
  'RECEIVE.OffsetCommitResponse': {
    guard: 'awaited',
    target,
    actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => {
      const s = onCommitted(c, e.msg.payload);
      const t = then(s.context);
      return { context: t.context, out: [...s.out, ...t.out] };
    }),
  },
  REQUEST_TIMEOUT: [
    { guard: and(['awaited', 'commitDeadlinePassed']), target, actions: run.any((c) => then(c)) },
    { guard: 'awaited', actions: run.any((c) => retryCommit(c)) },
  ],
  }) as const;

/** The record at hand failed: another attempt, or the recoverer (the DLT, or skip it). */
const afterFailure = [
  { guard: 'attemptsLeft', target: 'processing' },
  { guard: 'deadLetters', target: 'deadLettering' },
  { guard: 'anotherRecord', target: 'processing', actions: run.any((c) => skipFailedRecord(c)) },
  { target: 'processed', actions: run.any((c) => skipFailedRecord(c)) },
] as const;

export const consumerMachine = setup({
  types: {
    context: {} as ConsumerContext,
    events: {} as ConsumerEvent,
    input: {} as ConsumerInput,
    emitted: {} as Emitted,
  },
  guards: {
    awaited,
    fetchError,
    fetchedNothing,
    retriesWrites: ({ context }) => context.app.onSinkTimeout === 'retry',
    writesInBulk: ({ context }) => context.app.bulkWrite,
    writeFailed: ({ event }) => event.type === 'RECEIVE.SinkWriteAck' && event.msg.payload.error !== undefined,
    commitRefused: ({ event }) => event.type === 'RECEIVE.OffsetCommitResponse' && event.msg.payload.error !== 'NONE',
    commitsBefore: ({ context }) => context.app.commit === 'before-processing',
    commitsAfter: ({ context }) => context.app.commit === 'after-processing',
    isAsync: ({ context }) => context.app.commitMethod === 'commitAsync',
    hasCommitted: ({ context }) => hasPositions(context),
    resetIsNone: ({ context }) => context.config['auto.offset.reset'] === 'none',
    anotherRecord: ({ context }) => context.index + 1 < context.records.length,
    commitDeadlinePassed: ({ context, event }) => now(event) >= context.commitDeadline,
    rejoinNeeded: ({ context }) => context.rejoinNeeded,
    closeRequested: ({ context }) => context.closeRequested,
    rejoinOrClose: ({ context }) => context.rejoinNeeded || context.closeRequested,
    notWaiting: ({ context }) => context.pending === null,
    failsBeforeWrite: ({ event }) => event.type === 'PROCESSING_DONE' && event.fail === 'before-write',
    failsAfterWrite: ({ context }) => context.failAfterWrite,
    attemptsLeft: ({ context }) => attemptsLeft(context),
    deadLetters: ({ context }) => context.app.deadLetter,
    produceFailed: ({ event }) => event.type === 'RECEIVE.ProduceResponse' && event.msg.payload.error !== 'NONE',
    offsetsUnstable: ({ event }) => event.type === 'RECEIVE.OffsetFetchResponse' && event.msg.payload.error === 'UNSTABLE_OFFSET_COMMIT',
    nothingVisible: ({ context }) => context.records.length === 0,
    copies: ({ context }) => context.copier !== null,
    copierReady: ({ context }) => context.copier?.phase === 'ready',
    copyDone: ({ context }) => context.copier?.phase === 'done',
    copyReinit: ({ context }) => context.copier?.phase === 'reinit',
  },
}).createMachine({
  id: 'consumer',
  context: ({ input }) => ({
    ...initialConsumerContext(input.id, input.config, input.app, input.coordinator, input.txnCoordinator, input.txnConfig['transaction.timeout.ms'], input.brokers, input.service),
    startsLater: input.startsLater === true,
  }),
  initial: 'boot',
  states: {
    boot: {
      always: [{ guard: ({ context }) => context.startsLater === true, target: 'notStarted' }, { target: 'running' }],
    },
    notStarted: {
      tags: ['down'],
      on: { START: { target: 'running', actions: run<'START'>((c, e) => ({ context: { ...c, lastPollAt: e.now, nextAutoCommitAt: e.now + c.config['auto.commit.interval.ms'] }, out: [] })) } },
    },
    running: {
      initial: 'joining',
      on: {
        // Answers to commitAsync and auto-commits arrive whenever they arrive.
        'RECEIVE.OffsetCommitResponse': { actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)) },
        // The heartbeat thread, beside whatever the application does.
        HEARTBEAT: { actions: run<'HEARTBEAT'>((c, e) => onHeartbeatTimer(c, e.now)) },
        HEARTBEAT_TIMEOUT: { actions: run<'HEARTBEAT_TIMEOUT'>((c, e) => onHeartbeatTimeout(c, e.requestId)) },
        'RECEIVE.HeartbeatResponse': { actions: run<'RECEIVE.HeartbeatResponse'>((c, e) => onHeartbeatResponse(c, e.msg.payload)) },
        LEAVE: { actions: run.any((c) => requestClose(c)) },
        CRASH: {
          target: 'crashed',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const point = event.type === 'CRASH' ? event.point : null;
            enqueue.emit(trace({ type: 'node.crashed', node: 'consumer', point, lost: consumerLosses(context) }));
            enqueue.assign(consumerMemoryReset(context, now(event)));
          }),
        },
      },
      states: {
        joining: {
          entry: run.any((c) => joinGroup(c)),
          on: {
            'RECEIVE.JoinGroupResponse': [
              { guard: and(['awaited', 'copies']), target: 'initializingTransactions', actions: run<'RECEIVE.JoinGroupResponse'>((c, e) => onJoined(c, e.msg.payload, e.now)) },
              { guard: 'awaited', target: 'fetchingCommittedOffset', actions: run<'RECEIVE.JoinGroupResponse'>((c, e) => onJoined(c, e.msg.payload, e.now)) },
            ],
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'joining', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        // The copier's initTransactions: it fences its previous incarnation (and aborts what that left open) before reading offsets.
        initializingTransactions: {
          entry: run.any((c) => copierInit(c)),
          always: { guard: 'copierReady', target: 'fetchingCommittedOffset' },
          on: {
            'RECEIVE.InitProducerIdResponse': { actions: run<'RECEIVE.InitProducerIdResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            COPIER_TIMEOUT: { actions: run<'COPIER_TIMEOUT'>((c, e) => onCopierTimeout(c, e.requestId)) },
            COPIER_RETRY: { actions: run.any((c) => onCopierRetry(c)) },
          },
        },
        fetchingCommittedOffset: {
          entry: run.any((c) => fetchCommittedOffset(c)),
          on: {
            'RECEIVE.OffsetFetchResponse': [
              // require_stable: a transaction's offsets are pending; ask again after a backoff.
              { guard: and(['awaited', 'offsetsUnstable']), target: 'waitingForStableOffsets', actions: run.any((c, e) => onOffsetsUnstable(c, now(e))) },
              { guard: 'awaited', target: 'checkingOffset', actions: run<'RECEIVE.OffsetFetchResponse'>((c, e) => onCommittedOffset(c, e.msg.payload)) },
            ],
            'RECEIVE.SinkOffsetFetchResponse': {
              guard: 'awaited',
              target: 'checkingOffset',
              actions: run<'RECEIVE.SinkOffsetFetchResponse'>((c, e) => onCommittedOffset(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'fetchingCommittedOffset', reenter: true, actions: run.any((c) => offsetFetchTimedOut(c)) },
          },
        },
        waitingForStableOffsets: {
          on: { OFFSET_FETCH_BACKOFF: { target: 'fetchingCommittedOffset' } },
        },
        checkingOffset: {
          always: [{ guard: 'hasCommitted', target: 'poll' }, { target: 'resettingOffset' }],
        },
        resettingOffset: {
          entry: run.any((c) => resetOffset(c)),
          always: { guard: 'resetIsNone', target: '#consumer.failed' },
          on: {
            'RECEIVE.ListOffsetsResponse': {
              guard: 'awaited',
              target: 'poll',
              actions: run<'RECEIVE.ListOffsetsResponse'>((c, e) => onOffsetReset(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'resettingOffset', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        // The application calls poll(): first whatever the group needs (rejoin, or close), then a fetch.
        poll: {
          always: [{ guard: 'closeRequested', target: 'closing' }, { guard: 'rejoinNeeded', target: 'rejoining' }, { target: 'polling' }],
        },
        polling: {
          entry: run.any((c, e) => poll(c, now(e))),
          on: {
            'RECEIVE.FetchResponse': [
              // A rebalance (or close) came up meanwhile: the next poll() rejoins first and drops what was fetched.
              { guard: and(['awaited', 'rejoinOrClose']), target: 'poll', actions: run.any((c) => settle(c)) },
              { guard: and(['awaited', 'fetchError']), target: 'resettingOffset', actions: run<'RECEIVE.FetchResponse'>((c, e) => onFetchOutOfRange(c, e.msg.payload)) },
              { guard: and(['awaited', 'fetchedNothing']), target: 'poll', actions: run<'RECEIVE.FetchResponse'>((c, e) => onFetchedNothing(c, e.msg.payload)) },
              { guard: 'awaited', target: 'polled', actions: run<'RECEIVE.FetchResponse'>((c, e) => onPolled(c, e.msg.payload)) },
            ],
            // Replication: the leaders came back; poll again.
            'RECEIVE.MetadataResponse': {
              guard: 'awaited',
              target: 'poll',
              actions: run<'RECEIVE.MetadataResponse'>((c, e) => onMetadata(c, e.msg.payload, e.now)),
            },
            REQUEST_TIMEOUT: {
              guard: 'awaited',
              target: 'poll',
              actions: run.any((c) => {
                const s = timedOut(c);
                return settle(s.context, s.out);
              }),
            },
          },
        },
        // onJoinPrepare: the auto-commit (awaited), the eager revocation, then JoinGroup.
        rejoining: {
          entry: run.any((c, e) => prepareRejoin(c, now(e))),
          always: { guard: 'notWaiting', target: 'joining', actions: run.any((c) => revokeAll(c)) },
          on: commitThen('joining', revokeAll),
        },
        // close(): the auto-commit (awaited), then LeaveGroup.
        closing: {
          entry: run.any((c, e) => prepareClose(c, now(e))),
          always: { guard: 'notWaiting', target: '#consumer.left', actions: run.any((c) => leaveGroup(c)) },
          on: commitThen('#consumer.left', leaveGroup),
        },
        polled: {
          always: [
            // Only markers or aborted records: nothing for the application, the position moved on.
            { guard: 'nothingVisible', target: 'polling' },
            { guard: 'copies', target: 'transacting' },
            { guard: 'commitsBefore', target: 'committingBeforeProcessing' },
            { target: 'processing' },
          ],
        },
        // The copier: this poll's records and positions in one transaction (logic/copier.ts).
        transacting: {
          entry: run.any((c) => beginCopy(c)),
          always: [
            { guard: 'copyDone', target: 'polling' },
            { guard: 'copyReinit', target: 'initializingTransactions' },
          ],
          on: {
            'RECEIVE.AddPartitionsToTxnResponse': { actions: run<'RECEIVE.AddPartitionsToTxnResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            'RECEIVE.ProduceResponse': { actions: run<'RECEIVE.ProduceResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            'RECEIVE.AddOffsetsToTxnResponse': { actions: run<'RECEIVE.AddOffsetsToTxnResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            'RECEIVE.TxnOffsetCommitResponse': { actions: run<'RECEIVE.TxnOffsetCommitResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            'RECEIVE.EndTxnResponse': { actions: run<'RECEIVE.EndTxnResponse'>((c, e) => onCopierAnswer(c, e.msg.payload)) },
            COPIER_TIMEOUT: { actions: run<'COPIER_TIMEOUT'>((c, e) => onCopierTimeout(c, e.requestId)) },
            COPIER_RETRY: { actions: run.any((c) => onCopierRetry(c)) },
          },
        },
        committingBeforeProcessing: {
          entry: run.any((c, e) => commit(c, now(e))),
          always: { guard: 'isAsync', target: 'committedBeforeProcessing' },
          on: {
            'RECEIVE.OffsetCommitResponse': [
              // commitSync threw (CommitFailedException): the batch is not processed.
              { guard: and(['awaited', 'commitRefused']), target: 'poll', actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)) },
              { guard: 'awaited', target: 'committedBeforeProcessing', actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)) },
            ],
            REQUEST_TIMEOUT: commitSyncTimeouts,
          },
        },
        committedBeforeProcessing: {
          entry: run.any((c) => committedPoint(c)),
          always: { target: 'processing' },
        },
        // One record at a time: process it (processingMs), then write its effect and wait for the database.
        processing: {
          entry: run.any((c) => startProcessing(c)),
          on: {
            PROCESSING_DONE: [
              { guard: 'failsBeforeWrite', target: 'processingFailed', actions: run.any((c) => onProcessingFailed(c, 'before-write')) },
              // bulkWrite: process the whole poll first, then write it in one transaction.
              { guard: and(['writesInBulk', 'anotherRecord']), target: 'processing', reenter: true, actions: run.any((c) => processNext(c)) },
              { target: 'writing', actions: run<'PROCESSING_DONE'>((c, e) => ({ context: { ...c, failAfterWrite: e.fail === 'after-write' }, out: [] })) },
            ],
          },
        },
        // Processing threw: the error handler decides.
        processingFailed: { always: afterFailure },
        deadLettering: {
          entry: run.any((c) => publishDeadLetter(c)),
          on: {
            'RECEIVE.ProduceResponse': [
              // Not stored: publish again (the record is never skipped unpublished).
              { guard: and(['awaited', 'produceFailed']), target: 'deadLettering', reenter: true, actions: run.any((c) => settle(c)) },
              { guard: and(['awaited', 'anotherRecord']), target: 'processing', actions: run.any((c) => onDeadLettered(c)) },
              { guard: 'awaited', target: 'processed', actions: run.any((c) => onDeadLettered(c)) },
            ],
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'deadLettering', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        writing: {
          entry: run.any((c) => writeEffect(c)),
          // The guards see the record being written: another one follows, or the batch is done.
          on: {
            'RECEIVE.SinkWriteAck': [
              // The effect is written, then processing throws (the write is not undone).
              { guard: and(['awaited', 'failsAfterWrite']), target: 'processingFailed', actions: run.any((c) => onProcessingFailed(c, 'after-write')) },
              // The transaction failed: like a timeout, write again or move on.
              { guard: and(['awaited', 'writeFailed', 'retriesWrites']), actions: run.any((c) => onWriteFailed(c)) },
              { guard: and(['awaited', 'writeFailed', 'anotherRecord']), target: 'processing', actions: run.any((c) => onWriteFailed(c)) },
              { guard: and(['awaited', 'writeFailed']), target: 'processed', actions: run.any((c) => onWriteFailed(c)) },
              { guard: and(['awaited', 'anotherRecord']), target: 'processing', actions: run.any((c) => onWritten(c)) },
              { guard: 'awaited', target: 'processed', actions: run.any((c) => onWritten(c)) },
            ],
            SINK_TIMEOUT: [
              { guard: and(['awaited', 'retriesWrites']), actions: run.any((c) => onWriteTimeout(c)) },
              { guard: and(['awaited', 'anotherRecord']), target: 'processing', actions: run.any((c) => onWriteTimeout(c)) },
              { guard: 'awaited', target: 'processed', actions: run.any((c) => onWriteTimeout(c)) },
            ],
          },
        },
        processed: {
          entry: run.any((c) => processedPoint({ ...c, records: [], index: 0 })),
          always: [{ guard: 'commitsAfter', target: 'committingAfterProcessing' }, { target: 'poll' }],
        },
        committingAfterProcessing: {
          entry: run.any((c, e) => commit(c, now(e))),
          always: { guard: 'isAsync', target: 'poll' },
          on: {
            'RECEIVE.OffsetCommitResponse': {
              guard: 'awaited',
              target: 'poll',
              actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: commitSyncTimeouts,
          },
        },
      },
    },
    failed: {
      // NoOffsetForPartitionException (auto.offset.reset=none): the application stopped.
      tags: ['down'],
    },
    left: {
      // close() returned: the process is gone (a `restart` fault starts a new one).
      tags: ['down'],
      on: { RESTART: { target: 'running', actions: enqueueActions(({ context, event, enqueue }) => enqueue.assign(consumerMemoryReset({ ...context, incarnation: context.incarnation + 1 }, now(event)))) } },
    },
    crashed: {
      tags: ['down'],
      on: {
        RESTART: {
          target: 'running',
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.assign(consumerMemoryReset({ ...context, incarnation: context.incarnation + 1 }, now(event)));
          }),
        },
      },
    },
  },
});

export type ConsumerSnapshot = ReturnType<typeof consumerMachine.getInitialSnapshot>;
