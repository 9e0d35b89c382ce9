/**
 * Where everything sits on the stage, in the stage's own coordinates (an SVG viewBox that scales
 * with the page, so the stage reads the same at 1280 and from the back of a room at 1920).
 * Left to right in the order a record travels: producers, brokers (the transaction coordinator
 * above them), consumers, databases. Pure: topology in, boxes and links out.
 */
import { idsOf, type NodeId, type Topology } from '../../engine';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Link {
  /** `a~b`, the client first (as the engine names connections). */
  id: string;
  a: NodeId;
  b: NodeId;
  /** The line between the two cards, from a to b. */
  line: Segment;
}

export interface StageLayout {
  width: number;
  height: number;
  nodes: Record<NodeId, Box>;
  links: Link[];
}

const MARGIN = 12;
const GAP_X = 84;
const GAP_Y = 18;
const WIDTH = { producer: 300, broker: 390, consumer: 290, sink: 250 } as const;
const COORDINATOR_H = 140;
/** The columns' height with one card each; a column of several gives each at least CARD_MIN. */
const HEIGHT = 390;
const CARD_MIN = 170;

function stack(ids: readonly NodeId[], x: number, w: number, top: number, height: number, out: Record<NodeId, Box>) {
  if (ids.length === 0) return;
  const h = (height - GAP_Y * (ids.length - 1)) / ids.length;
  ids.forEach((id, i) => {
    out[id] = { x, y: top + i * (h + GAP_Y), w, h };
  });
}

/** The stage for a run's nodes, and the links between nodes that talk to each other. */
export function layoutStage(topology: Topology, pairs: readonly string[]): StageLayout {
  const producers = idsOf(topology, 'producer');
  const brokers = idsOf(topology, 'broker');
  const consumers = idsOf(topology, 'consumer');
  const sinks = idsOf(topology, 'sink');
  const coordinator = idsOf(topology, 'coordinator')[0];
  const nodes: Record<NodeId, Box> = {};
  const tallest = Math.max(producers.length, brokers.length + (coordinator ? 1 : 0), consumers.length, sinks.length);
  const height = Math.max(HEIGHT, tallest * CARD_MIN + (tallest - 1) * GAP_Y);
  let x = MARGIN;
  stack(producers, x, WIDTH.producer, MARGIN, height, nodes);
  x += WIDTH.producer + GAP_X;
  const brokerTop = coordinator ? MARGIN + COORDINATOR_H + GAP_Y : MARGIN;
  if (coordinator) nodes[coordinator] = { x, y: MARGIN, w: WIDTH.broker, h: COORDINATOR_H };
  stack(brokers, x, WIDTH.broker, brokerTop, height - (brokerTop - MARGIN), nodes);
  x += WIDTH.broker + GAP_X;
  stack(consumers, x, WIDTH.consumer, MARGIN, height, nodes);
  x += WIDTH.consumer;
  if (sinks.length > 0) {
    x += GAP_X;
    stack(sinks, x, WIDTH.sink, MARGIN, height, nodes);
    x += WIDTH.sink;
  }
  const links = pairs.flatMap((id) => {
    const [a, b] = id.split('~') as [NodeId, NodeId];
    return nodes[a] && nodes[b] ? [{ id, a, b, line: between(nodes[a], nodes[b]) }] : [];
  });
  return { width: x + MARGIN, height: height + 2 * MARGIN, nodes, links };
}

/** The line joining two cards: between their facing sides, or (one above the other) top and bottom. */
export function between(a: Box, b: Box): Segment {
  const ay = a.y + a.h / 2;
  const by = b.y + b.h / 2;
  if (a.x + a.w <= b.x) return { x1: a.x + a.w, y1: ay, x2: b.x, y2: by };
  if (b.x + b.w <= a.x) return { x1: a.x, y1: ay, x2: b.x + b.w, y2: by };
  // Same column: a vertical line near the right side (brokers replicating, the coordinator's markers).
  const x = a.x + a.w - 28;
  return a.y < b.y ? { x1: x, y1: a.y + a.h, x2: x, y2: b.y } : { x1: x, y1: a.y, x2: x, y2: b.y + b.h };
}

/**
 * Where a packet from `from` to `to` is at `progress` (0..1) on their link. The two directions
 * travel a little apart, so a request and its answer never sit on top of each other.
 */
export function pointOn(link: Link, from: NodeId, progress: number): { x: number; y: number } {
  const forward = link.a === from;
  const { x1, y1, x2, y2 } = link.line;
  const [sx, sy, ex, ey] = forward ? [x1, y1, x2, y2] : [x2, y2, x1, y1];
  const len = Math.hypot(ex - sx, ey - sy) || 1;
  // Perpendicular to the direction of travel, to its right: the two directions separate.
  const ox = (-(ey - sy) / len) * 9;
  const oy = ((ex - sx) / len) * 9;
  return { x: sx + (ex - sx) * progress + ox, y: sy + (ey - sy) * progress + oy };
}
