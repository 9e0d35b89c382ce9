/**
 * The producer process (application + Kafka client) as an xstate machine: `running` and
 * `crashed`. The accumulator and sender are data in the context, driven by the pure functions of
 * logic/producerClient.ts; the machine decides which of them may run in which state. (Waiting for
 * a producer id is `producerId === -1` in the context rather than a state of its own: an eventless
 * guard checked after every event cost more than the whole sender step.)
 */
import { enqueueActions, setup } from 'xstate';
import { isFatalAnswer } from '../logic/transactions';
import {
  appSend,
  deferWhileDown,
  initialProducerContext,
  onDeliveryTimeout,
  onInitProducerIdResponse,
  onAddPartitionsToTxnResponse,
  onEndTxnAnswer,
  onLingerExpired,
  onMetadataRefresh,
  onMetadataResponse,
  onMetadataTimeout,
  onProduceResponse,
  onTxnRetry,
  onRequestTimeout,
  onRetryBackoffElapsed,
  producerLosses,
  producerMemoryReset,
  startProducer,
  type ProducerContext,
  type ProducerTimer,
} from '../logic/producerClient';
import type { NodeId, ProduceMessage, ProducerAppConfig, ProducerConfig } from '../types';
import { flush, stepRunner, trace, type Emitted, type Enqueue, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type ProducerEvent =
  /** `last`: the script has no later message for this producer. */
  | (Timed & { type: 'APP_SEND'; message: ProduceMessage; last?: boolean })
  | (Timed & ProducerTimer)
  | Extract<
      ReceiveEvent,
      {
        type:
          | 'RECEIVE.ProduceResponse'
          | 'RECEIVE.InitProducerIdResponse'
          | 'RECEIVE.AddPartitionsToTxnResponse'
          | 'RECEIVE.EndTxnResponse'
          | 'RECEIVE.MetadataResponse';
      }
    >
  | LifecycleEvent;

export interface ProducerInput {
  config: ProducerConfig;
  app: ProducerAppConfig;
  partitions: number;
  leader: NodeId;
  coordinator: NodeId | null;
  startAt: number;
  /** With replication: every broker. */
  brokers?: readonly NodeId[];
}

type Guarded = { context: ProducerContext; event: ProducerEvent };
/** A coordinator answer that fences the producer (PRODUCER_FENCED and other fatal errors). */
const fatal = ({ context, event }: Guarded) =>
  (event.type === 'RECEIVE.InitProducerIdResponse' || event.type === 'RECEIVE.AddPartitionsToTxnResponse' || event.type === 'RECEIVE.EndTxnResponse') &&
  isFatalAnswer(context, event.msg.payload);

const now = (event: unknown) => (event as Partial<Timed>).now ?? 0;
const run = stepRunner<ProducerContext, ProducerEvent, ProducerTimer>();

export const producerMachine = setup({
  types: {
    context: {} as ProducerContext,
    events: {} as ProducerEvent,
    input: {} as ProducerInput,
    emitted: {} as Emitted,
  },
}).createMachine({
  id: 'producer',
  context: ({ input }) => initialProducerContext(input.config, input.app, input.partitions, input.leader, input.coordinator, input.startAt, input.brokers),
  initial: 'starting',
  states: {
    starting: {
      always: [{ guard: ({ context }) => context.startAt > 0, target: 'notStarted' }, { target: 'running' }],
    },
    /** The second instance before producerApp.secondInstanceStartMs: no process yet. */
    notStarted: {
      entry: run.any((c) => ({ context: c, out: [{ type: 'timer', id: 'start', delay: c.startAt, event: { type: 'START' } }] })),
      on: {
        START: 'running',
        APP_SEND: { actions: run<'APP_SEND'>((c, e) => deferWhileDown(c, e.message, e.last)) },
        // Crashed before it started: a restart fault starts it.
        CRASH: { target: 'crashed', actions: run.any((c) => ({ context: c, out: [trace({ type: 'node.crashed', node: 'producer', point: null, lost: [] })] })) },
      },
    },
    running: {
      entry: enqueueActions(({ context, event, enqueue }) => {
        const { context: next, out } = startProducer(context, now(event), event.type === 'RESTART');
        enqueue.assign(() => next);
        flush(enqueue as unknown as Enqueue<ProducerTimer>, out);
      }),
      on: {
        'RECEIVE.InitProducerIdResponse': [
          { guard: fatal, target: 'fenced', actions: run<'RECEIVE.InitProducerIdResponse'>((c, e) => onInitProducerIdResponse(c, e.msg.payload, e.now)) },
          { actions: run<'RECEIVE.InitProducerIdResponse'>((c, e) => onInitProducerIdResponse(c, e.msg.payload, e.now)) },
        ],
        'RECEIVE.AddPartitionsToTxnResponse': [
          { guard: fatal, target: 'fenced', actions: run<'RECEIVE.AddPartitionsToTxnResponse'>((c, e) => onAddPartitionsToTxnResponse(c, e.msg.payload, e.now)) },
          { actions: run<'RECEIVE.AddPartitionsToTxnResponse'>((c, e) => onAddPartitionsToTxnResponse(c, e.msg.payload, e.now)) },
        ],
        'RECEIVE.EndTxnResponse': [
          { guard: fatal, target: 'fenced', actions: run<'RECEIVE.EndTxnResponse'>((c, e) => onEndTxnAnswer(c, e.msg.payload, e.now)) },
          { actions: run<'RECEIVE.EndTxnResponse'>((c, e) => onEndTxnAnswer(c, e.msg.payload, e.now)) },
        ],
        TXN_RETRY: { actions: run<'TXN_RETRY'>((c, e) => onTxnRetry(c, e.now)) },
        REQUEST_TIMEOUT: { actions: run<'REQUEST_TIMEOUT'>((c, e) => onRequestTimeout(c, e.requestId, e.now)) },
        APP_SEND: { actions: run<'APP_SEND'>((c, e) => appSend(c, e.message, e.now, e.last)) },
        'RECEIVE.ProduceResponse': {
          actions: run<'RECEIVE.ProduceResponse'>((c, e) => onProduceResponse(c, e.msg.payload, e.now)),
        },
        LINGER_EXPIRED: { actions: run<'LINGER_EXPIRED'>((c, e) => onLingerExpired(c, e.batchId, e.now)) },
        RETRY_BACKOFF_ELAPSED: { actions: run<'RETRY_BACKOFF_ELAPSED'>((c, e) => onRetryBackoffElapsed(c, e.now)) },
        DELIVERY_TIMEOUT: { actions: run<'DELIVERY_TIMEOUT'>((c, e) => onDeliveryTimeout(c, e.now)) },
        'RECEIVE.MetadataResponse': { actions: run<'RECEIVE.MetadataResponse'>((c, e) => onMetadataResponse(c, e.msg.payload, e.now)) },
        METADATA_TIMEOUT: { actions: run<'METADATA_TIMEOUT'>((c, e) => onMetadataTimeout(c, e.requestId)) },
        METADATA_REFRESH: { actions: run<'METADATA_REFRESH'>((c) => onMetadataRefresh(c)) },
        CRASH: {
          target: 'crashed',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const lost = producerLosses(context);
            enqueue.assign(producerMemoryReset(context));
            const point = event.type === 'CRASH' ? event.point : null;
            enqueue.emit(trace({ type: 'node.crashed', node: 'producer', point, lost }));
          }),
        },
      },
    },
    crashed: {
      tags: ['down'],
      on: {
        APP_SEND: { actions: run<'APP_SEND'>((c, e) => deferWhileDown(c, e.message, e.last)) },
        RESTART: {
          target: 'running',
          actions: enqueueActions(({ context, enqueue }) => {
            enqueue.assign({ incarnation: context.incarnation + 1 });
          }),
        },
      },
    },
    /**
     * ProducerFencedException (or another fatal transaction error): the application closed the
     * producer and stopped. A restart fault starts a new process, which calls initTransactions.
     */
    fenced: {
      tags: ['down'],
      on: {
        RESTART: {
          target: 'running',
          actions: enqueueActions(({ context, enqueue }) => {
            enqueue.assign({ ...producerMemoryReset(context), incarnation: context.incarnation + 1 });
          }),
        },
      },
    },
  },
});

export type ProducerSnapshot = ReturnType<typeof producerMachine.getInitialSnapshot>;
