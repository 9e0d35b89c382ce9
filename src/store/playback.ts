/**
 * Playing a finished run back, frame by frame: the step cursor and the virtual clock. Pure: given
 * where playback is and how much real time passed, where it is now. The virtual clock runs at a
 * rate at which a packet crosses its link in PACKET_MS at 1x; a step is shown at least DWELL_MS
 * (so steps at the same virtual moment can be read one by one); a wait with nothing on the wire
 * (a timeout, processing) is skipped in IDLE_MS, the stage saying how long it was.
 */
import { inFlightAt, type Packet, type Step } from '../engine';

/** Real milliseconds a packet takes to cross its link at 1x. */
export const PACKET_MS = 900;
/** Real milliseconds each step stays on screen at least, at 1x. */
export const DWELL_MS = 450;
/** Real milliseconds a wait with nothing on the wire takes, at 1x. */
export const IDLE_MS = 500;
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export interface Player {
  cursor: number;
  playing: boolean;
  speed: number;
  /** Real milliseconds since the cursor last moved. */
  sinceStepMs: number;
}

export interface PlaybackRun {
  steps: readonly Step[];
  packets: readonly Packet[];
  /** The run's one-way latency (network.latencyMs), which sets the clock's rate. */
  latencyMs: number;
}

/** Virtual milliseconds per real millisecond at this speed. */
export const rateOf = (run: PlaybackRun, speed: number) => (speed * Math.max(1, run.latencyMs)) / PACKET_MS;

/**
 * One frame: `dtMs` real milliseconds later. Returns the player and the virtual time. At most one
 * step per frame; at the last step playback stops.
 */
export function tick(run: PlaybackRun, player: Player, now: number, dtMs: number): { player: Player; now: number } {
  if (!player.playing) return { player, now };
  const next = run.steps[player.cursor + 1];
  if (!next) return { player: { ...player, playing: false }, now };
  const sinceStepMs = player.sinceStepMs + dtMs;
  const idle = inFlightAt(run.packets, player.cursor).length === 0;
  const rate = rateOf(run, player.speed);
  // Nothing moves: the wait is skipped once the step has been shown for IDLE_MS.
  let t = idle && sinceStepMs >= IDLE_MS / player.speed ? next.time : now + dtMs * rate;
  if (t < next.time) return { player: { ...player, sinceStepMs }, now: t };
  t = next.time;
  if (sinceStepMs < DWELL_MS / player.speed) return { player: { ...player, sinceStepMs }, now: t };
  const cursor = player.cursor + 1;
  return { player: { ...player, cursor, sinceStepMs: 0, playing: cursor < run.steps.length - 1 }, now: t };
}

/** The next speed up or down the list (clamped). */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= speed);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + direction))]!;
}
