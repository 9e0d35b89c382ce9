/**
 * The broker's side of transactions (shared/KAFKA-RULES.md section 2): per partition the open
 * transactions (producer id -> first offset) and the aborted-transaction index; WriteTxnMarkers,
 * which appends a COMMIT/ABORT control record; the last stable offset (LSO) that read_committed
 * reads up to; and, as group coordinator, the offsets of sendOffsetsToTransaction, pending until
 * their transaction's marker.
 */
import { reply, trace, type Out, type Stepped } from '../machines/effects';
import type { AbortedTransaction, ErrorCode, LogRecord, NetMessage, PartitionOffset, Payload, TopicPartition } from '../types';
import { highWatermark, partitionsOf, wakeParkedFetches, withPartition, type BrokerContext, type BrokerTimer, type PartitionState } from './broker';
import { groupOf, withGroup } from './groupCoordinator';
import { withBroker, withPartitionChanges } from './brokerCopy';

/** One aborted transaction in a partition: the producer's records from firstOffset up to its marker. */
export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  /** The offset of the ABORT marker. */
  lastOffset: number;
}

export interface PartitionTxns {
  /** Open transactions: producer id -> the offset of its first record in this partition. */
  ongoing: ReadonlyMap<number, number>;
  /** Kafka's aborted transaction index, in marker order. */
  aborted: readonly AbortedTxn[];
}

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;
type P<K extends Payload['kind']> = Extract<Payload, { kind: K }>;

const NO_TXNS: PartitionTxns = { ongoing: new Map(), aborted: [] };

/**
 * The last stable offset: the first offset of the oldest open transaction, else the high watermark.
 * (Kafka also holds it at a decided transaction whose marker is not yet below the high watermark;
 * with one replica a marker is below the high watermark as soon as it is written.)
 */
export function lastStableOffset(t: PartitionTxns, hw: number): number {
  let lso = hw;
  for (const first of t.ongoing.values()) if (first < lso) lso = first;
  return lso;
}

/** A transactional batch was appended at `offset`: the producer's transaction is open here from its first record on. */
export function beginTxn(part: PartitionState, producerId: number, offset: number): PartitionState {
  const t = part.txn ?? NO_TXNS;
  if (t.ongoing.has(producerId)) return part;
  const ongoing = new Map(t.ongoing);
  ongoing.set(producerId, offset);
  return withPartitionChanges(part, { txn: { ongoing, aborted: t.aborted } });
}

/** The aborted transactions that overlap [from, to): what a read_committed fetch of that range must skip. */
export function abortedIn(t: PartitionTxns, from: number, to: number): AbortedTransaction[] {
  const out: AbortedTransaction[] = [];
  for (const a of t.aborted) if (a.lastOffset >= from && a.firstOffset < to) out.push({ producerId: a.producerId, firstOffset: a.firstOffset });
  return out;
}

/** The lab's one-replica LSO of a partition of the application's topic. */
export function partitionLso(c: BrokerContext, partition: number): number {
  const part = c.partitions[partition];
  const hw = highWatermark(c, partition);
  return part?.txn ? lastStableOffset(part.txn, hw) : hw;
}

/** Writes one marker into one partition; an older epoch than the partition knows is refused. */
function writeMarker(c: BrokerContext, tp: TopicPartition, p: P<'WriteTxnMarkersRequest'>, now: number, out: O[]): [BrokerContext, ErrorCode] {
  const part = partitionsOf(c, tp.topic)[tp.partition];
  if (!part) return [c, 'NONE'];
  const { producerId, producerEpoch, result } = p;
  const entry = part.producers.get(producerId);
  if (entry && producerEpoch < entry.producerEpoch) {
    out.push(trace({ type: 'broker.invalidProducerEpoch', producerId, producerEpoch, current: entry.producerEpoch }));
    return [c, 'INVALID_PRODUCER_EPOCH'];
  }
  const offset = part.log.length;
  const marker: LogRecord = {
    partition: tp.partition,
    offset,
    messageId: '',
    key: null,
    sendNo: 0,
    producerId,
    producerEpoch,
    sequence: -1,
    appendedAt: now,
    transactional: true,
    control: result,
  };
  // A higher epoch is adopted and empties the batch cache (the next batch must start at sequence 0).
  const producers = new Map(part.producers);
  producers.set(
    producerId,
    entry && entry.producerEpoch === producerEpoch ? { ...entry, lastTimestamp: now } : { producerId, producerEpoch, batches: [], lastTimestamp: now },
  );
  const t = part.txn ?? NO_TXNS;
  const first = t.ongoing.get(producerId);
  const lsoBefore = lastStableOffset(t, offset);
  const ongoing = new Map(t.ongoing);
  ongoing.delete(producerId);
  const aborted = result === 'ABORT' && first !== undefined ? [...t.aborted, { producerId, firstOffset: first, lastOffset: offset }] : t.aborted;
  const txn: PartitionTxns = { ongoing, aborted };
  const next = withPartition(c, tp.partition, withPartitionChanges(part, { producers, log: part.log.push(marker), txn }), tp.topic);
  out.push(
    trace(
      tp.topic
        ? { type: 'broker.markerWritten', topic: tp.topic, partition: tp.partition, producerId, producerEpoch, result, offset }
        : { type: 'broker.markerWritten', partition: tp.partition, producerId, producerEpoch, result, offset },
    ),
  );
  const lsoAfter = lastStableOffset(txn, offset + 1);
  // Readers of the application's topic care where its LSO is (nobody in the lab reads the output topic).
  if (!tp.topic && first !== undefined && lsoAfter !== lsoBefore) {
    out.push(trace({ type: 'broker.lsoMoved', partition: tp.partition, lso: lsoAfter, highWatermark: offset + 1 }));
  }
  return [tp.topic ? next : wakeParkedFetches(next, tp.partition, out), 'NONE'];
}

/**
 * WriteTxnMarkers from the transaction coordinator: a one-record COMMIT/ABORT control record in
 * every partition of the transaction, and the group's pending offsets made real (COMMIT) or dropped
 * (ABORT). The log, producer state and offsets are on disk.
 */
export function onWriteTxnMarkers(c0: BrokerContext, msg: NetMessage, p: P<'WriteTxnMarkersRequest'>, now: number): Step {
  const out: O[] = [];
  let c = c0;
  const errors: (TopicPartition & { error: ErrorCode })[] = [];
  for (const tp of p.partitions) {
    const [next, error] = writeMarker(c, tp, p, now, out);
    c = next;
    // (Literals rather than `{ ...tp, error }`: the same fields, in the same order.)
    errors.push(tp.topic === undefined ? { partition: tp.partition, error } : { topic: tp.topic, partition: tp.partition, error });
  }
  const pending = c.pendingOffsets[p.producerId];
  if (p.group && pending) {
    // Kafka keeps a later plain commit over the transaction's offsets; the lab's copier never mixes the two.
    // The copier's offsets belong to the run's one group (services and the copier are not combined).
    const g = groupOf(c, undefined);
    const committed = { ...g.committed };
    if (p.result === 'COMMIT') for (const { partition, offset } of pending) committed[partition] = offset;
    const pendingOffsets = { ...c.pendingOffsets };
    delete pendingOffsets[p.producerId];
    c = withBroker(withGroup(c, undefined, { ...g, committed }), { pendingOffsets });
    out.push(trace({ type: 'broker.txnOffsetsCompleted', producerId: p.producerId, result: p.result, offsets: pending }));
  }
  out.push(reply(msg, { kind: 'WriteTxnMarkersResponse', requestId: p.requestId, errors }));
  return { context: c, out };
}

/**
 * TxnOffsetCommit (sendOffsetsToTransaction, step 2): the offsets wait, per producer id, for
 * their transaction's marker. A consumer of an older generation is refused (a zombie consumer
 * cannot commit, KIP-447).
 */
export function onTxnOffsetCommit(c: BrokerContext, msg: NetMessage, p: P<'TxnOffsetCommitRequest'>): Step {
  const generation = groupOf(c, undefined).generation;
  if (p.generation !== generation) {
    return {
      context: c,
      out: [
        trace({ type: 'broker.commitRejected', offsets: p.offsets, generation: p.generation, current: generation, error: 'ILLEGAL_GENERATION', member: `PID ${p.producerId}` }),
        reply(msg, { kind: 'TxnOffsetCommitResponse', requestId: p.requestId, error: 'ILLEGAL_GENERATION' }),
      ],
    };
  }
  const merged = new Map<number, number>();
  for (const o of c.pendingOffsets[p.producerId] ?? []) merged.set(o.partition, o.offset);
  for (const o of p.offsets) merged.set(o.partition, o.offset);
  const offsets: PartitionOffset[] = [...merged].map(([partition, offset]) => ({ partition, offset }));
  return {
    context: withBroker(c, { pendingOffsets: { ...c.pendingOffsets, [p.producerId]: offsets } }),
    out: [trace({ type: 'broker.txnOffsetsPending', producerId: p.producerId, offsets: p.offsets }), reply(msg, { kind: 'TxnOffsetCommitResponse', requestId: p.requestId, error: 'NONE' })],
  };
}

/** The requested partitions that have transactional offsets pending (an OffsetFetch must wait: UNSTABLE_OFFSET_COMMIT). */
export function unstablePartitions(c: BrokerContext, partitions: readonly number[]): number[] {
  const pending = Object.values(c.pendingOffsets);
  if (pending.length === 0) return [];
  return partitions.filter((p) => pending.some((offsets) => offsets.some((o) => o.partition === p)));
}
