/**
 * What differs between the lanes of side by side: per message, each lane's final outcome, and the
 * lanes grouped by outcome (what a sentence says: "at least once duplicated m2; the others did
 * not"). Pure; the words are the components' (compareText.ts).
 */
import type { Ledger, MessageLedger } from '../engine';

export type Outcome = MessageLedger['status'];

export interface OutcomeGroup {
  status: Outcome;
  /** Lane indexes, in lane order. */
  lanes: number[];
}

export interface MessageDiff {
  messageId: string;
  /** Each lane's final outcome; null for a lane that did not run (refused) or has no such message. */
  statuses: (Outcome | null)[];
  /** Two lanes that ran ended differently for this message. */
  differs: boolean;
  /** The lanes that ran, grouped by outcome: the odd ones out first (fewest lanes), `ok` last. */
  groups: OutcomeGroup[];
}

/**
 * The per-message differences of the lanes' final ledgers (null: a lane that did not run). Messages
 * in the order of the first lane that has them, then any only later lanes have.
 */
export function diffLedgers(ledgers: readonly (Ledger | null)[]): MessageDiff[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const l of ledgers) {
    for (const m of l?.messages ?? []) {
      if (seen.has(m.messageId)) continue;
      seen.add(m.messageId);
      ids.push(m.messageId);
    }
  }
  const byId = ledgers.map((l) => new Map((l?.messages ?? []).map((m) => [m.messageId, m.status])));
  return ids.map((messageId) => {
    const statuses = byId.map((m, i) => (ledgers[i] ? (m.get(messageId) ?? null) : null));
    const groups: OutcomeGroup[] = [];
    statuses.forEach((status, lane) => {
      if (status === null) return;
      const g = groups.find((x) => x.status === status);
      if (g) g.lanes.push(lane);
      else groups.push({ status, lanes: [lane] });
    });
    // The odd ones out come first; the lanes that delivered it once close the sentence.
    groups.sort((a, b) => Number(a.status === 'ok') - Number(b.status === 'ok') || a.lanes.length - b.lanes.length || a.lanes[0]! - b.lanes[0]!);
    return { messageId, statuses, differs: groups.length > 1, groups };
  });
}
