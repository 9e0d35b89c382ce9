/**
 * What a packet says on the stage: a short label from its payload (`Produce m2 · seq 1`,
 * `ack · offset 7`), its family (which colour and shape it gets), and whether it is background
 * traffic (heartbeats, empty fetches) drawn small. Presentation only.
 */
import type { TFunction } from 'i18next';
import type { MessageKind, Packet, Payload } from '../../engine';

export type Family = 'produce' | 'fetch' | 'offsets' | 'group' | 'sink' | 'txn' | 'replica' | 'metadata';

const FAMILY: Record<MessageKind, Family> = {
  InitProducerIdRequest: 'txn',
  InitProducerIdResponse: 'txn',
  ProduceRequest: 'produce',
  ProduceResponse: 'produce',
  FetchRequest: 'fetch',
  FetchResponse: 'fetch',
  ListOffsetsRequest: 'offsets',
  ListOffsetsResponse: 'offsets',
  JoinGroupRequest: 'group',
  JoinGroupResponse: 'group',
  OffsetFetchRequest: 'offsets',
  OffsetFetchResponse: 'offsets',
  OffsetCommitRequest: 'offsets',
  OffsetCommitResponse: 'offsets',
  HeartbeatRequest: 'group',
  HeartbeatResponse: 'group',
  LeaveGroupRequest: 'group',
  LeaveGroupResponse: 'group',
  SinkWrite: 'sink',
  SinkWriteAck: 'sink',
  SinkOffsetFetchRequest: 'sink',
  SinkOffsetFetchResponse: 'sink',
  AddPartitionsToTxnRequest: 'txn',
  AddPartitionsToTxnResponse: 'txn',
  AddOffsetsToTxnRequest: 'txn',
  AddOffsetsToTxnResponse: 'txn',
  EndTxnRequest: 'txn',
  EndTxnResponse: 'txn',
  WriteTxnMarkersRequest: 'txn',
  WriteTxnMarkersResponse: 'txn',
  TxnOffsetCommitRequest: 'txn',
  TxnOffsetCommitResponse: 'txn',
  ReplicaFetchRequest: 'replica',
  ReplicaFetchResponse: 'replica',
  MetadataRequest: 'metadata',
  MetadataResponse: 'metadata',
};

export const familyOf = (kind: MessageKind): Family => FAMILY[kind];

/** A request goes out and waits for an answer; a response (or an acknowledgement) comes back. */
export const isResponse = (kind: MessageKind): boolean => kind.endsWith('Response') || kind === 'SinkWriteAck';

/** Heartbeats and fetches that bring nothing: drawn small and without a label. */
export function isBackground(p: Packet): boolean {
  const x = p.payload;
  if (x.kind === 'HeartbeatRequest' || x.kind === 'HeartbeatResponse') return x.kind === 'HeartbeatRequest' || x.error === 'NONE';
  if (x.kind === 'FetchRequest' || x.kind === 'ReplicaFetchRequest' || x.kind === 'MetadataRequest') return true;
  if (x.kind === 'FetchResponse' || x.kind === 'ReplicaFetchResponse') return x.partitions.every((f) => f.records.length === 0);
  return false;
}

/**
 * The letter a small (background) packet carries instead of a label, one per family, so that it
 * is told apart by more than its colour: Fetch, Replica fetch, Metadata, a heartbeat's ♥.
 */
const GLYPH: Record<Family, string> = { produce: 'P', fetch: 'F', offsets: 'O', group: '♥', sink: 'S', txn: 'T', replica: 'R', metadata: 'M' };

export const packetGlyph = (p: Packet): string => GLYPH[familyOf(p.kind)];

/** The application messages a packet carries (a lesson highlights the packets of the messages it is about). */
export function packetMessages(p: Packet): readonly string[] {
  const x = p.payload;
  switch (x.kind) {
    case 'ProduceRequest':
      return x.batch.records.map((r) => r.messageId);
    case 'FetchResponse':
      return x.partitions.flatMap((f) => f.records.filter((r) => !r.control).map((r) => r.messageId));
    case 'ReplicaFetchResponse':
      return x.partitions.flatMap((f) => f.records.map((r) => r.messageId));
    case 'SinkWrite':
      return [x.messageId, ...(x.bulk ?? []).map((r) => r.messageId)];
    default:
      return [];
  }
}

const ids = (xs: readonly string[]) => (xs.length <= 3 ? xs.join(', ') : `${xs[0]}…${xs.at(-1)} (${xs.length})`);

/** The packet's label, in the current language. */
export function packetLabel(t: TFunction, p: Packet): string {
  const x: Payload = p.payload;
  switch (x.kind) {
    case 'ProduceRequest': {
      const messages = ids(x.batch.records.map((r) => r.messageId));
      if (x.topic === 'dlt') return t('stage.packet.produceDlt', { ids: messages });
      if (x.topic === 'output') return t('stage.packet.produceOutput', { ids: messages });
      return x.batch.producerId < 0 ? t('stage.packet.produce', { ids: messages }) : t('stage.packet.produceSeq', { ids: messages, seq: x.batch.baseSequence });
    }
    case 'ProduceResponse':
      if (x.error !== 'NONE') return t('stage.packet.error', { error: x.error });
      return x.duplicate ? t('stage.packet.ackDuplicate', { offset: x.baseOffset }) : t('stage.packet.ack', { offset: x.baseOffset });
    case 'FetchRequest':
      return t('stage.packet.fetch', { offset: x.partitions.map((q) => q.offset).join(', ') });
    case 'FetchResponse': {
      const records = x.partitions.flatMap((f) => f.records.filter((r) => !r.control).map((r) => r.messageId));
      return records.length === 0 ? t('stage.packet.fetchedNothing') : t('stage.packet.fetched', { ids: ids(records) });
    }
    case 'OffsetCommitRequest':
      return t('stage.packet.commit', { offset: x.offsets.map((o) => o.offset).join(', ') });
    case 'OffsetCommitResponse':
      return x.error === 'NONE' ? t('stage.packet.committed') : t('stage.packet.error', { error: x.error });
    case 'OffsetFetchResponse':
      return t('stage.packet.offsetFetched', { offset: x.offsets.map((o) => o.offset ?? '–').join(', ') || '–' });
    case 'JoinGroupResponse':
      return t('stage.packet.joined', { generation: x.generation });
    case 'HeartbeatResponse':
      return x.error === 'NONE' ? '♥' : t('stage.packet.error', { error: x.error });
    case 'HeartbeatRequest':
      return '♥';
    case 'SinkWrite':
      return t('stage.packet.write', { ids: ids([x.messageId, ...(x.bulk ?? []).map((r) => r.messageId)]) });
    case 'SinkWriteAck':
      return x.error ? t('stage.packet.writeFailed') : x.applied ? t('stage.packet.written') : t('stage.packet.writeSkipped');
    case 'EndTxnRequest':
      return t('stage.packet.endTxn', { result: x.result });
    case 'WriteTxnMarkersRequest':
      return t('stage.packet.markers', { result: x.result });
    case 'InitProducerIdResponse':
      return x.error ? t('stage.packet.error', { error: x.error }) : t('stage.packet.pid', { producerId: x.producerId, epoch: x.producerEpoch });
    case 'ReplicaFetchResponse': {
      const records = x.partitions.flatMap((f) => f.records.map((r) => r.messageId));
      return records.length === 0 ? t('stage.packet.fetchedNothing') : t('stage.packet.replicated', { ids: ids(records) });
    }
    case 'AddPartitionsToTxnResponse':
    case 'AddOffsetsToTxnResponse':
    case 'EndTxnResponse':
    case 'TxnOffsetCommitResponse':
      return x.error === 'NONE' ? t('stage.packet.ok') : t('stage.packet.error', { error: x.error });
    default:
      return x.kind.replace(/Request$/, '');
  }
}
