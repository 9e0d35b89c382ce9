import { useSyncExternalStore } from 'react';

/** `?motion=off` (tests, a slow classroom machine) turns every animation off. */
const offByUrl = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('motion') === 'off';

const REDUCE = '(prefers-reduced-motion: reduce)';
const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(REDUCE) : null;
const subscribe = (onChange: () => void) => {
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
};
const reducedNow = () => query?.matches ?? false;

/**
 * Whether to animate at all: not with `?motion=off`, nor while the system asks for reduced motion
 * (followed live). Read from the media query itself, so the page's first render needs no
 * animation library (framer-motion comes with the packets: stage/Packets.tsx).
 */
export function useMotionOff(): boolean {
  const reduced = useSyncExternalStore(subscribe, reducedNow, () => false);
  return offByUrl || reduced;
}
