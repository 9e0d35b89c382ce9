/**
 * The why slice: the causal chain of one effect, duplicate or loss the ledger shows ("Why?"), and
 * what the stage and the sequence diagram highlight while it is open. The chain is computed by the
 * engine (src/engine/why, its own chunk, fetched when first asked for) from the run the store has;
 * another run closes it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { NodeId, Timeline, WhyChain, WhyTarget } from '../engine';
import type { LabState } from './state';

export interface WhyView {
  chain: WhyChain;
  /** The run it was computed for: another run closes it. */
  timeline: Timeline;
  /** Every node and network message (trace id) of the chain's links, for the highlights. */
  nodes: readonly NodeId[];
  netIds: ReadonlySet<number>;
}

export interface WhySlice {
  why: WhyView | null;
  /** Computes and opens the chain of `target` (nothing if the run has no such effect or loss); resolves once shown. */
  openWhy: (target: WhyTarget) => Promise<void>;
  closeWhy: () => void;
}

export const createWhySlice: StateCreator<LabState, [], [], WhySlice> = (set, get) => ({
  why: null,
  openWhy: async (target) => {
    const { whyChain } = await import('../engine/why');
    const { timeline, ledger } = get();
    const chain = whyChain(timeline.steps, ledger, target);
    // A run loaded while the engine's chunk was fetched: the target belongs to the old one.
    if (get().timeline !== timeline) return;
    if (!chain) {
      set({ why: null });
      return;
    }
    const links = [...chain.links, ...chain.after];
    set({ why: { chain, timeline, nodes: [...new Set(links.flatMap((l) => l.nodes))], netIds: new Set(links.flatMap((l) => l.netIds)) } });
  },
  closeWhy: () => set({ why: null }),
});
