import { useTranslation } from 'react-i18next';
import { ExportRun } from './ExportRun';
import { MyScenarios } from './MyScenarios';
import { ScenarioFiles } from './ScenarioFiles';
import { ShareLink } from './ShareLink';

/** Share, save, load: a link to the run shown, scenario files, the user's own scenarios, and the run's exports. */
export default function SharePanel() {
  const { t } = useTranslation();
  return (
    <section className="panel share" aria-labelledby="share-heading" data-testid="share-panel">
      <h2 id="share-heading">{t('share.heading')}</h2>
      <div className="share-grid">
        <ShareLink />
        <ScenarioFiles />
        <MyScenarios />
        <ExportRun />
      </div>
    </section>
  );
}
