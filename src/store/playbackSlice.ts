/**
 * The playback slice: which step of the finished run the stage shows (the cursor), playing and its
 * speed, and the run as it stood at the cursor (node states, the ledger so far, packets on the
 * wire). Faults added on the stage (break it) fork the run at the cursor: the past stays, the
 * future is new. Per-frame time lives in the virtual clock (clock.ts), not in React state.
 */
import type { StateCreator } from 'zustand/vanilla';
import { droppedNear, inFlightAt, ledgerAt, type Fault, type Ledger, type Packet, type SimState } from '../engine';
import { createClock, type VirtualClock } from './clock';
import { nextSpeed, tick } from './playback';
import { forkRun, wholeRunLedgers, type LabRun } from './run';
import type { LabState } from './state';

/** The run as it stood after the cursor's step. */
export interface StepView {
  cursor: number;
  /** Every node's state after the step (Timeline.stateAt). */
  stateNow: SimState;
  /** Packets on the wire after the step, and those lost in the last few steps. */
  inFlight: Packet[];
  dropped: Packet[];
}

export interface PlaybackSlice extends StepView {
  /**
   * Changes each time the cursor jumps (a seek, a restart, a step back, a new run) rather than moving
   * on by one step: the stage shows a jump at once, without animating packets in and out.
   */
  jump: number;
  playing: boolean;
  /** Where playing stops of itself (playTo), before the run's end; null: at the end. */
  stopAt: number | null;
  speed: number;
  clock: VirtualClock;
  /** Faults added on the stage, in the order added (the scenario's own are in run.faults too). */
  userFaults: readonly Fault[];
  play: () => void;
  /** Plays from the cursor on and stops at `step` (a lesson's next narration); a step behind the cursor is a seek. */
  playTo: (step: number) => void;
  pause: () => void;
  togglePlay: () => void;
  stepForward: () => void;
  stepBack: () => void;
  /** Jumps to a step (time travel); playing goes on from there if it was playing. */
  seek: (step: number) => void;
  seekEnd: () => void;
  restart: () => void;
  setSpeed: (speed: number) => void;
  faster: () => void;
  slower: () => void;
  /** One animation frame, `dtMs` real milliseconds after the last. */
  tick: (dtMs: number) => void;
  /** Adds a fault at the cursor and forks the run: the steps so far stay, the rest is run anew. */
  addFault: (fault: Fault) => void;
}

/**
 * The ledger so far, at the cursor: badges appear at the step that makes them true. Not kept in
 * the store: the stage needs none of it, so a seek does not wait for it; panels compute it (see
 * useLedgerNow) and the last one is remembered.
 */
let lastLedger: { ledger: Ledger; cursor: number; value: Ledger } | null = null;
export function ledgerNowOf(s: { ledger: Ledger; cursor: number }): Ledger {
  if (lastLedger && lastLedger.ledger === s.ledger && lastLedger.cursor === s.cursor) return lastLedger.value;
  // A long run's ledger is the whole run's: its window's steps do not make it.
  if (wholeRunLedgers.has(s.ledger)) return s.ledger;
  const value = ledgerAt(s.ledger, s.cursor);
  lastLedger = { ledger: s.ledger, cursor: s.cursor, value };
  return value;
}

let jumps = 0;
const nextJump = () => ++jumps;

/** A run just loaded: at its first step, paused, with none of the stage's faults. */
export const freshPlayback = (r: LabRun): Pick<PlaybackSlice, keyof StepView | 'playing' | 'stopAt' | 'userFaults' | 'jump'> => ({
  ...viewAt(r, 0),
  playing: false,
  stopAt: null,
  userFaults: [],
  jump: nextJump(),
});

/** The view of `r` at step `cursor` (clamped). */
export function viewAt(r: LabRun, cursor: number): StepView {
  const at = Math.max(0, Math.min(cursor, r.timeline.lastIndex));
  return {
    cursor: at,
    stateNow: r.timeline.stateAt(at),
    inFlight: inFlightAt(r.packets, at),
    dropped: droppedNear(r.packets, at),
  };
}

export const createPlaybackSlice =
  (initial: LabRun): StateCreator<LabState, [], [], PlaybackSlice> =>
  (set, get) => {
    const clock = createClock(0);
    // Real time since the cursor moved: per frame, so not React state.
    let sinceStepMs = 0;
    const moveTo = (cursor: number, playing = get().playing) => {
      const view = viewAt(get(), cursor);
      clock.set(get().timeline.steps[view.cursor]!.time);
      sinceStepMs = 0;
      const jumped = view.cursor !== get().cursor + 1 && view.cursor !== get().cursor;
      set({ ...view, ...(jumped ? { jump: nextJump() } : {}), playing: playing && view.cursor < get().timeline.lastIndex, stopAt: null });
    };
    return {
      ...freshPlayback(initial),
      speed: 1,
      clock,
      play: () => {
        // At the end, play starts over.
        if (get().cursor >= get().timeline.lastIndex) moveTo(0, true);
        else set({ playing: true, stopAt: null });
      },
      playTo: (step) => {
        const target = Math.max(0, Math.min(Math.round(step), get().timeline.lastIndex));
        if (target <= get().cursor) moveTo(target, false);
        else set({ playing: true, stopAt: target });
      },
      pause: () => set({ playing: false, stopAt: null }),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      stepForward: () => moveTo(get().cursor + 1, false),
      stepBack: () => moveTo(get().cursor - 1, false),
      seek: (step) => moveTo(Number.isFinite(step) ? Math.round(step) : 0),
      seekEnd: () => moveTo(get().timeline.lastIndex, false),
      restart: () => moveTo(0, false),
      setSpeed: (speed) => set({ speed }),
      faster: () => set({ speed: nextSpeed(get().speed, 1) }),
      slower: () => set({ speed: nextSpeed(get().speed, -1) }),
      tick: (dtMs) => {
        const s = get();
        if (!s.playing) return;
        const r = tick(
          { steps: s.timeline.steps, packets: s.packets, latencyMs: s.run.settings.network.latencyMs },
          { cursor: s.cursor, playing: s.playing, speed: s.speed, sinceStepMs },
          clock.get(),
          dtMs,
        );
        sinceStepMs = r.player.sinceStepMs;
        // Playing to a step stops there.
        const stop = s.stopAt !== null && r.player.cursor >= s.stopAt;
        const playing = r.player.playing && !stop;
        if (r.player.cursor !== s.cursor) set({ ...viewAt(s, r.player.cursor), playing, ...(playing ? {} : { stopAt: null }) });
        else if (playing !== s.playing) set({ playing, stopAt: null });
        clock.set(r.now);
      },
      addFault: (fault) => {
        const s = get();
        // A long run keeps only its last steps: a fault there would fork the window, not the run.
        if (s.longRun) {
          set({ errors: [{ code: 'long-run-no-faults' }] });
          return;
        }
        const forked = forkRun(s, s.cursor, fault);
        // A fault that keeps the run from ending (within what the page runs) is refused; the run stays.
        if (!forked.ok) {
          set({ errors: [{ code: 'run-too-long', max: forked.tooLong ?? 0 }] });
          return;
        }
        set({ ...forked.value, userFaults: [...s.userFaults, fault] });
        moveTo(s.cursor, s.playing);
      },
    };
  };
