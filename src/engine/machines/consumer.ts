/**
 * The consumer process as a statechart: join the group, find the committed offset (or reset),
 * then the poll loop
 * `polling -> [committingBeforeProcessing] -> (processing -> writing)* -> processed -> [committingAfterProcessing]`.
 * The two meaningful crash points sit on the edges around processing.
 */
import { and, enqueueActions, setup } from 'xstate';
import {
  commit,
  commitGaveUp,
  committedPoint,
  consumerLosses,
  consumerMemoryReset,
  fetchCommittedOffset,
  initialConsumerContext,
  joinGroup,
  onCommitted,
  onCommittedOffset,
  onFetchOutOfRange,
  onFetchedNothing,
  onMetadata,
  hasPositions,
  onJoined,
  onOffsetReset,
  onPolled,
  onWriteTimeout,
  onWritten,
  poll,
  processedPoint,
  resetOffset,
  retryCommit,
  startProcessing,
  timedOut,
  writeEffect,
  type ConsumerContext,
  type ConsumerTimer,
} from '../logic/consumerClient';
import type { ConsumerAppConfig, ConsumerConfig, NodeId } from '../types';
import { stepRunner, trace, type Emitted, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type ConsumerEvent =
  | Extract<
      ReceiveEvent,
      {
        type:
          | 'RECEIVE.JoinGroupResponse'
          | 'RECEIVE.OffsetFetchResponse'
          | 'RECEIVE.ListOffsetsResponse'
          | 'RECEIVE.FetchResponse'
          | 'RECEIVE.OffsetCommitResponse'
          | 'RECEIVE.MetadataResponse'
          | 'RECEIVE.SinkWriteAck';
      }
    >
  | (Timed & ConsumerTimer)
  | LifecycleEvent;

export interface ConsumerInput {
  id: NodeId;
  config: ConsumerConfig;
  app: ConsumerAppConfig;
  coordinator: NodeId;
  /** With replication: every broker. */
  brokers?: readonly NodeId[];
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
  { guard: and(['awaited', 'commitDeadlinePassed']), target: 'polling', actions: run.any((c) => commitGaveUp(c)) },
  { guard: 'awaited', actions: run.any((c) => retryCommit(c)) },
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
    commitRefused: ({ event }) => event.type === 'RECEIVE.OffsetCommitResponse' && event.msg.payload.error !== 'NONE',
    commitsBefore: ({ context }) => context.app.commit === 'before-processing',
    commitsAfter: ({ context }) => context.app.commit === 'after-processing',
    isAsync: ({ context }) => context.app.commitMethod === 'commitAsync',
    hasCommitted: ({ context }) => hasPositions(context),
    resetIsNone: ({ context }) => context.config['auto.offset.reset'] === 'none',
    anotherRecord: ({ context }) => context.index + 1 < context.records.length,
    commitDeadlinePassed: ({ context, event }) => now(event) >= context.commitDeadline,
  },
}).createMachine({
  id: 'consumer',
  context: ({ input }) => initialConsumerContext(input.id, input.config, input.app, input.coordinator, input.brokers),
  initial: 'running',
  states: {
    running: {
      initial: 'joining',
      on: {
        // Answers to commitAsync and auto-commits arrive whenever they arrive.
        'RECEIVE.OffsetCommitResponse': { actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)) },
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
            'RECEIVE.JoinGroupResponse': {
              guard: 'awaited',
              target: 'fetchingCommittedOffset',
              actions: run<'RECEIVE.JoinGroupResponse'>((c, e) => onJoined(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'joining', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        fetchingCommittedOffset: {
          entry: run.any((c) => fetchCommittedOffset(c)),
          on: {
            'RECEIVE.OffsetFetchResponse': {
              guard: 'awaited',
              target: 'checkingOffset',
              actions: run<'RECEIVE.OffsetFetchResponse'>((c, e) => onCommittedOffset(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'fetchingCommittedOffset', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        checkingOffset: {
          always: [{ guard: 'hasCommitted', target: 'polling' }, { target: 'resettingOffset' }],
        },
        resettingOffset: {
          entry: run.any((c) => resetOffset(c)),
          always: { guard: 'resetIsNone', target: '#consumer.failed' },
          on: {
            'RECEIVE.ListOffsetsResponse': {
              guard: 'awaited',
              target: 'polling',
              actions: run<'RECEIVE.ListOffsetsResponse'>((c, e) => onOffsetReset(c, e.msg.payload)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'resettingOffset', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        polling: {
          entry: run.any((c, e) => poll(c, now(e))),
          on: {
            'RECEIVE.FetchResponse': [
              { guard: and(['awaited', 'fetchError']), target: 'resettingOffset', actions: run<'RECEIVE.FetchResponse'>((c, e) => onFetchOutOfRange(c, e.msg.payload)) },
              {
                guard: and(['awaited', 'fetchedNothing']),
                target: 'polling',
                reenter: true,
                actions: run<'RECEIVE.FetchResponse'>((c, e) => onFetchedNothing(c, e.msg.payload)),
              },
              { guard: 'awaited', target: 'polled', actions: run<'RECEIVE.FetchResponse'>((c, e) => onPolled(c, e.msg.payload)) },
            ],
            // Replication: the leaders came back; poll again.
            'RECEIVE.MetadataResponse': {
              guard: 'awaited',
              target: 'polling',
              reenter: true,
              actions: run<'RECEIVE.MetadataResponse'>((c, e) => onMetadata(c, e.msg.payload, e.now)),
            },
            REQUEST_TIMEOUT: { guard: 'awaited', target: 'polling', reenter: true, actions: run.any((c) => timedOut(c)) },
          },
        },
        polled: {
          always: [
            { guard: 'commitsBefore', target: 'committingBeforeProcessing' },
            { target: 'processing' },
          ],
        },
        committingBeforeProcessing: {
          entry: run.any((c, e) => commit(c, now(e))),
          always: { guard: 'isAsync', target: 'committedBeforeProcessing' },
          on: {
            'RECEIVE.OffsetCommitResponse': [
              // commitSync threw (CommitFailedException): the batch is not processed.
              { guard: and(['awaited', 'commitRefused']), target: 'polling', actions: run<'RECEIVE.OffsetCommitResponse'>((c, e) => onCommitted(c, e.msg.payload)) },
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
          on: { PROCESSING_DONE: { target: 'writing' } },
        },
        writing: {
          entry: run.any((c) => writeEffect(c)),
          // The guards see the record being written: another one follows, or the batch is done.
          on: {
            'RECEIVE.SinkWriteAck': [
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
          always: [{ guard: 'commitsAfter', target: 'committingAfterProcessing' }, { target: 'polling' }],
        },
        committingAfterProcessing: {
          entry: run.any((c, e) => commit(c, now(e))),
          always: { guard: 'isAsync', target: 'polling' },
          on: {
            'RECEIVE.OffsetCommitResponse': {
              guard: 'awaited',
              target: 'polling',
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
    crashed: {
      tags: ['down'],
      on: {
        RESTART: {
          target: 'running',
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.assign({ ...consumerMemoryReset(context, now(event)), incarnation: context.incarnation + 1 });
          }),
        },
      },
    },
  },
});

export type ConsumerSnapshot = ReturnType<typeof consumerMachine.getInitialSnapshot>;
