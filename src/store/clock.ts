/**
 * The visualizer's virtual clock: the virtual time the stage shows, which moves every frame while
 * playing. It is not store state: a packet's position is derived from it (RaftScope's
 * `(now - sentAt) / (deliverAt - sentAt)`) by framer-motion values that subscribe here, so a frame
 * redraws packets without rendering React components. The store moves it; components read it.
 */

export interface VirtualClock {
  get: () => number;
  set: (now: number) => void;
  /** Calls `listener` with every new time; returns the unsubscribe. */
  subscribe: (listener: (now: number) => void) => () => void;
}

export function createClock(start = 0): VirtualClock {
  let now = start;
  const listeners = new Set<(now: number) => void>();
  return {
    get: () => now,
    set: (next) => {
      if (next === now) return;
      now = next;
      for (const l of listeners) l(now);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
