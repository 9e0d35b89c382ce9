import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { addTexts } from '../../i18n/addTexts';
import { compareEn } from '../../i18n/compare';
import { compareKo } from '../../i18n/compareKo';
import type { Step } from '../../engine';
import { LANE_CHOICES, labStore, useLab, type CompareMode, type LaneChoice } from '../../store';
import { diffLedgers } from '../../store/compareDiff';
import { laneTimes, notchAt, runLanes } from '../../store/compareLanes';
import { SPEEDS, nextSpeed, tick } from '../../store/playback';
import { sourceTitle } from '../text/scenarioText';
import { CompareLane } from './CompareLane';
import { diffSentence, laneName } from './compareText';
import './compare.css';

/** Whether a key press belongs to a field the user is working in (the scrubber keeps its own arrows). */
const ownKeys = (target: EventTarget | null) => target instanceof HTMLInputElement || target instanceof HTMLSelectElement;

/**
 * Plays the notches (every moment something happens in some lane) with the stage's own pure
 * player (playback.ts): nothing is on a notch's wire, so each is shown for a moment and the wait
 * to the next is skipped, however long it is in virtual time.
 */
function useComparePlayer(times: readonly number[], mode: CompareMode) {
  const since = useRef(0);
  const steps = useMemo(() => times.map((time, index): Step => ({ index, time, events: [] })), [times]);
  useEffect(() => {
    if (!mode.playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function onFrame(now) {
      const c = labStore.getState().compare;
      if (!c?.playing) return;
      const cursor = notchAt(times, c.time);
      const r = tick({ steps, packets: [], latencyMs: 1 }, { cursor, playing: true, speed: c.speed, sinceStepMs: since.current }, c.time, now - last);
      last = now;
      since.current = r.player.sinceStepMs;
      if (r.player.cursor !== cursor || !r.player.playing) labStore.getState().setCompare({ time: times[r.player.cursor]!, playing: r.player.playing });
      frame = requestAnimationFrame(onFrame);
    });
    return () => cancelAnimationFrame(frame);
  }, [mode.playing, steps, times]);
}

/** Side by side: the run shown under two or three settings, in lanes on one virtual clock. */
export default function CompareView({ mode }: { mode: CompareMode }) {
  const { t, i18n } = useTranslation();
  // Side by side's words come with this chunk (the first page load has only its button's).
  addTexts(i18n, 'compare', compareEn, compareKo);
  const catalog = useLab((x) => x.catalog);
  const source = useLab((x) => x.source);
  const seed = useLab((x) => x.seed);
  const overrides = useLab((x) => x.overrides);
  const settingsIssues = useLab((x) => x.settingsIssues);
  const scenario = useLab((x) => x.scenario);
  const userFaults = useLab((x) => x.userFaults);
  const language = useLab((x) => x.language);
  const set = useLab((x) => x.setCompare);
  const close = useLab((x) => x.closeCompare);
  const lanes = useMemo(
    () => runLanes({ catalog, source, seed, overrides, settingsIssues, scenario, userFaults }, mode.lanes),
    [catalog, source, seed, overrides, settingsIssues, scenario, userFaults, mode.lanes],
  );
  const times = useMemo(() => laneTimes(lanes), [lanes]);
  const diffs = useMemo(() => diffLedgers(lanes.map((l) => (l.ok ? l.run.ledger : null))), [lanes]);
  // The schedule every lane was given (the source's faults, then the stage's).
  const faults = useMemo(() => lanes.flatMap((l) => (l.ok ? [l.run.run.faults] : []))[0] ?? [], [lanes]);
  const notch = notchAt(times, mode.time);
  const last = Math.max(0, times.length - 1);
  const heading = useRef<HTMLHeadingElement>(null);
  useComparePlayer(times, mode);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const c = labStore.getState().compare;
      if (!c) return;
      const go = (n: number) => set({ time: times[Math.max(0, Math.min(last, n))] ?? 0, playing: false });
      const at = notchAt(times, c.time);
      if (e.key === 'Escape') close();
      else if (e.key === ' ' && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLInputElement && e.target.type === 'checkbox')) set({ playing: !c.playing && at < last, ...(at >= last ? { time: 0, playing: true } : {}) });
      else if (ownKeys(e.target)) return;
      else if (e.key === 'ArrowRight') go(at + (e.shiftKey ? 10 : 1));
      else if (e.key === 'ArrowLeft') go(at - (e.shiftKey ? 10 : 1));
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(last);
      else if (e.key === '+' || e.key === '=') set({ speed: nextSpeed(c.speed, 1) });
      else if (e.key === '-') set({ speed: nextSpeed(c.speed, -1) });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [times, last, set, close]);

  const toggle = (choice: LaneChoice) => {
    const on = mode.lanes.includes(choice);
    set({ lanes: LANE_CHOICES.filter((c) => (c === choice ? !on : mode.lanes.includes(c))) });
  };
  const play = () => set(notch >= last ? { time: 0, playing: true } : { playing: !mode.playing });
  const differing = diffs.filter((d) => d.differs);

  return (
    <section className="compare" data-testid="compare" aria-labelledby="compare-heading">
      <div className="compare-top">
        <div>
          <h2 id="compare-heading" ref={heading} tabIndex={-1}>
            {t('compare.heading')}
          </h2>
          <p>{t('compare.intro', { title: sourceTitle(t, language, source, scenario), seed })}</p>
        </div>
        <button type="button" className="secondary" data-testid="compare-close" onClick={close}>
          {t('compare.close')} <kbd>Esc</kbd>
        </button>
      </div>
      <fieldset className="compare-pick">
        <legend>{t('compare.lanes')}</legend>
        {LANE_CHOICES.map((choice) => {
          const on = mode.lanes.includes(choice);
          const locked = on ? mode.lanes.length <= 2 : mode.lanes.length >= 3;
          return (
            <label key={choice} className={locked ? 'locked' : undefined}>
              <input type="checkbox" data-testid={`compare-pick-${choice}`} checked={on} disabled={locked} onChange={() => toggle(choice)} /> {laneName(t, choice)}
            </label>
          );
        })}
      </fieldset>
      <div className="compare-player">
        <button type="button" className="primary" data-testid="compare-play" data-playing={mode.playing ? 'true' : 'false'} onClick={play}>
          {mode.playing ? `⏸ ${t('compare.pause')}` : `▶ ${t('compare.play')}`}
        </button>
        <label className="compare-scrub">
          <span className="visually-hidden">{t('compare.scrubber')}</span>
          <input
            type="range"
            min={0}
            max={last}
            value={notch}
            data-testid="compare-scrubber"
            aria-valuetext={t('compare.scrubberValue', { time: mode.time, notch: notch + 1, count: times.length })}
            onChange={(e) => set({ time: times[Number(e.target.value)] ?? 0, playing: false })}
          />
        </label>
        <output className="compare-clock" data-testid="compare-time">
          {t('compare.time', { time: mode.time.toLocaleString('en-US') })}
        </output>
        <label className="compare-speed">
          {t('compare.speed')}{' '}
          <select value={mode.speed} data-testid="compare-speed" onChange={(e) => set({ speed: Number(e.target.value) })}>
            {SPEEDS.map((x) => (
              <option key={x} value={x}>
                {x}×
              </option>
            ))}
          </select>
        </label>
        <span className="muted compare-keys">{t('compare.keys')}</span>
      </div>
      <p className="compare-roughly" role="note">
        {t('compare.roughly')}
      </p>
      <div className="compare-lanes" style={{ ['--lanes' as string]: lanes.length }}>
        {lanes.map((lane, i) => (
          <CompareLane key={`${i}-${lane.choice}`} lane={lane} index={i} time={mode.time} diffs={diffs} />
        ))}
      </div>
      <div className="compare-diff panel" data-testid="compare-diff" aria-live="polite">
        <h3>{t('compare.diff.heading')}</h3>
        {differing.length === 0 ? (
          <p>{t('compare.diff.same')}</p>
        ) : (
          <ul>
            {differing.map((d) => (
              <li key={d.messageId} data-testid={`compare-sentence-${d.messageId}`}>
                {diffSentence(t, d, mode.lanes, faults)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
