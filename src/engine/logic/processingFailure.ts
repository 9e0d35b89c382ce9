/**
 * Processing that throws (kafka-part2.md §8). Plain Kafka clients have no retry limit and no
 * dead-letter topic: this is the application's error handler, modelled on Spring's
 * DefaultErrorHandler: `maxAttempts` attempts in all (its default FixedBackOff(0, 9): 10 attempts,
 * 0 ms apart), then the recoverer: Spring's default only logs the record and skips it; with
 * `deadLetter`, DeadLetterPublishingRecoverer publishes it to `<topic>.DLT` (same partition) and
 * the record counts as handled, so the offset is committed past it with the rest of the batch.
 * A failed publish is not handled: the record is published again, never skipped.
 */
import { trace, type Out, type Stepped } from '../machines/effects';
import type { FailStage, Payload } from '../types';
import { currentRecord, request, settle, type ConsumerContext, type ConsumerTimer } from './consumerClient';
import { withConsumer } from './consumerCopy';

type Step = Stepped<ConsumerContext, ConsumerTimer>;
type O = Out<ConsumerTimer>;

/** How many attempts of the current record have failed so far (Spring's FailedRecordTracker, by partition and offset). */
export function failuresOf(c: ConsumerContext): number {
  const r = currentRecord(c);
  const f = c.failing;
  return r && f && f.partition === r.partition && f.offset === r.offset ? f.failures : 0;
}

/** This attempt threw (before its write, or after it: then the effect is already in the database). */
export function onProcessingFailed(c: ConsumerContext, stage: FailStage): Step {
  const r = currentRecord(c);
  if (!r) return { context: c, out: [] };
  const failures = failuresOf(c) + 1;
  const out: O[] = [];
  if (stage === 'after-write') out.push({ type: 'cancel', id: `sink:${c.pending}` });
  out.push(
    trace({ type: 'consumer.processingFailed', messageId: r.messageId, partition: r.partition, offset: r.offset, attempt: failures, maxAttempts: c.app.maxAttempts, stage }),
  );
  return { context: withConsumer(c, { pending: null, failAfterWrite: false, failing: { partition: r.partition, offset: r.offset, failures } }), out };
}

/** Whether the failed record gets another attempt (FixedBackOff(0, ...): at once). */
export const attemptsLeft = (c: ConsumerContext): boolean => failuresOf(c) < c.app.maxAttempts;

/** The last attempt failed and there is no dead-letter topic: Spring's default recoverer logs the record and moves on. */
export function skipFailedRecord(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const out: O[] = r ? [trace({ type: 'consumer.recordSkipped', messageId: r.messageId, partition: r.partition, offset: r.offset, attempts: failuresOf(c) })] : [];
  return { context: withConsumer(c, { index: c.index + 1, failing: null }), out };
}

/** The recoverer publishes the record to `<topic>.DLT`, same partition, and waits for the broker's acknowledgement. */
export function publishDeadLetter(c: ConsumerContext): Step {
  const r = currentRecord(c);
  if (!r) return { context: c, out: [] };
  return request(c, (requestId) => ({
    kind: 'ProduceRequest',
    requestId,
    acks: 'all',
    batchId: `${requestId}.dlt`,
    partition: r.partition,
    topic: 'dlt',
    source: { partition: r.partition, offset: r.offset },
    batch: { producerId: -1, producerEpoch: -1, baseSequence: -1, records: [{ messageId: r.messageId, key: r.key, sendNo: r.sendNo }] },
  }));
}

/** The DLT has the record: it is handled, and the batch goes on. */
export function onDeadLettered(c: ConsumerContext): Step {
  const r = currentRecord(c);
  const attempts = failuresOf(c);
  const s = settle(withConsumer(c, { index: c.index + 1, failing: null }));
  if (r) s.out.push(trace({ type: 'consumer.deadLettered', messageId: r.messageId, partition: r.partition, offset: r.offset, attempts }));
  return s;
}

/** Whether a ProduceResponse for the DLT publish reports success. */
export const deadLetterStored = (p: Extract<Payload, { kind: 'ProduceResponse' }>): boolean => p.error === 'NONE';
