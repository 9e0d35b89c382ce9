/**
 * The human report, without I/O: a run's ledger and summary as lines of text that fit a
 * 100-column terminal. Trace texts come in through a function so this file stays free of i18n.
 */
import { checkExpectation, type ExpectedCounter, type ExpectedOutcome, type LedgerSummary, type MessageLedger, type Step, type TraceEvent } from '../engine';

export interface RunInfo {
  /** The scenario's id, else its title, else its preset, else the file it came from. */
  label: string;
  /** Printed under the header when the label is the id (titles are too long to share a line). */
  title?: string;
  seed: number;
  steps: number;
  /** Virtual time of the last step, in ms. */
  endTime: number;
  end: LedgerSummary['end'];
}

export const WIDTH = 100;

export function headerLines(r: RunInfo): string[] {
  const end = r.end === null ? `stopped at the step limit at ${r.endTime} ms` : `${r.end} at ${r.endTime} ms (virtual)`;
  const lines = [`${r.label} · seed ${r.seed} · ${r.steps} steps · ${end}`];
  if (r.title && r.title !== r.label) lines.push(...wrap(r.title, '  ', '  '));
  return lines;
}

type Counted = ExpectedCounter;
const LABELS: Record<Counted, string> = {
  lost: 'lost',
  duplicated: 'duplicated',
  logDuplicates: 'duplicates in the log',
  outOfOrder: 'out of order',
  superseded: 'superseded',
  deadLettered: 'dead-lettered',
  maxLag: 'max lag',
  finalLag: 'final lag',
};
/** Always on the summary line; the others only when they are not zero. */
const ALWAYS: readonly Counted[] = ['lost', 'duplicated', 'logDuplicates', 'outOfOrder'];

/** The counters; `superseded` (only the version strategy has it) only when there is one. */
export function summaryLine(s: LedgerSummary): string {
  const shown = [...ALWAYS, ...(s.superseded > 0 ? (['superseded'] as const) : []), ...(s.deadLettered > 0 ? (['deadLettered'] as const) : [])];
  const counters = shown.map((k) => `${LABELS[k]} ${s[k]}`);
  return `${counters.join(' · ')} · effects ${s.effects} (of ${s.messages} message${s.messages === 1 ? '' : 's'})`;
}

const STATUS: Record<MessageLedger['status'], string> = { ok: 'ok', lost: 'LOST', duplicated: 'DUPLICATED', superseded: 'superseded', pending: 'pending', 'dead-lettered': 'in DLT' };

/** One row per message, columns padded to the widest cell. */
export function messageTable(rows: readonly MessageLedger[]): string[] {
  if (rows.length === 0) return ['(no messages produced)'];
  // With several partitions an offset names its partition: p1:3.
  const multi = rows.some((m) => m.appends.some((a) => a.partition > 0));
  const where = (a: { partition: number; offset: number }) => (multi ? `p${a.partition}:${a.offset}` : String(a.offset));
  const head = ['msg', 'key', 'sends', multi ? 'appended at partition:offset' : 'appended at offset', 'deliveries', 'effects', 'status'];
  const right = [false, false, true, false, true, true, false];
  const cells = rows.map((m) => [
    clip(m.messageId, 16),
    m.key === null ? '-' : clip(m.key, 16),
    String(m.sends.length),
    offsets(m.appends.map(where)),
    String(m.deliveries.length),
    m.effectsSkipped.length > 0 ? `${m.effects.length} (${m.effectsSkipped.length} skipped)` : String(m.effects.length),
    STATUS[m.status] + (m.outOfOrderAt !== null ? ', OUT OF ORDER' : ''),
  ]);
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...cells.map((row) => displayWidth(row[c]!))));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : pad(cell, widths[c]!, right[c]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

function offsets(list: readonly string[]): string {
  if (list.length === 0) return '-';
  const shown = list.slice(0, 4).join(', ');
  return list.length > 4 ? `${shown} +${list.length - 4} more` : shown;
}


export function expectationLines(expected: ExpectedOutcome, s: LedgerSummary): string[] {
  const c = checkExpectation(expected, s)!;
  const wanted = (Object.keys(LABELS) as Counted[]).filter((k) => expected[k] !== undefined).map((k) => `${LABELS[k]} ${expected[k]}`);
  if (c.matched) return [`expected ${wanted.join(' · ') || 'nothing in particular'}: matched`];
  return [
    `expected ${wanted.join(' · ')}: NOT matched`,
    ...c.rows.filter((r) => !r.matched).map((m) => `  ${LABELS[m.field]}: expected ${m.expected}, got ${m.actual}`),
  ];
}

/** Every step, each event in words, continuation lines hanging under the text column. */
export function traceLines(steps: readonly Step[], explain: (e: TraceEvent) => string, width = WIDTH): string[] {
  const last = steps[steps.length - 1];
  const iw = String(last?.index ?? 0).length + 1;
  const tw = String(last?.time ?? 0).length;
  const lines: string[] = [];
  for (const s of steps) {
    const lead = `${pad(`#${s.index}`, iw, false)}  ${pad(String(s.time), tw, true)} ms  `;
    const hang = ' '.repeat(lead.length);
    if (s.events.length === 0) lines.push(lead.trimEnd());
    s.events.forEach((e, k) => lines.push(...wrap(explain(e), k === 0 ? lead : hang, hang, width)));
  }
  return lines;
}

export interface Report {
  info: RunInfo;
  summary: LedgerSummary;
  messages: readonly MessageLedger[];
  traceHash: string;
  expected: ExpectedOutcome | null;
  /** Already formatted by traceLines, or null without --trace. */
  trace: string[] | null;
}

export function reportLines(r: Report): string[] {
  return [
    ...headerLines(r.info),
    '',
    ...(r.trace ? [...r.trace, ''] : []),
    summaryLine(r.summary),
    '',
    ...messageTable(r.messages),
    '',
    ...(r.expected ? expectationLines(r.expected, r.summary) : []),
    `trace hash ${r.traceHash}`,
  ];
}

/** Columns a string takes in a terminal: Hangul and other East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

function clip(s: string, max: number): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s;
}

/** Word-wraps `text` after `first`, continuing after `rest`; a word longer than a line stays whole. */
export function wrap(text: string, first: string, rest: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}
