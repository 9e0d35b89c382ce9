/**
 * A run too long to keep whole (100,000 messages is about 517,000 steps; the whole trace, ledger
 * and checkpoints take some 650 MB). A long run keeps:
 * - the last `window` steps (a ring: never more), for the stage;
 * - two states, at the last two multiples of `window`, so the window's first state is at most
 *   `window` replayed steps away;
 * - the compact ledger (compactLedger.ts): the whole run's verdict, counters per message;
 * - the chained hash of every step, equal to traceHash of the whole trace.
 * Everything else (older steps, their states, the ledger's rows) is dropped as it goes. It advances
 * in slices (`advance(n)`), so the page can compute between frames and stop when asked.
 */
import { CompactLedger } from './compactLedger';
import { chainHash, hashHex } from './hash';
import { initialState, step, type RunConfig, type SimState } from './simulation';
import { Timeline } from './timeline';
import type { Step } from './types';

/** Steps the stage keeps of a long run unless told otherwise. */
export const LONG_RUN_WINDOW = 500;

export class LongRun {
  readonly ledger: CompactLedger;
  private readonly ring: (Step | undefined)[];
  private head: SimState;
  private lastStep: Step;
  private hash = 0;
  /** The states after the last two steps whose index is a multiple of `window` (the older first). */
  private marks: [SimState, SimState];

  private constructor(
    readonly run: RunConfig,
    readonly window: number,
  ) {
    const { state, events } = initialState(run);
    const first: Step = { index: 0, time: 0, events };
    this.ledger = new CompactLedger(run, window);
    this.ring = new Array<Step | undefined>(window);
    this.head = state;
    this.lastStep = first;
    this.marks = [state, state];
    this.keep(first);
  }

  /** A long run at step 0, keeping the last `window` steps. */
  static start(run: RunConfig, window = LONG_RUN_WINDOW): LongRun {
    return new LongRun(run, Math.max(1, Math.floor(window)));
  }

  private keep(s: Step): void {
    this.ring[s.index % this.window] = s;
    this.hash = chainHash(this.hash, s);
    this.ledger.add(s);
    this.lastStep = s;
  }

  /** The index of the last step so far. */
  get lastIndex(): number {
    return this.lastStep.index;
  }

  get done(): SimState['done'] {
    return this.head.done;
  }

  /** The state after the last step. */
  get current(): SimState {
    return this.head;
  }

  /** traceHash of every step so far (none of which need be kept). */
  get traceHash(): string {
    return hashHex(this.hash);
  }

  /** Runs up to `maxSteps` more steps; true when the run is over. */
  advance(maxSteps: number): boolean {
    for (let n = 0; n < maxSteps && !this.head.done; n++) {
      const r = step(this.run, this.head);
      if (!r) break;
      this.head = r.state;
      this.keep({ index: r.state.step, time: r.state.now, events: r.events });
      if (r.state.step % this.window === 0) this.marks = [this.marks[1], r.state];
    }
    return this.head.done !== null;
  }

  /** The kept steps, oldest first: the last `window` steps (all of them in a shorter run). */
  windowSteps(): Step[] {
    const from = this.windowStart;
    const out: Step[] = [];
    for (let i = from; i <= this.lastIndex; i++) out.push(this.ring[i % this.window]!);
    return out;
  }

  /** The index of the first kept step. */
  get windowStart(): number {
    return Math.max(0, this.lastIndex - this.window + 1);
  }

  /** How many steps are kept now (never more than `window`). */
  get keptSteps(): number {
    return this.lastIndex - this.windowStart + 1;
  }

  /**
   * The kept window as a Timeline whose step 0 is the window's first step (Timeline.resume): the
   * stage plays and seeks it like any run. Its steps are the kept steps, renumbered from 0.
   */
  windowTimeline(checkpointEvery?: number): Timeline {
    const from = this.windowStart;
    if (from === 0) return Timeline.start(this.run, checkpointEvery).runTo(this.lastIndex);
    // The state after step `from`: replayed from the mark at or before it (at most `window` steps).
    let s = this.marks[1].step <= from ? this.marks[1] : this.marks[0];
    while (s.step < from) s = step(this.run, s)!.state;
    return Timeline.resume(this.run, s, this.ring[from % this.window]!, checkpointEvery).runTo(this.lastIndex - from);
  }
}

/** Runs a whole long run at once (Node, tests): the page advances it in slices instead. */
export function runLong(run: RunConfig, window = LONG_RUN_WINDOW, maxSteps = 5_000_000): LongRun {
  const r = LongRun.start(run, window);
  while (!r.advance(10_000) && r.lastIndex < maxSteps);
  return r;
}
