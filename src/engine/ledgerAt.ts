/**
 * The ledger as it stood after any step, projected from the finished run's ledger in O(messages):
 * every entry carries the step it happened at, so the ledger after step i keeps what happened by
 * then, and the statuses follow from that by the same rules (ledger.ts settleStatus). Equal to
 * `buildLedger(script, steps, i)` (a test holds it to that), but cheap enough to redo on every
 * seek of the visualizer's scrubber, where folding a long trace again would not be.
 */
import { settleStatus, summarize, type At, type Ledger, type MessageLedger } from './ledger';

/** The entries up to `step` (in step order); the same array when all are (a finished ledger is never changed). */
const upTo = <T extends At>(xs: T[], step: number): T[] => {
  let n = xs.length;
  while (n > 0 && xs[n - 1]!.step > step) n--;
  return n === xs.length ? xs : xs.slice(0, n);
};

const by = (at: number | null, step: number): number | null => (at !== null && at <= step ? at : null);

/** A transactional copy as it was then: open until its marker was written. */
function copyAt<C extends { txn?: 'open' | 'committed' | 'aborted'; decidedAt?: At; truncatedAt?: At }>(c: C, step: number): C {
  const out = { ...c };
  if (c.decidedAt && c.decidedAt.step > step) {
    out.txn = 'open';
    delete out.decidedAt;
  }
  if (c.truncatedAt && c.truncatedAt.step > step) delete out.truncatedAt;
  return out;
}

function messageAt(m: MessageLedger, step: number, endStep: number | null): MessageLedger {
  const effects = upTo(m.effects, step);
  const at: MessageLedger = {
    ...m,
    sends: upTo(m.sends, step),
    requests: upTo(m.requests, step),
    appends: upTo(m.appends, step).map((a) => copyAt(a, step)),
    ...(m.outputs ? { outputs: upTo(m.outputs, step).map((o) => copyAt(o, step)) } : {}),
    duplicatesRejected: upTo(m.duplicatesRejected, step),
    deliveries: upTo(m.deliveries, step),
    effects,
    effectsSkipped: upTo(m.effectsSkipped, step),
    failures: upTo(m.failures, step),
    deadLetters: upTo(m.deadLetters, step),
    redrives: upTo(m.redrives, step),
    supersededAt: by(m.supersededAt, step),
    duplicatedAt: by(m.duplicatedAt, step),
    outOfOrderAt: by(m.outOfOrderAt, step),
    lostAt: null,
    status: 'pending',
  };
  if (m.services) {
    at.services = m.services.map((o) => ({
      ...o,
      effects: effects.filter((e) => e.service === o.service).length,
      supersededAt: by(o.supersededAt, step),
    }));
  }
  // In the dead-letter topic: its latest dead letter came after its latest re-drive.
  const lastDead = at.deadLetters.at(-1)?.step ?? -1;
  const lastRedrive = at.redrives.at(-1)?.step ?? -1;
  settleStatus(at, lastDead > lastRedrive, endStep);
  return at;
}

/** The ledger after step `step` of the run whose finished ledger is `final`. */
export function ledgerAt(final: Ledger, step: number): Ledger {
  const endStep = final.endStep !== null && final.endStep <= step ? final.endStep : null;
  const messages = final.messages.map((m) => messageAt(m, step, endStep));
  const lag = upTo(final.lag, step);
  const maxLag = lag.reduce((max, s) => Math.max(max, s.total), 0);
  return { messages, summary: summarize(messages, maxLag, lag.at(-1)?.total ?? 0, endStep === null ? null : final.summary.end), lag, endStep };
}
