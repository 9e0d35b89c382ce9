/**
 * A counterexample as a scenario file: the explored scenario with its own breaking faults replaced
 * by the counterexample's, and an `expect` that claims what it breaks, so `npm run sim` replays it
 * and exits 0 only while the engine still breaks the guarantee that way.
 */
import type { Fault } from '../types';
import { isBreaking, type Counterexample, type Violation } from './explore';

type Json = Record<string, unknown>;

const WORDS: Record<Violation, { en: string; ko: string }> = {
  lost: { en: 'a message lost', ko: '메시지 유실' },
  duplicated: { en: 'a second effect', ko: '두 번 반영' },
  outOfOrder: { en: 'effects out of key order', ko: '키 순서 어긋남' },
};

/** `base`: the explored scenario as its file has it (flags applied); `maxFaults`: the k searched. */
export function counterexampleScenario(base: Json, c: Counterexample, maxFaults: number): Json {
  // A lesson narrates the scenario's own run, and its expect claims that run's outcome: neither fits this one.
  const rest: Json = { ...base };
  delete rest.lesson;
  delete rest.expect;
  delete rest.id;
  const { faults, id } = base;
  const kept = Array.isArray(faults) ? (faults as Fault[]).filter((f) => !isBreaking(f)) : [];
  const n = c.faults.length;
  const baseId = typeof id === 'string' && id !== '' ? id : typeof base.preset === 'string' ? base.preset : 'custom';
  return {
    id: `${baseId.slice(0, 70)}-${c.violation === 'outOfOrder' ? 'out-of-order' : c.violation}-${n}-fault${n === 1 ? '' : 's'}`,
    title: {
      en: `Counterexample: ${WORDS[c.violation].en} with ${n} fault${n === 1 ? '' : 's'}`,
      ko: `반례: 장애 ${n}개로 ${WORDS[c.violation].ko}`,
    },
    description: {
      en: `Found by Prove it (every schedule of up to ${maxFaults} faults): the fewest faults, then the shortest run, that break this guarantee for ${baseId}. Messages: ${c.messages.join(', ')}.`,
      ko: `증명하기(장애 ${maxFaults}개까지의 모든 조합)가 찾은 반례: ${baseId}에서 이 보장을 깨는 가장 적은 장애, 그중 가장 짧은 실행입니다. 메시지: ${c.messages.join(', ')}.`,
    },
    ...rest,
    faults: [...kept, ...c.faults],
    expect: { lost: c.summary.lost, duplicated: c.summary.duplicated, logDuplicates: c.summary.logDuplicates, outOfOrder: c.summary.outOfOrder },
  };
}
