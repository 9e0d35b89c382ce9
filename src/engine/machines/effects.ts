/**
 * How a node's pure logic talks to the outside: it returns a list of `Out` effects, and
 * `flush` turns them into xstate actions (emit for messages, trace and crash points; delayed
 * raise and cancel for timers). The scheduler executes those actions on the virtual clock.
 */
import { assign, type EventObject, type MachineContext } from 'xstate';
import type { CrashPoint, ErrorCode, MessageKind, NetMessage, NodeId, Payload, TraceEvent } from '../types';

/** Every event the scheduler delivers carries the virtual time. */
export interface Timed {
  now: number;
}

/**
 * A network message arriving at a node: event type `RECEIVE.<Kind>`. `reject` is set by a fault
 * that makes the receiving broker answer with that error; `failWrite` by a fault that makes the
 * database's transaction for this SinkWrite fail.
 */
export type ReceiveEvent = {
  [K in MessageKind]: Timed & {
    type: `RECEIVE.${K}`;
    msg: NetMessage & { payload: Extract<Payload, { kind: K }> };
    reject?: ErrorCode;
    failWrite?: boolean;
  };
}[MessageKind];

export type LifecycleEvent = (Timed & { type: 'CRASH'; point: CrashPoint | null }) | (Timed & { type: 'RESTART' });

/** A timer a node arms. `background` timers do not keep a run from being quiet. */
export interface TimerEventBase extends Timed {
  background?: boolean;
}

/** What a node's machine emits; the scheduler turns it into network messages and trace. */
export type Emitted =
  /** `connection`: a reply goes back on the connection its request came on. */
  | { type: 'send'; to: NodeId; payload: Payload; connection?: string }
  | { type: 'trace'; event: TraceEvent }
  | { type: 'point'; point: CrashPoint }
  /** The client drops its connection to `peer`; its next message opens a new one. */
  | { type: 'disconnect'; peer: NodeId }
  /** A partition leader changes its ISR (Kafka's AlterPartition to the controller, instant in the lab). */
  | { type: 'alterPartition'; partition: number; leaderEpoch: number; isr: readonly NodeId[] };

/** Effects returned by a node's pure logic. */
export type Out<TTimer> =
  | Emitted
  | { type: 'timer'; id: string; delay: number; event: TTimer }
  | { type: 'cancel'; id: string };

/** The xstate `enqueue` object, reduced to what `flush` needs. */
export interface Enqueue<TTimer> {
  emit: (event: Emitted) => void;
  raise: (event: TTimer, options: { id: string; delay: number }) => void;
  cancel: (id: string) => void;
}

/** Turns effects into xstate actions, in order. */
export function flush<TTimer>(enqueue: Enqueue<TTimer>, out: readonly Out<TTimer>[]): void {
  for (const o of out) {
    if (o.type === 'timer') enqueue.raise(o.event, { id: o.id, delay: o.delay });
    else if (o.type === 'cancel') enqueue.cancel(o.id);
    else enqueue.emit(o);
  }
}

/** Small builders, so logic reads as what it does. */
export const send = (to: NodeId, payload: Payload): Emitted => ({ type: 'send', to, payload });
/** A reply to `msg`, on the connection `msg` came on. */
export const reply = (msg: NetMessage, payload: Payload): Emitted => ({ type: 'send', to: msg.from, payload, connection: msg.connection });
export const trace = (event: TraceEvent): Emitted => ({ type: 'trace', event });
export const point = (p: CrashPoint): Emitted => ({ type: 'point', point: p });
export const disconnect = (peer: NodeId): Emitted => ({ type: 'disconnect', peer });

/** Result of a pure node step. */
export interface Stepped<TCtx, TTimer> {
  context: TCtx;
  out: Out<TTimer>[];
}

/**
 * Builds the action that runs a pure step for one event type: an `assign` with the new context
 * that also hands the step's effects (messages, trace, crash points, timers) to the scheduler, as
 * an `effects` item among the transition's collected actions, in the place where an action after
 * the assign would be collected (see collectEffectsInto). `run<'APP_SEND'>((context, event) => ...)`
 * narrows the event. (One action instead of an assign and an `effects` action saves xstate a
 * second action resolution per event; both cost a fraction of `enqueueActions`, which builds a new
 * action list on every call.)
 */
export function stepRunner<TCtx extends MachineContext, TEvent extends EventObject, TTimer>() {
  const run = <T extends TEvent['type']>(fn: (context: TCtx, event: Extract<TEvent, { type: T }>) => Stepped<TCtx, TTimer>) => [
    assign<TCtx, Extract<TEvent, { type: T }>, undefined, TEvent, never>(({ context, event }) => {
      const { context: next, out } = fn(context, event);
      effectsSink?.push({ type: EFFECTS, params: out });
      return next;
    }),
  ];
  /** For entry actions and transitions that do not read the event's payload. */
  const any = (fn: (context: TCtx, event: TEvent) => Stepped<TCtx, TTimer>) => run<TEvent['type']>(fn);
  return Object.assign(run, { any });
}

/** The type of the collected item that carries a step's effects to the scheduler. */
export const EFFECTS = 'effects';

/** The collected actions of the transition being computed (set by nodes.ts before each one). */
let effectsSink: { type: string; params?: unknown }[] | null = null;

/**
 * Where the next transitions' effects go: the list the machine's inert scope collects executed
 * actions into, so that effects keep their order among emits, raises and cancels.
 */
export function collectEffectsInto(sink: { type: string; params?: unknown }[] | null): void {
  effectsSink = sink;
}
