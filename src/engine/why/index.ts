/**
 * Why?: the causal chain of one thing the ledger counts. Every step of a run handles one agenda
 * item and a network message arrives only after the step that sent it, so the chain is walked back
 * through the trace: an effect from its database write to the poll that handed the record over, to
 * the append of that copy, to the produce request and the send() behind it. What made a second copy
 * or a second read is something that did not happen (an ack lost, a timeout, a crash that lost a
 * position): the chain names it too. A loss explains an absence: the last thing that happened to
 * the message, and why nothing came after it.
 */
import type { Ledger, MessageLedger } from '../ledger';
import type { Step } from '../types';
import { addEffect, addFailures, addPoll, deliveryOf, explainReread, SKIP_EVENTS } from './consumerSide';
import { Links } from './links';
import { explainLoss } from './loss';
import { appendAt, explainAppend } from './producerSide';
import { TraceIndex } from './trace';
import type { WhyChain, WhyLink, WhyTarget } from './types';

export type { WhyChain, WhyKind, WhyLink, WhyTarget, WhyVars } from './types';

/** The why-chain of a message's n-th effect or of its loss, from a finished run's steps and its ledger (null: no such thing). */
export function whyChain(steps: readonly Step[], ledger: Ledger, target: WhyTarget): WhyChain | null {
  const m = ledger.messages.find((x) => x.messageId === target.messageId);
  if (!m) return null;
  const t = new TraceIndex(steps);
  if ('loss' in target) {
    if (m.status !== 'lost' || ledger.endStep === null) return null;
    return { target, links: explainLoss(t, m, ledger.endStep), after: [] };
  }
  const effect = m.effects[target.effect - 1];
  if (!effect) return null;
  const links = new Links(t);
  const after = new Links(t);
  effectCauses(t, links, after, m, target.effect);
  const all = links.list();
  const at = all.findIndex((l) => l.kind === 'effect' && l.vars.n === target.effect);
  const end = all[at]!;
  const later = (l: WhyLink) => l.step > end.step || (l.step === end.step && l.index > end.index);
  // What led to a later rejected copy but happened before the effect (its ack lost) is told in its place.
  const causes = [...all.slice(0, at + 1), ...after.list().filter((l) => !later(l) && !all.some((x) => x.step === l.step && x.index === l.index))];
  causes.sort((a, b) => a.step - b.step || a.index - b.index);
  return { target, links: causes, after: after.list().filter(later) };
}

/** What a message's "Why?" explains: its duplicate (the second effect), its loss, else its first effect (null: nothing yet). */
export function whyTargetOf(m: MessageLedger): WhyTarget | null {
  if (m.status === 'lost') return { messageId: m.messageId, loss: true };
  // With several services the duplicate is the second effect in one of them, not the second overall.
  if (m.status === 'duplicated') return { messageId: m.messageId, effect: m.services ? m.effects.findIndex((e) => e.step === m.duplicatedAt) + 1 : 2 };
  return m.effects.length > 0 ? { messageId: m.messageId, effect: 1 } : null;
}

function effectCauses(t: TraceIndex, links: Links, after: Links, m: MessageLedger, n: number): void {
  const id = m.messageId;
  const effect = m.effects[n - 1]!;
  addEffect(t, links, id, effect, n);
  const d = deliveryOf(m, effect);
  if (!d) return;
  const consumer = addPoll(t, links, id, d);
  const earlier = m.effects.slice(0, n - 1).filter((e) => e.service === effect.service).at(-1);
  // The same delivery written twice: processing threw after its write, and the error handler ran it again.
  if (earlier && earlier.step >= d.step && earlier.offset === effect.offset) {
    addEffect(t, links, id, earlier, m.effects.indexOf(earlier) + 1);
    addFailures(t, links, id, earlier.step, effect.step);
  }
  // The same copy read again: what made the consumer go back.
  const before = m.deliveries.filter((x) => x.step < d.step && x.partition === d.partition && x.offset === d.offset && x.service === d.service).at(-1);
  if (before && consumer) {
    const reader = addPoll(t, links, id, before);
    const firstEffect = m.effects.find((e) => e.step >= before.step && e.step < d.step && e.service === effect.service);
    if (firstEffect) addEffect(t, links, id, firstEffect, m.effects.indexOf(firstEffect) + 1);
    explainReread(t, links, reader ?? consumer, consumer, d.partition, before.step, d.step);
    addFailures(t, links, id, before.step, d.step);
  }
  const append = m.appends.filter((a) => a.step <= d.step && a.partition === d.partition && a.offset === d.offset).at(-1);
  const found = append && appendAt(t, id, append.step, append.partition, append.offset);
  if (found) explainAppend(t, links, id, found, after);
  // Later copies of the message the database recognised: why there is no further effect.
  for (const skip of m.effectsSkipped.filter((s) => s.step > effect.step && s.service === effect.service)) {
    const sd = deliveryOf(m, skip);
    if (sd && sd.step > effect.step) {
      const reader = addPoll(t, after, id, sd);
      if (reader && consumer) explainReread(t, after, consumer, reader, sd.partition, d.step, sd.step);
    }
    const e = t.first(SKIP_EVENTS[skip.reason], skip.step, skip.step, (x) => 'messageId' in x && x.messageId === id);
    after.add('effect-skipped', e, [e ? (e.event.instance ?? 'sink') : 'sink'], { reason: skip.reason });
  }
}
