/**
 * What a why-chain reads of a run: the steps, with every network message's send, arrival and loss
 * by its id, and lookups of the first or last event of a kind in a range of steps. A link always
 * names a real event: `{ step, index }` is `steps[step].events[index]`.
 */
import type { NetMessage, NodeId, Step, TraceEvent } from '../types';

/** An event of the trace, where it is. */
export interface Found<E extends TraceEvent = TraceEvent> {
  step: number;
  index: number;
  event: E;
}

type Of<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

export class TraceIndex {
  readonly steps: readonly Step[];
  private readonly sent = new Map<number, Found<Of<'net.sent'>>>();
  private readonly ended = new Map<number, Found<Of<'net.delivered'> | Of<'net.dropped'>>>();

  constructor(steps: readonly Step[]) {
    this.steps = steps;
    for (const s of steps) {
      s.events.forEach((e, index) => {
        if (e.type === 'net.sent') this.sent.set(e.msg.id, { step: s.index, index, event: e });
        else if (e.type === 'net.delivered' || e.type === 'net.dropped') this.ended.set(e.id, { step: s.index, index, event: e });
      });
    }
  }

  /** The step that sent network message `id`. */
  sentOf(id: number): Found<Of<'net.sent'>> | undefined {
    return this.sent.get(id);
  }

  /** Where network message `id` arrived or was lost (undefined: the run ended first). */
  endOf(id: number): Found<Of<'net.delivered'> | Of<'net.dropped'>> | undefined {
    return this.ended.get(id);
  }

  /** The network message whose arrival step `step` handles (undefined: a timer, a fault, a send()). */
  arrivalAt(step: number): NetMessage | undefined {
    const d = this.steps[step]?.events.find((e) => e.type === 'net.delivered');
    return d && d.type === 'net.delivered' ? this.sent.get(d.id)?.event.msg : undefined;
  }

  /** The first event of `type` matching `pred` in steps from..to (inclusive). */
  first<T extends TraceEvent['type']>(type: T, from: number, to: number, pred: (e: Of<T>) => boolean = () => true): Found<Of<T>> | undefined {
    for (let i = Math.max(0, from); i <= Math.min(to, this.steps.length - 1); i++) {
      const events = this.steps[i]!.events;
      for (let k = 0; k < events.length; k++) {
        const e = events[k]!;
        if (e.type === type && pred(e as Of<T>)) return { step: i, index: k, event: e as Of<T> };
      }
    }
    return undefined;
  }

  /** The last event of `type` matching `pred` in steps from..to (inclusive). */
  last<T extends TraceEvent['type']>(type: T, from: number, to: number, pred: (e: Of<T>) => boolean = () => true): Found<Of<T>> | undefined {
    for (let i = Math.min(to, this.steps.length - 1); i >= Math.max(0, from); i--) {
      const events = this.steps[i]!.events;
      for (let k = events.length - 1; k >= 0; k--) {
        const e = events[k]!;
        if (e.type === type && pred(e as Of<T>)) return { step: i, index: k, event: e as Of<T> };
      }
    }
    return undefined;
  }

  /** The network message a `net.sent` in step `step` sent with this request id (its payload's). */
  sentWith(step: number, requestId: string, kind: NetMessage['kind']): NetMessage | undefined {
    for (const e of this.steps[step]?.events ?? []) if (e.type === 'net.sent' && e.msg.kind === kind && e.msg.payload.requestId === requestId) return e.msg;
    return undefined;
  }

  /** The answer (of `kind`) to request `requestId`: the first sent at or after `from`. */
  answerTo(requestId: string, kind: NetMessage['kind'], from: number): Found<Of<'net.sent'>> | undefined {
    return this.first('net.sent', from, this.steps.length - 1, (e) => e.msg.kind === kind && e.msg.payload.requestId === requestId);
  }
}

/** The node an event happened at: further instances of a role are named by `instance`. */
export function nodeOf(e: TraceEvent, role: NodeId): NodeId {
  if ('node' in e && typeof e.node === 'string') return e.node;
  return e.instance ?? role;
}
