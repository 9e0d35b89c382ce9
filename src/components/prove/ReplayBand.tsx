import { useTranslation } from 'react-i18next';
import { labStore, useLab } from '../../store';
import { tellFault } from '../text/describeFault';
import { ensureProveTexts } from './proveTexts';
import './prove.css';

/**
 * A counterexample on the stage (Prove it's replay): what it breaks, its faults in words, and the
 * steps at which they fired, each a way to take the stage there (the scrubber marks them too).
 */
export default function ReplayBand() {
  const { t, i18n } = useTranslation();
  ensureProveTexts(i18n);
  const replay = useLab((s) => s.proveReplay);
  const cursor = useLab((s) => s.cursor);
  if (!replay) return null;
  return (
    <section className="prove-replay-band" aria-labelledby="prove-replay-heading" data-testid="prove-replay-band" data-violation={replay.violation}>
      <h2 id="prove-replay-heading">{t('prove.replaying.heading', { violation: t(`prove.violation.${replay.violation}`) })}</h2>
      <p className="hint">{t('prove.replaying.what')}</p>
      <ol data-testid="prove-replay-faults">
        {replay.faults.map((f, i) => (
          <li key={i}>{tellFault(t, f)}</li>
        ))}
      </ol>
      <div className="prove-steps">
        <span>{t('prove.replaying.firedAt')}</span>
        {replay.steps.map((step) => (
          <button key={step} type="button" className="secondary" data-testid={`prove-fault-step-${step}`} aria-current={cursor === step ? 'step' : undefined} onClick={() => labStore.getState().seek(step)}>
            #{step}
          </button>
        ))}
        <span className="muted">· {t('prove.replaying.messages', { messages: replay.messages.join(', ') })}</span>
        <button type="button" className="quiet" data-testid="prove-replay-close" onClick={() => labStore.setState({ proveReplay: null })}>
          {t('prove.replaying.close')}
        </button>
      </div>
    </section>
  );
}
