/**
 * The side-by-side slice: whether the mode is open, which settings fill its lanes, and the one
 * virtual time all lanes show. The lanes' runs are computed by the mode's own chunk
 * (compareLanes.ts), so the page's first load carries only this.
 */
import type { StateCreator } from 'zustand/vanilla';
import { PRESET_NAMES, type PresetName } from '../engine';
import type { CompareProblem } from './errors';
import type { LabState } from './state';

/** A lane's settings: a preset laid over the run's, or the run's own (`run`). */
export type LaneChoice = PresetName | 'run';
export const LANE_CHOICES: readonly LaneChoice[] = [...PRESET_NAMES, 'run'];
export const DEFAULT_LANES: readonly LaneChoice[] = ['at-most-once', 'at-least-once', 'exactly-once'];

/** A link's side-by-side lanes: two or three of the presets and `run`, comma-separated, none twice. */
export function parseCompare(text: string): { ok: true; lanes: LaneChoice[] } | { ok: false; why: CompareProblem } {
  const lanes = text.split(',').map((x) => x.trim());
  if (lanes.some((x) => !(LANE_CHOICES as readonly string[]).includes(x))) return { ok: false, why: 'name' };
  if (lanes.length < 2 || lanes.length > 3) return { ok: false, why: 'count' };
  if (new Set(lanes).size < lanes.length) return { ok: false, why: 'repeat' };
  return { ok: true, lanes: lanes as LaneChoice[] };
}

export interface CompareMode {
  /** Two or three, in lane order. */
  lanes: readonly LaneChoice[];
  /** The virtual time every lane shows (ms). */
  time: number;
  playing: boolean;
  speed: number;
}

export interface CompareSlice {
  /** Side by side, or null when the page shows the one run. */
  compare: CompareMode | null;
  /** Opens side by side (default lanes: the three presets); the stage's player pauses. */
  openCompare: (lanes?: readonly LaneChoice[]) => void;
  closeCompare: () => void;
  /** Changes what side by side shows (its lanes, the time, playing, the speed). */
  setCompare: (patch: Partial<CompareMode>) => void;
}

export const compareMode = (lanes: readonly LaneChoice[] = DEFAULT_LANES): CompareMode => ({ lanes, time: 0, playing: false, speed: 2 });

export const createCompareSlice: StateCreator<LabState, [], [], CompareSlice> = (set, get) => ({
  compare: null,
  openCompare: (lanes) => {
    get().pause();
    set({ compare: compareMode(lanes) });
  },
  closeCompare: () => set({ compare: null }),
  setCompare: (patch) => {
    const c = get().compare;
    if (c) set({ compare: { ...c, ...patch } });
  },
});
