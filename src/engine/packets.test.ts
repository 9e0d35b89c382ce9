/** Packets read from the trace: ends, retries, copies, what is in flight at a step, and positions. */
import { describe, expect, it } from 'vitest';
import { buildPackets, droppedNear, inFlightAt, progressAt } from './packets';
import { runScenario } from './testing';

const alo = () =>
  runScenario({ preset: 'at-least-once', settings: { producer: { 'request.timeout.ms': 1000 } }, produce: { count: 3, intervalMs: 2000 }, faults: [{ type: 'drop', message: 'ProduceResponse', nth: 2 }] });

describe('packets', () => {
  it('one per message sent, each with its end', () => {
    const r = alo();
    const packets = buildPackets(r.timeline.steps);
    const sent = r.timeline.steps.flatMap((s) => s.events).filter((e) => e.type === 'net.sent');
    expect(packets.map((p) => p.id)).toEqual(sent.map((e) => (e.type === 'net.sent' ? e.msg.id : 0)));
    const lostAck = packets.find((p) => p.kind === 'ProduceResponse' && p.nth === 2)!;
    expect(lostAck).toMatchObject({ outcome: 'dropped', dropReason: 'fault' });
    for (const p of packets) if (p.outcome === 'delivered') expect(p.endAt).toBe(p.deliverAt);
  });

  it('marks the producer retry and only it', () => {
    const packets = buildPackets(alo().timeline.steps);
    const requests = packets.filter((p) => p.kind === 'ProduceRequest');
    expect(requests.map((p) => p.retry)).toEqual([false, false, true, false]);
  });

  it('in flight at a step: sent by then, not yet ended, the same as reading the trace up to it', () => {
    const r = runScenario({ preset: 'idempotent-consumer', seed: 4, produce: { count: 8, intervalMs: 3 }, settings: { network: { dropProbability: 0.1, jitterMs: 4 } } });
    const steps = r.timeline.steps;
    const packets = buildPackets(steps);
    const open = new Set<number>();
    for (const s of steps) {
      for (const e of s.events) {
        if (e.type === 'net.sent') open.add(e.msg.id);
        if (e.type === 'net.duplicated') open.add(e.copyId);
        if (e.type === 'net.delivered' || e.type === 'net.dropped') open.delete(e.id);
      }
      expect(inFlightAt(packets, s.index).map((p) => p.id).sort((a, b) => a - b), `step ${s.index}`).toEqual([...open].sort((a, b) => a - b));
    }
    expect(packets.some((p) => p.outcome === 'dropped' && p.dropReason === 'random')).toBe(true);
  });

  it('a duplicated message is two packets, the second a copy', () => {
    const r = runScenario({ preset: 'idempotent-consumer', faults: [{ type: 'duplicate', message: 'ProduceRequest', nth: 1 }] });
    const requests = buildPackets(r.timeline.steps).filter((p) => p.kind === 'ProduceRequest');
    expect(requests[1]).toMatchObject({ copyOf: requests[0]!.id, outcome: 'delivered' });
  });

  it('position: 0 when sent, 1 on arrival; a lost packet stops where it was lost', () => {
    const packets = buildPackets(alo().timeline.steps);
    const p = packets.find((x) => x.outcome === 'delivered' && x.deliverAt > x.sentAt)!;
    expect(progressAt(p, p.sentAt)).toBe(0);
    expect(progressAt(p, (p.sentAt + p.deliverAt) / 2)).toBeCloseTo(0.5);
    expect(progressAt(p, p.deliverAt + 100)).toBe(1);
    const lost = packets.find((x) => x.outcome === 'dropped')!;
    expect(progressAt(lost, lost.deliverAt + 100)).toBeCloseTo((lost.endAt - lost.sentAt) / (lost.deliverAt - lost.sentAt));
    expect(droppedNear(packets, lost.endStep!).map((x) => x.id)).toContain(lost.id);
    expect(droppedNear(packets, lost.endStep! + 3).map((x) => x.id)).not.toContain(lost.id);
  });
});
