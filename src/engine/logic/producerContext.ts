/**
 * The producer process's state: the application's outbox and backlog (kept across a crash) and
 * the Kafka client's memory (accumulator, in-flight requests, producer id and sequences), which a
 * crash takes away. The behaviour is in producerClient.ts.
 */
import type { AppRecord, LostItem, MessageId, ProduceMessage, ProducerAppConfig, ProducerConfig } from '../types';
import { NO_PRODUCER_EPOCH, NO_PRODUCER_ID, NO_SEQUENCE } from './producerState';

export type ProducerTimer =
  | { type: 'LINGER_EXPIRED'; batchId: string }
  | { type: 'RETRY_BACKOFF_ELAPSED'; batchId: string }
  | { type: 'DELIVERY_TIMEOUT' }
  | { type: 'REQUEST_TIMEOUT'; requestId: string };

/** A batch in the accumulator, from creation until it is acknowledged or fails. */
export interface ProducerBatch {
  batchId: string;
  records: readonly AppRecord[];
  createdAt: number;
  /** NO_SEQUENCE until the batch is first drained (sequences are assigned in drain order). */
  baseSequence: number;
  producerEpoch: number;
  /** How many times it has been sent. */
  attempts: number;
  state: 'open' | 'ready' | 'inflight' | 'backoff';
  retryAt: number;
}

export interface InflightRequest {
  requestId: string;
  batchId: string;
}

/** A message the application has handed to send() and not yet seen acknowledged. */
export interface OutboxEntry {
  messageId: MessageId;
  key: string | null;
  sendNo: number;
  version?: number;
}

export interface ProducerContext {
  config: ProducerConfig;
  app: ProducerAppConfig;
  /** Process incarnation: 1 at start, +1 per restart. Request ids carry it. */
  incarnation: number;
  /** Kept across a crash: the application's list of unacknowledged messages (an outbox). */
  outbox: readonly OutboxEntry[];
  /** Kept across a crash: messages that came due while the process was down. */
  backlog: readonly ProduceMessage[];
  // Everything below lives in memory and is lost in a crash.
  producerId: number;
  producerEpoch: number;
  nextSeq: number;
  lastAckedSeq: number;
  batches: readonly ProducerBatch[];
  inflight: readonly InflightRequest[];
  requestNo: number;
  batchNo: number;
  epochBumpPending: boolean;
  initRequestId: string | null;
  /** When the armed delivery-timeout timer fires: the oldest batch's deadline (null: none armed). */
  deliveryTimerAt: number | null;
}

/** A fresh process: configuration and durable application state, empty memory. */
export function producerMemoryReset(c: ProducerContext): ProducerContext {
  return {
    ...c,
    producerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    nextSeq: 0,
    lastAckedSeq: NO_SEQUENCE,
    batches: [],
    inflight: [],
    requestNo: 0,
    batchNo: 0,
    epochBumpPending: false,
    initRequestId: null,
    deliveryTimerAt: null,
  };
}

export function initialProducerContext(config: ProducerConfig, app: ProducerAppConfig): ProducerContext {
  return producerMemoryReset({ config, app, incarnation: 1, outbox: [], backlog: [] } as unknown as ProducerContext);
}

/** What a crash takes from the producer's memory. */
export function producerLosses(c: ProducerContext): LostItem[] {
  const lost: LostItem[] = [];
  const buffered = c.batches.reduce((n, b) => n + (b.state === 'inflight' ? 0 : b.records.length), 0);
  if (buffered > 0) lost.push({ what: 'buffered-records', count: buffered });
  if (c.inflight.length > 0) lost.push({ what: 'inflight-requests', count: c.inflight.length });
  if (c.producerId !== NO_PRODUCER_ID) lost.push({ what: 'producer-id', count: 1 });
  return lost;
}
