/**
 * What a fetched partition gives the application (KAFKA-RULES section 2, isolation levels): never
 * a control record (a transaction marker), in either isolation level, so offsets have gaps; with
 * read_committed, not the records of the aborted transactions the broker listed. The consumer's
 * position still moves past everything fetched.
 */
import type { FetchedPartition, LogRecord } from '../types';

export interface Visible {
  records: LogRecord[];
  /** Records of aborted transactions that read_committed skipped. */
  skipped: LogRecord[];
}

/**
 * Kafka's fetcher: the aborted transactions are sorted by first offset; a producer becomes
 * "aborted" when the read reaches the first offset of one of its aborted transactions, its
 * transactional records are skipped, and its ABORT marker ends that.
 */
export function visibleRecords(f: FetchedPartition): Visible {
  const aborted = f.abortedTransactions;
  if ((!aborted || aborted.length === 0) && !f.records.some((r) => r.control !== undefined)) return { records: f.records as LogRecord[], skipped: [] };
  const queue = aborted ? [...aborted].sort((a, b) => a.firstOffset - b.firstOffset) : [];
  const active = new Set<number>();
  const records: LogRecord[] = [];
  const skipped: LogRecord[] = [];
  let next = 0;
  for (const r of f.records) {
    while (next < queue.length && queue[next]!.firstOffset <= r.offset) active.add(queue[next++]!.producerId);
    if (r.control !== undefined) {
      if (r.control === 'ABORT') active.delete(r.producerId);
      continue;
    }
    if (r.transactional && active.has(r.producerId)) skipped.push(r);
    else records.push(r);
  }
  return { records, skipped };
}
