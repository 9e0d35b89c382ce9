import { describe, expect, it } from 'vitest';
import { Timeline, buildPackets, parseScenario, type MessageKind, type Packet } from '../../engine';
import { nextOfKind, upcomingKinds } from './faultMenu';

/** The definitions, read straight off the packets (what the indexed versions must agree with). */
function nextOfKindByScan(packets: readonly Packet[], cursor: number, kind: MessageKind): number {
  let sent = 0;
  for (const p of packets) if (p.sentStep <= cursor && p.kind === kind && p.copyOf === undefined) sent = Math.max(sent, p.nth);
  return sent + 1;
}
function upcomingByScan(packets: readonly Packet[], cursor: number, responses: boolean): MessageKind[] {
  const kinds: MessageKind[] = [];
  for (const p of packets) {
    if (p.sentStep <= cursor || p.copyOf !== undefined) continue;
    const isResponse = p.kind.endsWith('Response') || p.kind === 'SinkWriteAck';
    if (isResponse === responses && !kinds.includes(p.kind)) kinds.push(p.kind);
  }
  return kinds;
}

describe('the break-it bar counts sends from an index', () => {
  it.each([
    ['at-least-once, lossy', { preset: 'at-least-once', produce: { count: 20, intervalMs: 50 }, settings: { network: { dropProbability: 0.1 } }, seed: 4 }],
    ['exactly-once with copies', { preset: 'exactly-once', produce: { count: 10, intervalMs: 80 }, faults: [{ type: 'duplicate', message: 'FetchResponse', nth: 2 }] }],
  ])('%s: the same answers as a scan at every step', (_name, input) => {
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const steps = Timeline.start(parsed.run).runToEnd().steps;
    const packets = buildPackets(steps);
    const kinds = [...new Set(packets.map((p) => p.kind))];
    expect(kinds.length).toBeGreaterThan(3);
    for (let cursor = 0; cursor < steps.length; cursor++) {
      for (const responses of [false, true]) expect(upcomingKinds(packets, cursor, responses), `step ${cursor}`).toEqual(upcomingByScan(packets, cursor, responses));
      for (const kind of kinds) expect(nextOfKind(packets, cursor, kind)).toBe(nextOfKindByScan(packets, cursor, kind));
    }
  });
});
