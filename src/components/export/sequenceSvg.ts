/**
 * The sequence diagram as a standalone SVG file: the panel's drawing (sequenceLayout.ts) for a
 * range of steps, with a title, a colour key and the lane names, styled by attributes only (the
 * page's CSS does not travel with the file). Pure: data in, markup out.
 */
import type { NodeId, Packet, Step } from '../../engine';
import { LANE, ROW, lineShare, marksOf, packetsIn, type Mark } from '../panels/sequenceLayout';
import { familyOf, isBackground, type Family } from '../stage/packetText';
import { el, escapeXml, textEl } from './svgMarkup';

/** The colour of each message family: the stage's Okabe-Ito colours, the light ones darkened for lines on white (stage.css, `.seq-msg.fam-*`). */
export const FAMILY_COLOURS: Record<Family, string> = {
  produce: '#0072b2',
  fetch: '#007a5a',
  offsets: '#a8457e',
  group: '#6b6b6b',
  sink: '#8a5f00',
  txn: '#b84a00',
  replica: '#1f6f9c',
  metadata: '#7a7400',
};

const MARK_STYLE: Record<Mark['kind'], { fill: string; stroke?: string; r: number }> = {
  effect: { fill: '#166534', r: 4 },
  skip: { fill: '#e69f00', r: 4 },
  crash: { fill: '#b42318', r: 6 },
  restart: { fill: '#ffffff', stroke: '#b42318', r: 4 },
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif";
const TEXT = '#111722';
const MUTED = '#4a5365';
const BAD = '#b42318';
/** Room for the step numbers left of the lanes. */
const GUTTER = 48;
const PAD = 16;
/** Where the rows start: below the title, the subtitle, the key and the lane names. */
const TOP = 116;

export interface SequenceSvgInput {
  title: string;
  /** Seed, steps, trace hash: what makes the drawing reproducible. */
  subtitle: string;
  /** The colour key's words, by family, and the line saying what the dots mean. */
  legend: Record<Family, string>;
  marksNote: string;
  lanes: readonly { id: NodeId; name: string }[];
  /** The steps drawn, inclusive. */
  from: number;
  to: number;
  steps: readonly Step[];
  packets: readonly Packet[];
  /** A message's label (in the page's language). */
  label: (p: Packet) => string;
}

/** The diagram as SVG text, and its size in CSS pixels. */
export function sequenceSvg(d: SequenceSvgInput): { svg: string; width: number; height: number } {
  const laneX = new Map(d.lanes.map((l, i) => [l.id, GUTTER + LANE / 2 + i * LANE]));
  const y = (step: number) => TOP + (step - d.from) * ROW + ROW / 2;
  const drawn = packetsIn(d.packets, d.from, d.to).filter((p) => laneX.has(p.from) && laneX.has(p.to));
  // The key names the families drawn, in a fixed order.
  const kinds = new Set(drawn.map((p) => familyOf(p.kind)));
  const families = (Object.keys(FAMILY_COLOURS) as Family[]).filter((f) => kinds.has(f));
  // Wide enough for the lanes and for the header's lines (estimated from their length).
  const textWidth = (s: string, px: number) => s.length * px * 0.6;
  const width = Math.ceil(Math.max(GUTTER + d.lanes.length * LANE + PAD, 2 * PAD + Math.max(textWidth(d.title, 16), textWidth(d.subtitle, 12), textWidth(d.marksNote, 11)), 2 * PAD + families.length * 110));
  const rowsBottom = TOP + (d.to - d.from + 1) * ROW;
  const height = rowsBottom + PAD;

  const header = [
    textEl({ x: PAD, y: 24, 'font-size': 16, 'font-weight': 700, fill: TEXT }, d.title),
    textEl({ x: PAD, y: 44, 'font-size': 12, fill: MUTED }, d.subtitle),
    ...families.map((f, i) =>
      el('g', { transform: `translate(${PAD + i * 110} 58)` }, el('line', { x1: 0, y1: 6, x2: 22, y2: 6, stroke: FAMILY_COLOURS[f], 'stroke-width': 3 }), textEl({ x: 28, y: 10, 'font-size': 11, fill: TEXT }, d.legend[f])),
    ),
    textEl({ x: PAD, y: 88, 'font-size': 11, fill: MUTED }, d.marksNote),
    ...d.lanes.map((l) => textEl({ x: laneX.get(l.id)!, y: TOP - 8, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700, fill: TEXT }, l.name)),
  ];

  const grid: string[] = [];
  for (let s = d.from; s <= d.to; s++) {
    if (s % 10 !== 0 && s !== d.from) continue;
    grid.push(el('line', { x1: GUTTER, x2: width - PAD, y1: y(s) - ROW / 2, y2: y(s) - ROW / 2, stroke: '#e3e7ee', 'stroke-width': 1 }));
    grid.push(textEl({ x: GUTTER - 6, y: y(s) + 4, 'text-anchor': 'end', 'font-size': 10, fill: MUTED }, String(s)));
  }
  const lanes = d.lanes.map((l) => el('line', { class: 'lane', x1: laneX.get(l.id)!, x2: laneX.get(l.id)!, y1: TOP - 4, y2: rowsBottom, stroke: '#9aa3b2', 'stroke-width': 1.5 }));

  const messages: string[] = [];
  for (const p of drawn) {
    const x1 = laneX.get(p.from)!;
    const xTo = laneX.get(p.to)!;
    const lost = p.outcome === 'dropped';
    const quiet = isBackground(p);
    const family = familyOf(p.kind);
    const colour = FAMILY_COLOURS[family];
    const x2 = x1 + (xTo - x1) * lineShare(p);
    const y1 = y(p.sentStep);
    const y2 = y(p.endStep ?? d.to);
    const parts = [el('line', { x1, y1, x2, y2, stroke: colour, 'stroke-width': quiet ? 1 : 2, 'stroke-opacity': quiet ? 0.35 : undefined, 'stroke-dasharray': lost ? '4 3' : undefined })];
    if (lost) parts.push(el('path', { d: `M ${x2 - 5} ${y2 - 5} L ${x2 + 5} ${y2 + 5} M ${x2 + 5} ${y2 - 5} L ${x2 - 5} ${y2 + 5}`, stroke: BAD, 'stroke-width': 2.5 }));
    if (!quiet) {
      parts.push(textEl({ x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, 'text-anchor': 'middle', 'font-size': 10, fill: TEXT, stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' }, d.label(p)));
    }
    messages.push(el('g', { class: `seq-msg fam-${family}`, 'data-kind': p.kind, 'data-nth': p.nth, 'data-lost': lost ? 'true' : undefined }, ...parts));
  }

  const marks = marksOf(d.steps, d.from, d.to).flatMap((m) => {
    const cx = laneX.get(m.node);
    if (cx === undefined) return [];
    const style = MARK_STYLE[m.kind];
    return [el('circle', { class: `seq-mark seq-${m.kind}`, cx, cy: y(m.step), r: style.r, fill: style.fill, stroke: style.stroke, 'stroke-width': style.stroke ? 2 : undefined })];
  });

  // Lines of messages sent before the first step drawn (or arriving after the last) stop at the rows' edge.
  const clip = el('clipPath', { id: 'rows' }, el('rect', { x: 0, y: TOP, width, height: rowsBottom - TOP }));
  const svg = el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT, 'data-from': d.from, 'data-to': d.to },
    el('title', {}, escapeXml(d.title)),
    el('rect', { width, height, fill: '#ffffff' }),
    ...header,
    ...grid,
    ...lanes,
    el('defs', {}, clip),
    el('g', { 'clip-path': 'url(#rows)' }, ...messages, ...marks),
  );
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, width, height };
}
