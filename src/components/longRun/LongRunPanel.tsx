/**
 * Long runs: start one with many messages, follow its progress (and cancel it), and once it is shown,
 * say plainly what the page kept of it: the last steps on the stage, every message in the counts.
 * A chunk of its own, with its words (the page's first load carries neither).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addTexts } from '../../i18n/addTexts';
import { longRunEn } from '../../i18n/longRun';
import { longRunKo } from '../../i18n/longRunKo';
import { labStore, useLab } from '../../store';
import { LONG_RUN_WINDOW } from '../../engine/longRun';
import { MAX_LONG_RUN_MESSAGES, MAX_RUN_MESSAGES } from '../../store/run';
import { sourceInput } from '../../store/runSlice';
import { withMessageCount } from '../../store/longRunCompute';
import './longRun.css';

const COUNTS = ['effects', 'lost', 'duplicated', 'logDuplicates', 'outOfOrder', 'superseded', 'deadLettered', 'maxLag'] as const;
const n = (x: number) => x.toLocaleString('en-US');

function Progress() {
  const { t } = useTranslation();
  const job = useLab((s) => s.longRunJob)!;
  return (
    <div className="long-run-progress" data-testid="long-run-progress">
      <p role="status">{t('longRun.running', { sent: n(job.sent), messages: n(job.messages), effects: n(job.effects), steps: n(job.steps) })}</p>
      <progress max={Math.max(1, job.messages)} value={job.sent} aria-label={t('longRun.progress')} data-testid="long-run-bar" />
      <button type="button" data-testid="long-run-cancel" onClick={() => labStore.getState().cancelLongRun()}>
        {t('longRun.cancel')}
      </button>
    </div>
  );
}

function Kept() {
  const { t } = useTranslation();
  const info = useLab((s) => s.longRun)!;
  const summary = useLab((s) => s.ledger.summary);
  const hash = useLab((s) => s.traceHash);
  return (
    <div className="long-run-kept" data-testid="long-run-kept" data-messages={info.messages} data-steps={info.lastStep} data-hash={hash}>
      <p>
        {t('longRun.kept', {
          messages: n(info.messages),
          steps: n(info.lastStep + 1),
          seconds: (info.computeMs / 1000).toFixed(1),
          kept: n(info.kept),
          from: n(info.windowStart),
          to: n(info.lastStep),
          last: n(info.kept - 1),
        })}
      </p>
      <table className="long-run-counts" data-testid="long-run-counts">
        <caption>{t('longRun.countsCaption')}</caption>
        <tbody>
          {COUNTS.map((c) => (
            <tr key={c}>
              <th scope="row">{t(`longRun.counts.${c}`)}</th>
              <td data-testid={`long-run-count-${c}`}>{n(summary[c])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="long-run-hash">{t('longRun.hash', { steps: n(info.lastStep + 1), hash })}</p>
      <p className="long-run-dropped">{t('longRun.dropped')}</p>
    </div>
  );
}

function Start() {
  const { t } = useTranslation();
  const [messages, setMessages] = useState(MAX_LONG_RUN_MESSAGES);
  const canCount = useLab((s) => {
    const base = sourceInput(s.catalog, s.source);
    return base.ok && withMessageCount(base.input, 1) !== null;
  });
  const start = () => {
    const s = labStore.getState();
    void s.startLongRun(s.source, { seed: s.seed, changes: { settings: s.overrides, faults: s.userFaults }, messages });
  };
  const valid = Number.isInteger(messages) && messages >= 1 && messages <= MAX_LONG_RUN_MESSAGES;
  return (
    <div className="long-run-start">
      <p>{t('longRun.intro', { max: n(MAX_RUN_MESSAGES), window: n(LONG_RUN_WINDOW) })}</p>
      {canCount ? (
        <div className="long-run-controls">
          <label>
            {t('longRun.messages')}{' '}
            <input type="number" min={1} max={MAX_LONG_RUN_MESSAGES} step={1000} value={messages} data-testid="long-run-messages" onChange={(e) => setMessages(e.target.valueAsNumber)} />
          </label>
          <button type="button" data-testid="long-run-start" disabled={!valid} onClick={start}>
            {t('longRun.start')}
          </button>
        </div>
      ) : (
        <p>{t('longRun.listed')}</p>
      )}
    </div>
  );
}

export default function LongRunPanel() {
  const { t, i18n } = useTranslation();
  addTexts(i18n, 'longRun', longRunEn, longRunKo);
  const running = useLab((s) => s.longRunJob !== null);
  const shown = useLab((s) => s.longRun !== null);
  return (
    <section className="panel long-run" aria-labelledby="long-run-heading" data-testid="long-run-panel">
      <h2 id="long-run-heading">{t('longRun.heading')}</h2>
      {running && <Progress />}
      {shown && !running && <Kept />}
      {!running && <Start />}
    </section>
  );
}
