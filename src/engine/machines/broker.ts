/** The broker as an xstate machine: `up` handles requests, `down` drops them (a crash). */
import { enqueueActions, setup } from 'xstate';
import {
  brokerLosses,
  initialBrokerContext,
  onFetch,
  onFetchWaitExpired,
  onInitProducerId,
  onListOffsets,
  onProduce,
  type BrokerContext,
  type BrokerTimer,
} from '../logic/broker';
import { onDeadLetterProduce, onRedrive } from '../logic/deadLetter';
import {
  coordinatorCrashed,
  onCoordinatorRestart,
  onHeartbeat,
  onJoinDeadline,
  onJoinGroup,
  onLeaveGroup,
  onOffsetCommit,
  onOffsetFetch,
  onSessionExpired,
} from '../logic/groupCoordinator';
import { onTxnOffsetCommit, onWriteTxnMarkers } from '../logic/brokerTxn';
import { onReplicaFetchBackoff, onReplicaFetchResponse, onReplicaFetchTimeout } from '../logic/replicaFetcher';
import {
  onIsrCheck,
  onMetadataRequest,
  onMetadataUpdate,
  onProduceTimeout,
  onReplicaFetch,
  onReplicaFetchWaitExpired,
  replicaMemoryReset,
  type PartitionMeta,
  type ReplicationInput,
} from '../logic/replication';
import type { BrokerConfig } from '../types';
import { stepRunner, trace, type Emitted, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type BrokerEvent =
  | Extract<
      ReceiveEvent,
      {
        type:
          | 'RECEIVE.InitProducerIdRequest'
          | 'RECEIVE.ProduceRequest'
          | 'RECEIVE.FetchRequest'
          | 'RECEIVE.ListOffsetsRequest'
          | 'RECEIVE.JoinGroupRequest'
          | 'RECEIVE.OffsetFetchRequest'
          | 'RECEIVE.OffsetCommitRequest'
          | 'RECEIVE.HeartbeatRequest'
          | 'RECEIVE.LeaveGroupRequest'
          | 'RECEIVE.WriteTxnMarkersRequest'
          | 'RECEIVE.TxnOffsetCommitRequest'
          | 'RECEIVE.ReplicaFetchRequest'
          | 'RECEIVE.ReplicaFetchResponse'
          | 'RECEIVE.MetadataRequest';
      }
    >
  | (Timed & BrokerTimer)
  /** The re-drive batch runs (a `redrive` fault). */
  | (Timed & { type: 'REDRIVE' })
  /** The controller's leaders and ISRs (replication only; see logic/controller.ts). */
  | (Timed & { type: 'METADATA_UPDATE'; partitions: readonly PartitionMeta[] })
  | LifecycleEvent;

export interface BrokerInput {
  config: BrokerConfig;
  fetchMaxWaitMs: number;
  partitions: number;
  /** With replication.factor > 1. */
  replication?: ReplicationInput;
  firstProducerId?: number;
}

const run = stepRunner<BrokerContext, BrokerEvent, BrokerTimer>();

export const brokerMachine = setup({
  types: {
    context: {} as BrokerContext,
    events: {} as BrokerEvent,
    input: {} as BrokerInput,
    emitted: {} as Emitted,
  },
}).createMachine({
  id: 'broker',
  context: ({ input }) => initialBrokerContext(input.config, input.fetchMaxWaitMs, input.partitions, input.replication, input.firstProducerId),
  initial: 'up',
  states: {
    up: {
      on: {
        'RECEIVE.InitProducerIdRequest': { actions: run<'RECEIVE.InitProducerIdRequest'>((c, e) => onInitProducerId(c, e.msg, e.msg.payload)) },
        'RECEIVE.ProduceRequest': {
          actions: run<'RECEIVE.ProduceRequest'>((c, e) =>
            e.msg.payload.topic === 'dlt' ? onDeadLetterProduce(c, e.msg, e.msg.payload, e.now, e.reject) : onProduce(c, e.msg, e.msg.payload, e.now, e.reject),
          ),
        },
        'RECEIVE.FetchRequest': { actions: run<'RECEIVE.FetchRequest'>((c, e) => onFetch(c, e.msg, e.msg.payload)) },
        'RECEIVE.ListOffsetsRequest': { actions: run<'RECEIVE.ListOffsetsRequest'>((c, e) => onListOffsets(c, e.msg, e.msg.payload)) },
        'RECEIVE.JoinGroupRequest': { actions: run<'RECEIVE.JoinGroupRequest'>((c, e) => onJoinGroup(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.HeartbeatRequest': { actions: run<'RECEIVE.HeartbeatRequest'>((c, e) => onHeartbeat(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.LeaveGroupRequest': { actions: run<'RECEIVE.LeaveGroupRequest'>((c, e) => onLeaveGroup(c, e.msg, e.msg.payload, e.now)) },
        SESSION_EXPIRED: { actions: run<'SESSION_EXPIRED'>((c, e) => onSessionExpired(c, e.groupId, e.memberId, e.now)) },
        JOIN_DEADLINE: { actions: run<'JOIN_DEADLINE'>((c, e) => onJoinDeadline(c, e.groupId)) },
        REDRIVE: { actions: run<'REDRIVE'>((c, e) => onRedrive(c, e.now)) },
        'RECEIVE.OffsetFetchRequest': { actions: run<'RECEIVE.OffsetFetchRequest'>((c, e) => onOffsetFetch(c, e.msg, e.msg.payload)) },
        'RECEIVE.OffsetCommitRequest': { actions: run<'RECEIVE.OffsetCommitRequest'>((c, e) => onOffsetCommit(c, e.msg, e.msg.payload)) },
        'RECEIVE.WriteTxnMarkersRequest': { actions: run<'RECEIVE.WriteTxnMarkersRequest'>((c, e) => onWriteTxnMarkers(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.TxnOffsetCommitRequest': { actions: run<'RECEIVE.TxnOffsetCommitRequest'>((c, e) => onTxnOffsetCommit(c, e.msg, e.msg.payload)) },
        FETCH_WAIT_EXPIRED: { actions: run<'FETCH_WAIT_EXPIRED'>((c, e) => onFetchWaitExpired(c, e.requestId)) },
        // Replication
        METADATA_UPDATE: { actions: run<'METADATA_UPDATE'>((c, e) => onMetadataUpdate(c, e.partitions, e.now)) },
        'RECEIVE.MetadataRequest': { actions: run<'RECEIVE.MetadataRequest'>((c, e) => onMetadataRequest(c, e.msg, e.msg.payload)) },
        'RECEIVE.ReplicaFetchRequest': { actions: run<'RECEIVE.ReplicaFetchRequest'>((c, e) => onReplicaFetch(c, e.msg, e.msg.payload, e.now)) },
        'RECEIVE.ReplicaFetchResponse': { actions: run<'RECEIVE.ReplicaFetchResponse'>((c, e) => onReplicaFetchResponse(c, e.msg, e.msg.payload, e.now)) },
        REPLICA_FETCH_WAIT_EXPIRED: { actions: run<'REPLICA_FETCH_WAIT_EXPIRED'>((c, e) => onReplicaFetchWaitExpired(c, e.requestId)) },
        REPLICA_FETCH_TIMEOUT: { actions: run<'REPLICA_FETCH_TIMEOUT'>((c, e) => onReplicaFetchTimeout(c, e.leader, e.requestId)) },
        REPLICA_FETCH_BACKOFF: { actions: run<'REPLICA_FETCH_BACKOFF'>((c, e) => onReplicaFetchBackoff(c, e.leader, e.now)) },
        ISR_CHECK: { actions: run<'ISR_CHECK'>((c, e) => onIsrCheck(c, e.now)) },
        PRODUCE_TIMEOUT: { actions: run<'PRODUCE_TIMEOUT'>((c, e) => onProduceTimeout(c, e.requestId)) },
        CRASH: {
          target: 'down',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const point = event.type === 'CRASH' ? event.point : null;
            enqueue.emit(trace({ type: 'node.crashed', node: 'broker', point, lost: brokerLosses(context) }));
            enqueue.assign(context.replica ? { parked: [], groups: coordinatorCrashed(context.groups), replica: replicaMemoryReset(context.replica) } : { parked: [], groups: coordinatorCrashed(context.groups) });
          }),
        },
      },
    },
    down: {
      tags: ['down'],
      on: { RESTART: { target: 'up', actions: run<'RESTART'>((c, e) => onCoordinatorRestart(c, e.now)) } },
    },
  },
});

export type BrokerSnapshot = ReturnType<typeof brokerMachine.getInitialSnapshot>;
