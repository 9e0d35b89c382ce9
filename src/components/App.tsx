import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BreakIt } from './controls/BreakIt';
import { HelpDialog } from './controls/HelpDialog';
import { Transport } from './controls/Transport';
import { useKeyboard } from './controls/useKeyboard';
import { usePlayer } from './controls/usePlayer';
import { Footer } from './layout/Footer';
import { Header } from './layout/Header';
import { EventLog } from './panels/EventLog';
import { LedgerTable } from './panels/LedgerTable';
import { LoadErrorAlert } from './panels/LoadErrorAlert';
import { ScenarioCard } from './panels/ScenarioCard';
import { SequenceDiagram } from './panels/SequenceDiagram';
import { SettingsPanel } from './panels/SettingsPanel';
import { Simplifications } from './panels/Simplifications';
import { Summary } from './panels/Summary';
import { Stage } from './stage/Stage';

/**
 * The lab: what was asked (scenario), the stage with its player and break-it controls, what
 * happened so far (outcome, ledger, event log), under which settings, and what the lab leaves out.
 */
export function App() {
  const { t } = useTranslation();
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  usePlayer();
  useKeyboard(openHelp);
  return (
    <>
        <a className="skip-link" href="#main">
          {t('ui.skipToContent')}
        </a>
        <Header />
        <main id="main" className="layout" tabIndex={-1}>
          <LoadErrorAlert />
          <div className="stage-area">
            <Stage />
            <Transport onHelp={openHelp} />
            <BreakIt />
          </div>
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
    </>
  );
}
