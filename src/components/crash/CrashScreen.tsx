/**
 * The crash screen: what failed, in words; "Copy a bug report" (the run as a link and a file, the
 * step, the error and its stacks, the version and the browser), or the report in a field if the
 * browser refuses the clipboard; and the ways back: the run that last rendered well, a fresh start,
 * a reload. Every value from the error or the run is text.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failedModuleUrl } from '../../chunks';
import { addTexts } from '../../i18n/addTexts';
import { robustEn } from '../../i18n/robust';
import { robustKo } from '../../i18n/robustKo';
import { labStore, useLab, type Crash } from '../../store';
import { bugReport } from '../../store/bugReport';
import { downloadBlob } from '../export/download';

const page = () => `${window.location.origin}${window.location.pathname}`;

export function CrashScreen({ crash }: { crash: Crash }) {
  const { t, i18n } = useTranslation();
  // The crash screen's words come with this chunk (the first page load has none of them).
  addTexts(i18n, 'robust', robustEn, robustKo);
  const lastGoodStep = useLab((s) => s.lastGoodStep);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'refused'>('idle');
  const field = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const report = useMemo(() => bugReport(crash, { version: __APP_VERSION__, userAgent: navigator.userAgent, page: page(), language: i18n.language }), [crash, i18n.language]);

  // Focus to the heading, so a screen reader says what happened.
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (copy === 'refused') field.current?.select();
  }, [copy]);

  const copyReport = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(report);
      setCopy('copied');
    } catch {
      setCopy('refused');
    }
  };

  return (
    <main id="main" className="layout crash-layout">
      <section className="alert crash" role="alert" aria-labelledby="crash-heading" data-testid="crash-screen" data-where={crash.where}>
        <h2 id="crash-heading" ref={heading} tabIndex={-1}>
          {t('robust.crash.heading')}
        </h2>
        <p data-testid="crash-message">{t('robust.crash.what', { when: t(`robust.crash.when.${crash.where}`), message: crash.message })}</p>
        {failedModuleUrl(new Error(crash.message)) !== null && <p>{t('robust.crash.offline')}</p>}
        <div className="crash-actions">
          <button type="button" data-testid="crash-copy" onClick={() => void copyReport()}>
            {t('robust.crash.copy')}
          </button>
          <button type="button" className="secondary" data-testid="crash-download" onClick={() => downloadBlob(new Blob([report], { type: 'text/plain' }), 'delivery-lab-bug-report.txt')}>
            {t('robust.crash.download')}
          </button>
          <span role="status" data-testid="crash-copied">
            {copy === 'copied' ? t('robust.crash.copied') : ''}
          </span>
        </div>
        {copy === 'refused' && (
          <div className="field crash-fallback">
            <label htmlFor={fieldId}>{t('robust.crash.refused')}</label>
            <textarea id={fieldId} ref={field} data-testid="crash-report-field" readOnly rows={8} value={report} />
          </div>
        )}
        <div className="crash-actions">
          {lastGoodStep !== null && (
            <button type="button" data-testid="crash-last-good" onClick={() => labStore.getState().recover('last-good')}>
              {t('robust.crash.lastGood', { step: lastGoodStep })}
            </button>
          )}
          <button type="button" className="secondary" data-testid="crash-start-over" onClick={() => labStore.getState().recover('start-over')}>
            {t('robust.crash.startOver')}
          </button>
          <button type="button" className="secondary" data-testid="crash-reload" onClick={() => window.location.reload()}>
            {t('robust.crash.reload')}
          </button>
        </div>
        <details className="crash-report">
          <summary>{t('robust.crash.report')}</summary>
          <pre data-testid="crash-report">{report}</pre>
        </details>
      </section>
    </main>
  );
}

/** The one line saying where a recovery brought the page back to. */
export function Recovered({ recovered }: { recovered: 'last-good' | 'started-over' }) {
  const { t } = useTranslation();
  return (
    <p className="notice recovered" role="status" data-testid="crash-recovered" data-recovered={recovered}>
      {t(recovered === 'last-good' ? 'robust.crash.recovered' : 'robust.crash.startedOver')}{' '}
      <button type="button" className="secondary small" onClick={() => labStore.getState().dismissRecovered()}>
        {t('ui.errors.dismiss')}
      </button>
    </p>
  );
}
