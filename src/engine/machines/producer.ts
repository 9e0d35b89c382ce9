/**
 * The producer process (application + Kafka client) as an xstate machine: `running` and
 * `crashed`. The accumulator and sender are data in the context, driven by the pure functions of
 * logic/producerClient.ts; the machine decides which of them may run in which state. (Waiting for
 * a producer id is `producerId === -1` in the context rather than a state of its own: an eventless
 * guard checked after every event cost more than the whole sender step.)
 */
import { enqueueActions, setup } from 'xstate';
import {
  appSend,
  deferWhileDown,
  initialProducerContext,
  onDeliveryTimeout,
  onInitProducerIdResponse,
  onLingerExpired,
  onMetadataRefresh,
  onMetadataResponse,
  onMetadataTimeout,
  onProduceResponse,
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
  | (Timed & { type: 'APP_SEND'; message: ProduceMessage })
  | (Timed & ProducerTimer)
  | Extract<ReceiveEvent, { type: 'RECEIVE.ProduceResponse' | 'RECEIVE.InitProducerIdResponse' | 'RECEIVE.MetadataResponse' }>
  | LifecycleEvent;

export interface ProducerInput {
  config: ProducerConfig;
  app: ProducerAppConfig;
  partitions: number;
  leader: NodeId;
  /** With replication: every broker. */
  brokers?: readonly NodeId[];
}

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
  context: ({ input }) => initialProducerContext(input.config, input.app, input.partitions, input.leader, input.brokers),
  initial: 'running',
  states: {
    running: {
      entry: enqueueActions(({ context, event, enqueue }) => {
        const { context: next, out } = startProducer(context, now(event), event.type === 'RESTART');
        enqueue.assign(() => next);
        flush(enqueue as unknown as Enqueue<ProducerTimer>, out);
      }),
      on: {
        'RECEIVE.InitProducerIdResponse': {
          actions: run<'RECEIVE.InitProducerIdResponse'>((c, e) => onInitProducerIdResponse(c, e.msg.payload, e.now)),
        },
        REQUEST_TIMEOUT: { actions: run<'REQUEST_TIMEOUT'>((c, e) => onRequestTimeout(c, e.requestId, e.now)) },
        APP_SEND: { actions: run<'APP_SEND'>((c, e) => appSend(c, e.message, e.now)) },
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
        APP_SEND: { actions: run<'APP_SEND'>((c, e) => deferWhileDown(c, e.message)) },
        RESTART: {
          target: 'running',
          actions: enqueueActions(({ context, enqueue }) => {
            enqueue.assign({ incarnation: context.incarnation + 1 });
          }),
        },
      },
    },
  },
});

export type ProducerSnapshot = ReturnType<typeof producerMachine.getInitialSnapshot>;
