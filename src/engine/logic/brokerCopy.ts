/**
 * Copies of the broker's context and of a partition's state, field by field. In Node 20's V8 an
 * object spread of an object that was itself made by a spread (or by xstate's assign) is 10-20x
 * slower than a literal, and every produce, marker and fetch copies both.
 */
import type { BrokerContext, PartitionState } from './broker';

/** `c` with `changes`, like `{ ...c, ...changes }`. */
export function withBroker(c: BrokerContext, changes: Partial<BrokerContext>): BrokerContext {
  const copy: BrokerContext = {
    config: c.config,
    fetchMaxWaitMs: c.fetchMaxWaitMs,
    partitions: c.partitions,
    nextProducerId: c.nextProducerId,
    groups: c.groups,
    deadLetter: c.deadLetter,
    output: c.output,
    pendingOffsets: c.pendingOffsets,
    parked: c.parked,
  };
  if (c.replica !== undefined) copy.replica = c.replica;
  return Object.assign(copy, changes);
}

/** A partition's state with `changes`, like `{ ...part, ...changes }` (its optional fields in the order they are added). */
export function withPartitionChanges(part: PartitionState, changes: Partial<PartitionState>): PartitionState {
  const copy: PartitionState = { log: part.log, producers: part.producers };
  if (part.batches !== undefined) copy.batches = part.batches;
  if (part.epochs !== undefined) copy.epochs = part.epochs;
  if (part.hw !== undefined) copy.hw = part.hw;
  if (part.txn !== undefined) copy.txn = part.txn;
  return Object.assign(copy, changes);
}
