/**
 * The settings slice: what the user changed in the settings panel, laid over the source's settings.
 * Every change runs the scenario again with it (and with the faults added on the stage); a setting
 * the engine refuses keeps the run shown and its issue is reported beside the field.
 */
import type { StateCreator } from 'zustand/vanilla';
import { formatPath, type Issue, type Settings, type SettingsInput } from '../engine';
import { viewAt } from './playbackSlice';
import { forLongRun } from './longRunSlice';
import { loadSource } from './runSlice';
import type { LabState } from './state';

export interface SettingsSlice {
  /** The user's settings, as typed (the run shows them if the engine accepts them). */
  overrides: SettingsInput;
  /** Why the typed settings do not run: issues with their paths (`settings.producer.acks`). */
  settingsIssues: readonly Issue[];
  /** Sets one setting (`undefined`: back to the source's value). */
  setSetting: <G extends keyof Settings>(group: G, name: keyof Settings[G] & string, value: unknown) => void;
  resetSettings: () => void;
}

/** The path an issue about this setting names (as the scenario parser formats it). */
export const settingPath = (group: string, name: string): string => formatPath(['settings', group, name]);

export const createSettingsSlice: StateCreator<LabState, [], [], SettingsSlice> = (set, get) => {
  const rerun = (overrides: SettingsInput) => {
    const s = get();
    const r = loadSource(s.catalog, s.source, s.seed, { settings: overrides, faults: s.userFaults });
    if (forLongRun(r)) {
      set({ overrides, settingsIssues: [] });
      void s.startLongRun(s.source, { seed: s.seed, changes: { settings: overrides, faults: s.userFaults } });
      return;
    }
    if (!r.ok) {
      if (r.error.code === 'invalid-run') set({ overrides, settingsIssues: r.error.issues });
      // Not a field's fault (the run did not end): said in the alert, and as an issue of the whole
      // run, so the run shown is known to predate the typed settings (appliedSettings).
      else set({ overrides, settingsIssues: [{ path: '(the run)', message: r.error.code }], errors: [r.error] });
      return;
    }
    // The same step of the new run, paused: what changed shows at once.
    set({ ...r.state, overrides, settingsIssues: [], playing: false });
    set(viewAt(get(), s.cursor));
    get().clock.set(get().timeline.steps[get().cursor]!.time);
  };
  return {
    overrides: {},
    settingsIssues: [],
    setSetting: (group, name, value) => {
      const current = { ...(get().overrides[group] as Record<string, unknown> | undefined) };
      if (value === undefined) delete current[name];
      else current[name] = value;
      const overrides: SettingsInput = { ...get().overrides, [group]: current };
      if (Object.keys(current).length === 0) delete overrides[group];
      rerun(overrides);
    },
    resetSettings: () => rerun({}),
  };
};
