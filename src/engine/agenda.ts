/**
 * The agenda: everything that will happen, in virtual-time order. This file and rng.ts hold the
 * engine's only notion of time and chance. Items are ordered by (at, class, order): at one instant
 * faults come first, then deliveries and timers in the order they were created, then the
 * application's next send(). Fault items are keyed by their index in the fault list, not by when
 * they were inserted, so a fork that adds a fault orders exactly as a fresh run would.
 */
import type { NetMessage, NodeId } from './types';

export type FaultAction = 'crash' | 'restart' | 'cut-start' | 'cut-end';

export type Agendum =
  | { kind: 'fault'; at: number; cls: 0; order: number; faultIndex: number; action: FaultAction }
  | { kind: 'deliver'; at: number; cls: 1; order: number; msg: NetMessage }
  | {
      kind: 'timer';
      at: number;
      cls: 1;
      order: number;
      node: NodeId;
      id: string;
      event: { type: string; background?: boolean };
    }
  | { kind: 'app'; at: number; cls: 2; order: number; index: number }
  /** The controller fences a crashed broker (after broker.session.timeout.ms); see logic/controller.ts. */
  | { kind: 'controller'; at: number; cls: 1; order: number; broker: NodeId };

const ACTION_ORDER: Record<FaultAction, number> = { crash: 0, restart: 1, 'cut-start': 2, 'cut-end': 3 };

/** The order key of a fault's agenda item. */
export const faultOrder = (faultIndex: number, action: FaultAction) => faultIndex * 4 + ACTION_ORDER[action];

function before(a: Agendum, b: Agendum): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.cls !== b.cls) return a.cls < b.cls;
  return a.order < b.order;
}

/**
 * `items` in agenda order, equal items kept in their order (as a stable sort would): an insertion
 * sort, since a step adds a handful of items and Array.prototype.sort allocates on every call.
 */
function sortedItems(items: readonly Agendum[]): Agendum[] {
  const out = items.slice();
  for (let i = 1; i < out.length; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && before(x, out[j]!)) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

/** A new agenda with `items` merged in order. */
export function insertAll(agenda: readonly Agendum[], items: readonly Agendum[]): readonly Agendum[] {
  if (items.length === 0) return agenda;
  const sorted = items.length === 1 ? items : sortedItems(items);
  const out: Agendum[] = [];
  let i = 0;
  let j = 0;
  while (i < agenda.length && j < sorted.length) {
    out.push(before(sorted[j]!, agenda[i]!) ? sorted[j++]! : agenda[i++]!);
  }
  while (i < agenda.length) out.push(agenda[i++]!);
  while (j < sorted.length) out.push(sorted[j++]!);
  return out;
}

/**
 * Whether an item keeps a run from being quiet: idle fetch long-polls (a consumer's or a
 * follower's), metadata look-ups and their timers do not. (Whether followers have caught up is a
 * question about state: see isQuiescent.)
 */
export function isBackground(a: Agendum): boolean {
  if (a.kind === 'timer') return a.event.background === true;
  if (a.kind !== 'deliver') return false;
  const p = a.msg.payload;
  switch (p.kind) {
    case 'FetchRequest':
    case 'ReplicaFetchRequest':
    case 'MetadataRequest':
    case 'MetadataResponse':
      return true;
    case 'FetchResponse':
      return p.partitions.every((x) => x.records.length === 0 && x.error === 'NONE');
    case 'ReplicaFetchResponse':
      return p.partitions.every((x) => x.records.length === 0 && x.error === 'NONE' && x.divergingEpoch === undefined);
    default:
      return false;
  }
}
