import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/bundled';
import type { MessageDiff } from '../../store/compareDiff';
import { diffSentence, missedText } from './compareText';

const en = createI18n('en').t;
const ko = createI18n('ko').t;
const dropAck = { type: 'drop', message: 'ProduceResponse', nth: 1 } as const;
const diff = (messageId: string, groups: MessageDiff['groups']): MessageDiff => ({ messageId, statuses: [], differs: true, groups });

describe('side by side in words', () => {
  it('a duplicate in one lane of two', () => {
    const d = diff('m1', [
      { status: 'duplicated', lanes: [0] },
      { status: 'ok', lanes: [1] },
    ]);
    expect(diffSentence(en, d, ['at-least-once', 'exactly-once'], [dropAck])).toBe('Same dropped ProduceResponse #1: at least once duplicated m1; exactly once did not');
    expect(diffSentence(ko, d, ['at-least-once', 'exactly-once'], [dropAck])).toBe('같은 ProduceResponse #1 유실: 최소 한 번에서는 m1 중복 반영; 정확히 한 번에서는 중복 없음');
  });

  it('a loss in one lane of three: the others delivered it', () => {
    const d = diff('m2', [
      { status: 'lost', lanes: [0] },
      { status: 'ok', lanes: [1, 2] },
    ]);
    const lanes = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
    expect(diffSentence(en, d, lanes, [dropAck])).toBe('Same dropped ProduceResponse #1: at most once lost m2; the others delivered it');
    expect(diffSentence(ko, d, lanes, [dropAck])).toBe('같은 ProduceResponse #1 유실: 최대 한 번에서는 m2 유실; 나머지에서는 전달됨');
  });

  it('a loss and a duplicate, with several faults or none', () => {
    const d = diff('m3', [
      { status: 'lost', lanes: [0] },
      { status: 'duplicated', lanes: [1] },
      { status: 'ok', lanes: [2] },
    ]);
    const lanes = ['at-most-once', 'at-least-once', 'run'] as const;
    expect(diffSentence(en, d, lanes, [dropAck, dropAck])).toBe("Same 2 faults: at most once lost m3; at least once duplicated m3; this run's own settings delivered m3 once");
    expect(diffSentence(en, diff('m1', [{ status: 'lost', lanes: [0] }, { status: 'duplicated', lanes: [1] }]), lanes, [])).toBe('No fault: at most once lost m1; at least once duplicated m1');
    expect(diffSentence(ko, d, lanes, [])).toBe('장애 없음: 최대 한 번에서는 m3 유실; 최소 한 번에서는 m3 중복 반영; 이 실행의 설정에서는 m3 한 번 반영');
  });

  it('says a fault had nothing to hit in a lane', () => {
    expect(missedText(en, dropAck)).toBe('no ProduceResponse #1 in this run');
    expect(missedText(ko, dropAck)).toBe('이 실행에는 ProduceResponse #1이(가) 없음');
    expect(missedText(en, { type: 'crash', node: 'consumer', point: 'after-processing-before-commit' })).toMatch(/^the consumer never reaches/);
  });
});
