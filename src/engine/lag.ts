/**
 * Consumer lag as a pure fold over the trace (kafka-part2.md §9). Two lags, named apart:
 * - the group lag, as `kafka-consumer-groups.sh --describe` shows it: per partition the high
 *   watermark minus the group's committed offset (a partition with nothing committed counts from
 *   the log start, 0, where the tool prints "-"). This is the lag of the series and the summary.
 * - the client's `records-lag` (SubscriptionState.partitionLag): the high watermark minus the
 *   position of the consumer reading the partition (its last known position; the committed
 *   offset where no consumer has a position yet).
 * The high watermark comes from the broker's appends and transaction markers (one replica: every
 * append is committed at once), or with replication from the partition leader's high watermark; commits from the broker's stored offsets; positions from the consumers' polls, resumes
 * and resets; a transaction's offsets (sendOffsetsToTransaction) count once its COMMIT marker is
 * written. The dead-letter topic and the copier's output topic are not the topic and do not count.
 * With several services (consumerApp.services) every service is a group of its own: the lag is
 * each group's lag, summed (each group has to read every record).
 */
import type { GroupId, NodeId, TraceEvent } from './types';

export interface LagSample {
  step: number;
  time: number;
  /** Group lag summed over the partitions (and over the groups, with several services). */
  total: number;
  /** Group lag per partition (index = partition), summed over the groups. */
  byPartition: readonly number[];
  /** The consumers' records-lag summed over the partitions. */
  recordsLag: number;
}

/** The groups of a run: `undefined` is the run's one group; with services, each service's consumer and its group. */
export interface LagGroups {
  groups: readonly (GroupId | undefined)[];
  groupOfConsumer: ReadonlyMap<NodeId, GroupId>;
}

const ONE_GROUP: LagGroups = { groups: [undefined], groupOfConsumer: new Map() };

export class LagFold {
  private readonly hw: number[] = [];
  /** Per group (in `groups` order): committed offsets and the consumers' positions, by partition. */
  private readonly committed: number[][];
  private readonly position: (number | undefined)[][];
  private readonly index: Map<GroupId | undefined, number>;
  /** With replication: each partition's leader (`broker` until an election). */
  private readonly leaders: string[] = [];
  private dirty = false;
  readonly samples: LagSample[] = [];
  total = 0;
  max = 0;

  constructor(private readonly groups: LagGroups = ONE_GROUP) {
    this.index = new Map(groups.groups.map((g, i) => [g, i]));
    this.committed = groups.groups.map(() => []);
    this.position = groups.groups.map(() => []);
  }

  /** The group of an event: the broker names it, a consumer event comes from a consumer of one. */
  private of(group: GroupId | undefined): number {
    return this.index.get(group) ?? 0;
  }
  private ofConsumer(e: TraceEvent): number {
    return this.of(this.groups.groupOfConsumer.get(e.instance ?? 'consumer'));
  }

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'broker.appended':
        // The topic only: not the copier's output topic, not the dead-letter topic. With
        // replication an append is not committed yet: the leader's high watermark says when it is.
        if (e.node === undefined && e.topic === undefined && e.lastOffset + 1 > (this.hw[e.partition] ?? 0)) this.set(this.hw, e.partition, e.lastOffset + 1);
        break;
      case 'replica.leaderElected':
        this.leaders[e.partition] = e.leader;
        break;
      case 'replica.highWatermark':
        // The partition leader's high watermark (a follower's trails it).
        if ((this.leaders[e.partition] ?? 'broker') === e.node) this.set(this.hw, e.partition, e.highWatermark);
        break;
      case 'broker.markerWritten':
        // A transaction marker takes an offset of its own.
        if (e.topic === undefined && e.offset + 1 > (this.hw[e.partition] ?? 0)) this.set(this.hw, e.partition, e.offset + 1);
        break;
      case 'broker.offsetCommitted': {
        const committed = this.committed[this.of(e.group)]!;
        for (const o of e.offsets) this.set(committed, o.partition, o.offset);
        break;
      }
      case 'broker.txnOffsetsCompleted':
        // sendOffsetsToTransaction: the offsets count as committed once the COMMIT marker is written.
        if (e.result === 'COMMIT') for (const o of e.offsets) this.set(this.committed[0]!, o.partition, o.offset);
        break;
      case 'consumer.polled': {
        const position = this.position[this.ofConsumer(e)]!;
        for (const o of e.positions) this.set(position, o.partition, o.offset);
        break;
      }
      case 'consumer.committedOffset':
      case 'consumer.offsetReset': {
        const position = this.position[this.ofConsumer(e)]!;
        for (const o of e.offsets) if (o.offset !== null) this.set(position, o.partition, o.offset);
        break;
      }
    }
  }

  /** The step is over: record a sample if the lag changed. */
  endStep(at: { step: number; time: number }): void {
    if (!this.dirty) return;
    this.dirty = false;
    const byPartition = this.hw.map((hw, p) => this.committed.reduce((sum, committed) => sum + Math.max(0, hw - (committed[p] ?? 0)), 0));
    const total = byPartition.reduce((a, b) => a + b, 0);
    const recordsLag = this.committed.reduce(
      (all, committed, g) => all + this.hw.reduce((sum, hw, p) => sum + Math.max(0, hw - (this.position[g]![p] ?? committed[p] ?? 0)), 0),
      0,
    );
    const last = this.samples.at(-1);
    if (last && last.total === total && last.recordsLag === recordsLag && last.byPartition.every((x, p) => x === byPartition[p]) && last.byPartition.length === byPartition.length) return;
    this.samples.push({ ...at, total, byPartition, recordsLag });
    this.total = total;
    if (total > this.max) this.max = total;
  }

  private set(xs: (number | undefined)[], partition: number, value: number) {
    if (xs[partition] === value) return;
    xs[partition] = value;
    // Fill gaps, so every array is indexed by partition.
    for (let p = 0; p < partition; p++) if (this.hw[p] === undefined) this.hw[p] = 0;
    if (this.hw[partition] === undefined) this.hw[partition] = 0;
    this.dirty = true;
  }
}
