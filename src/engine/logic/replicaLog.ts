/**
 * A replica's partition log beyond its records: the batch headers (replicas copy whole batches,
 * each stamped with the leader epoch it was written under), the leader-epoch cache (Kafka's
 * LeaderEpochFileCache: where each epoch starts), and the two operations a follower performs on
 * them: append what it fetched (producer state rebuilt from the copied batches, replication-origin
 * appends skip sequence and epoch checks, KAFKA-RULES §1) and truncate to where it diverges from
 * its leader (kafka-part2 §5). Pure functions over plain data; everything here is on disk.
 */
import type { BatchInfo, LogRecord } from '../types';
import { AppendLog } from './appendLog';
import { lastSequence, recordBatch, type ProducerStates } from './producerState';

/** One entry of the leader-epoch cache: `epoch` began at `startOffset`. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export const UNDEFINED_EPOCH = -1;

/** The epoch of the newest entry (Kafka's `latestEpoch`), or −1 with none. */
export const latestEpoch = (epochs: readonly EpochEntry[]): number => epochs.at(-1)?.epoch ?? UNDEFINED_EPOCH;

/**
 * LeaderEpochFileCache.endOffsetFor: the largest epoch ≤ `epoch` this log knows and the offset
 * where it ended (the start of the next epoch, or the log end for the newest); (−1, −1) when
 * `epoch` is newer than anything here.
 */
export function endOffsetFor(epochs: readonly EpochEntry[], logEnd: number, epoch: number): { epoch: number; endOffset: number } {
  if (epoch === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH };
  if (latestEpoch(epochs) === epoch) return { epoch, endOffset: logEnd };
  const next = epochs.findIndex((e) => e.epoch > epoch);
  if (next < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH };
  const previous = epochs[next - 1];
  return { epoch: previous ? previous.epoch : epoch, endOffset: epochs[next]!.startOffset };
}

/** LeaderEpochFileCache.assign: a newer epoch starts at `startOffset` (entries it overrides go). */
export function assignEpoch(epochs: readonly EpochEntry[], epoch: number, startOffset: number): readonly EpochEntry[] {
  if (latestEpoch(epochs) >= epoch) return epochs;
  return [...epochs.filter((e) => e.startOffset < startOffset), { epoch, startOffset }];
}

/** A partition replica's disk beyond the records themselves. */
export interface ReplicaDisk {
  log: AppendLog<LogRecord>;
  producers: ProducerStates;
  batches: AppendLog<BatchInfo>;
  epochs: readonly EpochEntry[];
  /** The high watermark, checkpointed (Kafka's replication-offset-checkpoint). */
  hw: number;
}

/** The entry for a batch's producer after the batch (no checks: replication origin). */
function withBatch(producers: ProducerStates, log: AppendLog<LogRecord>, b: BatchInfo): ProducerStates {
  const first = log.get(b.baseOffset);
  if (!first || first.producerId < 0) return producers;
  const count = b.lastOffset - b.baseOffset + 1;
  const identity = {
    producerId: first.producerId,
    producerEpoch: first.producerEpoch,
    baseSequence: first.sequence,
    lastSequence: lastSequence(first.sequence, count),
  };
  const next = new Map(producers);
  next.set(first.producerId, recordBatch(producers.get(first.producerId), identity, b.baseOffset, b.lastOffset, first.appendedAt));
  return next;
}

/** The follower appends whole batches it fetched from its leader, at its log end. */
export function appendAsFollower(d: ReplicaDisk, records: readonly LogRecord[], batches: readonly BatchInfo[]): ReplicaDisk {
  const log = d.log.push(...records);
  let producers = d.producers;
  let epochs = d.epochs;
  for (const b of batches) {
    epochs = assignEpoch(epochs, b.leaderEpoch, b.baseOffset);
    producers = withBatch(producers, log, b);
  }
  return { ...d, log, producers, epochs, batches: d.batches.push(...batches) };
}

/** The index of the batch starting at `offset` (batches are in offset order), or −1. */
function batchAt(batches: AppendLog<BatchInfo>, offset: number): number {
  let lo = 0;
  let hi = batches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = batches.get(mid)!;
    if (b.baseOffset === offset) return mid;
    if (b.baseOffset < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whole batches from `offset` on, at least one and otherwise at most `max` records. */
export function readBatches(d: ReplicaDisk, offset: number, max: number): { records: LogRecord[]; batches: BatchInfo[] } {
  const first = batchAt(d.batches, offset);
  if (first < 0) return { records: [], batches: [] };
  const batches: BatchInfo[] = [];
  let end = offset;
  for (let i = first; i < d.batches.length; i++) {
    const b = d.batches.get(i)!;
    if (batches.length > 0 && b.lastOffset + 1 - offset > max) break;
    batches.push(b);
    end = b.lastOffset + 1;
  }
  return { records: d.log.slice(offset, end), batches };
}

/**
 * Truncates the log to `offset` (the records from there on are deleted), the epoch cache with it,
 * and rebuilds the producer state from the batches that remain (Kafka reloads its snapshot and
 * replays the log). The high watermark cannot stay above the log end.
 */
export function truncateTo(d: ReplicaDisk, offset: number): ReplicaDisk {
  const epochs = d.epochs.filter((e) => e.startOffset < offset);
  if (offset >= d.log.length) return { ...d, epochs };
  const log = AppendLog.from(d.log.slice(0, offset));
  const kept = d.batches.toArray().filter((b) => b.baseOffset < offset);
  let producers: ProducerStates = new Map();
  for (const b of kept) producers = withBatch(producers, log, b);
  return { log, producers, epochs, batches: AppendLog.from(kept), hw: Math.min(d.hw, offset) };
}

/**
 * Where a follower truncates when its leader reports a diverging epoch (AbstractFetcherThread
 * getOffsetTruncationState): to the end of that epoch on both sides; if the follower does not know
 * the leader's epoch, to the end of its own largest epoch below it (the next fetch goes on from
 * there); with no epoch to compare at all, to its high watermark.
 */
export function divergenceOffset(d: ReplicaDisk, diverging: { epoch: number; endOffset: number }): number {
  const logEnd = d.log.length;
  if (diverging.endOffset < 0) return Math.min(d.hw, logEnd);
  const mine = endOffsetFor(d.epochs, logEnd, diverging.epoch);
  if (mine.endOffset < 0) return Math.min(diverging.endOffset, logEnd);
  if (mine.epoch !== diverging.epoch) return Math.min(mine.endOffset, logEnd);
  return Math.min(mine.endOffset, diverging.endOffset, logEnd);
}
