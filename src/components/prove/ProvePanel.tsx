import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VIOLATIONS, exploredRun, type ExploreProgress, type Violation } from '../../engine/explore/explore';
import { labStore, useLab } from '../../store';
import { PROVE_MAX_FAULTS, type ProveView } from '../../store/proveSlice';
import { tellFault } from '../text/describeFault';
import { ensureProveTexts } from './proveTexts';
import './prove.css';

const percent = (p: ExploreProgress) => Math.floor(p.fraction * 100);

/** Replays a counterexample and brings the stage (above this panel) into view, where it plays. */
async function replay(v: Violation) {
  await labStore.getState().replayCounterexample(v);
  document.querySelector('.stage-area')?.scrollIntoView({ block: 'start' });
}

function Verdict({ t, p }: { t: TFunction; p: ProveView }) {
  const g = p.progress;
  const explored = g.explored.toLocaleString();
  const broken = VIOLATIONS.filter((v) => g.violations[v] > 0);
  let text: string;
  let tone = 'info';
  if (p.status === 'failed') {
    text = p.error === 'no-workers' ? t('prove.verdict.noWorkers') : p.error === 'long-run' ? t('prove.verdict.longRun') : t('prove.verdict.failed', { error: p.error });
    tone = 'bad';
  } else if (p.status === 'cancelled') text = t('prove.verdict.cancelled', { explored, percent: percent(g) });
  else if (p.status === 'running') text = t('prove.verdict.running', { count: p.maxFaults });
  else if (broken.length === 0) {
    text = t('prove.verdict.holds', { count: p.maxFaults, explored });
    tone = 'good';
  } else {
    const count = g.broken;
    const faults = Math.min(...broken.map((v) => g.shortest[v]!.faults.length));
    text = t('prove.verdict.broken', { n: count.toLocaleString(), explored, count: faults });
    tone = 'bad';
  }
  return (
    <p className={`prove-verdict tone-${tone}`} data-testid="prove-verdict" data-status={p.status} role="status">
      {text}
    </p>
  );
}

function Findings({ t, p }: { t: TFunction; p: ProveView }) {
  const g = p.progress;
  return (
    <table className="prove-findings" data-testid="prove-findings">
      <tbody>
        {VIOLATIONS.map((v: Violation) => {
          const c = g.shortest[v];
          return (
            <tr key={v} data-testid={`prove-row-${v}`} data-count={g.violations[v]}>
              <th scope="row">{t(`prove.violation.${v}`)}</th>
              <td className={g.violations[v] > 0 ? 'count bad' : 'count'} data-testid={`prove-count-${v}`}>
                {g.violations[v] > 0 ? t('prove.found', { n: g.violations[v].toLocaleString() }) : t('prove.none')}
              </td>
              <td>
                {c && (
                  <div className="prove-example" data-testid={`prove-example-${v}`} data-faults={c.faults.length}>
                    <span>{t('prove.shortest', { count: c.faults.length, steps: c.steps, messages: c.messages.join(', ') })}</span>
                    <ol>
                      {c.faults.map((f, i) => (
                        <li key={i}>{tellFault(t, f)}</li>
                      ))}
                    </ol>
                    <button type="button" data-testid={`prove-replay-${v}`} onClick={() => void replay(v)}>
                      {t('prove.replay')}
                    </button>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Prove it: is there ANY schedule of up to k faults that loses, duplicates or reorders a message
 * in this run? The search runs in Web Workers (store/proveSlice.ts); this panel starts it, shows
 * its progress, can cancel it, and replays the shortest counterexample of each kind.
 */
export default function ProvePanel() {
  const { t, i18n } = useTranslation();
  ensureProveTexts(i18n);
  const prove = useLab((s) => s.prove);
  const timeline = useLab((s) => s.timeline);
  const replaying = useLab((s) => s.proveReplay !== null);
  const ownFaults = timeline.run.faults.length - exploredRun(timeline.run).faults.length;
  const [maxFaults, setMaxFaults] = useState(2);
  const [copies, setCopies] = useState(false);
  const running = prove?.status === 'running';
  const g = prove?.progress;
  const seconds = prove ? (prove.elapsedMs / 1000).toFixed(1) : '0';
  const perSecond = prove && prove.elapsedMs > 0 ? Math.round((prove.progress.explored / prove.elapsedMs) * 1000).toLocaleString() : '0';

  return (
    <section className="panel prove" aria-labelledby="prove-heading" data-testid="prove-panel">
      <div className="panel-head">
        <h2 id="prove-heading">{t('prove.heading')}</h2>
        <span className="prove-question">{t('prove.question')}</span>
      </div>
      <div className="prove-body">
        <div>
          <p className="hint">{t('prove.what')}</p>
          <p className="hint">{t('prove.faults')}</p>
          {ownFaults > 0 && <p className="hint">{t('prove.ownFaults', { count: ownFaults })}</p>}
          <div className="prove-controls">
            <label>
              {t('prove.maxFaults')}{' '}
              <select data-testid="prove-k" value={maxFaults} disabled={running} onChange={(e) => setMaxFaults(Number(e.target.value))}>
                {Array.from({ length: PROVE_MAX_FAULTS }, (_, i) => i + 1).map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label className="prove-copies">
              <input type="checkbox" data-testid="prove-copies" checked={copies} disabled={running} onChange={(e) => setCopies(e.target.checked)} /> {t('prove.copies')}
            </label>
            {running ? (
              <button type="button" data-testid="prove-cancel" onClick={() => labStore.getState().cancelProve()}>
                {t('prove.cancel')}
              </button>
            ) : (
              <button type="button" data-testid="prove-start" onClick={() => void labStore.getState().startProve(maxFaults, copies)}>
                {prove ? t('prove.again') : t('prove.start')}
              </button>
            )}
          </div>
        </div>
        {prove && g && (
          <div className="prove-result" data-testid="prove-result" data-status={prove.status} data-explored={g.explored}>
            <div className="prove-progress">
              <progress max={1} value={g.fraction} aria-label={t('prove.progress')} data-testid="prove-progress" data-fraction={g.fraction.toFixed(3)} />
              <span data-testid="prove-counts">
                {t('prove.counts', { explored: g.explored.toLocaleString(), percent: percent(g), seconds, perSecond, workers: prove.workers, count: prove.workers })}
              </span>
            </div>
            <Verdict t={t} p={prove} />
            {prove.timeline !== timeline && !replaying && <p className="hint">{t('prove.stale', { steps: prove.timeline.steps.length })}</p>}
            <Findings t={t} p={prove} />
            <p className="hint">{t('prove.shared', { run: g.stepsRun.toLocaleString(), shared: g.stepsShared.toLocaleString() })}</p>
            {g.unsettled > 0 && <p className="hint">{t('prove.unsettled', { count: g.unsettled })}</p>}
          </div>
        )}
      </div>
    </section>
  );
}
