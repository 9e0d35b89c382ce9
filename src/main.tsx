import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App';
import './components/app.css';
import './components/stage.css';
import { pickLanguage } from './i18n';
import { createPageI18n } from './i18n/lazy';
import { labStore } from './store';
import { bindPage } from './store/page';
import { pageApi, type DeliveryLabApi } from './store/pageApi';

declare global {
  interface Window {
    deliveryLab: DeliveryLabApi;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing');

// The browser's language first, then whatever the URL asks for (?lang= wins).
labStore.getState().setLanguage(pickLanguage(navigator.languages));

/**
 * Renders once the link's run is there (a bundled scenario's file is fetched first) and the texts
 * of the language the page starts in are loaded (just those: see i18n/lazy.ts).
 */
async function start(container: HTMLElement): Promise<void> {
  await labStore.getState().loadFromUrl(window.location.search);
  const i18n = await createPageI18n(labStore.getState().language);
  bindPage(labStore, i18n, window);
  window.deliveryLab = pageApi(labStore);
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  );
}

void start(root);
