import { useModal } from '../useModal';
import { useTranslation } from 'react-i18next';

const KEYS = [
  ['Space', 'space'],
  ['← →', 'arrows'],
  ['Shift + ← →', 'shiftArrows'],
  ['Home', 'home'],
  ['End', 'end'],
  ['− +', 'speed'],
  ['?', 'question'],
  ['Esc', 'escape'],
  ['Tab  Shift + Tab', 'tab'],
  ['Enter  Space', 'enter'],
  ['↑ ↓  Home End', 'menu'],
  ['PageDown PageUp', 'pages'],
] as const;

/** The keyboard shortcuts, behind `?`: a modal dialog (Escape closes it, focus comes back). */
export function HelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useModal(open);
  return (
    <dialog ref={ref} className="help" data-testid="help-dialog" aria-labelledby="help-heading" onClose={onClose} onKeyDown={(e) => e.stopPropagation()}>
      <h2 id="help-heading">{t('stage.help.heading')}</h2>
      <dl>
        {KEYS.map(([key, what]) => (
          <div key={what}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`stage.help.keys.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" data-testid="help-close" onClick={onClose}>
        {t('stage.help.close')}
      </button>
    </dialog>
  );
}
