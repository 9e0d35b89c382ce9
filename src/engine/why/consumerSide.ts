/**
 * The consumer's part of a chain: the poll that handed the record over, the effect, and why a
 * record was read again (a crash that lost the position, a rebalance, the committed offset the
 * OffsetFetch returned) or never processed (committed before processing, then a crash).
 */
import type { At, InService, MessageLedger, Where } from '../ledger';
import type { MessageId, NodeId } from '../types';
import type { Links } from './links';
import { nodeOf, type Found, type TraceIndex } from './trace';

type Delivery = MessageLedger['deliveries'][number];

const same = (a: Where & InService, b: Where & InService) => a.partition === b.partition && a.offset === b.offset && a.service === b.service;

/** The `consumer.polled` of a delivery, as a link; returns the consumer that polled it. */
export function addPoll(t: TraceIndex, links: Links, messageId: MessageId, d: Delivery): NodeId | undefined {
  const polled = t.first('consumer.polled', d.step, d.step, (e) => e.records.some((r) => r.messageId === messageId && r.offset === d.offset && r.partition === d.partition));
  if (!polled) return undefined;
  const node = nodeOf(polled.event, 'consumer');
  const fetch = t.arrivalAt(d.step);
  links.add('poll', polled, [node, ...(fetch ? [fetch.from] : [])], { offset: d.offset, partition: d.partition }, fetch ? [fetch.id] : []);
  return node;
}

/** The `sink.applied` (or the copier's COMMIT marker) of an effect, as a link. */
export function addEffect(t: TraceIndex, links: Links, messageId: MessageId, e: At & Where & { row: number }, n: number, to: Links = links): Found | undefined {
  const applied = t.first('sink.applied', e.step, e.step, (x) => x.messageId === messageId && x.offset === e.offset && x.row === e.row);
  if (applied) {
    const write = t.arrivalAt(e.step);
    return to.add('effect', applied, [nodeOf(applied.event, 'sink'), ...(write ? [write.from] : [])], { row: e.row, n, offset: e.offset }, write ? [write.id] : []);
  }
  const marker = t.first('broker.markerWritten', e.step, e.step, (x) => x.topic === 'output' && x.result === 'COMMIT');
  return to.add('effect', marker, ['broker'], { row: e.row, n, offset: e.offset, output: 1 });
}

/** The delivery an effect came from: the last one of its copy, before it, in its service. */
export function deliveryOf(m: MessageLedger, e: At & Where & InService): Delivery | undefined {
  return m.deliveries.filter((d) => d.step <= e.step && same(d, e)).at(-1);
}

/**
 * Why `consumer` read partition `partition` again between steps `from` and `to`: the earlier reader
 * crashed (what it lost), came back, the group removed it and gave the partition out, and the
 * OffsetFetch returned the committed offset (or there was none, and auto.offset.reset chose).
 */
export function explainReread(t: TraceIndex, links: Links, earlier: NodeId, consumer: NodeId, partition: number, from: number, to: number): void {
  const crash = t.first('node.crashed', from, to, (e) => e.node === earlier);
  if (crash) {
    links.add('crash', crash, [earlier], { lost: crash.event.lost.map((l) => `${l.what}:${l.count}`).join(','), point: crash.event.point ?? '' });
    links.add('restart', t.first('node.restarted', crash.step, to, (e) => e.node === earlier), [earlier], {});
  }
  const removed = t.last('broker.memberRemoved', from, to);
  if (removed && (crash || earlier !== consumer)) links.add('member-removed', removed, ['broker', earlier], { member: removed.event.member, reason: removed.event.reason, ms: removed.event.afterMs });
  const joined = t.last('consumer.joined', from, to, (e) => nodeOf(e, 'consumer') === consumer && e.assignment.includes(partition));
  if (joined && (earlier !== consumer || !crash)) links.add('assigned', joined, [consumer], { partition, generation: joined.event.generation });
  const fetched = t.last('consumer.committedOffset', from, to, (e) => nodeOf(e, 'consumer') === consumer && e.offsets.some((o) => o.partition === partition));
  if (fetched) {
    const committed = fetched.event.offsets.find((o) => o.partition === partition)!.offset;
    const answer = t.arrivalAt(fetched.step);
    links.add('offset-fetch', fetched, [consumer, 'broker'], { partition, committed: committed ?? 'none' }, answer ? [answer.id] : []);
    if (committed === null) {
      const reset = t.first('consumer.offsetReset', fetched.step, to, (e) => nodeOf(e, 'consumer') === consumer);
      if (reset) links.add('offset-reset', reset, [consumer], { policy: reset.event.policy, offset: reset.event.offsets.find((o) => o.partition === partition)?.offset ?? 'none' });
    }
  }
  const read = t.last('sink.offsetsRead', from, to);
  if (read && !fetched) links.add('offset-fetch', read, [consumer, nodeOf(read.event, 'sink')], { partition, committed: read.event.offsets.find((o) => o.partition === partition)?.offset ?? 'none', db: 1 });
}

/** Processing attempts of the message that threw between two steps (the error handler retries in place). */
export function addFailures(t: TraceIndex, links: Links, messageId: MessageId, from: number, to: number): void {
  for (let at = from; ; ) {
    const f = t.first('consumer.processingFailed', at, to, (e) => e.messageId === messageId);
    if (!f) return;
    links.add('processing-failed', f, [nodeOf(f.event, 'consumer')], { attempt: f.event.attempt, max: f.event.maxAttempts, stage: f.event.stage });
    at = f.step + 1;
  }
}

/** The trace event of each reason the database skips a write. */
export const SKIP_EVENTS = {
  'processed-id': 'sink.duplicateSkipped',
  'unique-key': 'sink.conflictSkipped',
  'stale-version': 'sink.staleSkipped',
  'old-id': 'sink.oldIdSkipped',
  'cache-hit': 'sink.cacheHitSkipped',
  'unique-key-behind-cache': 'sink.conflictBehindCache',
  'offset-stored': 'sink.offsetSkipped',
} as const;
