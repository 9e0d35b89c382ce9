import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';
import { linkSearch } from '../../store/share';

/** Chat apps and mail clients start cutting links around here. */
const LONG_LINK_CHARS = 8000;
const COPIED_MS = 4000;

/** The page's address with the run shown as its query. */
const linkHere = () => new URL(linkSearch(labStore.getState()), window.location.href).href;

/**
 * "Copy link": the run shown, at the step shown, to the clipboard. If the browser refuses (no
 * permission, an insecure page), the link is shown in a field, selected, to copy by hand.
 */
export function ShareLink() {
  const { t } = useTranslation();
  const step = useLab((s) => s.cursor);
  const [result, setResult] = useState<{ state: 'idle' | 'copied' | 'refused'; link: string }>({ state: 'idle', link: '' });
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();

  useEffect(() => {
    if (result.state === 'copied') {
      const id = window.setTimeout(() => setResult((r) => (r.state === 'copied' ? { ...r, state: 'idle' } : r)), COPIED_MS);
      return () => window.clearTimeout(id);
    }
    if (result.state === 'refused') field.current?.select();
  }, [result]);

  const copy = async () => {
    const link = linkHere();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setResult({ state: 'copied', link });
    } catch {
      setResult({ state: 'refused', link });
    }
  };

  return (
    <div className="share-block" data-testid="share-link">
      <h3>{t('share.link.heading')}</h3>
      <p className="hint">{t('share.link.what', { step })}</p>
      <div className="share-actions">
        <button type="button" data-testid="copy-link" onClick={() => void copy()}>
          {t('share.link.copy')}
        </button>
        <span role="status" className="share-status" data-testid="share-copied">
          {result.state === 'copied' ? t('share.link.copied') : ''}
        </span>
      </div>
      {result.state === 'refused' && (
        <div className="field share-fallback">
          <label htmlFor={fieldId}>{t('share.link.refused')}</label>
          <input id={fieldId} ref={field} data-testid="share-link-field" type="text" readOnly value={result.link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {result.state !== 'idle' && result.link.length > LONG_LINK_CHARS && <p className="hint">{t('share.link.long', { kb: Math.ceil(result.link.length / 1024) })}</p>}
    </div>
  );
}
