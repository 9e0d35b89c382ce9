/**
 * What the page's first render does not wait for: modules asked for once the stage has been shown
 * (framer-motion's packets, the share panel, lesson mode), each a chunk of its own. Asking for them
 * during the first render would put their fetch in its way.
 */
import { lazy, type ComponentType } from 'react';

let shown: () => void = () => {};
const firstRenderDone = new Promise<void>((resolve) => (shown = resolve));

/** Called once the stage has rendered (an effect of the stage). */
export function firstRenderShown(): void {
  shown();
}

/** A React.lazy component whose module is fetched after the first render. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same bound as React.lazy's own
export function lazyAfterFirstRender<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => firstRenderDone.then(load));
}

/** `load`, started once the first render is done (a module to have at hand before it is needed). */
export function afterFirstRender<T>(load: () => Promise<T>): Promise<T> {
  return firstRenderDone.then(load);
}
