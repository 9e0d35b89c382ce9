/**
 * Copies of the consumer's context and its copier's state, field by field. In Node 20's V8 an
 * object spread of an object that was itself made by a spread (or by xstate's assign) is 10-20x
 * slower than a literal, and the consumer's logic copies its 29 fields several times per event.
 * (consumerClient.ts is the context's home; this file only copies it.)
 */
import type { ConsumerContext } from './consumerClient';
import type { CopierState } from './copier';

/** `c` with `changes`, like `{ ...c, ...changes }`. */
export function withConsumer(c: ConsumerContext, changes: Partial<ConsumerContext>): ConsumerContext {
  // A service's consumer has a groupId, in the middle of its fields: rare, so copied as before.
  if (c.groupId !== undefined) return { ...c, ...changes };
  const copy: ConsumerContext = {
    id: c.id,
    config: c.config,
    app: c.app,
    coordinator: c.coordinator,
    sink: c.sink,
    txnCoordinator: c.txnCoordinator,
    transactionTimeoutMs: c.transactionTimeoutMs,
    cluster: c.cluster,
    incarnation: c.incarnation,
    requestNo: c.requestNo,
    assignment: c.assignment,
    positions: c.positions,
    committed: c.committed,
    generation: c.generation,
    pending: c.pending,
    records: c.records,
    index: c.index,
    nextAutoCommitAt: c.nextAutoCommitAt,
    commitOffsets: c.commitOffsets,
    commitDeadline: c.commitDeadline,
    memberResets: c.memberResets,
    rejoinNeeded: c.rejoinNeeded,
    closeRequested: c.closeRequested,
    lastPollAt: c.lastPollAt,
    heartbeat: c.heartbeat,
    failing: c.failing,
    failAfterWrite: c.failAfterWrite,
    copier: c.copier,
  };
  // Set on every machine's context, absent only in contexts built by hand (tests).
  if (c.startsLater !== undefined) copy.startsLater = c.startsLater;
  return Object.assign(copy, changes);
}

/** The copier's state with `changes`, like `{ ...k, ...changes }`. */
export function withCopierChanges(k: CopierState, changes: Partial<CopierState>): CopierState {
  const copy: CopierState = {
    transactionalId: k.transactionalId,
    producerId: k.producerId,
    producerEpoch: k.producerEpoch,
    nextSeq: k.nextSeq,
    phase: k.phase,
    batches: k.batches,
    next: k.next,
    offsets: k.offsets,
    request: k.request,
    added: k.added,
    batchNo: k.batchNo,
  };
  return Object.assign(copy, changes);
}
