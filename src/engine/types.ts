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
export const NODE_ROLES = ['producer', 'broker', 'consumer', 'sink', 'coordinator'] as const;
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
  /** Kafka's default is null: no transactions. Setting it requires enable.idempotence. */
  'transactional.id': string | null;
  /** How long a transaction may stay open before the coordinator aborts it (Kafka's default 60000). */
  'transaction.timeout.ms': number;
}

/** What the producing application does around `send()`; not Kafka configs, application code. */
export interface ProducerAppConfig {
  /** When a send fails (retries exhausted, delivery timeout): give up, or call send() again. */
  onSendFailure: 'give-up' | 'send-again';
  /** After a restart: re-send what was never acknowledged (an outbox), or forget it. */
  onRestart: 'resend-unacked' | 'forget-unacked';
  /** With a transactional.id: messages per transaction (begin, send each, commitTransaction). */
  transactionSize: number;
  /**
   * Application instances: a second one (`producer-2`, same configs and transactional.id) starts
   * at secondInstanceStartMs and sends the script messages that name it.
   */
  instances: 1 | 2;
  secondInstanceStartMs: number;
}

export type AutoOffsetReset = 'earliest' | 'latest' | 'none';
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

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
  /** The coordinator removes a member whose heartbeats stopped for this long (then rebalances). */
  'session.timeout.ms': number;
  /** How often the consumer's heartbeat thread sends a Heartbeat. */
  'heartbeat.interval.ms': number;
  /**
   * poll() must be called at least this often, or the heartbeat thread leaves the group; it is also
   * the member's rebalance timeout (how long the coordinator waits for it to rejoin).
   */
  'max.poll.interval.ms': number;
  /** read_committed reads up to the last stable offset and skips aborted transactions. */
  'isolation.level': IsolationLevel;
}

/**
 * How the consumer's database keeps a message from having its effect twice (logic/sinkStrategies.ts):
 * - `none`: every write inserts a row.
 * - `processed-ids`: a processed_event table, written in the same transaction as the effect.
 * - `unique-key`: the effect row's primary key is the message id; `INSERT ... ON CONFLICT DO NOTHING`.
 * - `version`: one row per entity (the record key; without a key, the message id), updated only by
 *   a higher version: `UPDATE ... WHERE id = ? AND version < ?` (insert if absent).
 * - `last-processed-id`: per entity (the key; without a key, one shared entity) the last processed
 *   id; a message whose id is not higher is ignored. Correct only if ids arrive in order.
 * - `cache-then-unique`: a cache (Redis) in front: SETNX the message id with a short TTL, skip if it
 *   was there; else the transaction, with the unique key behind it; on success a long TTL.
 * - `offsets-in-db`: the consumer stores each partition's next offset in the database, in the
 *   same transaction as the effect, and reads its positions from there instead of Kafka (seed
 *   001's "external system": offsets and data stored atomically). A record below the stored
 *   offset was already applied and is skipped. The consumer commits nothing to Kafka.
 */
export const SINK_STRATEGIES = ['none', 'processed-ids', 'unique-key', 'version', 'last-processed-id', 'cache-then-unique', 'offsets-in-db'] as const;
export type SinkStrategy = (typeof SINK_STRATEGIES)[number];

/** One service of a fan-out: a consumer group with its own database and idempotence strategy. */
export interface ConsumerService {
  /** The service's name, also its group.id (`missions`, `points`). */
  name: string;
  /** How its database keeps an effect single. */
  idempotence: SinkStrategy;
}

/** What the consuming application does around poll(): application code, not Kafka configs. */
export interface ConsumerAppConfig {
  /** Where the application calls commit (`none`: it relies on auto-commit or never commits). */
  commit: 'none' | 'before-processing' | 'after-processing';
  commitMethod: 'commitSync' | 'commitAsync';
  /** Processing time per record before its effect is written to the database. */
  processingMs: number;
  /** How the database skips a message it has already seen (see SinkStrategy). */
  idempotence: SinkStrategy;
  /** How long the consumer waits for the database to acknowledge a write. */
  sinkTimeoutMs: number;
  /**
   * How long the database takes for one transaction, however many rows it writes (statements,
   * COMMIT and its fsync); it commits at the end. 0: at once.
   */
  sinkWriteMs: number;
  /**
   * Process every record of a poll, then write all their effects in one transaction (a bulk
   * insert, seed 002's remedy for lag) instead of one transaction per record.
   */
  bulkWrite: boolean;
  /** A database write that timed out: write it again (at least once), or move on (at most once). */
  onSinkTimeout: 'retry' | 'skip';
  /** `cache-then-unique`: the TTL SETNX gives the cache key before the database transaction. */
  cacheTtlMs: number;
  /** `cache-then-unique`: the TTL the key gets once the transaction succeeded. */
  cacheKeepMs: number;
  /** How many consumer processes run in the group (`consumer`, `consumer-2`, ...), all writing to the same database. */
  instances: number;
  /**
   * Several services consuming the same topic (seed 000's slot game: one spin, a missions service
   * and a points service). Empty: one service, the group `delivery-lab` writing to `sink`. Else the
   * n-th service is its own consumer group (group.id = its name) with one consumer `consumer-n` and
   * its own database `sink-n`, keeping its effects single with its own strategy; every other
   * setting is shared.
   */
  services: readonly ConsumerService[];
  /**
   * Delivery attempts per record when processing throws, then the record is given up (to the
   * dead-letter topic, or skipped). Not Kafka's: Spring's DefaultErrorHandler (FixedBackOff(0, 9)).
   */
  maxAttempts: number;
  /** After the last attempt, publish the record to the dead-letter topic `<topic>.DLT` (Spring's DeadLetterPublishingRecoverer). */
  deadLetter: boolean;
  /**
   * `database`: each record's effect is a database row. `topic`: the application is a transactional
   * copier (consume-transform-produce): each poll is one transaction that writes the records to the
   * output topic and commits the input offsets with sendOffsetsToTransaction.
   */
  output: 'database' | 'topic';
}

export interface BrokerConfig {
  'producer.id.expiration.ms': number;
  /** How long the coordinator waits for more members before the first rebalance of an empty group. */
  'group.initial.rebalance.delay.ms': number;
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
  /** The entity version the `version` strategy compares (a scenario fills in the 1-based position). */
  version?: number;
  /** Which producer instance sends it (default `producer`; `producer-2` needs producerApp.instances 2). */
  producer?: NodeId;
}

// ---------------------------------------------------------------------------------------------
// Records and batches

export interface AppRecord {
  messageId: MessageId;
  key: string | null;
  /** Which application send() of this message this record came from (1 = first). */
  sendNo: number;
  version?: number;
}

/** A batch as it travels in a ProduceRequest (producerId −1: not idempotent). */
export interface RecordBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  records: readonly AppRecord[];
  /** Part of a transaction (written by a producer with a transactional.id). */
  transactional?: boolean;
}

/**
 * The broker holds the application's topic and, on the same broker, the transactional copier's
 * output topic (`output`) and the dead-letter topic `<topic>.DLT` (`dlt`). `topic` is absent for
 * the application's topic.
 */
export type TopicName = 'output' | 'dlt';
export interface TopicPartition {
  topic?: TopicName;
  partition: number;
}

/** A transaction's outcome, as the coordinator decides it and the markers carry it. */
export type TxnResult = 'COMMIT' | 'ABORT';

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
  version?: number;
  /** Written inside a transaction. */
  transactional?: boolean;
  /** A control record (a transaction marker), never handed to the application. */
  control?: TxnResult;
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
  | 'UNKNOWN_MEMBER_ID'
  | 'REBALANCE_IN_PROGRESS'
  | 'CONCURRENT_TRANSACTIONS'
  | 'PRODUCER_FENCED'
  | 'INVALID_TXN_STATE'
  | 'INVALID_PRODUCER_ID_MAPPING'
  | 'UNSTABLE_OFFSET_COMMIT'
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

/** An aborted transaction in a read_committed FetchResponse: skip the producer's records from here to its ABORT marker. */
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

/** One partition's part of a FetchResponse. */
export interface FetchedPartition {
  partition: number;
  error: ErrorCode;
  records: readonly LogRecord[];
  highWatermark: number;
  /** read_committed: the aborted transactions in the range read. */
  abortedTransactions?: readonly AbortedTransaction[];
}

/** The transaction a coordinator request belongs to. */
export interface TxnIdentity {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
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
  | {
      kind: 'InitProducerIdRequest';
      requestId: string;
      /** Set by a transactional producer, which sends it to the transaction coordinator. */
      transactionalId?: string;
      transactionTimeoutMs?: number;
      /** KIP-360: the id and epoch the producer has, to bump after an abort that left sequences unknown. */
      expected?: { producerId: number; producerEpoch: number };
    }
  | { kind: 'InitProducerIdResponse'; requestId: string; producerId: number; producerEpoch: number; error?: ErrorCode }
  /**
   * `topic`: absent for the topic; `output` for the copier's output topic; `dlt` for the dead-letter
   * topic `<topic>.DLT` (a consumer's recoverer), with where the record came from (Spring's
   * kafka_dlt-original-partition/offset headers in `source`).
   */
  | { kind: 'ProduceRequest'; requestId: string; acks: Acks; batchId: string; partition: number; batch: RecordBatch; topic?: TopicName; source?: PartitionOffset }
  | {
      kind: 'ProduceResponse';
      requestId: string;
      partition: number;
      error: ErrorCode;
      baseOffset: number;
      /** True when the broker recognised a duplicate batch and answered with the cached offsets. */
      duplicate: boolean;
    }
  | { kind: 'FetchRequest'; requestId: string; partitions: readonly PartitionOffset[]; maxRecords: number; isolationLevel?: IsolationLevel }
  | { kind: 'FetchResponse'; requestId: string; partitions: readonly FetchedPartition[] }
  | { kind: 'ListOffsetsRequest'; requestId: string; spec: 'earliest' | 'latest'; partitions: readonly number[]; isolationLevel?: IsolationLevel }
  | { kind: 'ListOffsetsResponse'; requestId: string; offsets: readonly PartitionOffset[] }
  | { kind: 'JoinGroupRequest'; requestId: string; groupId?: GroupId; memberId: string; sessionTimeoutMs: number; rebalanceTimeoutMs: number }
  /** The lab folds SyncGroup into JoinGroup: the response carries the member's assignment. */
  | { kind: 'JoinGroupResponse'; requestId: string; generation: number; assignment: readonly number[] }
  | { kind: 'HeartbeatRequest'; requestId: string; groupId?: GroupId; memberId: string; generation: number }
  | { kind: 'HeartbeatResponse'; requestId: string; error: ErrorCode }
  | { kind: 'LeaveGroupRequest'; requestId: string; groupId?: GroupId; memberId: string }
  | { kind: 'LeaveGroupResponse'; requestId: string; error: ErrorCode }
  | { kind: 'OffsetFetchRequest'; requestId: string; groupId?: GroupId; partitions: readonly number[] }
  | {
      kind: 'OffsetFetchResponse';
      requestId: string;
      offsets: readonly { partition: number; offset: number | null }[];
      /** UNSTABLE_OFFSET_COMMIT: a transaction's offsets for these partitions are pending (KIP-447). */
      error?: ErrorCode;
    }
  | { kind: 'OffsetCommitRequest'; requestId: string; groupId?: GroupId; offsets: readonly PartitionOffset[]; generation: number; memberId: string }
  /**
   * `generation`/`memberId` echo the request's, so the client can tell whether a refusal concerns
   * its current membership (Kafka's response handler keeps the request it answers).
   */
  | { kind: 'OffsetCommitResponse'; requestId: string; error: ErrorCode; offsets: readonly PartitionOffset[]; generation?: number; memberId?: string }
  | {
      kind: 'SinkWrite';
      requestId: string;
      messageId: MessageId;
      partition: number;
      offset: number;
      key: string | null;
      /** The statement the application sends: which strategy keeps the effect single. */
      strategy: SinkStrategy;
      version?: number;
      /** `cache-then-unique`: the TTLs of the SETNX and of the key after success. */
      cache?: { ttlMs: number; keepMs: number };
      /** A bulk write (consumerApp.bulkWrite): the poll's further records, in the same transaction. */
      bulk?: readonly SinkWriteRecord[];
    }
  /** `error`: the transaction failed and rolled back; nothing was written. */
  | { kind: 'SinkWriteAck'; requestId: string; applied: boolean; error?: SinkError }
  /** offsets-in-db: the consumer reads its positions from the database, not from Kafka. */
  | { kind: 'SinkOffsetFetchRequest'; requestId: string; partitions: readonly number[] }
  | { kind: 'SinkOffsetFetchResponse'; requestId: string; offsets: readonly { partition: number; offset: number | null }[] }
  // Transactions: producer -> transaction coordinator
  | (TxnIdentity & { kind: 'AddPartitionsToTxnRequest'; requestId: string; partitions: readonly TopicPartition[] })
  | { kind: 'AddPartitionsToTxnResponse'; requestId: string; error: ErrorCode }
  | (TxnIdentity & { kind: 'AddOffsetsToTxnRequest'; requestId: string; groupId: string })
  | { kind: 'AddOffsetsToTxnResponse'; requestId: string; error: ErrorCode }
  | (TxnIdentity & { kind: 'EndTxnRequest'; requestId: string; result: TxnResult })
  | { kind: 'EndTxnResponse'; requestId: string; error: ErrorCode }
  // Transaction coordinator -> partition leader (and group coordinator)
  | {
      kind: 'WriteTxnMarkersRequest';
      requestId: string;
      transactionalId: string;
      producerId: number;
      producerEpoch: number;
      result: TxnResult;
      partitions: readonly TopicPartition[];
      /** The transaction also holds the group's offsets (sendOffsetsToTransaction). */
      group: boolean;
    }
  | { kind: 'WriteTxnMarkersResponse'; requestId: string; errors: readonly (TopicPartition & { error: ErrorCode })[] }
  // sendOffsetsToTransaction: producer -> group coordinator
  | {
      kind: 'TxnOffsetCommitRequest';
      requestId: string;
      producerId: number;
      producerEpoch: number;
      generation: number;
      offsets: readonly PartitionOffset[];
    }
  | { kind: 'TxnOffsetCommitResponse'; requestId: string; error: ErrorCode }
  | { kind: 'ReplicaFetchRequest'; requestId: string; partitions: readonly ReplicaFetchPartition[] }
  | { kind: 'ReplicaFetchResponse'; requestId: string; partitions: readonly ReplicaFetchedPartition[] }
  | { kind: 'MetadataRequest'; requestId: string }
  | { kind: 'MetadataResponse'; requestId: string; partitions: readonly PartitionLeader[] };

export type SinkError = 'TRANSACTION_FAILED';

/** One record of a bulk SinkWrite (the first record's fields are the write's own). */
export interface SinkWriteRecord {
  messageId: MessageId;
  partition: number;
  offset: number;
  key: string | null;
  version?: number;
}

/**
 * A consumer group's group.id. Group requests carry it only when the run has several groups
 * (consumerApp.services); absent, a request is about the run's one group, `delivery-lab`.
 */
export type GroupId = string;

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
  'HeartbeatRequest',
  'HeartbeatResponse',
  'LeaveGroupRequest',
  'LeaveGroupResponse',
  'SinkWrite',
  'SinkWriteAck',
  'SinkOffsetFetchRequest',
  'SinkOffsetFetchResponse',
  'AddPartitionsToTxnRequest',
  'AddPartitionsToTxnResponse',
  'AddOffsetsToTxnRequest',
  'AddOffsetsToTxnResponse',
  'EndTxnRequest',
  'EndTxnResponse',
  'WriteTxnMarkersRequest',
  'WriteTxnMarkersResponse',
  'TxnOffsetCommitRequest',
  'TxnOffsetCommitResponse',
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
  /** A transactional producer sent EndTxn(COMMIT) and has not seen the answer. */
  'after-endtxn-before-response': 'producer',
  /** The copier's output records are acknowledged; sendOffsetsToTransaction has not run. */
  'after-output-before-offsets': 'consumer',
  /** The copier's offsets are in the transaction (TxnOffsetCommit answered); no commit yet. */
  'after-offsets-before-endtxn': 'consumer',
  /** The copier sent EndTxn(COMMIT) and has not seen the answer. */
  'after-endtxn-before-poll': 'consumer',
  /** The coordinator wrote PrepareCommit/PrepareAbort and answered; no marker is written yet. */
  'after-prepare-before-markers': 'coordinator',
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
  | { type: 'cut'; between: [NodeId, NodeId]; fromMs: number; toMs: number }
  /**
   * The database transaction for the n-th SinkWrite fails: it answers with an error and writes
   * nothing (a write that never reaches the database, such as a cache hit, is not affected).
   */
  | { type: 'fail'; what: 'sink-write'; nth: number }
  /** A consumer application calls close() at `atMs`: it finishes its batch, commits (auto-commit), and sends LeaveGroup. */
  | { type: 'leave'; node: NodeId; atMs: number }
  /** A consumer that is not running until `atMs` (a late starter: scaling out). */
  | { type: 'start'; node: NodeId; atMs: number }
  /**
   * Processing of `messageId` throws, `times` times (default: always, a poison message), before
   * or after its effect is written to the database (`stage`, default before).
   */
  | { type: 'fail'; what: 'processing'; messageId: MessageId; times?: number; stage?: FailStage }
  /** The seeds' scheduler batch: republish everything in `<topic>.DLT` not yet re-driven to the topic. */
  | { type: 'redrive'; atMs: number };

/** Where processing throws: before its effect is written, or after (the effect is already in the database). */
export type FailStage = 'before-write' | 'after-write';

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
    | 'cache-keys'
    | 'open-transaction'
    | 'pending-markers'
    | 'delayed-produces';
  count: number;
}

/**
 * Every step of a run is a list of these. `type` is also the key of the event's plain-language
 * explanation in `src/i18n` (Korean and English).
 */
export type TraceEvent = {
  /** Set by the scheduler on what a further instance of a role reports (`producer-2`): events name no node. */
  instance?: NodeId;
} & (
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
  | { type: 'node.started'; node: NodeId }
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
      /** Set for the copier's output topic. */
      topic?: TopicName;
      /** Part of a transaction: visible to read_committed readers only after its COMMIT marker. */
      transactional?: boolean;
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
  | { type: 'broker.offsetCommitted'; offsets: readonly PartitionOffset[]; group?: GroupId }
  /** A rebalance completed: a new generation and each member's partitions (empty: the group is empty). */
  | { type: 'broker.groupJoined'; generation: number; assignment: readonly MemberAssignment[]; group?: GroupId }
  | {
      type: 'broker.commitRejected';
      offsets: readonly PartitionOffset[];
      generation: number;
      current: number;
      error: 'ILLEGAL_GENERATION' | 'UNKNOWN_MEMBER_ID';
      member: string;
      group?: GroupId;
    }
  | { type: 'broker.rebalanceStarted'; generation: number; reason: RebalanceReason; member: string; group?: GroupId }
  | { type: 'broker.memberRemoved'; member: string; reason: 'leave' | 'session-timeout' | 'rebalance-timeout'; afterMs: number; group?: GroupId }
  | { type: 'broker.deadLetterAppended'; messageId: MessageId; partition: number; offset: number; source: PartitionOffset }
  /** The re-drive batch republished these records from the dead-letter topic (then `broker.appended` follows). */
  | { type: 'broker.redriven'; records: readonly { messageId: MessageId; sendNo: number; from: PartitionOffset }[] }
  | { type: 'consumer.joined'; generation: number; assignment: readonly number[] }
  /** A heartbeat (or commit) answer tells the member to rejoin: it will, at its next poll(). */
  | { type: 'consumer.rebalanceNoticed'; error: ErrorCode }
  /** onJoinPrepare (eager): the member gives up all its partitions before it rejoins. */
  | { type: 'consumer.revoked'; partitions: readonly number[] }
  | { type: 'consumer.pollTimeout'; sinceMs: number }
  | { type: 'consumer.left' }
  | {
      type: 'consumer.processingFailed';
      messageId: MessageId;
      partition: number;
      offset: number;
      attempt: number;
      maxAttempts: number;
      stage: FailStage;
    }
  | { type: 'consumer.deadLettered'; messageId: MessageId; partition: number; offset: number; attempts: number }
  | { type: 'consumer.recordSkipped'; messageId: MessageId; partition: number; offset: number; attempts: number }
  | { type: 'consumer.committedOffset'; offsets: readonly { partition: number; offset: number | null }[] }
  | { type: 'consumer.offsetReset'; policy: AutoOffsetReset; offsets: readonly { partition: number; offset: number | null }[] }
  | {
      type: 'consumer.polled';
      records: readonly { partition: number; offset: number; messageId: MessageId }[];
      positions: readonly PartitionOffset[];
    }
  | { type: 'consumer.processing'; messageId: MessageId; partition: number; offset: number }
  | { type: 'consumer.processed'; messageId: MessageId; partition: number; offset: number }
  /** `cause: 'error'`: the database answered with an error (else: it did not answer in time). */
  | { type: 'consumer.sinkRetry'; messageId: MessageId; partition: number; offset: number; cause?: 'error' }
  | { type: 'consumer.sinkSkipped'; messageId: MessageId; partition: number; offset: number; cause?: 'error' }
  /** `onJoinPrepare` / `onClose`: the auto-commit Kafka awaits before rejoining and in close(). */
  | { type: 'consumer.commit'; offsets: readonly PartitionOffset[]; method: 'commitSync' | 'commitAsync' | 'auto' | 'onJoinPrepare' | 'onClose' }
  | { type: 'consumer.committed'; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.commitFailed'; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.commitRefused'; offsets: readonly PartitionOffset[]; error: ErrorCode }
  /** `version`: the entity row now holds this version; `lastId`: the entity's last processed id. */
  | { type: 'sink.applied'; messageId: MessageId; partition: number; offset: number; row: number; entity?: string | null; version?: number; lastId?: number; storedOffset?: number }
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
  /** processed-ids: the id is in processed_event. */
  | { type: 'sink.duplicateSkipped'; messageId: MessageId; partition: number; offset: number }
  /** unique-key: INSERT ... ON CONFLICT (order_id) DO NOTHING inserted nothing. */
  | { type: 'sink.conflictSkipped'; messageId: MessageId; partition: number; offset: number }
  /** version: the entity row already holds `current` (from `by`), not older than `version`. */
  | { type: 'sink.staleSkipped'; messageId: MessageId; partition: number; offset: number; entity: string; version: number; current: number; by: MessageId }
  /** last-processed-id: `id` is not above the entity's last processed id. */
  | { type: 'sink.oldIdSkipped'; messageId: MessageId; partition: number; offset: number; entity: string | null; id: number; last: number }
  /** cache-then-unique: SETNX found the key (alive until `expiresAt`); the database is not asked. */
  | { type: 'sink.cacheHitSkipped'; messageId: MessageId; partition: number; offset: number; expiresAt: number }
  /** cache-then-unique: SETNX set the key, alive until `expiresAt`. */
  | { type: 'sink.cacheKeySet'; messageId: MessageId; expiresAt: number }
  /** cache-then-unique: the transaction succeeded; the key now lives until `expiresAt`. */
  | { type: 'sink.cacheKeyExtended'; messageId: MessageId; expiresAt: number }
  /** cache-then-unique: the cache let it through, the unique key behind it caught the duplicate. */
  | { type: 'sink.conflictBehindCache'; messageId: MessageId; partition: number; offset: number }
  /** offsets-in-db: the record's offset is below the partition's stored next offset: already applied. */
  | { type: 'sink.offsetSkipped'; messageId: MessageId; partition: number; offset: number; stored: number }
  /** offsets-in-db: the database answers the consumer's request for its positions. */
  | { type: 'sink.offsetsRead'; offsets: readonly { partition: number; offset: number | null }[] }
  /** The transaction failed (a `fail` fault) and rolled back: nothing written. */
  | { type: 'sink.writeFailed'; messageId: MessageId; partition: number; offset: number }
  // Transactions (see logic/transactionCoordinator.ts, transactions.ts, brokerTxn.ts, copier.ts)
  | {
      type: 'coordinator.producerIdInitialized';
      transactionalId: string;
      producerId: number;
      producerEpoch: number;
      /** The epoch this one replaces (its holder is fenced), or null for a new transactional.id. */
      fencedEpoch: number | null;
    }
  | { type: 'coordinator.fencingAbort'; transactionalId: string; producerId: number; producerEpoch: number }
  | { type: 'coordinator.partitionsAdded'; transactionalId: string; partitions: readonly TopicPartition[]; started: boolean }
  | { type: 'coordinator.offsetsAdded'; transactionalId: string; groupId: string; started: boolean }
  | { type: 'coordinator.prepared'; transactionalId: string; producerId: number; producerEpoch: number; result: TxnResult }
  | { type: 'coordinator.completed'; transactionalId: string; result: TxnResult }
  | { type: 'coordinator.refused'; transactionalId: string; request: MessageKind; error: ErrorCode; producerEpoch: number; current: number }
  | { type: 'coordinator.timedOut'; transactionalId: string; producerId: number; producerEpoch: number; startedAt: number; timeoutMs: number }
  | {
      type: 'broker.markerWritten';
      topic?: TopicName;
      partition: number;
      producerId: number;
      producerEpoch: number;
      result: TxnResult;
      offset: number;
    }
  | { type: 'broker.lsoMoved'; topic?: TopicName; partition: number; lso: number; highWatermark: number }
  | { type: 'broker.txnOffsetsPending'; producerId: number; offsets: readonly PartitionOffset[] }
  | { type: 'broker.txnOffsetsCompleted'; producerId: number; result: TxnResult; offsets: readonly PartitionOffset[] }
  | { type: 'broker.offsetsUnstable'; partitions: readonly number[] }
  | { type: 'producer.txnBegun'; transactionalId: string }
  | { type: 'producer.txnCommitting'; messageIds: readonly MessageId[] }
  | { type: 'producer.txnCommitted'; messageIds: readonly MessageId[] }
  | { type: 'producer.txnAborting'; messageIds: readonly MessageId[]; error: ErrorCode | null }
  | { type: 'producer.txnAborted'; messageIds: readonly MessageId[] }
  | { type: 'producer.txnRetry'; request: MessageKind; error: ErrorCode; retryAt: number }
  | { type: 'producer.fenced'; error: ErrorCode; messageIds: readonly MessageId[] }
  | { type: 'consumer.abortedSkipped'; records: readonly { partition: number; offset: number; messageId: MessageId }[] }
  | { type: 'consumer.offsetsUnstable'; partitions: readonly number[]; retryAt: number }
  | { type: 'consumer.txnBegun'; messageIds: readonly MessageId[] }
  | { type: 'consumer.txnOffsetsSent'; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.txnCommitted'; messageIds: readonly MessageId[]; offsets: readonly PartitionOffset[] }
  | { type: 'consumer.txnAborted'; messageIds: readonly MessageId[]; error: ErrorCode }
  | { type: 'consumer.fenced'; error: ErrorCode }
  | { type: 'run.quiescent' }
  | { type: 'run.horizon' }
);

export type TraceEventType = TraceEvent['type'];

/** What starts a rebalance: a member joins, leaves (LeaveGroup), or its session expires. */
export type RebalanceReason = 'join' | 'leave' | 'session-timeout';

/** One member's partitions in a generation. */
export interface MemberAssignment {
  member: string;
  partitions: readonly number[];
}

/** One step of the run: what the scheduler did and what followed from it. */
export interface Step {
  index: number;
  time: number;
  events: readonly TraceEvent[];
}
