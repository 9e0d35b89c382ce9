/**
 * The scheduler: one immutable SimState per step. A step takes the first agenda item (a message
 * arriving or being lost, a timer, a fault, the application's next send), hands the event to a
 * node machine, and turns the actions the machine returns into new messages, timers and trace.
 */
import { faultOrder, insertAll, type Agendum, type FaultAction } from './agenda';
import type { ConfigNote } from './config';
import { EFFECTS, type Emitted, type Out } from './machines/effects';
import { breakAt, connectionOf, initialNetwork, reconnect, sendMessage, type NetworkState } from './network';
import { initialNodes, isDown, transitionNode, type CollectedAction, type NodeSnapshots } from './nodes';
import { seedRng } from './rng';
import { alterPartition, brokerCrashed, fence, initialController, register, type ControllerState } from './logic/controller';
import { idsOf, pairsOf, roleOf } from './topology';
import { processingFailure } from './groupRun';
import { isQuiescent } from './quiescence';
import { lastSendsOf, pointKey, topologyOfRun, working } from './runState';
import { MESSAGE_KINDS, type CrashPoint, type ErrorCode, type Fault, type MessageId, type MessageKind, type NodeId, type Payload, type ProduceMessage, type Settings, type TraceEvent } from './types';

// Part of the scheduler's interface, kept in their own files.
export { isQuiescent } from './quiescence';
export { pointKey, topologyOfRun } from './runState';

/** Everything that defines a run; the same RunConfig always gives the same trace. */
export interface RunConfig {
  settings: Settings;
  notes: readonly ConfigNote[];
  messages: readonly ProduceMessage[];
  faults: readonly Fault[];
  seed: number;
  horizonMs: number;
}

export interface SimState extends NetworkState {
  step: number;
  now: number;
  nodes: NodeSnapshots;
  agenda: readonly Agendum[];
  nextOrder: number;
  /** How often each node reached each crash point, by `node:point`. */
  points: Readonly<Record<string, number>>;
  incarnations: Readonly<Record<NodeId, number>>;
  /** How many times each message's processing has thrown so far (`fail` faults). */
  failures: Readonly<Record<MessageId, number>>;
  done: null | 'quiescent' | 'horizon';
  /** With replication.factor > 1: the controller's leaders, epochs and ISRs (logic/controller.ts). */
  controller?: ControllerState;
}

/** Event types for arriving messages, made once. */
const RECEIVE = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, `RECEIVE.${k}`])) as Record<MessageKind, string>;

/**
 * Scratch space for one step. `s` is a fresh copy of the previous state (with its own `nodes`
 * object) that the step may change in place; once returned it is never changed again.
 */
interface Work {
  run: RunConfig;
  s: SimState;
  events: TraceEvent[];
  add: Agendum[];
}

/** The agenda items a fault puts in place before anything happens. */
export function scheduleFault(s: SimState, fault: Fault, faultIndex: number): SimState {
  const item = (at: number, action: FaultAction): Agendum => ({ kind: 'fault', at, cls: 0, order: faultOrder(faultIndex, action), faultIndex, action });
  const items: Agendum[] = [];
  if (fault.type === 'crash' && 'atMs' in fault) items.push(item(fault.atMs, 'crash'));
  if (fault.type === 'restart' || fault.type === 'start') items.push(item(fault.atMs, 'restart'));
  // (A fault with one moment uses the first order slot, whatever its kind.)
  if (fault.type === 'leave' || fault.type === 'redrive') items.push(item(fault.atMs, 'crash'));
  if (fault.type === 'cut') items.push(item(fault.fromMs, 'cut-start'), item(fault.toMs, 'cut-end'));
  // Most faults act when their message is sent or their point reached: nothing to put in place.
  return items.length === 0 ? s : { ...s, agenda: insertAll(s.agenda, items) };
}

/** The state before the first step, and the events of starting every node (step 0). */
export function initialState(run: RunConfig): { state: SimState; events: TraceEvent[] } {
  const topology = topologyOfRun(run);
  const startsLater = new Set(run.faults.flatMap((f) => (f.type === 'start' ? [f.node] : [])));
  const { nodes, actions } = initialNodes(run.settings, topology, startsLater);
  let s: SimState = {
    ...initialNetwork(seedRng(run.seed)),
    step: 0,
    now: 0,
    nodes,
    agenda: [],
    nextOrder: 0,
    points: {},
    incarnations: Object.fromEntries(topology.map((n) => [n.id, 1])),
    failures: {},
    done: null,
  };
  run.faults.forEach((f, i) => {
    s = scheduleFault(s, f, i);
  });
  const first = run.messages[0];
  if (first) s = { ...s, agenda: insertAll(s.agenda, [{ kind: 'app', at: first.at, cls: 2, order: 0, index: 0 }]) };
  const w: Work = { run, s: working(s, 0), events: [...run.notes], add: [] };
  for (const [node, acts] of actions) perform(w, node, acts);
  const brokers = idsOf(topology, 'broker');
  if (brokers.length > 1) {
    const { state, events } = initialController(brokers, run.settings.topic.partitions);
    w.s.controller = state;
    w.events.push(...events);
    publishMetadata(w);
  }
  return { state: finish(w), events: w.events };
}

/** Every live broker learns the controller's current leaders and ISRs. */
function publishMetadata(w: Work) {
  const partitions = w.s.controller!.partitions;
  for (const b of idsOf(topologyOfRun(w.run), 'broker')) {
    if (!isDown(w.s.nodes[b]!)) dispatch(w, b, { type: 'METADATA_UPDATE', partitions, now: w.s.now } as { type: string; now: number });
  }
}

/** The controller fences a crashed broker (at its session timeout, or when it restarts first). */
function fenceBroker(w: Work, broker: NodeId) {
  const { state, events } = fence(w.s.controller!, broker);
  if (state === w.s.controller) return;
  w.s.controller = state;
  w.events.push(...events);
  publishMetadata(w);
}

function finish(w: Work): SimState {
  if (w.add.length > 0) w.s.agenda = insertAll(w.s.agenda, w.add);
  return w.s;
}

function setNode(w: Work, node: NodeId, snapshot: unknown) {
  (w.s.nodes as unknown as Record<NodeId, unknown>)[node] = snapshot;
}

/** Delivers an event (which carries the virtual time) to a node and carries out what it asks for. */
function dispatch(w: Work, node: NodeId, event: { type: string; now: number }) {
  const [next, actions] = transitionNode(node, w.s.nodes[node]!, event as never);
  setNode(w, node, next);
  perform(w, node, actions);
}

function perform(w: Work, node: NodeId, actions: readonly CollectedAction[]) {
  for (const a of actions) {
    if (a.type === EFFECTS) {
      for (const o of a.params as readonly Out<{ type: string }>[]) if (!effect(w, node, o)) return;
    } else if (a.type === 'xstate.emit') {
      if (!effect(w, node, (a.params as { event: Emitted }).event)) return;
    } else if (a.type === 'xstate.raise') {
      const p = a.params as { event: { type: string }; id: string; delay?: number };
      if (p.delay !== undefined) effect(w, node, { type: 'timer', id: p.id, delay: p.delay, event: p.event });
    } else if (a.type === 'xstate.cancel') {
      removeTimer(w, node, (a.params as { sendId: string }).sendId);
    }
  }
}

/** Carries out one effect; false when the node crashed at a point and the rest never happens. */
function effect(w: Work, node: NodeId, o: Out<{ type: string }>): boolean {
  switch (o.type) {
    case 'trace':
      // A machine reports what its process lost in a crash; the scheduler names the node, and the
      // instance behind any other event of a node that is not the first of its role.
      w.events.push(o.event.type === 'node.crashed' ? { ...o.event, node } : node.includes('-') ? { ...o.event, instance: node } : o.event);
      return true;
    case 'send':
      emitMessage(w, node, o.to, o.payload, o.connection);
      return true;
    case 'point':
      return !crashAtPoint(w, node, o.point);
    case 'timer':
      removeTimer(w, node, o.id);
      w.add.push({ kind: 'timer', at: w.s.now + o.delay, cls: 1, order: w.s.nextOrder++, node, id: o.id, event: o.event });
      return true;
    case 'cancel':
      removeTimer(w, node, o.id);
      return true;
    case 'disconnect':
      Object.assign(w.s, reconnect(w.s, node, o.peer));
      return true;
    case 'alterPartition':
      if (w.s.controller) w.s.controller = alterPartition(w.s.controller, node, o.partition, o.leaderEpoch, o.isr);
      return true;
  }
}

// The node first: node ids compare as one pointer, timer ids (`req:p1.r123`) character by character.
const isTimer = (x: Agendum, node: NodeId, id: string) => x.kind === 'timer' && x.node === node && x.id === id;

function removeTimer(w: Work, node: NodeId, id: string) {
  // Plain loops and no closures: this runs for every timer armed or cancelled.
  for (const x of w.add) {
    if (isTimer(x, node, id)) {
      w.add = w.add.filter((y) => !isTimer(y, node, id));
      break;
    }
  }
  const agenda = w.s.agenda;
  for (let i = 0; i < agenda.length; i++) {
    if (isTimer(agenda[i]!, node, id)) {
      const rest = agenda.slice(0, i);
      for (let j = i + 1; j < agenda.length; j++) rest.push(agenda[j]!);
      w.s.agenda = rest;
      return;
    }
  }
}

function emitMessage(w: Work, from: NodeId, to: NodeId, payload: Payload, onConnection?: string) {
  const endpoints = { from, to, fromIncarnation: w.s.incarnations[from] ?? 1, toIncarnation: w.s.incarnations[to] ?? 1 };
  const toDown = isDown(w.s.nodes[to]!);
  const { state, messages, broke } = sendMessage(w.s, w.run.settings.network, w.run.faults, endpoints, payload, w.s.now, onConnection, toDown);
  // Field by field: faster than Object.assign, and this runs for every message.
  w.s.rng = state.rng;
  w.s.nextMessageId = state.nextMessageId;
  w.s.sent = state.sent;
  w.s.linkClock = state.linkClock;
  w.s.reconnects = state.reconnects;
  w.s.broken = state.broken;
  if (broke) loseBehind(w, broke.connection, broke.at);
  for (const msg of messages) {
    w.events.push(msg.copyOf === undefined ? { type: 'net.sent', msg } : { type: 'net.duplicated', id: msg.copyOf, copyId: msg.id, kind: msg.kind });
    const at = msg.fate.kind === 'drop' ? msg.fate.at : msg.deliverAt;
    w.add.push({ kind: 'deliver', at, cls: 1, order: w.s.nextOrder++, msg });
  }
}

/** The error a reject fault makes the broker answer the n-th ProduceRequest with, if any. */
function rejection(faults: readonly Fault[], nth: number): ErrorCode | undefined {
  for (const f of faults) if (f.type === 'reject' && f.nth === nth) return f.error ?? 'NOT_ENOUGH_REPLICAS';
  return undefined;
}

/**
 * A connection went down at `at`: what is still on its way over it is lost there too. For a
 * crash, only what travels toward the dead process (`towards`), including what would arrive at
 * `at` itself, since a crash comes first at its instant; what it sent before dying still arrives.
 */
function loseBehind(w: Work, connection: string, at: number, towards?: NodeId) {
  const lost = (x: Agendum) =>
    x.kind === 'deliver' &&
    x.msg.connection === connection &&
    x.msg.fate.kind === 'deliver' &&
    (towards === undefined ? x.msg.deliverAt > at : x.msg.to === towards && x.msg.deliverAt >= at);
  const drop = (x: Agendum): Agendum => {
    const d = x as Extract<Agendum, { kind: 'deliver' }>;
    const when = Math.max(at, d.msg.sentAt);
    return { ...d, at: when, msg: { ...d.msg, fate: { kind: 'drop', at: when, reason: 'connection' } } };
  };
  if (w.s.agenda.some(lost)) {
    w.add.push(...w.s.agenda.filter(lost).map(drop));
    w.s.agenda = w.s.agenda.filter((x) => !lost(x));
  }
  w.add = w.add.map((x) => (lost(x) ? drop(x) : x));
}

/** Counts the point; if a crash fault targets this occurrence, the node crashes right here. */
function crashAtPoint(w: Work, node: NodeId, p: CrashPoint): boolean {
  const key = pointKey(node, p);
  const count = (w.s.points[key] ?? 0) + 1;
  const points = { ...w.s.points };
  points[key] = count;
  w.s.points = points;
  // The n-th time this node reaches the point (with several consumers, each counts its own).
  const index = w.run.faults.findIndex((f) => f.type === 'crash' && 'point' in f && f.point === p && f.node === node && (f.nth ?? 1) === count);
  if (index < 0) return false;
  crash(w, node, p, index);
  return true;
}

function dropTimers(w: Work, node: NodeId) {
  const own = (x: Agendum) => x.kind === 'timer' && x.node === node;
  w.add = w.add.filter((x) => !own(x));
  w.s.agenda = w.s.agenda.filter((x) => !own(x));
}

function crash(w: Work, node: NodeId, point: CrashPoint | null, faultIndex: number) {
  if (isDown(w.s.nodes[node]!)) return;
  // The machine's crash transition traces what the process loses; its timers die with it.
  const [next, actions] = transitionNode(node, w.s.nodes[node]!, { type: 'CRASH', now: w.s.now, point } as never);
  setNode(w, node, next);
  perform(w, node, actions);
  dropTimers(w, node);
  // The process is gone, and with it its end of every connection: what travels toward it is lost,
  // what it sent before dying still arrives, and nothing more gets through until the client reconnects.
  for (const pair of pairsOf(topologyOfRun(w.run), node)) {
    const [client, server] = pair.split('~') as [NodeId, NodeId];
    const connection = connectionOf(w.s, { from: client, to: server, fromIncarnation: w.s.incarnations[client] ?? 1, toIncarnation: w.s.incarnations[server] ?? 1 });
    Object.assign(w.s, breakAt(w.s, pair, connection, w.s.now));
    loseBehind(w, connection, w.s.now, node);
  }
  if (w.s.controller && roleOf(node) === 'broker') {
    // The controller notices only when the broker's session times out (KRaft: broker.session.timeout.ms).
    w.s.controller = brokerCrashed(w.s.controller, node);
    w.add.push({ kind: 'controller', at: w.s.now + w.run.settings.broker['broker.session.timeout.ms'], cls: 1, order: w.s.nextOrder++, broker: node });
  }
  const fault = w.run.faults[faultIndex];
  if (fault && fault.type === 'crash' && fault.restartAfterMs !== undefined) {
    w.add.push({ kind: 'fault', at: w.s.now + fault.restartAfterMs, cls: 0, order: faultOrder(faultIndex, 'restart'), faultIndex, action: 'restart' });
  }
}

function restart(w: Work, node: NodeId) {
  const snapshot = w.s.nodes[node];
  // A stopped application (failed) stays stopped; a late starter starts with its `start` fault.
  if (!snapshot || !isDown(snapshot) || snapshot.value === 'failed' || snapshot.value === 'notStarted') return;
  const replicated = w.s.controller !== undefined && roleOf(node) === 'broker';
  if (replicated && w.s.controller!.unfenced.includes(node)) {
    // Back before its session timed out: the controller fences the old registration first.
    const isIt = (x: Agendum) => x.kind === 'controller' && x.broker === node;
    w.s.agenda = w.s.agenda.filter((x) => !isIt(x));
    w.add = w.add.filter((x) => !isIt(x));
    fenceBroker(w, node);
  }
  const incarnation = (w.s.incarnations[node] ?? 1) + 1;
  w.s.incarnations = { ...w.s.incarnations, [node]: incarnation };
  w.events.push({ type: 'node.restarted', node, incarnation });
  dispatch(w, node, { type: 'RESTART', now: w.s.now });
  if (replicated) {
    const { state, events } = register(w.s.controller!, node);
    w.s.controller = state;
    w.events.push(...events);
    publishMetadata(w);
  }
}

function applyFault(w: Work, item: Extract<Agendum, { kind: 'fault' }>) {
  const fault = w.run.faults[item.faultIndex];
  if (!fault) return;
  if (fault.type === 'crash' && item.action === 'crash') crash(w, fault.node, null, item.faultIndex);
  else if ((fault.type === 'crash' || fault.type === 'restart') && item.action === 'restart') restart(w, fault.node);
  else if (fault.type === 'cut' && item.action === 'cut-start') w.events.push({ type: 'link.cut', between: fault.between, untilMs: fault.toMs });
  else if (fault.type === 'cut' && item.action === 'cut-end') w.events.push({ type: 'link.restored', between: fault.between });
  else if (fault.type === 'start') start(w, fault.node);
  else if (fault.type === 'leave' && !isDown(w.s.nodes[fault.node]!)) dispatch(w, fault.node, { type: 'LEAVE', now: w.s.now });
  else if (fault.type === 'redrive' && !isDown(w.s.nodes.broker)) dispatch(w, 'broker', { type: 'REDRIVE', now: w.s.now });
}

/** A late starter starts (a `start` fault). */
function start(w: Work, node: NodeId) {
  const snapshot = w.s.nodes[node];
  if (!snapshot || snapshot.value !== 'notStarted') return;
  w.events.push({ type: 'node.started', node });
  dispatch(w, node, { type: 'START', now: w.s.now });
}

/**
 * One step: the next agenda item happens. Returns null once the run is over (quiet, or past the
 * horizon).
 */
export function step(run: RunConfig, s0: SimState): { state: SimState; events: TraceEvent[] } | null {
  if (s0.done) return null;
  const item = s0.agenda[0];
  const w: Work = { run, s: working(s0, s0.step + 1), events: [], add: [] };
  if (!item || item.at > run.horizonMs) {
    w.events.push(item ? { type: 'run.horizon' } : { type: 'run.quiescent' });
    return { state: { ...w.s, now: item ? run.horizonMs : s0.now, done: item ? 'horizon' : 'quiescent' }, events: w.events };
  }
  w.s.now = item.at;
  w.s.agenda = s0.agenda.slice(1);
  switch (item.kind) {
    case 'deliver': {
      const { msg } = item;
      // (Literals rather than spreads of a shared part: this is every step's work.)
      if (msg.fate.kind === 'drop') w.events.push({ type: 'net.dropped', id: msg.id, kind: msg.kind, from: msg.from, to: msg.to, reason: msg.fate.reason });
      else if (isDown(w.s.nodes[msg.to]!)) w.events.push({ type: 'net.dropped', id: msg.id, kind: msg.kind, from: msg.from, to: msg.to, reason: 'node-down' });
      else {
        w.events.push({ type: 'net.delivered', id: msg.id, kind: msg.kind, from: msg.from, to: msg.to });
        const event: { type: string; now: number; msg: typeof msg; reject?: ErrorCode; failWrite?: boolean } = { type: RECEIVE[msg.kind], msg, now: w.s.now };
        const reject = msg.kind === 'ProduceRequest' ? rejection(run.faults, msg.nth) : undefined;
        if (reject) event.reject = reject;
        if (msg.kind === 'SinkWrite' && run.faults.some((f) => f.type === 'fail' && f.what === 'sink-write' && f.nth === msg.nth)) event.failWrite = true;
        dispatch(w, msg.to, event);
      }
      break;
    }
    case 'timer': {
      const failing = item.event.type === 'PROCESSING_DONE' ? processingFailure(run.faults, w.s, item.event as { messageId?: MessageId }) : null;
      if (failing) w.s.failures = failing.failures;
      const event: { type: string; now: number; fail?: unknown } = { ...item.event, now: w.s.now };
      if (failing) event.fail = failing.stage;
      dispatch(w, item.node, event);
      break;
    }
    case 'app': {
      const message = run.messages[item.index]!;
      const last = lastSendsOf(run.messages).has(item.index);
      dispatch(w, message.producer ?? 'producer', { type: 'APP_SEND', message, last, now: w.s.now } as { type: string; now: number });
      const next = run.messages[item.index + 1];
      if (next) w.add.push({ kind: 'app', at: next.at, cls: 2, order: item.index + 1, index: item.index + 1 });
      break;
    }
    case 'fault':
      applyFault(w, item);
      break;
    case 'controller':
      fenceBroker(w, item.broker);
      break;
  }
  const state = finish(w);
  if (isQuiescent(run, state)) {
    w.events.push({ type: 'run.quiescent' });
    state.done = 'quiescent';
  }
  return { state, events: w.events };
}
