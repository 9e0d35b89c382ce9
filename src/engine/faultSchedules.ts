/**
 * The random fault schedules the property tests share (fast-check arbitraries): every message kind
 * lost, delayed or duplicated, crashes at times and at the meaningful points (every crashed node
 * restarted), cuts, and NOT_ENOUGH_REPLICAS where acks=all allows it. Test code only.
 */
import fc from 'fast-check';
import type { PresetName } from './config';
import { CRASH_POINTS, type CrashPoint, type Fault, type MessageKind, type NodeId } from './types';

/** The presets without transactions (their runs have no coordinator). */
export type Preset = Exclude<PresetName, 'exactly-once'>;
/** The crash points of the nodes these runs have (the transactional points never come up). */
export const POINTS: CrashPoint[] = ['after-send-before-response', 'after-append-before-response', 'after-processing-before-commit', 'after-commit-before-processing'];

export const RUNS = 1000;
export const NODES: NodeId[] = ['producer', 'broker', 'consumer', 'sink'];
export const REQUESTS: MessageKind[] = [
  'ProduceRequest',
  'FetchRequest',
  'OffsetCommitRequest',
  'OffsetFetchRequest',
  'JoinGroupRequest',
  'HeartbeatRequest',
  'ListOffsetsRequest',
  'InitProducerIdRequest',
  'SinkWrite',
];
export const RESPONSES: MessageKind[] = [
  'ProduceResponse',
  'FetchResponse',
  'OffsetCommitResponse',
  'OffsetFetchResponse',
  'JoinGroupResponse',
  'HeartbeatResponse',
  'ListOffsetsResponse',
  'InitProducerIdResponse',
  'SinkWriteAck',
];
export const KINDS = [...REQUESTS, ...RESPONSES];
// TCP never hands a request over twice; at-most-once relies on that. The network duplicates
// requests only in the at-least-once and exactly-once properties, where it must not matter.
export const DUPLICABLE_FOR_AT_MOST_ONCE = RESPONSES.concat(['FetchRequest', 'OffsetCommitRequest', 'OffsetFetchRequest', 'JoinGroupRequest', 'HeartbeatRequest', 'ListOffsetsRequest', 'InitProducerIdRequest']);

export const time = fc.integer({ min: 0, max: 3000 });
export const restartAfter = fc.integer({ min: 1, max: 3000 });

/**
 * `reject` (NOT_ENOUGH_REPLICAS) exists only for acks=all, so not for at-most-once. `nodes`: the
 * nodes a schedule may crash or cut off; a consumer crash point may hit any of its consumers.
 */
export function faultArb(duplicable: MessageKind[], withReject: boolean, nodes: NodeId[] = NODES): fc.Arbitrary<Fault> {
  const consumers = nodes.filter((n) => n.startsWith('consumer'));
  const reject = fc.record({ type: fc.constant('reject' as const), nth: fc.integer({ min: 1, max: 6 }) });
  return fc.oneof(
    ...(withReject ? [reject] : []),
    fc.record({ type: fc.constant('drop' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('delay' as const), message: fc.constantFrom(...KINDS), nth: fc.integer({ min: 1, max: 6 }), byMs: fc.integer({ min: 1, max: 5000 }) }),
    fc.record({ type: fc.constant('duplicate' as const), message: fc.constantFrom(...duplicable), nth: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ type: fc.constant('crash' as const), node: fc.constantFrom(...nodes), atMs: time, restartAfterMs: restartAfter }),
    fc
      .record({
        point: fc.constantFrom(...POINTS),
        consumer: fc.constantFrom(...consumers),
        nth: fc.integer({ min: 1, max: 4 }),
        restartAfterMs: restartAfter,
      })
      .map(({ point, consumer, nth, restartAfterMs }) => ({
        type: 'crash' as const,
        node: CRASH_POINTS[point] === 'consumer' ? consumer : CRASH_POINTS[point],
        point,
        nth,
        restartAfterMs,
      })),
    fc
      .record({ a: fc.constantFrom(...nodes), b: fc.constantFrom(...nodes), fromMs: time, length: fc.integer({ min: 1, max: 5000 }) })
      .filter(({ a, b }) => a !== b)
      .map(({ a, b, fromMs, length }) => ({ type: 'cut' as const, between: [a, b] as [NodeId, NodeId], fromMs, toMs: fromMs + length })),
  );
}

export const scheduleArb = (preset: Preset) =>
  fc.record({
    faults: fc.array(faultArb(preset === 'at-most-once' ? DUPLICABLE_FOR_AT_MOST_ONCE : KINDS, preset !== 'at-most-once'), { minLength: 1, maxLength: 4 }),
    count: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    maxPollRecords: fc.integer({ min: 1, max: 3 }),
  });

