/**
 * One line on what each setting does, in English (the settings panel shows it under the field); the
 * Korean are in settingsHelpKo.ts, so each language's texts are a chunk of their own.
 */
export const settingsHelpEn = {
  producer: {
    acks: '0: no answer awaited; 1: the leader wrote it; all: every in-sync replica has it.',
    retries: 'How often a failed send is retried (bounded by delivery.timeout.ms).',
    'retry.backoff.ms': 'The wait before the first retry; it doubles each time.',
    'retry.backoff.max.ms': 'The longest wait between retries.',
    'request.timeout.ms': 'How long the producer waits for an answer before it drops the connection and retries.',
    'delivery.timeout.ms': 'How long a record may take in all, retries included, before send() fails.',
    'enable.idempotence': 'A producer id and a sequence per batch, so the broker drops a retried batch it already has.',
    'max.in.flight.requests.per.connection': 'Requests sent without an answer yet; more than 1 lets a retry overtake (without idempotence).',
    'batch.size': 'Records per batch (the lab counts records; Kafka counts bytes).',
    'linger.ms': 'How long a batch waits for more records before it is sent.',
    'transactional.id': 'Makes the producer transactional: begin, send, commit or abort; a new instance fences the old one.',
    'transaction.timeout.ms': 'A transaction open longer is aborted by the coordinator.',
  },
  producerApp: {
    onSendFailure: 'What the application does when send() fails for good.',
    onRestart: 'Whether the application re-sends what was never acknowledged after it restarts (an outbox).',
    transactionSize: 'Messages per transaction.',
    instances: 'A second application instance with the same transactional.id (a zombie to fence).',
    secondInstanceStartMs: 'When the second instance starts.',
  },
  consumer: {
    'enable.auto.commit': 'Commit the positions of earlier polls inside poll(), every auto.commit.interval.ms.',
    'auto.commit.interval.ms': 'How often auto-commit commits.',
    'auto.offset.reset': 'Where to start without a committed offset: the first record, or only new ones.',
    'max.poll.records': 'Records one poll() returns at most.',
    'fetch.max.wait.ms': 'How long the broker holds a fetch that has nothing to return.',
    'request.timeout.ms': 'How long the consumer waits for an answer.',
    'retry.backoff.ms': 'The wait before asking again.',
    'default.api.timeout.ms': 'How long commitSync keeps trying.',
    'session.timeout.ms': 'A member silent this long is removed and the group rebalances.',
    'heartbeat.interval.ms': 'How often the consumer tells the group it is alive.',
    'max.poll.interval.ms': 'poll() must come this often, or the consumer leaves the group.',
    'isolation.level': 'read_committed hides open and aborted transactions; read_uncommitted shows everything.',
  },
  consumerApp: {
    commit: 'When the application commits: before processing (at most once) or after (at least once).',
    commitMethod: 'commitSync waits for the answer; commitAsync does not.',
    processingMs: 'Processing time per record.',
    idempotence: 'How the database keeps a repeated message from having a second effect.',
    sinkTimeoutMs: 'How long the consumer waits for the database.',
    sinkWriteMs: 'How long one database transaction takes, whatever its size.',
    bulkWrite: 'Write a whole poll in one transaction: the transaction cost is paid once per poll.',
    onSinkTimeout: 'Write again (at least once) or move on (at most once) when the database does not answer.',
    cacheTtlMs: 'cache-then-unique: the key\'s lifetime from SETNX until the transaction.',
    cacheKeepMs: 'cache-then-unique: the key\'s lifetime once the transaction succeeded.',
    instances: 'Consumers in the group; partitions are shared among them.',
    services: 'Several services reading the topic, each its own group and database (the slot game).',
    maxAttempts: 'Attempts when processing throws, then the record is given up.',
    deadLetter: 'A given-up record goes to <topic>.DLT instead of being skipped.',
    output: 'The effect: a database row, or a copy in an output topic in a transaction with the offsets.',
  },
  broker: {
    'producer.id.expiration.ms': 'A producer id idle this long is forgotten (its retries are no longer recognised).',
    'group.initial.rebalance.delay.ms': 'How long a new group waits for more members before its first rebalance.',
    'replica.lag.time.max.ms': 'A follower behind this long leaves the in-sync replicas.',
    'replica.fetch.wait.max.ms': 'How long the leader holds a follower\'s fetch with nothing new.',
    'broker.session.timeout.ms': 'How long after a broker\'s crash the controller fences it and moves its leaderships.',
  },
  topic: {
    partitions: 'Partitions of the topic; order holds within one partition only.',
    'replication.factor': 'Copies of each partition, one per broker.',
    'min.insync.replicas': 'In-sync replicas an acks=all write needs.',
  },
  network: {
    latencyMs: 'One-way latency of every link.',
    jitterMs: 'Extra random latency, up to this much (links stay in order).',
    dropProbability: 'Chance that any message is lost (seeded: the same seed loses the same ones).',
  },
};

export type SettingsHelp = typeof settingsHelpEn;
