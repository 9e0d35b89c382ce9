/**
 * How the event log groups trace events: where each happens (the node, the network, the run)
 * and how much it matters to a learner. Presentation only; the words come from `explain`.
 */
import type { NodeId, TraceEvent } from '../../engine';

export type Place = NodeId | 'network' | 'run';

/** The node an event happens at, or the network / the run itself. */
export function placeOf(e: TraceEvent): Place {
  switch (e.type) {
    case 'net.sent':
      return e.msg.from;
    case 'net.delivered':
      return e.to;
    case 'node.crashed':
    case 'node.restarted':
    case 'node.started':
      return e.node;
    case 'config.idempotenceDisabled':
    case 'config.deliveryTimeoutAdjusted':
      return 'producer';
    default: {
      if (e.instance) return e.instance;
      // With replication the broker events name their broker.
      if ('node' in e && typeof e.node === 'string') return e.node;
      const prefix = e.type.slice(0, e.type.indexOf('.'));
      if (prefix === 'producer' || prefix === 'broker' || prefix === 'consumer' || prefix === 'sink' || prefix === 'coordinator') return prefix;
      return prefix === 'run' ? 'run' : 'network';
    }
  }
}

export type Tone = 'fault' | 'effect' | 'warn' | 'plain' | 'quiet';

const FAULTS = new Set<string>(['net.dropped', 'net.delayed', 'net.duplicated', 'node.crashed', 'node.restarted', 'node.started', 'link.cut', 'link.restored']);
const WARNINGS = new Set<string>([
  'producer.retry',
  'producer.failed',
  'producer.disconnected',
  'producer.epochBumped',
  'producer.forgotUnacked',
  'producer.resendUnacked',
  'broker.duplicate',
  'broker.outOfOrderSequence',
  'broker.rejected',
  'broker.invalidProducerEpoch',
  'consumer.sinkRetry',
  'consumer.sinkSkipped',
  'consumer.commitFailed',
  'consumer.commitRefused',
  'sink.duplicateSkipped',
  'sink.conflictSkipped',
  'sink.staleSkipped',
  'sink.oldIdSkipped',
  'sink.cacheHitSkipped',
  'sink.conflictBehindCache',
  'sink.writeFailed',
  'sink.offsetSkipped',
  'broker.commitRejected',
  'broker.rebalanceStarted',
  'broker.memberRemoved',
  'consumer.pollTimeout',
  'consumer.processingFailed',
  'consumer.deadLettered',
  'consumer.recordSkipped',
  'config.idempotenceDisabled',
  'config.deliveryTimeoutAdjusted',
  'producer.txnAborting',
  'producer.fenced',
  'coordinator.fencingAbort',
  'coordinator.refused',
  'coordinator.timedOut',
  'consumer.abortedSkipped',
  'consumer.txnAborted',
  'consumer.fenced',
]);

export function toneOf(e: TraceEvent): Tone {
  if (FAULTS.has(e.type)) return 'fault';
  if (WARNINGS.has(e.type)) return 'warn';
  if (e.type === 'sink.applied') return 'effect';
  if (e.type === 'net.sent' || e.type === 'net.delivered') return 'quiet';
  return 'plain';
}
