import { Suspense, lazy, useCallback, useState } from 'react';
import { lazyAfterFirstRender } from './afterFirstRender';
import { useTranslation } from 'react-i18next';
import { BreakIt } from './controls/BreakIt';
import { HelpDialog } from './controls/HelpDialog';
import { Transport } from './controls/Transport';
import { useKeyboard } from './controls/useKeyboard';
import { usePlayer } from './controls/usePlayer';
import { Footer } from './layout/Footer';
import { Header } from './layout/Header';
import { LoadErrorAlert } from './panels/LoadErrorAlert';
import { ScenarioCard } from './panels/ScenarioCard';
import { Simplifications } from './panels/Simplifications';
import { Summary } from './panels/Summary';
import { Stage } from './stage/Stage';
import { useLab } from '../store';

// Each its own chunk: lesson mode when a lesson opens, the share panel (below the stage) after the first render.
const LessonIndex = lazy(() => import('./lesson/LessonIndex'));
const LessonPanel = lazy(() => import('./lesson/LessonPanel'));
const Presenter = lazy(() => import('./lesson/Presenter'));
// The why-chain when one is opened from the ledger.
const WhyPanel = lazy(() => import('./why/WhyPanel'));
const CompareView = lazy(() => import('./compare/CompareView'));
const SharePanel = lazyAfterFirstRender(() => import('./panels/SharePanel'));
// Prove it (its search runs in Web Workers), and the band a replayed counterexample shows by the stage.
const ProvePanel = lazyAfterFirstRender(() => import('./prove/ProvePanel'));
// Long runs: the control, their progress and what they keep (the long-run code comes with it).
const LongRunPanel = lazyAfterFirstRender(() => import('./longRun/LongRunPanel'));
const ReplayBand = lazy(() => import('./prove/ReplayBand'));
// The panels below the outcome: after the first render too (the page shows the stage first).
const LedgerTable = lazyAfterFirstRender(() => import('./panels/LedgerTable').then((m) => ({ default: m.LedgerTable })));
const EventLog = lazyAfterFirstRender(() => import('./panels/EventLog').then((m) => ({ default: m.EventLog })));
const SequenceDiagram = lazyAfterFirstRender(() => import('./panels/SequenceDiagram').then((m) => ({ default: m.SequenceDiagram })));
const SettingsPanel = lazyAfterFirstRender(() => import('./panels/SettingsPanel').then((m) => ({ default: m.SettingsPanel })));
// What a screen reader hears of each step (a live region; the words come with the event log's).
const LiveNarration = lazyAfterFirstRender(() => import('./a11y/LiveNarration'));

/**
 * The lab: what was asked (scenario), the stage with its player and break-it controls, what
 * happened so far (outcome, ledger, event log), under which settings, and what the lab leaves out.
 */
export function App() {
  const { t } = useTranslation();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const [lessons, setLessons] = useState(false);
  // The index is made when first opened, then kept (a dialog that closes and opens again).
  const [indexMade, setIndexMade] = useState(false);
  const openLessons = useCallback(() => (setIndexMade(true), setLessons(true)), []);
  const inLesson = useLab((s) => s.lesson !== null);
  const presenting = useLab((s) => s.presenting);
  const replaying = useLab((s) => s.proveReplay !== null);
  const whyOpen = useLab((s) => s.why !== null);
  const compare = useLab((s) => s.compare);
  usePlayer();
  useKeyboard(openHelp);
  return (
    <>
        <a className="skip-link" href="#main">
          {t('ui.skipToContent')}
        </a>
        <Header onLessons={openLessons} />
        {presenting && (
          <Suspense fallback={null}>
            <Presenter />
          </Suspense>
        )}
        {compare ? (
          <main id="main" className="layout compare-layout" tabIndex={-1}>
            <LoadErrorAlert />
            <Suspense fallback={null}>
              <CompareView mode={compare} />
            </Suspense>
          </main>
        ) : (
          <main id="main" className="layout" tabIndex={-1}>
            <LoadErrorAlert />
            <div className={inLesson ? 'stage-area with-lesson' : 'stage-area'}>
              {inLesson && (
                <Suspense fallback={null}>
                  <LessonPanel />
                </Suspense>
              )}
              {replaying && (
                <Suspense fallback={null}>
                  <ReplayBand />
                </Suspense>
              )}
              {whyOpen && (
                <Suspense fallback={null}>
                  <WhyPanel />
                </Suspense>
              )}
              <Stage />
              <Suspense fallback={null}>
                <LiveNarration />
              </Suspense>
              <Transport onHelp={openHelp} />
              <BreakIt />
            </div>
            <Suspense fallback={null}>
              <LongRunPanel />
            </Suspense>
            <Suspense fallback={null}>
              <ProvePanel />
            </Suspense>
            <Suspense fallback={null}>
              <SharePanel />
            </Suspense>
            <ScenarioCard />
            <Summary />
            <Suspense fallback={null}>
              <LedgerTable />
              <EventLog />
              <SequenceDiagram />
              <SettingsPanel />
            </Suspense>
            <Simplifications />
          </main>
        )}
        <Footer />
        <HelpDialog open={help} onClose={() => setHelp(false)} />
        {indexMade && (
          <Suspense fallback={null}>
            <LessonIndex open={lessons} onClose={() => setLessons(false)} />
          </Suspense>
        )}
    </>
  );
}
