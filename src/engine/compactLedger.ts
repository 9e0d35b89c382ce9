/**
 * The ledger's verdict for a run too long to keep: the same fold over the trace as buildLedger
 * (ledger.ts), step by step, keeping only what the summary is made of. Per message a few counters in
 * typed arrays (effects, per service too; appends that still count; superseded, out of order, in the
 * dead-letter topic) instead of a MessageLedger with an object per send, request, append, delivery
 * and effect; per key (or partition) the highest rank that had its first effect; the lag's fold with
 * only its last samples. The rules are buildLedger's, line for line; the tests hold the two equal.
 *
 * What it does not keep: when and where each copy went (the rows of the ledger table), skips and
 * their reasons, failures, requests. With replication it keeps one small record per append that
 * still counts, because a truncation names the copy it deletes by partition and offset.
 */
import { LagFold, type LagSample } from './lag';
import type { LedgerSummary, MessageLedger } from './ledger';
import type { RunConfig } from './simulation';
import { servicesOf } from './topology';
import type { MessageId, NodeId, Step } from './types';

type Status = MessageLedger['status'];

/** An append in a transaction, or with replication any append: whether it still counts as a copy in the log. */
interface Copy {
  idx: number;
  aborted: boolean;
  truncated: boolean;
}

const NO_SERVICE = -1;

export class CompactLedger {
  /** Message ids in the script's order (the first of each id), and each id's rank. */
  private readonly rank = new Map<MessageId, number>();
  private readonly ids: MessageId[] = [];
  private readonly keys: (string | null)[] = [];
  private readonly effects: Uint32Array;
  /** With services: effects per message and service (`idx * services + s`). */
  private readonly serviceEffects: Uint32Array;
  private readonly serviceSuperseded: Uint8Array;
  /** Appends that count: not in an aborted transaction, not truncated away. */
  private readonly durable: Uint32Array;
  private readonly superseded: Uint8Array;
  private readonly outOfOrder: Uint8Array;
  private readonly inDlt: Uint8Array;
  private readonly sent: Uint8Array;
  private readonly serviceCount: number;
  private readonly serviceOfNode = new Map<NodeId, number>();
  private readonly highest = new Map<string, number>();
  private readonly open = new Map<string, { copy: Copy; output: boolean; partition: number; offset: number }[]>();
  /** With replication: the appends that a truncation may delete, by message, partition and offset. */
  private readonly truncatable: Map<string, Copy[]> | null;
  private readonly lag: LagFold;
  private readonly keepSamples: number;
  private outputRows = 0;
  private end: LedgerSummary['end'] = null;
  private endAt = -1;
  /** Messages the application has sent at least once. */
  sentCount = 0;
  /** Effects so far, over every message. */
  effectCount = 0;

  /** `keepSamples`: how many of the last lag samples to keep (the stage's window). */
  constructor(run: RunConfig, keepSamples = 500) {
    for (const m of run.messages) {
      if (this.rank.has(m.id)) continue;
      this.rank.set(m.id, this.rank.size);
      this.ids.push(m.id);
      this.keys.push(m.key);
    }
    const n = this.rank.size;
    const services = servicesOf(run.settings);
    this.serviceCount = services.length;
    services.forEach((s, i) => this.serviceOfNode.set(s.consumer, i).set(s.sink, i));
    this.effects = new Uint32Array(n);
    this.serviceEffects = new Uint32Array(n * services.length);
    this.serviceSuperseded = new Uint8Array(n * services.length);
    this.durable = new Uint32Array(n);
    this.superseded = new Uint8Array(n);
    this.outOfOrder = new Uint8Array(n);
    this.inDlt = new Uint8Array(n);
    this.sent = new Uint8Array(n);
    this.truncatable = run.settings.topic['replication.factor'] > 1 ? new Map() : null;
    this.lag = new LagFold(services.length > 0 ? { groups: services.map((s) => s.name), groupOfConsumer: new Map(services.map((s) => [s.consumer, s.name])) } : undefined);
    this.keepSamples = Math.max(1, keepSamples);
  }

  /** How many distinct messages the run has. */
  get messageCount(): number {
    return this.rank.size;
  }

  /** The lag samples kept (those of the last steps; at least the last one). */
  get lagSamples(): readonly LagSample[] {
    return this.lag.samples;
  }

  private service(e: { instance?: NodeId }, first: NodeId): number {
    return this.serviceOfNode.get(e.instance ?? first) ?? NO_SERVICE;
  }

  private effect(idx: number, partition: number, service: number): void {
    this.effects[idx]!++;
    this.effectCount++;
    const n = service === NO_SERVICE ? this.effects[idx]! : ++this.serviceEffects[idx * this.serviceCount + service]!;
    if (n !== 1) return;
    // buildLedger's rule: order holds per key, without a key per partition, in each service.
    const key = this.keys[idx]!;
    const domain = `${service === NO_SERVICE ? '' : service}|${key === null ? `p${partition}` : `k${key}`}`;
    const top = this.highest.get(domain) ?? -1;
    if (idx < top) this.outOfOrder[idx] = 1;
    else this.highest.set(domain, idx);
  }

  private append(idx: number, partition: number, offset: number, copy: Copy): void {
    this.durable[idx]!++;
    if (!this.truncatable) return;
    const at = `${idx}|${partition}|${offset}`;
    const list = this.truncatable.get(at);
    if (list) list.push(copy);
    else this.truncatable.set(at, [copy]);
  }

  /** Folds one more step (steps must come in order, each once). */
  add(s: Step): void {
    for (const e of s.events) {
      this.lag.event(e);
      switch (e.type) {
        case 'producer.send': {
          const idx = this.rank.get(e.messageId);
          if (idx !== undefined && this.sent[idx] === 0) {
            this.sent[idx] = 1;
            this.sentCount++;
          }
          break;
        }
        case 'broker.appended': {
          const txn = e.transactional || e.topic !== undefined;
          const pending = txn ? (this.open.get(`${e.topic ?? ''}|${e.partition}|${e.producerId}`) ?? []) : null;
          e.messageIds.forEach((id, k) => {
            const idx = this.rank.get(id);
            if (idx === undefined) return;
            const copy: Copy = { idx, aborted: false, truncated: false };
            const offset = e.baseOffset + k;
            // The copier's output topic is not the topic: its copies are effects, not appends.
            if (e.topic === undefined) this.append(idx, e.partition, offset, copy);
            pending?.push({ copy, output: e.topic !== undefined, partition: e.partition, offset });
          });
          if (pending) this.open.set(`${e.topic ?? ''}|${e.partition}|${e.producerId}`, pending);
          break;
        }
        case 'broker.markerWritten': {
          const key = `${e.topic ?? ''}|${e.partition}|${e.producerId}`;
          const pending = this.open.get(key);
          if (!pending) break;
          this.open.delete(key);
          for (const { copy, output, partition } of pending) {
            if (output) {
              if (e.result === 'COMMIT') {
                this.outputRows++;
                this.effect(copy.idx, partition, NO_SERVICE);
              }
            } else if (e.result !== 'COMMIT') {
              if (!copy.truncated) this.durable[copy.idx]!--;
              copy.aborted = true;
            }
          }
          break;
        }
        case 'replica.truncated':
          for (const r of e.records) {
            const idx = this.rank.get(r.messageId);
            const list = idx === undefined ? undefined : this.truncatable?.get(`${idx}|${e.partition}|${r.offset}`);
            const copy = list?.shift();
            if (!copy) continue;
            if (list!.length === 0) this.truncatable!.delete(`${idx}|${e.partition}|${r.offset}`);
            if (!copy.aborted) this.durable[copy.idx]!--;
            copy.truncated = true;
          }
          break;
        case 'broker.deadLetterAppended': {
          const idx = this.rank.get(e.messageId);
          if (idx !== undefined) this.inDlt[idx] = 1;
          break;
        }
        case 'broker.redriven':
          for (const r of e.records) {
            const idx = this.rank.get(r.messageId);
            if (idx !== undefined) this.inDlt[idx] = 0;
          }
          break;
        case 'sink.staleSkipped': {
          const idx = this.rank.get(e.messageId);
          if (idx === undefined || e.by === e.messageId) break;
          this.superseded[idx] = 1;
          const service = this.service(e, 'sink');
          if (service !== NO_SERVICE) this.serviceSuperseded[idx * this.serviceCount + service] = 1;
          break;
        }
        case 'sink.applied': {
          const idx = this.rank.get(e.messageId);
          if (idx !== undefined) this.effect(idx, e.partition, this.service(e, 'sink'));
          break;
        }
        case 'run.quiescent':
        case 'run.horizon':
          this.end = e.type === 'run.quiescent' ? 'quiescent' : 'horizon';
          this.endAt = s.index;
          break;
      }
    }
    this.lag.endStep({ step: s.index, time: s.time });
    // Only the last samples are kept; the fold itself needs only the last one.
    const samples = this.lag.samples;
    if (samples.length > 2 * this.keepSamples) samples.splice(0, samples.length - this.keepSamples);
  }

  /** The step the run ended at, or null while it goes on. */
  get endStep(): number | null {
    return this.end ? this.endAt : null;
  }

  /** A message's status as buildLedger's settleStatus gives it after the steps folded so far (undefined: not in the script). */
  statusOf(id: MessageId): Status | undefined {
    const idx = this.rank.get(id);
    return idx === undefined ? undefined : this.statusAt(idx);
  }

  private statusAt(idx: number): Status {
    const ended = this.end !== null;
    if (this.serviceCount > 0) {
      let worst = 4;
      // buildLedger's order of the worst: duplicated, lost, pending, superseded (then ok).
      for (let s = 0; s < this.serviceCount; s++) {
        const n = this.serviceEffects[idx * this.serviceCount + s]!;
        const rank = n > 1 ? 0 : n === 1 ? 4 : this.serviceSuperseded[idx * this.serviceCount + s] ? 3 : ended ? 1 : 2;
        worst = Math.min(worst, rank);
      }
      return (['duplicated', 'lost', 'pending', 'superseded', 'ok'] as const)[worst]!;
    }
    const n = this.effects[idx]!;
    if (n > 1) return 'duplicated';
    if (n === 1) return 'ok';
    if (this.superseded[idx]) return 'superseded';
    if (this.inDlt[idx]) return 'dead-lettered';
    return ended ? 'lost' : 'pending';
  }

  /** The messages that break the guarantee, in the script's order: what Prove it checks of every schedule. */
  violations(): { lost: MessageId[]; duplicated: MessageId[]; outOfOrder: MessageId[] } {
    const v = { lost: [] as MessageId[], duplicated: [] as MessageId[], outOfOrder: [] as MessageId[] };
    for (let i = 0; i < this.ids.length; i++) {
      const status = this.statusAt(i);
      if (status === 'lost') v.lost.push(this.ids[i]!);
      else if (status === 'duplicated') v.duplicated.push(this.ids[i]!);
      if (this.outOfOrder[i]) v.outOfOrder.push(this.ids[i]!);
    }
    return v;
  }

  /** The summary buildLedger gives for the steps folded so far. */
  summary(): LedgerSummary {
    const counts: Record<Status, number> = { pending: 0, ok: 0, lost: 0, duplicated: 0, superseded: 0, 'dead-lettered': 0 };
    let logDuplicates = 0;
    let outOfOrder = 0;
    let effects = 0;
    for (let i = 0; i < this.rank.size; i++) {
      counts[this.statusAt(i)]++;
      if (this.durable[i]! > 1) logDuplicates++;
      if (this.outOfOrder[i]) outOfOrder++;
      effects += this.effects[i]!;
    }
    return {
      messages: this.rank.size,
      effects,
      lost: counts.lost,
      duplicated: counts.duplicated,
      logDuplicates,
      superseded: counts.superseded,
      outOfOrder,
      deadLettered: counts['dead-lettered'],
      maxLag: this.lag.max,
      finalLag: this.lag.total,
      end: this.end,
    };
  }
}
