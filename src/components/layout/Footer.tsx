import { useTranslation } from 'react-i18next';
import { useLab } from '../../store';

/** The run's fingerprint: same scenario and seed, same hash (in Node too). */
export function Footer() {
  const { t } = useTranslation();
  const hash = useLab((s) => s.traceHash);
  const seed = useLab((s) => s.seed);
  return (
    <footer className="site-footer">
      <dl className="fingerprint">
        <div>
          <dt>{t('ui.footer.traceHash')}</dt>
          <dd>
            <code data-testid="trace-hash">{hash}</code>
          </dd>
        </div>
        <div>
          <dt>{t('ui.footer.seed')}</dt>
          <dd>
            <code data-testid="seed">{seed}</code>
          </dd>
        </div>
      </dl>
      <p className="muted">{t('ui.footer.hashHint')}</p>
    </footer>
  );
}
