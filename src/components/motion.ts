import { useReducedMotion } from 'framer-motion';

/** `?motion=off` (tests, a slow classroom machine) turns every animation off. */
const offByUrl = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('motion') === 'off';

/** Whether to animate at all: not with `?motion=off`, nor when the system asks for reduced motion. */
export function useMotionOff(): boolean {
  const reduced = useReducedMotion();
  return offByUrl || reduced === true;
}
