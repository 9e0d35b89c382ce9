/**
 * Engine throughput: simulated events per second on a 10,000-message run with 1% random message
 * loss, and the engine's cost per event divided by a bare xstate actor.send on a trivial machine,
 * measured in the same process. One function, `benchEngine`, measures any bench scenario; two are
 * defined: the idempotent consumer (the former exactly-once preset) on one partition, and Kafka
 * transactions (the exactly-once preset: transactional producer, read_committed transactional
 * copier) on three partitions with keyed messages.
 */
import { createActor, createMachine } from 'xstate';
import { buildLedger, parseScenario, Timeline, type ScenarioInput, type TraceEvent } from '../src/engine';

function bareSendMicros(n: number): number {
  const toggle = createMachine({ initial: 'off', states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } } });
  const actor = createActor(toggle).start();
  const event = { type: 'TOGGLE' } as const;
  for (let i = 0; i < 20_000; i++) actor.send(event); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) actor.send(event);
  return ((performance.now() - t0) * 1000) / n;
}

/** A scenario to measure: `scenario(messages)` is the scenario file for a run of that many messages. */
export interface BenchScenario {
  /** What the bench prints after "Engine: 10,000 messages, ". */
  label: string;
  scenario: (messages: number) => ScenarioInput;
}

// Batching as Kafka does by default (16 KB): up to 16 records per batch, linger.ms 5.
const LOSSY_BATCHED = { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000, 'batch.size': 16 }, consumer: { 'request.timeout.ms': 1000 } } as const;

/** The idempotent producer and the processed-ids consumer on one partition (the original bench). */
export const IDEMPOTENT_CONSUMER: BenchScenario = {
  label: 'idempotent-consumer',
  scenario: (messages) => ({
    preset: 'idempotent-consumer',
    seed: 42,
    produce: { count: messages, intervalMs: 10 },
    settings: LOSSY_BATCHED,
    horizonMs: 86_400_000,
  }),
};

/**
 * Six keys cycling k1..k6; Kafka's partitioner (murmur2) puts them on partitions 2, 0, 1, 1, 0, 1
 * of three, so every partition gets records (1/3, 1/2 and 1/6 of them).
 */
export const KEYS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];

/** Kafka transactions on three partitions: the exactly-once preset with keyed messages. */
export const TRANSACTIONS_3_PARTITIONS: BenchScenario = {
  label: `exactly-once (transactional producer + read_committed copier), 3 partitions, ${KEYS.length} keys`,
  scenario: (messages) => ({
    preset: 'exactly-once',
    seed: 42,
    produce: { count: messages, intervalMs: 10, keys: KEYS },
    settings: { ...LOSSY_BATCHED, topic: { partitions: 3 } },
    horizonMs: 86_400_000,
  }),
};

/** Records the broker appended to each partition of the input topic (the copier's output topic not counted). */
function appendsPerPartition(events: Iterable<TraceEvent>, partitions: number): number[] {
  const counts = new Array<number>(partitions).fill(0);
  for (const e of events) {
    if (e.type === 'broker.appended' && e.topic === undefined) counts[e.partition] = (counts[e.partition] ?? 0) + e.messageIds.length;
  }
  return counts;
}

function engineRun(bench: BenchScenario, messages: number) {
  const p = parseScenario(bench.scenario(messages));
  if (!p.ok) throw new Error(`${bench.label}: the engine refused the scenario: ${JSON.stringify(p.issues)}`);
  const t0 = performance.now();
  const timeline = Timeline.start(p.run).runToEnd();
  const ms = performance.now() - t0;
  const ledger = buildLedger(p.run.messages, timeline.steps);
  const events = timeline.lastIndex;
  const partitions = p.run.settings.topic.partitions;
  return {
    ms,
    events,
    traceEvents: timeline.steps.reduce((n, s) => n + s.events.length, 0),
    summary: ledger.summary,
    end: timeline.done,
    partitions,
    appended: partitions > 1 ? appendsPerPartition(timeline.steps.flatMap((s) => s.events), partitions) : undefined,
  };
}

const RUNS = 5;
const MESSAGES = 10_000;

export function benchEngine(bench: BenchScenario = IDEMPOTENT_CONSUMER) {
  engineRun(bench, 500); // warm up the JIT
  const runs = Array.from({ length: RUNS }, () => engineRun(bench, MESSAGES)).sort((a, b) => a.ms - b.ms);
  const best = runs[0]!;
  const median = runs[Math.floor(RUNS / 2)]!;
  const send = Math.min(bareSendMicros(300_000), bareSendMicros(300_000));
  const figures = (r: typeof best) => {
    const perEvent = (r.ms * 1000) / r.events;
    return { runMs: Math.round(r.ms), eventsPerSecond: Math.round(r.events / (r.ms / 1000)), microsPerEvent: +perEvent.toFixed(2), ratio: +(perEvent / send).toFixed(2) };
  };
  return {
    label: bench.label,
    messages: MESSAGES,
    runs: RUNS,
    simulatedEvents: best.events,
    traceEvents: best.traceEvents,
    best: figures(best),
    median: figures(median),
    bareActorSendMicros: +send.toFixed(2),
    outcome: best.summary,
    partitions: best.partitions,
    appendedPerPartition: best.appended,
  };
}
