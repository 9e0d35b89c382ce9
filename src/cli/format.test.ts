import { describe, expect, it } from 'vitest';
import { checkExpectation, type LedgerSummary, type MessageLedger, type Step } from '../engine';
import {
  displayWidth,
  expectationLines,
  headerLines,
  messageTable,
  reportLines,
  summaryLine,
  traceLines,
  wrap,
} from './format';

const at = (step: number) => ({ step, time: step * 10 });

function row(id: string, over: Partial<MessageLedger> = {}): MessageLedger {
  return {
    messageId: id,
    key: null,
    sends: [{ ...at(1), sendNo: 1 }],
    requests: [],
    appends: [{ ...at(2), partition: 0, offset: 0 }],
    duplicatesRejected: [],
    deliveries: [{ ...at(3), partition: 0, offset: 0 }],
    effects: [{ ...at(4), partition: 0, offset: 0, row: 1 }],
    effectsSkipped: [],
    failures: [],
    deadLetters: [],
    redrives: [],
    status: 'ok',
    supersededAt: null,
    lostAt: null,
    duplicatedAt: null,
    outOfOrderAt: null,
    ...over,
  };
}

const summary: LedgerSummary = { messages: 3, effects: 3, lost: 1, duplicated: 1, logDuplicates: 1, outOfOrder: 0, superseded: 0, deadLettered: 0, maxLag: 2, finalLag: 0, end: 'quiescent' };

describe('headerLines', () => {
  it('puts label, seed, steps, end time and how the run ended on one line', () => {
    expect(headerLines({ label: 'alo-lost-ack (at-least-once)', seed: 1, steps: 43, endTime: 1150, end: 'quiescent' })).toEqual([
      'alo-lost-ack (at-least-once) · seed 1 · 43 steps · quiescent at 1150 ms (virtual)',
    ]);
    expect(headerLines({ label: 'x', seed: 2, steps: 9, endTime: 600000, end: 'horizon' })[0]).toContain('horizon at 600000 ms');
    expect(headerLines({ label: 'x', seed: 2, steps: 9, endTime: 5, end: null })[0]).toContain('stopped at the step limit');
  });

  it('adds the title under the header', () => {
    expect(headerLines({ label: 'id', title: 'A title', seed: 1, steps: 1, endTime: 0, end: 'quiescent' })[1]).toBe('  A title');
  });
});

describe('summaryLine', () => {
  it('names every counter', () => {
    expect(summaryLine(summary)).toBe('lost 1 · duplicated 1 · duplicates in the log 1 · out of order 0 · effects 3 (of 3 messages)');
    expect(summaryLine({ ...summary, messages: 1 })).toContain('(of 1 message)');
    expect(summaryLine({ ...summary, superseded: 2 })).toContain('out of order 0 · superseded 2 · effects 3');
  });
});

describe('messageTable', () => {
  it('has a header and one aligned row per message', () => {
    const lines = messageTable([
      row('m1'),
      row('m2', { appends: [{ ...at(2), partition: 0, offset: 1 }, { ...at(5), partition: 0, offset: 3 }], effects: [{ ...at(4), partition: 0, offset: 1, row: 2 }, { ...at(6), partition: 0, offset: 3, row: 4 }], status: 'duplicated' }),
      row('m3', { key: 'account-7', appends: [], deliveries: [], effects: [], status: 'lost' }),
    ]);
    expect(lines).toEqual([
      'msg  key        sends  appended at offset  deliveries  effects  status',
      'm1   -              1  0                            1        1  ok',
      'm2   -              1  1, 3                         1        2  DUPLICATED',
      'm3   account-7      1  -                            0        0  LOST',
    ]);
  });

  it('shows skipped effects, out-of-order effects, and shortens long lists', () => {
    const many = [0, 1, 2, 3, 4, 5].map((offset) => ({ ...at(2), partition: 0, offset }));
    const [, line] = messageTable([row('m1', { appends: many, effectsSkipped: [{ ...at(7), partition: 0, offset: 1, reason: 'processed-id' }], outOfOrderAt: 9 })]);
    expect(line).toContain('0, 1, 2, 3 +2 more');
    expect(line).toContain('1 (1 skipped)');
    expect(line).toContain('ok, OUT OF ORDER');
  });

  it('says so when nothing was produced', () => {
    expect(messageTable([])).toEqual(['(no messages produced)']);
  });

  it('clips long ids and keys so a row stays inside the terminal', () => {
    const [, line] = messageTable([row('x'.repeat(64), { key: 'k'.repeat(64) })]);
    expect(line!.length).toBeLessThan(100);
    expect(line).toContain('…');
  });
});

describe('expectation', () => {
  it('matches only the fields it names', () => {
    expect(checkExpectation({ lost: 1 }, summary)).toEqual({ matched: true, rows: [{ field: 'lost', expected: 1, actual: 1, matched: true }] });
    expect(expectationLines({ lost: 1, outOfOrder: 0 }, summary)).toEqual(['expected lost 1 · out of order 0: matched']);
  });

  it('says what differs', () => {
    expect(checkExpectation({ duplicated: 0 }, summary)!.rows).toEqual([{ field: 'duplicated', expected: 0, actual: 1, matched: false }]);
    expect(expectationLines({ duplicated: 0, lost: 1 }, summary)).toEqual([
      'expected lost 1 · duplicated 0: NOT matched',
      '  duplicated: expected 0, got 1',
    ]);
  });
});

describe('traceLines', () => {
  const steps: Step[] = [
    { index: 0, time: 0, events: [{ type: 'run.quiescent' }, { type: 'run.horizon' }] },
    { index: 12, time: 1150, events: [{ type: 'run.quiescent' }] },
  ];

  it('prints every event with its step and time, later events hanging under the first', () => {
    expect(traceLines(steps, (e) => e.type)).toEqual([
      '#0      0 ms  run.quiescent',
      '              run.horizon',
      '#12  1150 ms  run.quiescent',
    ]);
  });

  it('wraps long explanations under the text column', () => {
    const lines = traceLines(steps.slice(1), () => 'word '.repeat(40), 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines[1]!.startsWith(' '.repeat(14))).toBe(true);
  });
});

describe('width', () => {
  it('counts Hangul as two columns', () => {
    expect(displayWidth('브로커 ok')).toBe(9);
    expect(wrap('가나다 라마바', '', '', 7)).toEqual(['가나다', '라마바']);
  });
});

describe('reportLines', () => {
  it('orders header, trace, summary, table, expectation and hash', () => {
    const lines = reportLines({
      info: { label: 'x', seed: 1, steps: 2, endTime: 0, end: 'quiescent' },
      summary,
      messages: [row('m1')],
      traceHash: '00000000abcdef',
      expected: { lost: 0 },
      trace: ['#0  0 ms  t'],
    });
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const order = ['x ·', '#0', 'lost 1', 'msg', 'm1', 'expected', 'trace hash 00000000abcdef'].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(lines).toContain('  lost: expected 0, got 1');
  });
});
