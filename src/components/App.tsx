import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BreakIt } from './controls/BreakIt';
import { HelpDialog } from './controls/HelpDialog';
import { Transport } from './controls/Transport';
import { useKeyboard } from './controls/useKeyboard';
import { usePlayer } from './controls/usePlayer';
import { Footer } from './layout/Footer';
import { Header } from './layout/Header';
import { LessonIndex } from './lesson/LessonIndex';
import { LessonPanel } from './lesson/LessonPanel';
import { Presenter } from './lesson/Presenter';
import { EventLog } from './panels/EventLog';
import { LedgerTable } from './panels/LedgerTable';
import { LoadErrorAlert } from './panels/LoadErrorAlert';
import { ScenarioCard } from './panels/ScenarioCard';
import { SequenceDiagram } from './panels/SequenceDiagram';
import { SettingsPanel } from './panels/SettingsPanel';
import { SharePanel } from './panels/SharePanel';
import { Simplifications } from './panels/Simplifications';
import { Summary } from './panels/Summary';
import { Stage } from './stage/Stage';
import { useLab } from '../store';

/**
 * The lab: what was asked (scenario), the stage with its player and break-it controls, what
 * happened so far (outcome, ledger, event log), under which settings, and what the lab leaves out.
 */
export function App() {
  const { t } = useTranslation();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const [lessons, setLessons] = useState(false);
  const inLesson = useLab((s) => s.lesson !== null);
  usePlayer();
  useKeyboard(openHelp);
  return (
    <>
        <a className="skip-link" href="#main">
          {t('ui.skipToContent')}
        </a>
        <Header onLessons={() => setLessons(true)} />
        <Presenter />
        <main id="main" className="layout" tabIndex={-1}>
          <LoadErrorAlert />
          <div className={inLesson ? 'stage-area with-lesson' : 'stage-area'}>
            <LessonPanel />
            <Stage />
            <Transport onHelp={openHelp} />
            <BreakIt />
          </div>
          <SharePanel />
          <ScenarioCard />
          <Summary />
          <LedgerTable />
          <EventLog />
          <SequenceDiagram />
          <SettingsPanel />
          <Simplifications />
        </main>
        <Footer />
        <HelpDialog open={help} onClose={() => setHelp(false)} />
        <LessonIndex open={lessons} onClose={() => setLessons(false)} />
    </>
  );
}
