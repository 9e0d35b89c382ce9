import { useTranslation } from 'react-i18next';
import { MyScenarios } from './MyScenarios';
import { ScenarioFiles } from './ScenarioFiles';
import { ShareLink } from './ShareLink';

/** Share, save, load: a link to the run shown, the run as a scenario file, and the user's own scenarios. */
export default function SharePanel() {
  const { t } = useTranslation();
  return (
    <section className="panel share" aria-labelledby="share-heading" data-testid="share-panel">
      <h2 id="share-heading">{t('share.heading')}</h2>
      <div className="share-grid">
        <ShareLink />
        <ScenarioFiles />
        <MyScenarios />
      </div>
    </section>
  );
}
