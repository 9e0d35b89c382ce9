/**
 * Replication, the follower's side (ReplicaFetcherThread, AbstractFetcherThread; kafka-part2 §5):
 * one fetch in flight per leader, from the follower's log end and with the epoch of its newest
 * entry; it appends the whole batches it gets (rebuilding producer state from them), takes
 * HW = min(leader's HW, own LEO), truncates where the leader reports a diverging epoch, and fetches
 * again at once (the leader's long poll, replica.fetch.wait.max.ms, paces it).
 */
import { disconnect, send, trace, type Stepped } from '../machines/effects';
import type { NetMessage, NodeId, Payload } from '../types';
import type { BrokerContext, BrokerTimer } from './broker';
import { appendAsFollower, divergenceOffset, latestEpoch, truncateTo } from './replicaLog';
import { diskOf, metaOf, rep, withDisk, withReplica, type O } from './replication';

type Step = Stepped<BrokerContext, BrokerTimer>;

/** Kafka's replica.socket.timeout.ms: a follower's fetch without an answer for this long is given up. */
export const REPLICA_SOCKET_TIMEOUT_MS = 30000;
/** Kafka's replica.fetch.backoff.ms: the pause after a failed fetch. */
export const REPLICA_FETCH_BACKOFF_MS = 1000;

/** The leaders this broker follows, in assignment order. */
function leadersFollowed(c: BrokerContext): NodeId[] {
  const r = rep(c);
  const leaders = new Set<NodeId>();
  for (const m of r.partitions) if (m.role === 'follower' && m.leader !== null && m.leader !== r.self) leaders.add(m.leader);
  return r.replicas.filter((b) => leaders.has(b));
}

/** Sends a fetch to every leader this broker follows and is not already fetching from. */
export function startFetchers(c0: BrokerContext, now: number, out: O[]): BrokerContext {
  void now;
  let c = c0;
  for (const leader of leadersFollowed(c)) if (rep(c).fetching[leader] === undefined) c = sendFetch(c, leader, out);
  return c;
}

function sendFetch(c: BrokerContext, leader: NodeId, out: O[]): BrokerContext {
  const r = rep(c);
  const partitions = r.partitions.flatMap((m, partition) => {
    if (m.role !== 'follower' || m.leader !== leader) return [];
    const d = diskOf(c, partition);
    return [{ partition, fetchOffset: d.log.length, lastFetchedEpoch: latestEpoch(d.epochs), currentLeaderEpoch: m.leaderEpoch }];
  });
  if (partitions.length === 0) return c;
  const fetchNo = r.fetchNo + 1;
  const requestId = `${r.self}.f${fetchNo}`;
  out.push(send(leader, { kind: 'ReplicaFetchRequest', requestId, partitions }), {
    type: 'timer',
    id: `rfetch:${leader}`,
    delay: REPLICA_SOCKET_TIMEOUT_MS,
    event: { type: 'REPLICA_FETCH_TIMEOUT', leader, requestId, background: true },
  });
  return withReplica(c, { ...r, fetchNo, fetching: { ...r.fetching, [leader]: requestId } });
}

const without = (fetching: Readonly<Record<NodeId, string>>, leader: NodeId) => {
  const next = { ...fetching };
  delete next[leader];
  return next;
};

function backOff(c: BrokerContext, leader: NodeId, out: O[]): BrokerContext {
  const r = rep(c);
  out.push({ type: 'timer', id: `rfetch:${leader}`, delay: REPLICA_FETCH_BACKOFF_MS, event: { type: 'REPLICA_FETCH_BACKOFF', leader, background: true } });
  return withReplica(c, { ...r, fetching: { ...r.fetching, [leader]: 'backoff' } });
}

/** Truncates a partition to `offset`; the records it had from there on are gone from this replica. */
function truncate(c: BrokerContext, partition: number, offset: number, out: O[]): BrokerContext {
  const d = diskOf(c, partition);
  const records = d.log.slice(offset).map((x) => ({ offset: x.offset, messageId: x.messageId }));
  if (records.length > 0) out.push(trace({ type: 'replica.truncated', node: rep(c).self, partition, offset, records }));
  return withDisk(c, partition, truncateTo(d, offset));
}

/** The leader's answer: truncate or append per partition, then fetch again (after a backoff if every partition failed). */
export function onReplicaFetchResponse(c0: BrokerContext, msg: NetMessage, p: Extract<Payload, { kind: 'ReplicaFetchResponse' }>, now: number): Step {
  const leader = msg.from;
  const r0 = rep(c0);
  if (r0.fetching[leader] !== p.requestId) return { context: c0, out: [] };
  const out: O[] = [{ type: 'cancel', id: `rfetch:${leader}` }];
  let c = withReplica(c0, { ...r0, fetching: without(r0.fetching, leader) });
  let progressed = false;
  for (const fp of p.partitions) {
    const m = metaOf(c, fp.partition);
    if (m.role !== 'follower' || m.leader !== leader || fp.error !== 'NONE') continue;
    progressed = true;
    if (fp.divergingEpoch) {
      c = truncate(c, fp.partition, divergenceOffset(diskOf(c, fp.partition), fp.divergingEpoch), out);
      continue;
    }
    let d = diskOf(c, fp.partition);
    const first = fp.records[0];
    if (first && first.offset === d.log.length) {
      d = appendAsFollower(d, fp.records, fp.batches);
      out.push(
        trace({
          type: 'replica.fetched',
          node: r0.self,
          from: leader,
          partition: fp.partition,
          messageIds: fp.records.map((x) => x.messageId),
          baseOffset: first.offset,
          lastOffset: fp.records.at(-1)!.offset,
        }),
      );
    }
    // Follower HW = min(leader's HW, own LEO): one fetch round behind the leader's.
    c = withDisk(c, fp.partition, { ...d, hw: Math.max(0, Math.min(fp.highWatermark, d.log.length)) });
  }
  return { context: progressed ? startFetchers(c, now, out) : backOff(c, leader, out), out };
}

/** No answer within replica.socket.timeout.ms: drop the connection, back off, fetch again. */
export function onReplicaFetchTimeout(c: BrokerContext, leader: NodeId, requestId: string): Step {
  if (rep(c).fetching[leader] !== requestId) return { context: c, out: [] };
  const out: O[] = [disconnect(leader)];
  return { context: backOff(c, leader, out), out };
}

export function onReplicaFetchBackoff(c: BrokerContext, leader: NodeId, now: number): Step {
  const r = rep(c);
  if (r.fetching[leader] !== 'backoff') return { context: c, out: [] };
  const out: O[] = [];
  return { context: startFetchers(withReplica(c, { ...r, fetching: without(r.fetching, leader) }), now, out), out };
}
