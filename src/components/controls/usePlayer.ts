import { useEffect } from 'react';
import { labStore, useLab } from '../../store';

/**
 * Drives playback: one requestAnimationFrame loop while playing and the tab is visible, none
 * otherwise (a paused or hidden lab asks for no frames at all). Each frame hands the elapsed real
 * time to the store's tick; the store moves the cursor and the virtual clock.
 */
export function usePlayer(): void {
  const playing = useLab((s) => s.playing);
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = 0;
    const loop = (t: number) => {
      // A long gap (the tab was in the background) counts as one ordinary frame.
      const dt = last === 0 ? 16 : Math.min(100, t - last);
      last = t;
      labStore.getState().tick(dt);
      frame = labStore.getState().playing && document.visibilityState === 'visible' ? requestAnimationFrame(loop) : 0;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && frame === 0 && labStore.getState().playing) {
        last = 0;
        frame = requestAnimationFrame(loop);
      }
    };
    if (document.visibilityState === 'visible') frame = requestAnimationFrame(loop);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [playing]);
}
