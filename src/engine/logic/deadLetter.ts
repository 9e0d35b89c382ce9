/**
 * The broker's side of dead-lettering (kafka-part2.md §8). A dead-letter topic is not a Kafka
 * feature: Spring's DeadLetterPublishingRecoverer publishes a record that failed its last attempt
 * to `<topic>.DLT` (same partition number) with an ordinary ProduceRequest, and a separate job
 * (the seeds' scheduler batch) later reads the DLT and publishes the records to the topic again.
 * To the broker, `<topic>.DLT` is just a second topic with its own log.
 */
import { reply, trace, type Out, type Stepped } from '../machines/effects';
import type { ErrorCode, LogRecord, NetMessage, Payload } from '../types';
import { AppendLog } from './appendLog';
import { wakeParkedFetches, type BrokerContext, type BrokerTimer } from './broker';
import { withBroker, withPartitionChanges } from './brokerCopy';

type Step = Stepped<BrokerContext, BrokerTimer>;
type O = Out<BrokerTimer>;

export interface DeadLetterTopic {
  logs: readonly AppendLog<LogRecord>[];
  /** Per partition, the DLT offset up to which the re-drive batch has republished (its own committed offset). */
  redriven: readonly number[];
}

/** A ProduceRequest to `<topic>.DLT`: appended to the DLT's partition and acknowledged. */
export function onDeadLetterProduce(c: BrokerContext, msg: NetMessage, p: Extract<Payload, { kind: 'ProduceRequest' }>, now: number, reject?: ErrorCode): Step {
  const out: O[] = [];
  const answer = (error: ErrorCode, baseOffset: number) => {
    if (p.acks !== 0) out.push(reply(msg, { kind: 'ProduceResponse', requestId: p.requestId, partition: p.partition, error, baseOffset, duplicate: false }));
  };
  const log = c.deadLetter.logs[p.partition];
  if (!log || reject) {
    if (reject) out.push(trace({ type: 'broker.rejected', partition: p.partition, messageIds: p.batch.records.map((r) => r.messageId), error: reject }));
    answer(reject ?? 'OFFSET_OUT_OF_RANGE', -1);
    return { context: c, out };
  }
  const base = log.length;
  const records: LogRecord[] = p.batch.records.map((r, i) => ({
    partition: p.partition,
    offset: base + i,
    messageId: r.messageId,
    key: r.key,
    sendNo: r.sendNo,
    producerId: -1,
    producerEpoch: -1,
    sequence: -1,
    appendedAt: now,
  }));
  for (const r of records) {
    out.push(trace({ type: 'broker.deadLetterAppended', messageId: r.messageId, partition: r.partition, offset: r.offset, source: p.source ?? { partition: p.partition, offset: -1 } }));
  }
  answer('NONE', base);
  const logs = c.deadLetter.logs.map((l, i) => (i === p.partition ? l.push(...records) : l));
  return { context: withBroker(c, { deadLetter: { ...c.deadLetter, logs } }), out };
}

/**
 * The re-drive batch: every DLT record it has not republished yet goes back to the topic, to the
 * same partition, as a new record (a new send of the same message: sendNo + 1; a plain producer,
 * no producer id). Done at the broker in one step: the batch's own fetch and produce are not modelled.
 */
export function onRedrive(c0: BrokerContext, now: number): Step {
  const out: O[] = [];
  let c = c0;
  const republished: { messageId: string; sendNo: number; from: { partition: number; offset: number } }[] = [];
  const appends: O[] = [];
  const partitions = c.partitions.map((part, partition) => {
    const dlt = c0.deadLetter.logs[partition]!;
    const from = c0.deadLetter.redriven[partition] ?? 0;
    if (from >= dlt.length) return part;
    const base = part.log.length;
    const records: LogRecord[] = dlt.slice(from, dlt.length).map((r, i) => {
      republished.push({ messageId: r.messageId, sendNo: r.sendNo + 1, from: { partition, offset: r.offset } });
      return { ...r, partition, offset: base + i, sendNo: r.sendNo + 1, appendedAt: now };
    });
    appends.push(
      trace({
        type: 'broker.appended',
        partition,
        messageIds: records.map((r) => r.messageId),
        baseOffset: base,
        lastOffset: base + records.length - 1,
        producerId: -1,
        producerEpoch: -1,
        baseSequence: -1,
      }),
    );
    return withPartitionChanges(part, { log: part.log.push(...records) });
  });
  out.push(trace({ type: 'broker.redriven', records: republished }), ...appends);
  c = withBroker(c, { partitions, deadLetter: { ...c.deadLetter, redriven: c.deadLetter.logs.map((l) => l.length) } });
  for (let p = 0; p < partitions.length; p++) if (partitions[p] !== c0.partitions[p]) c = wakeParkedFetches(c, p, out);
  return { context: c, out };
}
