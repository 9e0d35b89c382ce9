import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { retryable } from '../../chunks';
import { EXPORT_NS, addExportTexts } from '../../i18n/exports';
import { labStore } from '../../store';
import { exportScenario } from '../../store/share';
import { downloadBlob } from '../export/download';
import type { LazyExport, MadeExport } from '../export/exportRun';

type Kind = 'scenario' | LazyExport;

/** The buttons in the order a user reaches for them; `scenario` keeps the share panel's old test id. */
const ITEMS: readonly { kind: Kind; testId: string }[] = [
  { kind: 'scenario', testId: 'export-file' },
  { kind: 'trace', testId: 'export-trace' },
  { kind: 'svg', testId: 'export-sequence-svg' },
  { kind: 'png', testId: 'export-sequence-png' },
  { kind: 'playwright', testId: 'export-playwright' },
];

// The builders (trace document, diagram, PNG, test file) are fetched on the first click, not with the panel.
const loadExports = retryable(() => import('../export/exportRun'));

type Status = { state: 'done' | 'working' | 'failed'; text: string } | null;

/**
 * Every export of the run shown in one place: its scenario file, its trace, its sequence diagram
 * (SVG, PNG) and a Playwright test of its outcome. Each download says so in the status line.
 */
export function ExportRun() {
  const { i18n } = useTranslation();
  // Before the namespace is read; adding is idempotent (the texts come with this chunk, not with en.ts/ko.ts).
  addExportTexts(i18n);
  const { t } = useTranslation(EXPORT_NS);
  const [status, setStatus] = useState<Status>(null);

  const saved = (made: Pick<MadeExport, 'fileName' | 'range'>) => {
    const r = made.range;
    if (!r) return t('status.downloaded', { name: made.fileName });
    const range = r.whole ? t('status.whole') : t('status.window', { last: r.last, max: r.max });
    return t('status.diagram', { name: made.fileName, from: r.from, to: r.to, range });
  };

  const run = async (kind: Kind) => {
    const what = t(`items.${kind}.button`);
    if (kind === 'scenario') {
      const file = exportScenario(labStore.getState());
      if (!file) return;
      downloadBlob(new Blob([file.text], { type: 'application/json' }), file.fileName);
      setStatus({ state: 'done', text: saved(file) });
      return;
    }
    setStatus({ state: 'working', text: t('status.working', { what }) });
    try {
      const made = await (await loadExports()).makeExport(kind, labStore.getState(), i18n);
      downloadBlob(made.blob, made.fileName);
      setStatus({ state: 'done', text: saved(made) });
    } catch (e) {
      setStatus({ state: 'failed', text: t('status.failed', { what, message: e instanceof Error ? e.message : String(e) }) });
    }
  };

  return (
    <div className="share-block share-exports" data-testid="share-exports">
      <h3>{t('heading')}</h3>
      <p className="hint">{t('what')}</p>
      <ul className="export-list">
        {ITEMS.map(({ kind, testId }) => (
          <li key={kind}>
            <button type="button" className={kind === 'scenario' ? undefined : 'secondary'} data-testid={testId} aria-describedby={`export-hint-${kind}`} onClick={() => void run(kind)}>
              {t(`items.${kind}.button`)}
            </button>
            <span className="hint" id={`export-hint-${kind}`}>
              {t(`items.${kind}.hint`)}
            </span>
          </li>
        ))}
      </ul>
      <p role="status" className={status?.state === 'failed' ? 'share-status failed' : 'share-status'} data-testid="export-status" data-state={status?.state ?? 'idle'}>
        {status?.text ?? ''}
      </p>
    </div>
  );
}
