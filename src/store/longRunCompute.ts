/**
 * A long run in the page (its own chunk, loaded when one starts): the engine's LongRun advanced in
 * slices of a few milliseconds, yielding to the browser between slices so it keeps drawing frames,
 * until the run ends or is cancelled. Then what the page shows of it: the kept window as the stage's
 * timeline, a ledger of the messages the window touches with their whole-run statuses, and the
 * whole run's summary and trace hash.
 */
import { buildLedger, buildPackets, checkExpectation, parseScenario, servicesOf, type Issue, type Ledger, type MessageId, type Step } from '../engine';
import type { LagSample } from '../engine/lag';
import { LongRun, LONG_RUN_WINDOW } from '../engine/longRun';
import type { LoadError } from './errors';
import type { LongRunStart } from './longRunSlice';
import { MAX_LONG_RUN_MESSAGES, wholeRunLedgers, type LabRun, type Source } from './run';
import { loaded, sourceInput, withChanges } from './runSlice';
import type { LabState } from './state';

/** How far a long run has got, for the progress bar. */
export interface LongRunProgress {
  messages: number;
  /** Messages the application has sent so far. */
  sent: number;
  effects: number;
  steps: number;
}

export interface LongRunOptions {
  window?: number;
  /** Milliseconds of computing per slice before yielding to the browser. */
  sliceMs?: number;
  onProgress?: (p: LongRunProgress) => void;
  /** True once the run should stop (checked between slices). */
  cancelled?: () => boolean;
  /** A run that has not ended after this many steps is refused. */
  maxSteps?: number;
}

export type LongRunResult = { ok: true; value: LabRun } | { ok: false; cancelled: true } | { ok: false; issues: Issue[]; tooLong?: number; tooLarge?: number };

/** A run of 100,000 messages is about 517,000 steps; one that is still going at 3,000,000 does not end. */
export const MAX_LONG_RUN_STEPS = 3_000_000;

/** Yields to the browser: a message to ourselves is not clamped like a nested setTimeout (4 ms). */
function yieldToBrowser(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Validates a scenario and runs it as a long run, in slices. */
export async function computeLongRun(input: unknown, options: LongRunOptions = {}): Promise<LongRunResult> {
  const parsed = parseScenario(input);
  if (!parsed.ok) return parsed;
  const n = parsed.run.messages.length;
  if (n > MAX_LONG_RUN_MESSAGES) return { ok: false, issues: [{ path: 'produce', message: `more than ${MAX_LONG_RUN_MESSAGES} messages` }], tooLarge: n };
  const { sliceMs = 8, maxSteps = MAX_LONG_RUN_STEPS } = options;
  const started = performance.now();
  const long = LongRun.start(parsed.run, options.window ?? LONG_RUN_WINDOW);
  const progress = (): LongRunProgress => ({ messages: n, sent: long.ledger.sentCount, effects: long.ledger.effectCount, steps: long.lastIndex });
  for (;;) {
    if (options.cancelled?.()) return { ok: false, cancelled: true };
    const t0 = performance.now();
    let done = false;
    while (!done && performance.now() - t0 < sliceMs) done = long.advance(64);
    if (done) break;
    if (long.lastIndex > maxSteps) return { ok: false, issues: [{ path: '(the run)', message: `the run did not end within ${maxSteps} steps` }], tooLong: maxSteps };
    options.onProgress?.(progress());
    await yieldToBrowser();
  }
  options.onProgress?.(progress());
  const computeMs = performance.now() - started;
  return { ok: true, value: shownOf(long, parsed.scenario, computeMs) };
}

/** The message ids a step's events name. */
function idsIn(s: Step, into: Set<MessageId>): void {
  for (const e of s.events) {
    const x = e as { messageId?: MessageId; messageIds?: readonly MessageId[]; records?: readonly { messageId?: MessageId }[] };
    if (x.messageId) into.add(x.messageId);
    x.messageIds?.forEach((id) => into.add(id));
    x.records?.forEach((r) => r.messageId && into.add(r.messageId));
  }
}

/** The lag samples of the window, renumbered; the lag it started with as a sample at its step 0. */
function windowLag(samples: readonly LagSample[], from: number): LagSample[] {
  const first = samples.findIndex((x) => x.step >= from);
  const kept = first < 0 ? [] : samples.slice(first);
  const before = first < 0 ? samples.at(-1) : samples[first - 1];
  const out = kept.map((x) => ({ ...x, step: x.step - from }));
  if (before && out[0]?.step !== 0) out.unshift({ ...before, step: 0 });
  return out;
}

/** What the page shows of a finished long run: its window, the window's rows with whole-run statuses, the whole run's counts. */
function shownOf(long: LongRun, scenario: LabRun['scenario'], computeMs: number): LabRun {
  const run = long.run;
  const timeline = long.windowTimeline(16);
  const steps = timeline.steps;
  const touched = new Set<MessageId>();
  for (const s of steps) idsIn(s, touched);
  const script = run.messages.filter((m) => touched.has(m.id));
  const window = buildLedger(script, steps, steps.length - 1, { services: servicesOf(run.settings) });
  const from = long.windowStart;
  const summary = long.ledger.summary();
  const endStep = long.ledger.endStep;
  const ledger: Ledger = {
    messages: window.messages.map((m) => {
      const status = long.ledger.statusOf(m.messageId) ?? m.status;
      return { ...m, status, lostAt: status === 'lost' && endStep !== null ? endStep - from : null };
    }),
    summary,
    lag: windowLag(long.ledger.lagSamples, from),
    endStep: endStep === null ? null : endStep - from,
  };
  wholeRunLedgers.add(ledger);
  return {
    scenario,
    run,
    timeline,
    ledger,
    packets: buildPackets(steps),
    traceHash: long.traceHash,
    expectation: checkExpectation(scenario.expect, summary),
    seedMatters: run.settings.network.jitterMs > 0 || run.settings.network.dropProbability > 0,
    longRun: { messages: summary.messages, lastStep: long.lastIndex, windowStart: from, kept: long.keptSteps, window: long.window, computeMs },
  };
}

type Json = Record<string, unknown>;

/** The scenario with `messages` messages: its count replaced, and a horizon long enough to send them all and settle. */
export function withMessageCount(input: Json, messages: number): Json | null {
  const produce = (input.produce ?? { count: 3, intervalMs: 10 }) as Json;
  if (!('count' in produce) && 'messages' in produce) return null;
  const intervalMs = typeof produce.intervalMs === 'number' ? produce.intervalMs : 10;
  const startMs = typeof produce.startMs === 'number' ? produce.startMs : 0;
  const sending = startMs + messages * intervalMs;
  const horizon = typeof input.horizonMs === 'number' ? input.horizonMs : 0;
  // Ten minutes after the last send, at least: the preset's horizon was made for its few messages.
  return { ...input, produce: { ...produce, count: messages }, horizonMs: Math.max(horizon, sending + 600_000) };
}

/**
 * The store's side of startLongRun (longRunSlice.ts): the scenario from the source and the changes,
 * the run in slices with its progress in `longRunJob`, then the run shown (or why not). `superseded`:
 * whether it was cancelled or another run was shown meanwhile.
 */
export async function showLongRun(
  get: () => LabState,
  set: (partial: Partial<LabState>) => void,
  source: Source,
  options: LongRunStart,
  superseded: () => boolean,
): Promise<'shown' | 'cancelled' | 'refused'> {
  const refuse = (error: LoadError) => {
    set({ longRunJob: null, errors: [error] });
    return 'refused' as const;
  };
  const base = sourceInput(get().catalog, source);
  if (!base.ok) return refuse(base.error);
  let input: Json | null = withChanges(base.input, options.changes ?? {});
  if (options.seed !== undefined) input = { ...input, seed: options.seed };
  if (options.messages !== undefined) input = withMessageCount(input, options.messages);
  if (!input) return refuse({ code: 'invalid-run', issues: [{ path: 'produce', message: 'this scenario lists its messages one by one: a long run needs produce.count' }] });
  let shownAt = 0;
  const r = await computeLongRun(input, {
    window: options.window,
    cancelled: superseded,
    onProgress: (p) => {
      // A few updates a second are enough for a progress bar (and cheaper for React).
      const now = performance.now();
      if (now - shownAt < 100 || superseded()) return;
      shownAt = now;
      set({ longRunJob: { source, ...p } });
    },
  });
  if (superseded()) return 'cancelled';
  if (!r.ok) {
    if ('cancelled' in r) return 'cancelled';
    if (r.tooLong) return refuse({ code: 'run-too-long', max: r.tooLong });
    if (r.tooLarge) return refuse({ code: 'run-too-large', messages: r.tooLarge, max: MAX_LONG_RUN_MESSAGES });
    return refuse({ code: 'invalid-run', issues: r.issues });
  }
  const changes = options.changes ?? {};
  // From the panel the count is part of the scenario: the run shown is that scenario.
  const counted = options.messages !== undefined;
  const shown = { ...r.value, source: counted ? ({ kind: 'custom', input } as Source) : source, seed: r.value.scenario.seed };
  set({ ...loaded(shown, get().clock), longRunJob: null, errors: [], ...(counted ? {} : { overrides: changes.settings ?? {}, userFaults: changes.faults ?? [] }) });
  return 'shown';
}
