import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore } from '../../store';
import { revealLoadError } from './revealLoadError';

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** Imports a file and, if it was refused, shows why. */
async function importFile(file: File): Promise<void> {
  await labStore.getState().importFile(file);
  if (labStore.getState().errors.length > 0) revealLoadError();
}

/**
 * Import of scenario files (the CLI's format; the run shown is exported as one in ExportRun).
 * Import takes a file from the picker or dropped anywhere on the page; a file that is not a
 * scenario is refused with a message.
 */
export function ScenarioFiles() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const dragging = useDropAnywhere();

  return (
    <div className="share-block" data-testid="share-files">
      <h3>{t('share.file.heading')}</h3>
      <p className="hint">
        {t('share.file.what')} <code className="share-command">{t('share.file.command')}</code>
      </p>
      <div className="share-actions">
        <button type="button" data-testid="import-button" onClick={() => input.current?.click()}>
          {t('share.file.import')}
        </button>
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            // Cleared, so choosing the same file again imports it again.
            e.currentTarget.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <p className="hint">{t('share.file.drop')}</p>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <p>{t('share.file.dropHere')}</p>
        </div>
      )}
    </div>
  );
}

/** Files dragged over the page: true while they are; a drop imports the first. */
function useDropAnywhere(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter and dragleave fire for every element crossed; count them to know when the page is left.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Without this the browser opens the file instead of dropping it here.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void importFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
