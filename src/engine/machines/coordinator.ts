/**
 * The transaction coordinator as an xstate machine: `up` answers transaction requests and drives
 * markers, `down` drops everything (its transaction state is on disk and is loaded again on restart).
 */
import { enqueueActions, setup } from 'xstate';
import {
  coordinatorLosses,
  coordinatorMemoryReset,
  initialCoordinatorContext,
  onAddOffsets,
  onAddPartitions,
  onEndTxn,
  onInitProducerId,
  onMarkersWritten,
  onMarkerTimeout,
  onTimeoutCheck,
  startCoordinator,
  type CoordinatorContext,
  type CoordinatorTimer,
} from '../logic/transactionCoordinator';
import type { NodeId } from '../types';
import { stepRunner, trace, type Emitted, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type CoordinatorEvent =
  | Extract<
      ReceiveEvent,
      {
        type:
          | 'RECEIVE.InitProducerIdRequest'
          | 'RECEIVE.AddPartitionsToTxnRequest'
          | 'RECEIVE.AddOffsetsToTxnRequest'
          | 'RECEIVE.EndTxnRequest'
          | 'RECEIVE.WriteTxnMarkersResponse';
      }
    >
  | (Timed & CoordinatorTimer)
  | LifecycleEvent;

export interface CoordinatorInput {
  leader: NodeId;
  requestTimeoutMs: number;
}

const run = stepRunner<CoordinatorContext, CoordinatorEvent, CoordinatorTimer>();

export const coordinatorMachine = setup({
  types: {
    context: {} as CoordinatorContext,
    events: {} as CoordinatorEvent,
    input: {} as CoordinatorInput,
    emitted: {} as Emitted,
  },
}).createMachine({
  id: 'coordinator',
  context: ({ input }) => initialCoordinatorContext(input.leader, input.requestTimeoutMs),
  initial: 'up',
  states: {
    up: {
      entry: run.any((c, e) => startCoordinator(c, (e as Partial<Timed>).now ?? 0)),
      on: {
        'RECEIVE.InitProducerIdRequest': { actions: run<'RECEIVE.InitProducerIdRequest'>((c, e) => onInitProducerId(c, e.msg, e.msg.payload)) },
        'RECEIVE.AddPartitionsToTxnRequest': { actions: run<'RECEIVE.AddPartitionsToTxnRequest'>((c, e) => onAddPartitions(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.AddOffsetsToTxnRequest': { actions: run<'RECEIVE.AddOffsetsToTxnRequest'>((c, e) => onAddOffsets(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.EndTxnRequest': { actions: run<'RECEIVE.EndTxnRequest'>((c, e) => onEndTxn(c, e.msg, e.msg.payload)) },
        'RECEIVE.WriteTxnMarkersResponse': { actions: run<'RECEIVE.WriteTxnMarkersResponse'>((c, e) => onMarkersWritten(c, e.msg.payload)) },
        TXN_TIMEOUT_CHECK: { actions: run<'TXN_TIMEOUT_CHECK'>((c, e) => onTimeoutCheck(c, e.transactionalId, e.startedAt)) },
        MARKER_TIMEOUT: { actions: run<'MARKER_TIMEOUT'>((c, e) => onMarkerTimeout(c, e.requestId)) },
        CRASH: {
          target: 'down',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const point = event.type === 'CRASH' ? event.point : null;
            enqueue.emit(trace({ type: 'node.crashed', node: 'coordinator', point, lost: coordinatorLosses(context) }));
            enqueue.assign(coordinatorMemoryReset(context));
          }),
        },
      },
    },
    down: {
      tags: ['down'],
      on: {
        RESTART: {
          target: 'up',
          actions: enqueueActions(({ context, enqueue }) => {
            enqueue.assign({ incarnation: context.incarnation + 1 });
          }),
        },
      },
    },
  },
});

export type CoordinatorSnapshot = ReturnType<typeof coordinatorMachine.getInitialSnapshot>;
