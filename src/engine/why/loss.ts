/**
 * The chain of a loss explains an absence: the last thing that happened to the message, and why
 * nothing came after it. Either no copy stayed in the log (the request lost and, with acks=0, no
 * one ever knew; the producer gave up; it crashed and forgot; the copy was truncated away when the
 * leader changed), or a copy stayed and its record never made an effect (committed before it was
 * processed, then a crash; the database skipped it; its write failed).
 */
import type { MessageLedger } from '../ledger';
import type { MessageId } from '../types';
import { addPoll, explainReread, SKIP_EVENTS } from './consumerSide';
import { Links } from './links';
import { appendAt, explainAppend, explainBatch } from './producerSide';
import { nodeOf, type TraceIndex } from './trace';
import type { WhyLink } from './types';

const has = (ids: readonly MessageId[], id: MessageId) => ids.includes(id);

export function explainLoss(t: TraceIndex, m: MessageLedger, endStep: number): WhyLink[] {
  const links = new Links(t);
  const id = m.messageId;
  const live = m.appends.filter((a) => !a.truncatedAt && a.txn !== 'aborted');
  if (live.length === 0) neverStored(t, links, m, endStep);
  else {
    const copy = live.at(-1)!;
    const found = appendAt(t, id, copy.step, copy.partition, copy.offset);
    if (found) explainAppend(t, links, id, found);
    neverProcessed(t, links, m, copy, endStep);
  }
  const end = t.last('run.quiescent', endStep, endStep) ?? t.last('run.horizon', endStep, endStep);
  links.add('no-effect', end, [], { stored: live.length > 0 ? 1 : 0 });
  return links.list();
}

/** No copy in the log: what became of the message's last batch, and of the producer. */
function neverStored(t: TraceIndex, links: Links, m: MessageLedger, endStep: number): void {
  const id = m.messageId;
  const lastSend = m.sends.at(-1);
  if (!lastSend) return;
  const request = t.last('producer.request', lastSend.step, endStep, (e) => has(e.messageIds, id));
  const producer = request ? nodeOf(request.event, 'producer') : 'producer';
  if (request) {
    const attempts = explainBatch(t, links, id, producer, request.event.batchId, Infinity);
    for (const r of attempts) {
      // acks=0: the producer counts the record as sent the moment it is on the wire.
      const noAnswer = t.first('producer.acked', r.step, r.step, (e) => has(e.messageIds, id) && e.baseOffset < 0);
      links.add('unacknowledged', noAnswer, [producer], {});
    }
    for (const a of m.appends.filter((x) => x.truncatedAt)) {
      const acked = t.first('producer.acked', a.step, a.truncatedAt!.step, (e) => has(e.messageIds, id));
      links.add('acked', acked, [producer], { offset: a.offset });
      const elected = t.last('replica.leaderElected', a.step, a.truncatedAt!.step, (e) => e.partition === a.partition);
      links.add('leader-elected', elected, elected ? [elected.event.leader] : [], { leader: elected?.event.leader ?? '', partition: a.partition });
      const cut = t.first('replica.truncated', a.truncatedAt!.step, a.truncatedAt!.step, (e) => e.partition === a.partition && e.records.some((r) => r.messageId === id));
      links.add('truncated', cut, cut ? [cut.event.node] : [], { offset: a.offset, node: cut?.event.node ?? '' });
    }
    const failed = t.first('producer.failed', request.step, endStep, (e) => has(e.messageIds, id));
    links.add('send-failed', failed, [producer], { error: failed?.event.error ?? '' });
  } else explainSendOnly(t, links, id, lastSend.step);
  // The producer went down with the message still owed.
  const crash = t.first('node.crashed', lastSend.step, endStep, (e) => e.node === producer);
  if (crash && !m.appends.some((a) => !a.truncatedAt && a.step > crash.step)) {
    links.add('crash', crash, [producer], { lost: crash.event.lost.map((l) => `${l.what}:${l.count}`).join(',') });
    const forgot = t.first('producer.forgotUnacked', crash.step, endStep, (e) => has(e.messageIds, id));
    links.add('restart', forgot && t.last('node.restarted', crash.step, forgot.step, (e) => e.node === producer), [producer], {});
    links.add('forgot', forgot, [producer], {});
  }
}

function explainSendOnly(t: TraceIndex, links: Links, id: MessageId, step: number): void {
  const send = t.first('producer.send', step, step, (e) => e.messageId === id);
  links.add(send && send.event.sendNo > 1 ? 'send-again' : 'send', send, send ? [nodeOf(send.event, 'producer')] : [], send ? { n: send.event.sendNo, why: 'app' } : {});
}

/** A copy stayed in the log: what the consumers did with it, and why no effect followed. */
function neverProcessed(t: TraceIndex, links: Links, m: MessageLedger, copy: MessageLedger['appends'][number], endStep: number): void {
  const id = m.messageId;
  const lost = m.services?.find((o) => o.status === 'lost')?.service;
  const deliveries = m.deliveries.filter((d) => d.service === lost);
  const d = deliveries.at(-1);
  if (!d) {
    // Never handed to the application: the consumer started past it.
    const fetched = t.last('consumer.committedOffset', copy.step, endStep, (e) => e.offsets.some((o) => o.partition === copy.partition && o.offset !== null && o.offset > copy.offset));
    if (fetched) links.add('offset-fetch', fetched, [nodeOf(fetched.event, 'consumer'), 'broker'], { partition: copy.partition, committed: fetched.event.offsets.find((o) => o.partition === copy.partition)!.offset ?? 'none' });
    const reset = t.last('consumer.offsetReset', copy.step, endStep, (e) => e.offsets.some((o) => o.partition === copy.partition && o.offset !== null && o.offset > copy.offset));
    if (reset) links.add('offset-reset', reset, [nodeOf(reset.event, 'consumer')], { policy: reset.event.policy, offset: reset.event.offsets.find((o) => o.partition === copy.partition)!.offset ?? 'none' });
    return;
  }
  const consumer = addPoll(t, links, id, d) ?? 'consumer';
  // The database skipped it: the skip, and for a cache hit the key its failed write left behind.
  const skip = m.effectsSkipped.filter((s) => s.service === lost && s.step >= d.step).at(-1);
  if (skip) {
    const e = t.first(SKIP_EVENTS[skip.reason], skip.step, skip.step, (x) => 'messageId' in x && x.messageId === id);
    const sink = e?.event.instance ?? 'sink';
    if (skip.reason === 'cache-hit') {
      const key = links.add('cache-key', t.last('sink.cacheKeySet', 0, skip.step, (x) => x.messageId === id), [sink], {});
      const failed = key && t.first('sink.writeFailed', key.step, skip.step, (x) => x.messageId === id);
      links.add('write-failed', failed, [sink], {});
      const first = deliveries.filter((x) => key && x.step <= key.step).at(-1);
      if (first) {
        const reader = addPoll(t, links, id, first) ?? consumer;
        explainReread(t, links, reader, consumer, d.partition, first.step, d.step);
      }
    }
    if (e?.event.type === 'sink.oldIdSkipped') {
      const last = e.event.last;
      const by = t.last('sink.applied', 0, skip.step, (x) => x.lastId === last);
      if (by) links.add('effect', by, [sink], { row: by.event.row, n: 0, offset: by.event.offset, other: by.event.messageId });
    }
    links.add('effect-skipped', e, [sink], { reason: skip.reason, ...(e?.event.type === 'sink.oldIdSkipped' ? { id: e.event.id, last: e.event.last } : {}) });
    return;
  }
  for (let at = d.step; ; ) {
    const failed = t.first('sink.writeFailed', at, endStep, (x) => x.messageId === id);
    if (!failed) break;
    links.add('write-failed', failed, [nodeOf(failed.event, 'sink')], {});
    at = failed.step + 1;
  }
  const skipped = t.first('consumer.recordSkipped', d.step, endStep, (x) => x.messageId === id);
  links.add('processing-failed', skipped, [consumer], skipped ? { attempt: skipped.event.attempts, max: skipped.event.attempts, stage: 'skipped' } : {});
  // Committed past the record before it was processed, then the consumer went down.
  const commit = t.first('consumer.commit', d.step, endStep, (e) => nodeOf(e, 'consumer') === consumer && e.offsets.some((o) => o.partition === d.partition && o.offset > d.offset));
  links.add('commit', commit, [consumer, 'broker'], { offset: commit?.event.offsets.find((o) => o.partition === d.partition)?.offset ?? '', method: commit?.event.method ?? '', record: d.offset });
  const crash = t.first('node.crashed', d.step, endStep, (e) => e.node === consumer);
  if (crash) explainReread(t, links, consumer, consumer, d.partition, d.step, endStep);
  else {
    const fetched = t.first('consumer.committedOffset', d.step, endStep, (e) => e.offsets.some((o) => o.partition === d.partition && o.offset !== null && o.offset > d.offset));
    if (fetched) links.add('offset-fetch', fetched, [nodeOf(fetched.event, 'consumer'), 'broker'], { partition: d.partition, committed: fetched.event.offsets.find((o) => o.partition === d.partition)!.offset ?? 'none' });
  }
}
