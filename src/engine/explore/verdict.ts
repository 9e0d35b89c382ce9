/**
 * The explorer's check of one schedule, without building its ledger: which messages are lost,
 * which have a second effect, which had their first effect out of key order, and how the run
 * ended. The same rules as ledger.ts (a property test holds the two equal), folded over the
 * trace with one small record per message instead of every send, request, append and delivery:
 * Prove it checks thousands of runs, and the ledger's lists were a tenth of its time. The
 * explorer builds the whole ledger only for a schedule that breaks the guarantee.
 */
import type { RunConfig } from '../simulation';
import { servicesOf } from '../topology';
import type { MessageId, NodeId, Step } from '../types';

export interface Verdict {
  /** How the run ended (null: it goes on). */
  end: 'quiescent' | 'horizon' | null;
  /** In the script's order, as the ledger lists them. */
  lost: MessageId[];
  duplicated: MessageId[];
  outOfOrder: MessageId[];
}

interface Tally {
  id: MessageId;
  key: string | null;
  rank: number;
  /** Effects in all (the ledger's `effects.length`) and, with several services, in each. */
  effects: number;
  inService: number[];
  superseded: boolean;
  /** With several services: a stale-version skip found another message's version, per service. */
  supersededIn: boolean[];
  inDlt: boolean;
  outOfOrder: boolean;
}

/** The verdict on a run's trace (see ledger.ts for the rules it follows). */
export function verdictOf(run: RunConfig, steps: readonly Step[]): Verdict {
  const services = servicesOf(run.settings);
  const serviceOf = new Map<NodeId, number>();
  services.forEach((s, i) => serviceOf.set(s.consumer, i).set(s.sink, i));
  const byId = new Map<MessageId, Tally>();
  for (const m of run.messages) {
    if (byId.has(m.id)) continue;
    byId.set(m.id, {
      id: m.id,
      key: m.key,
      rank: byId.size,
      effects: 0,
      inService: services.map(() => 0),
      superseded: false,
      supersededIn: services.map(() => false),
      inDlt: false,
      outOfOrder: false,
    });
  }
  const highest = new Map<string, number>();
  /** Copies the transactional copier wrote to the output topic, by transaction, until its marker. */
  const open = new Map<string, { m: Tally; partition: number }[]>();
  const effect = (m: Tally, partition: number, service: number | undefined) => {
    m.effects++;
    const n = service === undefined ? m.effects : ++m.inService[service]!;
    if (n !== 1) return;
    const domain = `${service === undefined ? '' : services[service]!.name}|${m.key === null ? `partition ${partition}` : `key ${m.key}`}`;
    const top = highest.get(domain) ?? -1;
    if (m.rank < top) m.outOfOrder = true;
    else highest.set(domain, m.rank);
  };
  const sinkService = (e: { instance?: NodeId }) => serviceOf.get(e.instance ?? 'sink');
  let end: Verdict['end'] = null;
  for (const s of steps) {
    for (const e of s.events) {
      switch (e.type) {
        case 'broker.appended': {
          // Only the copier's output copies become effects (at their COMMIT marker).
          if (!e.topic) break;
          const txn = `${e.topic}|${e.partition}|${e.producerId}`;
          const pending = open.get(txn) ?? [];
          for (const id of e.messageIds) {
            const m = byId.get(id);
            if (m) pending.push({ m, partition: e.partition });
          }
          open.set(txn, pending);
          break;
        }
        case 'broker.markerWritten': {
          const txn = `${e.topic ?? ''}|${e.partition}|${e.producerId}`;
          const pending = open.get(txn);
          if (!pending) break;
          open.delete(txn);
          if (e.result === 'COMMIT') for (const c of pending) effect(c.m, c.partition, undefined);
          break;
        }
        case 'broker.deadLetterAppended': {
          const m = byId.get(e.messageId);
          if (m) m.inDlt = true;
          break;
        }
        case 'broker.redriven':
          for (const r of e.records) {
            const m = byId.get(r.messageId);
            if (m) m.inDlt = false;
          }
          break;
        case 'sink.staleSkipped': {
          const m = byId.get(e.messageId);
          if (!m || e.by === e.messageId) break;
          m.superseded = true;
          const service = sinkService(e);
          if (service !== undefined) m.supersededIn[service] = true;
          break;
        }
        case 'sink.applied': {
          const m = byId.get(e.messageId);
          if (m) effect(m, e.partition, sinkService(e));
          break;
        }
        case 'run.quiescent':
        case 'run.horizon':
          end = e.type === 'run.quiescent' ? 'quiescent' : 'horizon';
          break;
      }
    }
  }
  const v: Verdict = { end, lost: [], duplicated: [], outOfOrder: [] };
  for (const m of byId.values()) {
    const status = services.length > 0 ? worstOfServices(m, end !== null) : statusOf(m, end !== null);
    if (status === 'lost') v.lost.push(m.id);
    if (status === 'duplicated') v.duplicated.push(m.id);
    if (m.outOfOrder) v.outOfOrder.push(m.id);
  }
  return v;
}

function statusOf(m: Tally, ended: boolean): 'duplicated' | 'lost' | 'other' {
  if (m.effects > 1) return 'duplicated';
  if (m.effects === 1 || m.superseded || m.inDlt) return 'other';
  return ended ? 'lost' : 'other';
}

/** With several services the message's status is the worst of its services': duplicated, then lost. */
function worstOfServices(m: Tally, ended: boolean): 'duplicated' | 'lost' | 'other' {
  if (m.inService.some((n) => n > 1)) return 'duplicated';
  const lost = m.inService.some((n, i) => n === 0 && !m.supersededIn[i] && ended);
  return lost ? 'lost' : 'other';
}
