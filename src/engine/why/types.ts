/**
 * A why-chain: the causal links, in the run's order, that made one thing the ledger counts: a
 * message's n-th effect (the second one is a duplicate), or its loss. Every link is one real event
 * of the trace (`steps[step].events[index]`, of type `event`), reduced to what a learner needs.
 */
import type { MessageId, NodeId, TraceEventType } from '../types';

/** What a link says happened. */
export type WhyKind =
  /** The application calls send() (the first time). */
  | 'send'
  /** send() again for the same message: after a restart (an outbox), after a failure, or the application's own choice. */
  | 'send-again'
  | 'request-lost'
  | 'append'
  /** The ProduceResponse (the ack) is lost. */
  | 'ack-lost'
  /** The broker answers the produce request with an error and appends nothing. */
  | 'rejected'
  /** No success for the batch (a timeout, an error): the producer will send it again. */
  | 'retry'
  /** The idempotent producer's retry: the broker recognises the sequence and does not append it again. */
  | 'duplicate-rejected'
  | 'acked'
  /** acks=0: the producer counts the message as sent without waiting for any answer. */
  | 'unacknowledged'
  /** The producer gives up on the batch (retries or delivery.timeout.ms spent). */
  | 'send-failed'
  /** After a restart the application forgets what was never acknowledged. */
  | 'forgot'
  | 'crash'
  | 'restart'
  /** The partition's leader changed. */
  | 'leader-elected'
  /** A broker that lost leadership deletes the copy (truncates to the new leader's log). */
  | 'truncated'
  | 'poll'
  /** The consumer commits an offset past the record (before processing it, for a loss). */
  | 'commit'
  /** The consumer learns the group's committed offset: where it reads from after a restart or a rebalance. */
  | 'offset-fetch'
  /** No committed offset: auto.offset.reset decides where the consumer starts. */
  | 'offset-reset'
  /** The group coordinator removes a member (its session expired, or it left). */
  | 'member-removed'
  /** A rebalance gives a consumer the partition. */
  | 'assigned'
  | 'processing-failed'
  | 'dead-lettered'
  | 'redrive'
  /** The database transaction failed and rolled back. */
  | 'write-failed'
  /** cache-then-unique: the cache key set for the message. */
  | 'cache-key'
  /** The idempotent consumer's database skips the write. */
  | 'effect-skipped'
  | 'effect'
  /** The run ended without an effect of the message. */
  | 'no-effect';

/** The values a link's sentence names (an offset, an attempt, an error code, ...). */
export type WhyVars = Readonly<Record<string, string | number>>;

export interface WhyLink {
  kind: WhyKind;
  step: number;
  time: number;
  /** The event's index in its step: `steps[step].events[index]`. */
  index: number;
  event: TraceEventType;
  /** The nodes it happens at or between (the stage highlights them). */
  nodes: readonly NodeId[];
  /** The network messages it is about, by their trace id (the packets and sequence diagram highlight them). */
  netIds: readonly number[];
  vars: WhyVars;
}

/** What to explain: a message's n-th effect (1-based), or its loss. */
export type WhyTarget = { messageId: MessageId; effect: number } | { messageId: MessageId; loss: true };

export interface WhyChain {
  target: WhyTarget;
  /** The causes, in the run's order, ending with the thing explained (the effect, or `no-effect`). */
  links: readonly WhyLink[];
  /**
   * For an effect: what came later to the message and did not make another effect (the broker
   * rejecting a retry as a duplicate, the database skipping a second copy), in order.
   */
  after: readonly WhyLink[];
}
