import { useTranslation } from 'react-i18next';
import type { LedgerSummary } from '../../engine';
import { useLab, useLedgerNow } from '../../store';

type Counter = 'lost' | 'duplicated' | 'logDuplicates' | 'outOfOrder' | 'superseded' | 'deadLettered' | 'effects' | 'messages' | 'maxLag' | 'finalLag';

/** The counters in reading order; the first four are the failures a delivery guarantee rules out. */
const COUNTERS: readonly { key: Counter; testId: string; failure: boolean }[] = [
  { key: 'lost', testId: 'summary-lost', failure: true },
  { key: 'duplicated', testId: 'summary-duplicated', failure: true },
  { key: 'logDuplicates', testId: 'summary-log-duplicates', failure: true },
  { key: 'outOfOrder', testId: 'summary-out-of-order', failure: true },
  // Only the version strategy supersedes updates: shown when there is one.
  { key: 'superseded', testId: 'summary-superseded', failure: false },
  // Only with a dead-letter topic: shown when a message waits there.
  { key: 'deadLettered', testId: 'summary-dead-lettered', failure: false },
  { key: 'effects', testId: 'summary-effects', failure: false },
  { key: 'messages', testId: 'summary-messages', failure: false },
  { key: 'maxLag', testId: 'summary-max-lag', failure: false },
  { key: 'finalLag', testId: 'summary-final-lag', failure: false },
];

/** Counters shown only when above 0. */
const WHEN_ANY = new Set<Counter>(['superseded', 'deadLettered']);

function RunEnd({ summary }: { summary: LedgerSummary }) {
  const { t } = useTranslation();
  const lastIndex = useLab((s) => s.timeline.lastIndex);
  const endTime = useLab((s) => s.timeline.current.now);
  const end = summary.end ?? 'running';
  return (
    <p className="run-end" data-testid="run-end" data-end={end}>
      <strong>{t(`ui.runEnd.${end}`)}</strong> <span className="muted">{t('ui.runEnd.stats', { steps: lastIndex, time: endTime })}</span>
    </p>
  );
}

function Expectation() {
  const { t } = useTranslation();
  const expectation = useLab((s) => s.expectation);
  if (!expectation) return null;
  const misses = expectation.rows.filter((r) => !r.matched);
  return (
    <div className={`expectation ${expectation.matched ? 'matched' : 'mismatched'}`} data-testid="expectation" data-match={expectation.matched}>
      <span className="expectation-mark" aria-hidden="true">
        {expectation.matched ? '✓' : '✗'}
      </span>
      <div>
        <strong>{t(expectation.matched ? 'ui.expectation.matched' : 'ui.expectation.mismatched')}</strong>
        {misses.length === 0 && (
          <p className="expectation-list">
            {t('ui.expectation.expected', { list: expectation.rows.map((r) => `${t(`ui.summary.${r.field}`)} ${r.expected}`).join(' · ') })}
          </p>
        )}
        {misses.length > 0 && (
          <ul>
            {misses.map((r) => (
              <li key={r.field}>{t('ui.expectation.row', { field: t(`ui.summary.${r.field}`), expected: r.expected, actual: r.actual })}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/**
 * The outcome so far, at the step the stage shows (a counter goes up at the step that makes it
 * true), big enough to read from the back of a classroom; then how the whole run ends.
 */
export function Summary() {
  const { t } = useTranslation();
  const now = useLedgerNow();
  const summary = now.ledger.summary;
  const final = useLab((s) => s.ledger.summary);
  const cursor = now.step;
  const atEnd = useLab((s) => now.step >= s.timeline.lastIndex);
  return (
    <section className="panel summary" aria-labelledby="summary-heading" data-testid="summary" data-step={cursor}>
      <h2 id="summary-heading">{atEnd ? t('ui.summary.heading') : t('ui.summary.headingAt', { step: cursor })}</h2>
      <dl className="counters">
        {COUNTERS.map(({ key, testId, failure }) => {
          const value = summary[key];
          if (WHEN_ANY.has(key) && value === 0) return null;
          const tone = failure ? (value > 0 ? 'bad' : 'good') : 'neutral';
          return (
            <div key={key} className={`counter ${tone}`}>
              <dt>{t(`ui.summary.${key}`)}</dt>
              <dd className="counter-value" data-testid={testId}>
                {value}
              </dd>
              <dd className="counter-hint">{t(`ui.summary.${key}Hint`)}</dd>
            </div>
          );
        })}
      </dl>
      {!atEnd && (
        <p className="final-outcome muted" data-testid="final-outcome">
          {t('ui.summary.atTheEnd', {
            list: (['lost', 'duplicated', 'logDuplicates', 'outOfOrder'] as const).map((k) => `${t(`ui.summary.${k}`)} ${final[k]}`).join(' · '),
          })}
        </p>
      )}
      <RunEnd summary={final} />
      <Expectation />
    </section>
  );
}
