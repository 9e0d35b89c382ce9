/**
 * Engine throughput: simulated events per second on a 10,000-message idempotent-consumer run (the former exactly-once preset) with 1%
 * random message loss, and the engine's cost per event divided by a bare xstate actor.send on a
 * trivial machine, measured in the same process.
 */
import { createActor, createMachine } from 'xstate';
import { buildLedger, parseScenario, Timeline } from '../src/engine';

function bareSendMicros(n: number): number {
  const toggle = createMachine({ initial: 'off', states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } } });
  const actor = createActor(toggle).start();
  const event = { type: 'TOGGLE' } as const;
  for (let i = 0; i < 20_000; i++) actor.send(event); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) actor.send(event);
  return ((performance.now() - t0) * 1000) / n;
}

function engineRun(messages: number) {
  const p = parseScenario({
    preset: 'idempotent-consumer',
    seed: 42,
    produce: { count: messages, intervalMs: 10 },
    // Batching as Kafka does by default (16 KB): up to 16 records per batch, linger.ms 5.
    settings: { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000, 'batch.size': 16 }, consumer: { 'request.timeout.ms': 1000 } },
    horizonMs: 86_400_000,
  });
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  const t0 = performance.now();
  const timeline = Timeline.start(p.run).runToEnd();
  const ms = performance.now() - t0;
  const ledger = buildLedger(p.run.messages, timeline.steps);
  const events = timeline.lastIndex;
  return { ms, events, traceEvents: timeline.steps.reduce((n, s) => n + s.events.length, 0), summary: ledger.summary, end: timeline.done };
}

const RUNS = 5;

export function benchEngine() {
  engineRun(500); // warm up the JIT
  const runs = Array.from({ length: RUNS }, () => engineRun(10_000)).sort((a, b) => a.ms - b.ms);
  const best = runs[0]!;
  const median = runs[Math.floor(RUNS / 2)]!;
  const send = Math.min(bareSendMicros(300_000), bareSendMicros(300_000));
  const figures = (r: typeof best) => {
    const perEvent = (r.ms * 1000) / r.events;
    return { runMs: Math.round(r.ms), eventsPerSecond: Math.round(r.events / (r.ms / 1000)), microsPerEvent: +perEvent.toFixed(2), ratio: +(perEvent / send).toFixed(2) };
  };
  return {
    messages: 10_000,
    runs: RUNS,
    simulatedEvents: best.events,
    traceEvents: best.traceEvents,
    best: figures(best),
    median: figures(median),
    bareActorSendMicros: +send.toFixed(2),
    outcome: best.summary,
  };
}
