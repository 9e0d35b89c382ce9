/**
 * Why-chains against every bundled scenario (each lost or duplicated message gets a chain that
 * ends in the right thing and names a cause), a few precise chains, and a property: for random
 * fault schedules every chain is in the run's order and every link names an event its step holds.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleArb, type Preset } from '../faultSchedules';
import type { Ledger } from '../ledger';
import { runScenario } from '../testing';
import type { Step } from '../types';
import { whyChain, whyTargetOf, type WhyChain, type WhyKind } from './index';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const scenario = (id: string) => runScenario(JSON.parse(readFileSync(`${dir}/${id}.json`, 'utf8')) as Record<string, unknown>);

/** What makes a second copy, a second read or an absence. */
const CAUSES: readonly WhyKind[] = [
  'request-lost', 'ack-lost', 'rejected', 'retry', 'send-again', 'send-failed', 'crash', 'forgot', 'truncated', 'commit',
  'processing-failed', 'write-failed', 'effect-skipped', 'unacknowledged', 'member-removed', 'assigned', 'redrive',
];

const kinds = (c: WhyChain | null) => c!.links.map((l) => l.kind);

/** Every link is in the run's order and is the event its step holds at its index. */
function checkLinks(steps: readonly Step[], c: WhyChain): void {
  const all = [...c.links, ...c.after];
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [all[i - 1]!, all[i]!];
    expect(a.step < b.step || (a.step === b.step && a.index < b.index), `link ${i} after link ${i - 1}`).toBe(true);
  }
  for (const l of all) {
    expect(steps[l.step]!.events[l.index]?.type, `${l.kind} at #${l.step}`).toBe(l.event);
    expect(steps[l.step]!.time).toBe(l.time);
  }
}

function chainsOf(steps: readonly Step[], ledger: Ledger): { id: string; status: string; chain: WhyChain | null }[] {
  return ledger.messages
    .filter((m) => m.status === 'lost' || m.status === 'duplicated')
    .map((m) => ({ id: m.messageId, status: m.status, chain: whyChain(steps, ledger, whyTargetOf(m)!) }));
}

describe('every lost or duplicated message of every scenario has a chain', () => {
  it.each(files)('%s', (file) => {
    const { timeline, ledger } = scenario(file.replace(/\.json$/, ''));
    for (const { id, status, chain } of chainsOf(timeline.steps, ledger)) {
      expect(chain, id).not.toBeNull();
      checkLinks(timeline.steps, chain!);
      const last = chain!.links.at(-1)!;
      if (status === 'lost') expect(last.kind, id).toBe('no-effect');
      else {
        expect(last.kind, id).toBe('effect');
        expect(last.vars.n, id).toBe(2);
        expect(last.step, id).toBe(ledger.messages.find((m) => m.messageId === id)!.duplicatedAt);
      }
      expect(kinds(chain).some((k) => CAUSES.includes(k)), `${id}: a cause in ${kinds(chain).join(' ')}`).toBe(true);
      expect(kinds(chain)[0], `${id} starts with its send()`).toBe('send');
    }
  });
});

describe('precise chains', () => {
  it('alo-lost-ack: the duplicate comes from the lost ProduceResponse, the retry and a second append', () => {
    const { timeline, ledger } = scenario('alo-lost-ack');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 2 })!;
    expect(kinds(c)).toEqual(['send', 'append', 'ack-lost', 'retry', 'append', 'poll', 'effect']);
    const lost = c.links[2]!;
    const dropped = timeline.steps[lost.step]!.events[lost.index]!;
    expect(dropped).toMatchObject({ type: 'net.dropped', kind: 'ProduceResponse', reason: 'fault' });
    expect(c.links[3]!.vars).toMatchObject({ error: 'REQUEST_TIMED_OUT', attempt: 2 });
    expect([c.links[1]!.vars.offset, c.links[4]!.vars.offset, c.links[5]!.vars.offset]).toEqual([1, 2, 2]);
    // The first effect is the first copy's, with nothing of the retry in it.
    expect(kinds(whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 1 }))).toEqual(['send', 'append', 'poll', 'effect']);
  });

  it('amo-lost-request: acks=0, the request lost, nobody knew, nothing stored', () => {
    const { timeline, ledger } = scenario('amo-lost-request');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', loss: true })!;
    expect(kinds(c)).toEqual(['send', 'unacknowledged', 'request-lost', 'no-effect']);
    expect(c.links.at(-1)!.vars.stored).toBe(0);
    expect(whyChain(timeline.steps, ledger, { messageId: 'm1', loss: true })).toBeNull();
  });

  it('alo-crash-after-processing: the crash lost the uncommitted position, the OffsetFetch returned the old offset', () => {
    const { timeline, ledger } = scenario('alo-crash-after-processing');
    const c = whyChain(timeline.steps, ledger, whyTargetOf(ledger.messages.find((m) => m.messageId === 'm2')!)!)!;
    expect(kinds(c)).toEqual(['send', 'append', 'poll', 'effect', 'crash', 'restart', 'member-removed', 'offset-fetch', 'poll', 'effect']);
    expect(c.links[4]!.vars).toMatchObject({ lost: 'position:1', point: 'after-processing-before-commit' });
    expect(c.links[7]!.vars.committed).toBe(1);
    expect(c.links[8]!.vars.offset).toBe(1);
  });

  it('amo-crash-after-commit: committed before processing, crashed, restarted past the record', () => {
    const { timeline, ledger } = scenario('amo-crash-after-commit');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', loss: true })!;
    expect(kinds(c)).toEqual(['send', 'append', 'poll', 'commit', 'crash', 'restart', 'member-removed', 'offset-fetch', 'no-effect']);
    expect(c.links[3]!.vars).toMatchObject({ offset: 2, record: 1 });
    expect(c.links[7]!.vars.committed).toBe(2);
  });

  it('idempotent-producer-lost-ack: the effect chain shows the broker rejecting the retry as a duplicate', () => {
    const { timeline, ledger } = scenario('idempotent-producer-lost-ack');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 1 })!;
    expect(kinds(c)).toEqual(['send', 'append', 'ack-lost', 'poll', 'effect']);
    expect(c.after.map((l) => l.kind)).toEqual(['retry', 'duplicate-rejected']);
    expect(c.after[1]!.vars).toMatchObject({ offset: 1, attempt: 2 });
    expect(whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 2 })).toBeNull();
  });

  it('idempotent-consumer-crash-after-processing: the second copy read is skipped by the database', () => {
    const { timeline, ledger } = scenario('idempotent-consumer-crash-after-processing');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 1 })!;
    expect(c.after.map((l) => l.kind)).toEqual(['crash', 'restart', 'member-removed', 'offset-fetch', 'poll', 'effect-skipped']);
    expect(c.after.at(-1)!.vars.reason).toBe('processed-id');
  });

  it('producer-restart-new-pid: the outbox sends again after the restart', () => {
    const { timeline, ledger } = scenario('producer-restart-new-pid');
    const c = whyChain(timeline.steps, ledger, { messageId: 'm2', effect: 2 })!;
    expect(kinds(c)).toEqual(['send', 'append', 'crash', 'ack-lost', 'restart', 'send-again', 'append', 'poll', 'effect']);
    expect(c.links[5]!.vars.why).toBe('restart');
  });
});

describe('property: chains under random fault schedules', () => {
  it.each<Preset>(['at-most-once', 'at-least-once', 'idempotent-consumer'])('%s: in order, every link a real event, ends in its target', (preset) => {
    fc.assert(
      fc.property(scheduleArb(preset), (s) => {
        const r = runScenario({
          preset,
          seed: s.seed,
          produce: { count: s.count, intervalMs: 10 },
          settings: { producer: { 'request.timeout.ms': 1000 }, consumer: { 'max.poll.records': s.maxPollRecords, 'request.timeout.ms': 1000 }, network: { jitterMs: 3 } },
          faults: s.faults,
          horizonMs: 3_600_000,
        });
        const steps = r.timeline.steps;
        for (const m of r.ledger.messages) {
          const targets = [...m.effects.map((_, k) => ({ messageId: m.messageId, effect: k + 1 })), ...(m.status === 'lost' ? [{ messageId: m.messageId, loss: true as const }] : [])];
          for (const target of targets) {
            const c = whyChain(steps, r.ledger, target);
            expect(c).not.toBeNull();
            checkLinks(steps, c!);
            expect(c!.links.at(-1)!.kind).toBe('loss' in target ? 'no-effect' : 'effect');
          }
        }
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });
});
