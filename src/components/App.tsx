import { useTranslation } from 'react-i18next';
import { Footer } from './layout/Footer';
import { Header } from './layout/Header';
import { EventLog } from './panels/EventLog';
import { LedgerTable } from './panels/LedgerTable';
import { LoadErrorAlert } from './panels/LoadErrorAlert';
import { ScenarioCard } from './panels/ScenarioCard';
import { SettingsPanel } from './panels/SettingsPanel';
import { Simplifications } from './panels/Simplifications';
import { Summary } from './panels/Summary';

/**
 * One run on one page: what was asked (scenario), what came out (summary, ledger), how it
 * happened (event log), under which settings, and what the lab leaves out. The visualizer
 * will take its place beside the summary and drive a step cursor in the store.
 */
export function App() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('ui.skipToContent')}
      </a>
      <Header />
      <main id="main" className="layout" tabIndex={-1}>
        <LoadErrorAlert />
        <ScenarioCard />
        <Summary />
        <LedgerTable />
        <EventLog />
        <SettingsPanel />
        <Simplifications />
      </main>
      <Footer />
    </>
  );
}
