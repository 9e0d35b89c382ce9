/**
 * The engine's vocabulary: settings (with Kafka's own names), network messages, log records,
 * faults and trace events. Everything here is plain data, so a run can be saved, shared,
 * replayed and compared.
 */

/**
 * The roles a node can have. A node's id is its role, with `-2`, `-3`, ... for further instances
 * of the role (`consumer-2`, `broker-3`); which nodes a run has follows from its settings
 * (see topology.ts).
 */
export const NODE_ROLES = ['producer', 'broker', 'consumer', 'sink'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];
/** A node of a run: `producer`, `broker`, `consumer`, `consumer-2`, `sink`, ... */
export type NodeId = string;

/** Logical message id the application assigns (m1..mN). */
export type MessageId = string;

// ---------------------------------------------------------------------------------------------
// Settings

export type Acks = 0 | 1 | 'all';

/** Kafka producer configs the engine models, under their Kafka names. */
export interface ProducerConfig {
  acks: Acks;
  retries: number;
  'retry.backoff.ms': number;
  'retry.backoff.max.ms': number;
  'request.timeout.ms': number;
  'delivery.timeout.ms': number;
  'enable.idempotence': boolean;
  'max.in.flight.requests.per.connection': number;
  /** Records per batch. Kafka counts bytes (default 16384); the lab counts records. */
  'batch.size': number;
  'linger.ms': number;
}

/** What the producing application does around `send()`; not Kafka configs, application code. */
export interface ProducerAppConfig {
  /** When a send fails (retries exhausted, delivery timeout): give up, or call send() again. */
  onSendFailure: 'give-up' | 'send-again';
  /** After a restart: re-send what was never acknowledged (an outbox), or forget it. */
  onRestart: 'resend-unacked' | 'forget-unacked';
}

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** Kafka consumer configs the engine models, under their Kafka names. */
export interface ConsumerConfig {
  'enable.auto.commit': boolean;
  'auto.commit.interval.ms': number;
  'auto.offset.reset': AutoOffsetReset;
  'max.poll.records': number;
  'fetch.max.wait.ms': number;
  'request.timeout.ms': number;
  'retry.backoff.ms': number;
  'default.api.timeout.ms': number;
}

/** What the consuming application does around poll(): application code, not Kafka configs. */
export interface ConsumerAppConfig {
  /** Where the application calls commit (`none`: it relies on auto-commit or never commits). */
  commit: 'none' | 'before-processing' | 'after-processing';
  commitMethod: 'commitSync' | 'commitAsync';
  /** Processing time per record before its effect is written to the database. */
  processingMs: number;
  /** `processed-ids`: the effect and the message id are written in one database transaction. */
  idempotence: 'none' | 'processed-ids';
  /** How long the consumer waits for the database to acknowledge a write. */
  sinkTimeoutMs: number;
  /** A database write that timed out: write it again (at least once), or move on (at most once). */
  onSinkTimeout: 'retry' | 'skip';
}

export interface BrokerConfig {
  'producer.id.expiration.ms': number;
  /** A follower that has not caught up with the leader for this long leaves the ISR (Kafka: 30000). */
  'replica.lag.time.max.ms': number;
  /** How long a follower's fetch waits at the leader when there is nothing new (Kafka: 500). */
  'replica.fetch.wait.max.ms': number;
  /**
   * KRaft: the controller fences a broker that has not heartbeated for this long (Kafka: 9000), then
   * moves its leaderships and drops it from the ISRs. The lab counts from the crash.
   */
  'broker.session.timeout.ms': number;
}

/** The topic the application writes to and reads from. */
export interface TopicConfig {
  /** Number of partitions; ordering holds within one partition only. */
  partitions: number;
  /** Copies of each partition, one per broker (`broker`, `broker-2`, `broker-3`); 1 = no replication. */
  'replication.factor': number;
  /** acks=all writes need this many in-sync replicas (Kafka: 1). */
  'min.insync.replicas': number;
}

export interface NetworkConfig {
  /** One-way latency of every link, in ms. */
  latencyMs: number;
  /** Extra latency drawn uniformly from [0, jitterMs] with the seeded RNG (links stay FIFO). */
  jitterMs: number;
  /** Chance that any message is lost, drawn with the seeded RNG (0 = never). */
  dropProbability: number;
}

export interface Settings {
  producer: ProducerConfig;
  producerApp: ProducerAppConfig;
  consumer: ConsumerConfig;
  consumerApp: ConsumerAppConfig;
  broker: BrokerConfig;
  topic: TopicConfig;
  network: NetworkConfig;
}

/** Settings as a user writes them: any subset; defaults and presets fill the rest. */
export type SettingsInput = { [K in keyof Settings]?: Partial<Settings[K]> };

// ---------------------------------------------------------------------------------------------
// What the application produces

export interface ProduceMessage {
  id: MessageId;
  /** Virtual time at which the application calls send(). */
  at: number;
  key: string | null;
}

// ---------------------------------------------------------------------------------------------
// Records and batches

export interface AppRecord {
  messageId: MessageId;
  key: string | null;
  /** Which application send() of this message this record came from (1 = first). */
  sendNo: number;
}

/** A batch as it travels in a ProduceRequest (producerId −1: not idempotent). */
export interface RecordBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  records: readonly AppRecord[];
}

/** A record in a partition log. */
export interface LogRecord {
  partition: number;
  offset: number;
  messageId: MessageId;
  key: string | null;
  sendNo: number;
  producerId: number;
  producerEpoch: number;
  sequence: number;
  appendedAt: number;
}

export type ErrorCode =
  | 'NONE'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'DUPLICATE_SEQUENCE_NUMBER'
  | 'INVALID_PRODUCER_EPOCH'
  | 'NETWORK_EXCEPTION'
  | 'NOT_ENOUGH_REPLICAS'
  | 'REQUEST_TIMED_OUT'
  | 'DELIVERY_TIMEOUT'
  | 'OFFSET_OUT_OF_RANGE'
  | 'ILLEGAL_GENERATION'
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'FENCED_LEADER_EPOCH'
  | 'UNKNOWN_LEADER_EPOCH';

// ---------------------------------------------------------------------------------------------
// Network messages

/** A partition and an offset in it (a position, a committed offset, a fetch start). */
export interface PartitionOffset {
  partition: number;
  offset: number;
}

/** One partition's part of a FetchResponse. */
export interface FetchedPartition {
  partition: number;
  error: ErrorCode;
  records: readonly LogRecord[];
  highWatermark: number;
}

/** A run of records appended together (Kafka's record batch header): replicas copy whole batches. */
export interface BatchInfo {
  baseOffset: number;
  lastOffset: number;
  /** The leader epoch under which the batch was appended (Kafka's partitionLeaderEpoch). */
  leaderEpoch: number;
}

/** One partition of a follower's fetch: from its log end, with the epoch of its last record. */
export interface ReplicaFetchPartition {
  partition: number;
  fetchOffset: number;
  lastFetchedEpoch: number;
  currentLeaderEpoch: number;
}

/** One partition of the leader's answer to a follower. */
export interface ReplicaFetchedPartition {
  partition: number;
  error: ErrorCode;
  records: readonly LogRecord[];
  batches: readonly BatchInfo[];
  highWatermark: number;
  /** The follower's log diverges from the leader's: truncate to this epoch's end offset (KIP-320/595). */
  divergingEpoch?: { epoch: number; endOffset: number };
}

/** A partition's leader as a broker's metadata has it (null: no leader). */
export interface PartitionLeader {
  partition: number;
  leader: NodeId | null;
  leaderEpoch: number;
}

export type Payload =
  | { kind: 'InitProducerIdRequest'; requestId: string }
  | { kind: 'InitProducerIdResponse'; requestId: string; producerId: number; producerEpoch: number }
  | { kind: 'ProduceRequest'; requestId: string; acks: Acks; batchId: string; partition: number; batch: RecordBatch }
  | {
      kind: 'ProduceResponse';
      requestId: string;
      partition: number;
      error: ErrorCode;
      baseOffset: number;
      /** True when the broker recognised a duplicate batch and answered with the cached offsets. */
      duplicate: boolean;
    }
  | { kind: 'FetchRequest'; requestId: string; partitions: readonly PartitionOffset[]; maxRecords: number }
  | { kind: 'FetchResponse'; requestId: string; partitions: readonly FetchedPartition[] }
  | { kind: 'ListOffsetsRequest'; requestId: string; spec: 'earliest' | 'latest'; partitions: readonly number[] }
  | { kind: 'ListOffsetsResponse'; requestId: string; offsets: readonly PartitionOffset[] }
  | { kind: 'JoinGroupRequest'; requestId: string; memberId: string }
  | { kind: 'JoinGroupResponse'; requestId: string; generation: number; assignment: readonly number[] }
  | { kind: 'OffsetFetchRequest'; requestId: string; partitions: readonly number[] }
  | { kind: 'OffsetFetchResponse'; requestId: string; offsets: readonly { partition: number; offset: number | null }[] }
  | { kind: 'OffsetCommitRequest'; requestId: string; offsets: readonly PartitionOffset[]; generation: number }
  | { kind: 'OffsetCommitResponse'; requestId: string; error: ErrorCode; offsets: readonly PartitionOffset[] }
  | {
      kind: 'SinkWrite';
      requestId: string;
      messageId: MessageId;
      partition: number;
      offset: number;
      key: string | null;
      dedup: boolean;
    }
  | { kind: 'SinkWriteAck'; requestId: string; applied: boolean }
  | { kind: 'ReplicaFetchRequest'; requestId: string; partitions: readonly ReplicaFetchPartition[] }
  | { kind: 'ReplicaFetchResponse'; requestId: string; partitions: readonly ReplicaFetchedPartition[] }
  | { kind: 'MetadataRequest'; requestId: string }
  | { kind: 'MetadataResponse'; requestId: string; partitions: readonly PartitionLeader[] };

export type MessageKind = Payload['kind'];
export const MESSAGE_KINDS = [
  'InitProducerIdRequest',
  'InitProducerIdResponse',
  'ProduceRequest',
  'ProduceResponse',
  'FetchRequest',
  'FetchResponse',
  'ListOffsetsRequest',
  'ListOffsetsResponse',
  'JoinGroupRequest',
  'JoinGroupResponse',
  'OffsetFetchRequest',
  'OffsetFetchResponse',
  'OffsetCommitRequest',
  'OffsetCommitResponse',
  'SinkWrite',
  'SinkWriteAck',
  'ReplicaFetchRequest',
  'ReplicaFetchResponse',
  'MetadataRequest',
  'MetadataResponse',
] as const satisfies readonly MessageKind[];

/** What happens to a message on the wire: it arrives, or it is lost at `at`. */
export type Fate =
  | { kind: 'deliver' }
  | { kind: 'drop'; at: number; reason: DropReason };

/**
 * Why a message is lost: a fault aimed at it, a cut link, random loss, an earlier loss (or a
 * crash at either end) that took its connection down, or a receiver that is down.
 */
export type DropReason = 'fault' | 'cut' | 'random' | 'connection' | 'node-down';

/** A network message: an entity with id, endpoints and its own timeline. */
export interface NetMessage {
  id: number;
  kind: MessageKind;
  /** 1-based ordinal among messages of this kind (what a fault targets). */
  nth: number;
  from: NodeId;
  to: NodeId;
  /** The connection it travels on (see network.ts). */
  connection: string;
  sentAt: number;
  deliverAt: number;
  payload: Payload;
  fate: Fate;
  /** Set on a copy made by a duplicate fault: the id of the original. */
  copyOf?: number;
}

// ---------------------------------------------------------------------------------------------
// Faults

export const CRASH_POINTS = {
  'after-send-before-response': 'producer',
  'after-append-before-response': 'broker',
  'after-processing-before-commit': 'consumer',
  'after-commit-before-processing': 'consumer',
} as const satisfies Record<string, NodeRole>;
export type CrashPoint = keyof typeof CRASH_POINTS;
export const CRASH_POINT_NAMES = Object.keys(CRASH_POINTS) as [CrashPoint, ...CrashPoint[]];

export type Fault =
  | { type: 'drop'; message: MessageKind; nth: number; atMs?: number }
  | { type: 'delay'; message: MessageKind; nth: number; byMs: number }
  /**
   * The broker answers the n-th ProduceRequest with a retriable error and appends nothing.
   * NOT_ENOUGH_REPLICAS comes from too few in-sync replicas. With replication.factor > 1 it happens
   * for real (a follower down or lagging: the ISR shrinks below min.insync.replicas); with a single
   * broker there are no replicas, so this fault injects it.
   */
  | { type: 'reject'; nth: number; error?: 'NOT_ENOUGH_REPLICAS' }
  | { type: 'duplicate'; message: MessageKind; nth: number; afterMs?: number }
  | { type: 'crash'; node: NodeId; atMs: number; restartAfterMs?: number }
  | { type: 'crash'; node: NodeId; point: CrashPoint; nth?: number; restartAfterMs?: number }
  | { type: 'restart'; node: NodeId; atMs: number }
  | { type: 'cut'; between: [NodeId, NodeId]; fromMs: number; toMs: number };

// ---------------------------------------------------------------------------------------------
// Trace

/** Part of a node's memory that a crash takes away (shown as "what it lost"). */
export interface LostItem {
  what:
    | 'buffered-records'
    | 'inflight-requests'
    | 'producer-id'
    | 'position'
    | 'polled-records'
    | 'parked-fetches'
    | 'pending-writes'
    | 'delayed-produces';
  count: number;
}

/**
 * Every step of a run is a list of these. `type` is also the key of the event's plain-language
 * explanation in `src/i18n` (Korean and English).
 */
export type TraceEvent =
  | { type: 'net.sent'; msg: NetMessage }
  | { type: 'net.delivered'; id: number; kind: MessageKind; from: NodeId; to: NodeId }
  | {
      type: 'net.dropped';
      id: number;
      kind: MessageKind;
      from: NodeId;
      to: NodeId;
      reason: DropReason;
    }
  | { type: 'net.delayed'; id: number; kind: MessageKind; byMs: number }
  | { type: 'net.duplicated'; id: number; copyId: number; kind: MessageKind }
  | { type: 'node.crashed'; node: NodeId; point: CrashPoint | null; lost: readonly LostItem[] }
  | { type: 'node.restarted'; node: NodeId; incarnation: number }
  | { type: 'link.cut'; between: readonly [NodeId, NodeId]; untilMs: number }
  | { type: 'link.restored'; between: readonly [NodeId, NodeId] }
  | { type: 'config.idempotenceDisabled'; reason: string }
  | { type: 'config.deliveryTimeoutAdjusted'; value: number }
  | { type: 'producer.send'; messageId: MessageId; sendNo: number }
  | { type: 'producer.deferred'; messageId: MessageId }
  | { type: 'producer.pidAssigned'; producerId: number; producerEpoch: number }
  | {
      type: 'producer.request';
      requestId: string;
      batchId: string;
      partition: number;
      messageIds: readonly MessageId[];
      baseSequence: number;
      producerId: number;
      producerEpoch: number;
      attempt: number;
    }
  | { type: 'producer.acked'; batchId: string; partition: number; messageIds: readonly MessageId[]; baseOffset: number }
  | {
      type: 'producer.retry';
      batchId: string;
      messageIds: readonly MessageId[];
      error: ErrorCode;
      attempt: number;
      retryAt: number;
    }
  | { type: 'producer.failed'; batchId: string; messageIds: readonly MessageId[]; error: ErrorCode }
  | { type: 'producer.disconnected'; reason: 'request-timeout' | 'response-out-of-order'; inflight: number }
  | { type: 'producer.epochBumped'; producerId: number; producerEpoch: number }
  | { type: 'producer.resendUnacked'; messageIds: readonly MessageId[] }
  | { type: 'producer.forgotUnacked'; messageIds: readonly MessageId[] }
  | {
      type: 'broker.appended';
      /** With replication: the leader that appended (without, there is one broker). */
      node?: NodeId;
      partition: number;
      messageIds: readonly MessageId[];
      baseOffset: number;
      lastOffset: number;
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
    }
  | {
      type: 'broker.duplicate';
      node?: NodeId;
      partition: number;
      messageIds: readonly MessageId[];
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
      lastSequence: number;
      baseOffset: number;
    }
  | {
      type: 'broker.outOfOrderSequence';
      partition: number;
      producerId: number;
      producerEpoch: number;
      baseSequence: number;
      expected: number;
    }
  | { type: 'broker.invalidProducerEpoch'; producerId: number; producerEpoch: number; current: number }
  | { type: 'broker.rejected'; node?: NodeId; partition: number; messageIds: readonly MessageId[]; error: ErrorCode }
  | { type: 'broker.producerIdAllocated'; producerId: number }
  | { type: 'broker.producerExpired'; producerId: number }
  | { type: 'broker.offsetCommitted'; offsets: readonly PartitionOffset[] }
  | { type: 'broker.groupJoined'; generation: number }
  | { type: 'broker.commitRejected'; offsets: readonly PartitionOffset[]; generation: number; current: number }
  | { type: 'consumer.joined'; generation: number; assignment: readonly number[] }
  | { type: 'consumer.committedOffset'; offsets: readonly { partition: number; offset: number | null }[] }
  | { type: 'consumer.offsetReset'; policy: AutoOffsetReset; offsets: readonly { partition: number; offset: number | null }[] }
  | {
      type: 'consumer.polled';
      records: readonly { partition: number; offset: number; messageId: MessageId }[];
      positions: readonly PartitionOffset[];
    }
  | { type: 'consumer.processing'; messageId: MessageId; partition: number; offset: number }
  | { type: 'consumer.processed'; messageId: MessageId; partition: number; offset: number }
  | { type: 'consumer.sinkRetry'; messageId: MessageId; partition: number; offset: number }
  | { type: 'consumer.sinkSkipped'; messageId: MessageId; partition: number; offset: number }
  | { type: 'consumer.commit'; offsets: readonly PartitionOffset[]; method: 'commitSync' | 'commitAsync' | 'auto' }
  | { type: 'consumer.committed'; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.commitFailed'; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.commitRefused'; offsets: readonly PartitionOffset[]; error: ErrorCode }
  | { type: 'sink.applied'; messageId: MessageId; partition: number; offset: number; row: number }
  // Replication (replication.factor > 1): `node` is the broker where it happens.
  | {
      type: 'replica.fetched';
      node: NodeId;
      from: NodeId;
      partition: number;
      messageIds: readonly MessageId[];
      baseOffset: number;
      lastOffset: number;
    }
  | { type: 'replica.highWatermark'; node: NodeId; partition: number; highWatermark: number }
  | { type: 'replica.isrShrank'; node: NodeId; partition: number; removed: NodeId; isr: readonly NodeId[]; reason: 'lagging' | 'fenced' }
  | { type: 'replica.isrExpanded'; node: NodeId; partition: number; added: NodeId; isr: readonly NodeId[] }
  | { type: 'replica.leaderElected'; partition: number; leader: NodeId; leaderEpoch: number; isr: readonly NodeId[] }
  | { type: 'replica.noLeader'; partition: number; leaderEpoch: number; isr: readonly NodeId[] }
  | {
      type: 'replica.truncated';
      node: NodeId;
      partition: number;
      /** The new log end offset. */
      offset: number;
      records: readonly { offset: number; messageId: MessageId }[];
    }
  | { type: 'replica.notLeader'; node: NodeId; partition: number; request: 'produce' | 'fetch'; messageIds: readonly MessageId[] }
  | { type: 'replica.waitingForIsr'; node: NodeId; partition: number; messageIds: readonly MessageId[]; requiredOffset: number }
  | { type: 'replica.produceCompleted'; node: NodeId; partition: number; messageIds: readonly MessageId[]; error: ErrorCode }
  | { type: 'producer.metadata'; leaders: readonly PartitionLeader[] }
  | { type: 'consumer.metadata'; leaders: readonly PartitionLeader[] }
  | { type: 'sink.duplicateSkipped'; messageId: MessageId; partition: number; offset: number }
  | { type: 'run.quiescent' }
  | { type: 'run.horizon' };

export type TraceEventType = TraceEvent['type'];

/** One step of the run: what the scheduler did and what followed from it. */
export interface Step {
  index: number;
  time: number;
  events: readonly TraceEvent[];
}
