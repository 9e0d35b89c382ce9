/**
 * Time travel over a run: the steps so far, a checkpoint every CHECKPOINT_EVERY steps, the state
 * at any step (nearest checkpoint + deterministic replay), and forks: the same run with one more
 * fault, replayed from the last checkpoint the fault cannot have touched. A fork is therefore
 * exactly the fresh run of its fault list; the tests hold it to that.
 *
 * A long run keeps at most MAX_CHECKPOINTS checkpoints: when one more would pass the bound, every
 * other checkpoint is dropped and the spacing doubles, so the checkpoints' memory stays bounded and
 * a seek replays at most `spacing - 1` steps (a 1,000,000-step run at the page's 16: every 512).
 */
import { initialState, pointKey, scheduleFault, step, type RunConfig, type SimState } from './simulation';
import type { Fault, Step } from './types';

export const CHECKPOINT_EVERY = 64;
/** The most checkpoints a timeline keeps (see above: beyond it they are thinned). */
export const MAX_CHECKPOINTS = 2048;

export class Timeline {
  private constructor(
    readonly run: RunConfig,
    private readonly stepList: Step[],
    /** checkpoints[i] is the state after step i * every. */
    private readonly checkpoints: SimState[],
    private head: SimState,
    /** Steps between checkpoints: fewer makes stateAt quicker (a seek replays at most every - 1 steps) and keeps more states. Doubles when the checkpoints are thinned. */
    private every: number,
    private readonly maxCheckpoints: number,
  ) {}

  /** A run at step 0: every node started, nothing delivered yet. */
  static start(run: RunConfig, checkpointEvery = CHECKPOINT_EVERY, maxCheckpoints = MAX_CHECKPOINTS): Timeline {
    const { state, events } = initialState(run);
    return new Timeline(run, [{ index: 0, time: 0, events }], [state], state, Math.max(1, Math.floor(checkpointEvery)), Math.max(2, Math.floor(maxCheckpoints)));
  }

  /**
   * A timeline that starts in the middle of a run (a long run's kept window, longRun.ts): `state` is
   * the state after step `first`, which becomes this timeline's step 0, and the steps after it are
   * numbered from there. It replays the same future as the whole run; a fork of it is not a fork of
   * the whole run (its earlier steps are gone), so the page does not fork one.
   */
  static resume(run: RunConfig, state: SimState, first: Step, checkpointEvery = CHECKPOINT_EVERY, maxCheckpoints = MAX_CHECKPOINTS): Timeline {
    const head: SimState = { ...state, step: 0 };
    return new Timeline(run, [{ index: 0, time: first.time, events: first.events }], [head], head, Math.max(1, Math.floor(checkpointEvery)), Math.max(2, Math.floor(maxCheckpoints)));
  }

  /** Steps between checkpoints now (the spacing the timeline started with, doubled at each thinning). */
  get checkpointSpacing(): number {
    return this.every;
  }

  /** How many checkpoints the timeline keeps now (never more than its bound). */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  get steps(): readonly Step[] {
    return this.stepList;
  }

  /** The index of the last step so far. */
  get lastIndex(): number {
    return this.stepList.length - 1;
  }

  /** The state after the last step. */
  get current(): SimState {
    return this.head;
  }

  get done(): SimState['done'] {
    return this.head.done;
  }

  /** Runs one more step; null when the run is over. */
  advance(): Step | null {
    const r = step(this.run, this.head);
    if (!r) return null;
    this.head = r.state;
    const s: Step = { index: r.state.step, time: r.state.now, events: r.events };
    this.stepList.push(s);
    if (s.index % this.every === 0) {
      this.checkpoints.push(r.state);
      if (this.checkpoints.length > this.maxCheckpoints) this.thin();
    }
    return s;
  }

  /** Keeps every other checkpoint (those after a multiple of twice the spacing) and doubles the spacing. */
  private thin(): void {
    let kept = 0;
    for (let i = 0; i < this.checkpoints.length; i += 2) this.checkpoints[kept++] = this.checkpoints[i]!;
    this.checkpoints.length = kept;
    this.every *= 2;
  }

  /** Runs until quiet or past the horizon (or `maxSteps` steps in all). */
  runToEnd(maxSteps = 5_000_000): this {
    while (!this.head.done && this.stepList.length < maxSteps) this.advance();
    return this;
  }

  /** Runs until `index` exists (or the run ends first). */
  runTo(index: number): this {
    while (!this.head.done && this.lastIndex < index) this.advance();
    return this;
  }

  /** The state after step `index` (clamped to the steps run so far). */
  stateAt(index: number): SimState {
    const i = Math.max(0, Math.min(index, this.lastIndex));
    if (i === this.lastIndex) return this.head;
    let s = this.checkpoints[Math.floor(i / this.every)]!;
    while (s.step < i) s = step(this.run, s)!.state;
    return s;
  }

  /** The same run with `fault` added, run up to step `index`: continuing from a past step forks a new future. */
  fork(index: number, fault: Fault): Timeline {
    const run: RunConfig = { ...this.run, faults: [...this.run.faults, fault] };
    const faultIndex = run.faults.length - 1;
    const untouchedBefore = this.earliestEffect(fault);
    let ci = this.checkpoints.length - 1;
    while (ci >= 0 && (this.checkpoints[ci]!.now >= untouchedBefore || this.checkpoints[ci]!.step > index || !this.pointSafe(this.checkpoints[ci]!, fault))) ci--;
    if (ci < 0) return Timeline.start(run, this.every, this.maxCheckpoints).runTo(index);
    const checkpoints = this.checkpoints.slice(0, ci + 1).map((c) => scheduleFault(c, fault, faultIndex));
    const from = checkpoints[ci]!;
    const forked = new Timeline(run, this.stepList.slice(0, from.step + 1), checkpoints, from, this.every, this.maxCheckpoints);
    return forked.runTo(index);
  }

  /** A crash at the n-th occurrence of a point changes nothing before that occurrence. */
  private pointSafe(s: SimState, fault: Fault): boolean {
    if (fault.type !== 'crash' || !('point' in fault)) return true;
    return (s.points[pointKey(fault.node, fault.point)] ?? 0) < (fault.nth ?? 1);
  }

  /** A time before which `fault` cannot change anything in this run. */
  private earliestEffect(fault: Fault): number {
    switch (fault.type) {
      case 'crash':
        return 'atMs' in fault ? fault.atMs : Infinity;
      case 'restart':
      case 'leave':
      case 'redrive':
        return fault.atMs;
      case 'start':
        // A late starter is down from the first step on.
        return 0;
      case 'fail': {
        if (fault.what === 'sink-write') {
          for (const s of this.stepList) {
            for (const e of s.events) {
              if (e.type === 'net.sent' && e.msg.kind === 'SinkWrite' && e.msg.nth === fault.nth) return s.time;
            }
          }
          return Infinity;
        }
        // Nothing changes before the message is first processed.
        for (const s of this.stepList) {
          for (const e of s.events) if (e.type === 'consumer.processing' && e.messageId === fault.messageId) return s.time;
        }
        return Infinity;
      }
      case 'cut': {
        // Messages already in flight when the cut starts are lost too: go back to their sending.
        let t = fault.fromMs;
        for (const s of this.stepList) {
          if (s.time >= t) break;
          for (const e of s.events) {
            if (e.type !== 'net.sent' || e.msg.deliverAt < fault.fromMs) continue;
            const pair = [e.msg.from, e.msg.to];
            if (pair.includes(fault.between[0]) && pair.includes(fault.between[1])) t = Math.min(t, e.msg.sentAt);
          }
        }
        return t;
      }
      case 'reject': {
        for (const s of this.stepList) {
          for (const e of s.events) {
            if (e.type === 'net.sent' && e.msg.kind === 'ProduceRequest' && e.msg.nth === fault.nth) return s.time;
          }
        }
        return Infinity;
      }
      default: {
        for (const s of this.stepList) {
          for (const e of s.events) {
            if (e.type === 'net.sent' && e.msg.kind === fault.message && e.msg.nth === fault.nth) return s.time;
          }
        }
        return Infinity;
      }
    }
  }
}
