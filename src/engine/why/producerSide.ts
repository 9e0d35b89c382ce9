/**
 * The producer's part of a chain: the send() that made a copy, the attempts of its batch and what
 * each met on the way (a lost request, a lost ack, an error, a timeout, the broker's duplicate
 * check), and why the application sent the message again, if it did.
 */
import type { MessageId, NodeId, TraceEvent } from '../types';
import type { Links } from './links';
import { nodeOf, type Found, type TraceIndex } from './trace';

type Appended = Extract<TraceEvent, { type: 'broker.appended' }>;
type Request = Extract<TraceEvent, { type: 'producer.request' }>;

const has = (ids: readonly MessageId[], id: MessageId) => ids.includes(id);

/** Where an append of `messageId` at `offset` is in the trace, at step `step`. */
export function appendAt(t: TraceIndex, messageId: MessageId, step: number, partition: number, offset: number): Found<Appended> | undefined {
  return t.first('broker.appended', step, step, (e) => !e.topic && e.partition === partition && e.messageIds.indexOf(messageId) === offset - e.baseOffset);
}

/**
 * The links that made the copy appended at `append`: its request, the earlier attempts of its batch,
 * its send(). `after`: where later attempts the broker rejected as duplicates go (an effect's chain).
 */
export function explainAppend(t: TraceIndex, links: Links, messageId: MessageId, append: Found<Appended>, after?: Links): void {
  const req = t.arrivalAt(append.step);
  const broker = nodeOf(append.event, 'broker');
  const offset = append.event.baseOffset + append.event.messageIds.indexOf(messageId);
  links.add('append', append, [broker], { offset, partition: append.event.partition }, req ? [req.id] : []);
  const redrive = t.first('broker.redriven', append.step, append.step, (e) => e.records.some((r) => r.messageId === messageId));
  if (redrive) {
    explainRedrive(t, links, messageId, redrive);
    return;
  }
  if (!req || req.payload.kind !== 'ProduceRequest') return;
  const { requestId, batchId } = req.payload;
  const sent = t.sentOf(req.id)!;
  const request = t.last('producer.request', sent.step, sent.step, (e) => e.requestId === requestId);
  if (!request) return;
  explainBatch(t, links, messageId, req.from, batchId, request.event.attempt, after);
}

/** A copy the re-drive batch republished: it was in the dead-letter topic because processing kept failing. */
function explainRedrive(t: TraceIndex, links: Links, messageId: MessageId, redrive: Found): void {
  links.add('redrive', redrive, ['broker'], {});
  const dlt = links.add('dead-lettered', t.last('broker.deadLetterAppended', 0, redrive.step, (e) => e.messageId === messageId), ['broker'], {});
  if (dlt) {
    const failed = t.last('consumer.processingFailed', 0, dlt.step, (e) => e.messageId === messageId);
    if (failed) links.add('processing-failed', failed, [nodeOf(failed.event, 'consumer')], { attempt: failed.event.attempt, max: failed.event.maxAttempts, stage: failed.event.stage });
  }
}

/** Every attempt of a batch, in order. */
export function attemptsOf(t: TraceIndex, producer: NodeId, batchId: string): Found<Request>[] {
  const out: Found<Request>[] = [];
  for (let from = 0; ; ) {
    const r = t.first('producer.request', from, t.steps.length - 1, (e) => e.batchId === batchId && nodeOf(e, 'producer') === producer);
    if (!r) return out;
    out.push(r);
    from = r.step + 1;
  }
}

/**
 * The batch's attempts up to `upTo` with what each met, and the send() before the first. Attempts
 * after `upTo` matter only if the broker rejected them as duplicates: they go to `after`.
 */
export function explainBatch(t: TraceIndex, links: Links, messageId: MessageId, producer: NodeId, batchId: string, upTo: number, after?: Links): Found<Request>[] {
  const attempts = attemptsOf(t, producer, batchId).filter((r) => has(r.event.messageIds, messageId));
  attempts.forEach((r, k) => {
    const next = attempts[k + 1];
    if (r.event.attempt < upTo) attemptFate(t, links, messageId, r, next);
    else if (r.event.attempt > upTo && after) {
      const prev = attempts[k - 1]!;
      const delivered = requestEnd(t, r);
      const dup = delivered && t.first('broker.duplicate', delivered.step, delivered.step, (e) => has(e.messageIds, messageId));
      if (!dup) return;
      attemptFate(t, after, messageId, prev, r, true);
      after.add('duplicate-rejected', dup, [nodeOf(dup.event, 'broker')], { offset: dup.event.baseOffset + dup.event.messageIds.indexOf(messageId), attempt: r.event.attempt }, [delivered.id]);
    }
  });
  if (attempts[0]) explainSend(t, links, messageId, producer, attempts[0].step);
  return attempts;
}

/** Where an attempt's ProduceRequest arrived (with its id), if it did. */
function requestEnd(t: TraceIndex, r: Found<Request>): (Found & { id: number }) | undefined {
  const msg = t.sentWith(r.step, r.event.requestId, 'ProduceRequest');
  const end = msg && t.endOf(msg.id);
  return end && end.event.type === 'net.delivered' ? { ...end, id: msg.id } : undefined;
}

/** What one attempt met: lost on the way, appended, refused, its ack lost; and the retry after it. */
function attemptFate(t: TraceIndex, links: Links, messageId: MessageId, r: Found<Request>, next: Found<Request> | undefined, lossOnly = false): void {
  const msg = t.sentWith(r.step, r.event.requestId, 'ProduceRequest');
  if (!msg) return;
  const end = t.endOf(msg.id);
  if (end?.event.type === 'net.dropped') links.add('request-lost', end, [msg.from, msg.to], { attempt: r.event.attempt, reason: end.event.reason }, [msg.id]);
  else if (end && !lossOnly) {
    const appended = t.first('broker.appended', end.step, end.step, (e) => !e.topic && has(e.messageIds, messageId));
    if (appended) links.add('append', appended, [msg.to], { offset: appended.event.baseOffset + appended.event.messageIds.indexOf(messageId), partition: appended.event.partition }, [msg.id]);
    const refused = t.first('broker.rejected', end.step, end.step, (e) => has(e.messageIds, messageId));
    if (refused) links.add('rejected', refused, [msg.to], { error: refused.event.error }, [msg.id]);
    const dup = t.first('broker.duplicate', end.step, end.step, (e) => has(e.messageIds, messageId));
    if (dup) links.add('duplicate-rejected', dup, [msg.to], { offset: dup.event.baseOffset + dup.event.messageIds.indexOf(messageId), attempt: r.event.attempt }, [msg.id]);
  }
  if (end?.event.type === 'net.delivered') {
    const answer = t.answerTo(r.event.requestId, 'ProduceResponse', end.step);
    const answerEnd = answer && t.endOf(answer.event.msg.id);
    if (answerEnd?.event.type === 'net.dropped') links.add('ack-lost', answerEnd, [answer!.event.msg.from, answer!.event.msg.to], { reason: answerEnd.event.reason }, [answer!.event.msg.id]);
  }
  const retry = t.first('producer.retry', r.step, next ? next.step : t.steps.length - 1, (e) => e.batchId === r.event.batchId && e.attempt === r.event.attempt && nodeOf(e, 'producer') === msg.from);
  links.add('retry', retry, [msg.from], { error: retry?.event.error ?? '', attempt: r.event.attempt + 1 });
}

/**
 * The send() whose record the request at step `requestStep` carries; a second send() of the same
 * message says why it came (a restart's outbox, a failed send, the application itself) and brings
 * the first send's copies.
 */
export function explainSend(t: TraceIndex, links: Links, messageId: MessageId, producer: NodeId, requestStep: number): void {
  const send = t.last('producer.send', 0, requestStep, (e) => e.messageId === messageId && nodeOf(e, 'producer') === producer)
    ?? t.last('producer.send', 0, requestStep, (e) => e.messageId === messageId);
  if (!send) return;
  const node = nodeOf(send.event, 'producer');
  if (send.event.sendNo <= 1) {
    links.add('send', send, [node], {});
    return;
  }
  const before = t.last('producer.send', 0, send.step, (e) => e.messageId === messageId && e.sendNo === send.event.sendNo - 1);
  const from = before?.step ?? 0;
  const resent = t.last('producer.resendUnacked', from, send.step, (e) => has(e.messageIds, messageId));
  const failed = resent ? undefined : t.last('producer.failed', from, send.step, (e) => has(e.messageIds, messageId));
  if (resent) {
    const crash = t.last('node.crashed', from, resent.step, (e) => e.node === node);
    if (crash) links.add('crash', crash, [node], { lost: crash.event.lost.map((l) => `${l.what}:${l.count}`).join(',') });
    links.add('restart', t.last('node.restarted', from, resent.step, (e) => e.node === node), [node], {});
  }
  if (failed) links.add('send-failed', failed, [node], { error: failed.event.error });
  links.add('send-again', send, [node], { n: send.event.sendNo, why: resent ? 'restart' : failed ? 'failed' : 'app' });
  // The earlier send's own copies, and what became of them.
  if (before) {
    const first = t.first('producer.request', before.step, send.step, (e) => has(e.messageIds, messageId));
    if (first) explainBatch(t, links, messageId, nodeOf(first.event, 'producer'), first.event.batchId, Infinity);
    else links.add('send', before, [node], {});
  }
}
