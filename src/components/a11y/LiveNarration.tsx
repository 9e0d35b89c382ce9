import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { servicesOf } from '../../engine';
import { labStore, useLab } from '../../store';
import { narrateStep } from './narrate';

/** While playing, a step is read out at most this often (the latest one then): a listener keeps up. */
export const PLAYING_GAP_MS = 2500;
/** Stepping or scrubbing: the step the stage settles on, this long after the last move. */
export const SETTLE_MS = 250;

/**
 * The screen reader's account of the run: a visually hidden polite live region that says what
 * happened at the step the stage shows, in the page's language, each time the stage moves.
 * Playing, only the latest step every few seconds; scrubbing, only where it stops. Nothing is said
 * for the step the page opens at. Its own chunk, loaded after the first render.
 */
export default function LiveNarration() {
  const { i18n } = useTranslation();
  const [said, setSaid] = useState<number | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastSaidAt = -Infinity;
    const say = () => {
      timer = undefined;
      lastSaidAt = performance.now();
      setSaid(labStore.getState().cursor);
    };
    const unsubscribe = labStore.subscribe((s, prev) => {
      if (s.cursor === prev.cursor && s.playing === prev.playing) return;
      if (s.playing) {
        // Throttled: a timer already waiting will read the latest step when it fires.
        if (timer === undefined) timer = setTimeout(say, Math.max(SETTLE_MS, lastSaidAt + PLAYING_GAP_MS - performance.now()));
      } else {
        clearTimeout(timer);
        timer = setTimeout(say, SETTLE_MS);
      }
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  const timeline = useLab((s) => s.timeline);
  const settings = useLab((s) => s.run.settings);
  const services = useMemo(() => servicesOf(settings), [settings]);
  const step = said === null ? undefined : timeline.steps[Math.min(said, timeline.lastIndex)];
  const text = step ? narrateStep(i18n, step, timeline.lastIndex, settings.topic.partitions, services) : '';
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-narration" data-step={step?.index}>
      {text}
    </div>
  );
}
