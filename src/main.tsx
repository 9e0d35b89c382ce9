import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App';
import { CrashGate } from './components/crash/CrashBoundary';
import { showStartFailure } from './components/crash/startFailure';
import './components/app.css';
import './components/lesson.css';
import './components/stage.css';
import { pickLanguage } from './i18n';
import { createPageI18n, ensureTexts } from './i18n/lazy';
import { labStore } from './store';
import { bindCrashes } from './store/crashPage';
import { bindPage } from './store/page';
import { applyLink, bindPresenter, restorePresentation } from './store/presenterPage';
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
  if (new URLSearchParams(window.location.search).get('view') === 'notes') return startNotes(container);
  // From here on an exception anywhere reaches the crash screen, not a blank page.
  bindCrashes(labStore, window);
  try {
    // A link to a lesson's narration opens it; a reload in the middle of a lesson or a presentation
    // comes back to the same narration, and to presenter mode.
    await applyLink(labStore, window.location.search);
    await restorePresentation(labStore, window);
  } catch (error) {
    labStore.getState().reportCrash(error, 'start');
  }
  const i18n = await createPageI18n(labStore.getState().language);
  bindPage(labStore, i18n, window);
  bindPresenter(labStore, window);
  window.deliveryLab = pageApi(labStore);
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <CrashGate>
          <App />
        </CrashGate>
      </I18nextProvider>
    </StrictMode>,
  );
}

/** The speaker-notes window (opened from presenter mode): no lab of its own, only the presenter's words. */
async function startNotes(container: HTMLElement): Promise<void> {
  const [i18n, { SpeakerNotes }] = await Promise.all([createPageI18n(labStore.getState().language), import('./components/lesson/SpeakerNotes')]);
  const follow = (language: 'en' | 'ko') => {
    if (i18n.language === language) return;
    void ensureTexts(i18n, language).then((ok) => {
      if (!ok) return;
      void i18n.changeLanguage(language);
      document.documentElement.lang = language;
    });
  };
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <SpeakerNotes onLanguage={follow} />
      </I18nextProvider>
    </StrictMode>,
  );
}

start(root).catch((error: unknown) => showStartFailure(root, error));
