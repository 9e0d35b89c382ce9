import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element is on screen (IntersectionObserver). Panels below the stage use it to skip
 * work nobody sees, such as scrolling their own box to the stage's step, which would force the
 * browser to lay out the whole panel on every step.
 */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return visible;
}
