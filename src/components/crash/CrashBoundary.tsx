/**
 * What stands between an exception and a blank page. `CrashGate` shows the crash screen once the
 * store has a crash (from a render here, or from an event handler or async code: crashPage.ts),
 * and otherwise the page inside an error boundary, made anew under a new key after each recovery.
 * Kept small: it is part of the first load.
 */
import { Component, Suspense, lazy, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { retryable } from '../../chunks';
import { labStore, useLab } from '../../store';
import { afterFirstRender } from '../afterFirstRender';
import { LAST_WORDS } from './startFailure';

/**
 * The crash screen, its words and the bug report are a chunk of their own: fetched once the page
 * has rendered (so it is at hand if the connection drops later), shown only after a crash.
 */
const loadScreen = retryable(() => import('./CrashScreen'));
let screenModule: ReturnType<typeof loadScreen> | null = null;
const crashScreen = () => (screenModule ??= loadScreen().catch((error: unknown) => {
  screenModule = null;
  throw error;
}));
// Fetched ahead; a failure here is not a crash (the screen is fetched again when needed).
void afterFirstRender(crashScreen).catch(() => {});
const CrashScreen = lazy(() => crashScreen().then((m) => ({ default: m.CrashScreen })));
const Recovered = lazy(() => crashScreen().then((m) => ({ default: m.Recovered })));

/** Catches an exception in a render below it and hands it to the store (which shows the crash screen). */
class Boundary extends Component<{ children: ReactNode; onCrash: (error: unknown, componentStack: string | null) => void; fallback: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onCrash(error, info.componentStack ?? null);
  }

  render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** After each render that got through without an exception: the run shown is one to come back to. */
function GoodRunMark() {
  const timeline = useLab((s) => s.timeline);
  const cursor = useLab((s) => s.cursor);
  useEffect(() => labStore.getState().markGood(), [timeline, cursor]);
  return null;
}

/** If even the crash screen fails: plain words in both languages, and a reload. */
const LAST_RESORT = (
  <p className="alert" role="alert" data-testid="crash-last-resort">
    {LAST_WORDS}
  </p>
);

export function CrashGate({ children }: { children: ReactNode }) {
  const crash = useLab((s) => s.crash);
  const recoveries = useLab((s) => s.recoveries);
  const recovered = useLab((s) => s.recovered);
  if (crash) {
    return (
      <Boundary onCrash={() => {}} fallback={LAST_RESORT}>
        <Suspense fallback={null}>
          <CrashScreen crash={crash} />
        </Suspense>
      </Boundary>
    );
  }
  return (
    <Boundary key={recoveries} onCrash={(error, stack) => labStore.getState().reportCrash(error, 'render', stack)} fallback={null}>
      {recovered && (
        <Suspense fallback={null}>
          <Recovered recovered={recovered} />
        </Suspense>
      )}
      {children}
      <GoodRunMark />
    </Boundary>
  );
}
