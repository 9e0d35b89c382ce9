/**
 * The producer's metadata (Kafka's Metadata / DefaultMetadataUpdater), used only when the topic is
 * replicated: which broker leads each partition. A new process asks before it sends; it asks again
 * when a broker answers NOT_LEADER_OR_FOLLOWER (an InvalidMetadataException) and after it dropped a
 * connection on a request timeout (NetworkClient: "we disconnected, so we should probably refresh
 * our metadata"), and every metadata.max.age.ms. A request goes to one broker at a time, the next
 * one in turn when a broker does not answer (Kafka picks the least loaded node).
 */
import { disconnect, send, trace, type Out } from '../machines/effects';
import type { NodeId, Payload } from '../types';
import { withProducer, type ProducerCluster, type ProducerContext, type ProducerTimer } from './producerContext';

type O = Out<ProducerTimer>;

/** Kafka's metadata.max.age.ms default: metadata is refreshed at least this often. */
export const METADATA_MAX_AGE_MS = 300000;

/** The broker InitProducerId and metadata requests go to now. */
export const bootstrapBroker = (m: ProducerCluster): NodeId => m.brokers[m.bootstrap % m.brokers.length]!;

/** Asks a broker for the leaders (unless a request is already out), avoiding `avoid` if there is another. */
export function requestMetadata(c: ProducerContext, avoid: NodeId | null, out: O[]): ProducerContext {
  const m = c.cluster!;
  if (m.metadataRequestId !== null) return c;
  let bootstrap = m.bootstrap % m.brokers.length;
  if (m.brokers[bootstrap] === avoid) bootstrap = (bootstrap + 1) % m.brokers.length;
  const requestNo = c.requestNo + 1;
  const requestId = `p${c.incarnation}.r${requestNo}`;
  out.push(send(m.brokers[bootstrap]!, { kind: 'MetadataRequest', requestId }), {
    type: 'timer',
    id: `req:${requestId}`,
    delay: c.config['request.timeout.ms'],
    event: { type: 'METADATA_TIMEOUT', requestId, background: true },
  });
  return withProducer(c, { requestNo, cluster: { ...m, bootstrap, metadataRequestId: requestId } });
}

/**
 * The answer: the leaders it names (traced when they changed); with a partition still leaderless,
 * ask again after retry.backoff.max.ms (KIP-580 backs metadata refreshes off exponentially up to
 * it; the lab waits the maximum at once).
 */
export function learnLeaders(c: ProducerContext, p: Extract<Payload, { kind: 'MetadataResponse' }>, out: O[]): ProducerContext | null {
  const m = c.cluster;
  if (!m || p.requestId !== m.metadataRequestId) return null;
  const leaders = m.leaders.map((l, partition) => p.partitions.find((x) => x.partition === partition)?.leader ?? null);
  const unknown = leaders.some((l) => l === null);
  out.push({ type: 'cancel', id: `req:${p.requestId}` });
  if (leaders.some((l, i) => l !== m.leaders[i])) out.push(trace({ type: 'producer.metadata', leaders: p.partitions }));
  out.push({
    type: 'timer',
    id: 'metadata-refresh',
    delay: unknown ? c.config['retry.backoff.max.ms'] : METADATA_MAX_AGE_MS,
    event: { type: 'METADATA_REFRESH', background: true },
  });
  return withProducer(c, { cluster: { ...m, leaders, metadataRequestId: null } });
}

/** No answer: drop that connection and ask the next broker. */
export function metadataTimedOut(c: ProducerContext, requestId: string, out: O[]): ProducerContext | null {
  const m = c.cluster;
  if (!m || requestId !== m.metadataRequestId) return null;
  out.push(disconnect(bootstrapBroker(m)));
  return requestMetadata(withProducer(c, { cluster: { ...m, metadataRequestId: null, bootstrap: (m.bootstrap + 1) % m.brokers.length } }), null, out);
}
