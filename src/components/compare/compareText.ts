/**
 * Side by side in words: a lane's name, a fault that found nothing to hit in a lane, and the one
 * sentence per message that ended differently ("Same dropped ProduceResponse #2: at least once
 * duplicated m2; the others did not"). Presentation only; the differences are compareDiff.ts's.
 */
import type { TFunction } from 'i18next';
import type { Fault } from '../../engine';
import type { LaneChoice } from '../../store';
import type { MessageDiff } from '../../store/compareDiff';
import { tellFault } from '../text/describeFault';

export const laneName = (t: TFunction, choice: LaneChoice): string => t(`compare.lane.${choice}`);

/** A fault in a few words, for the start of a sentence ("dropped ProduceResponse #2"). */
export function faultName(t: TFunction, f: Fault): string {
  if (f.type === 'drop' || f.type === 'delay' || f.type === 'duplicate') return t(`compare.fault.${f.type}`, { message: f.message, nth: f.nth });
  return tellFault(t, f);
}

/** A node's name: its role's, and its instance number after the first. */
function nodeName(t: TFunction, id: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? t(`node.${id}`) : `${t(`node.${id.slice(0, dash)}`)} ${id.slice(dash + 1)}`;
}

/** Why a fault of the schedule hit nothing in a lane ("no ProduceResponse #2 in this run"). */
export function missedText(t: TFunction, f: Fault): string {
  switch (f.type) {
    case 'drop':
    case 'delay':
    case 'duplicate':
      return t('compare.missed', { what: `${f.message} #${f.nth}` });
    case 'reject':
      return t('compare.missed', { what: `ProduceRequest #${f.nth}` });
    case 'fail':
      return t('compare.missed', { what: f.what === 'sink-write' ? `SinkWrite #${f.nth}` : f.messageId });
    case 'crash':
      return 'point' in f ? t('compare.missedPoint', { node: nodeName(t, f.node), point: t(`ui.faults.points.${f.point}`) }) : tellFault(t, f);
    case 'cut':
      return t('compare.missedTime', { atMs: f.fromMs });
    default:
      return tellFault(t, f);
  }
}

/**
 * The sentence about one message whose lanes ended differently: the odd lanes out first, then the
 * lanes that delivered it once ("the others" when there are several), after the schedule they share.
 */
export function diffSentence(t: TFunction, d: MessageDiff, lanes: readonly LaneChoice[], faults: readonly Fault[]): string {
  const names = (ls: readonly number[]) => ls.map((i) => laneName(t, lanes[i]!)).join(t('compare.diff.and'));
  const odd = d.groups.filter((g) => g.status !== 'ok');
  const clauses = odd.map((g) => t(`compare.diff.${g.status}`, { lanes: names(g.lanes), m: d.messageId }));
  const ok = d.groups.find((g) => g.status === 'ok');
  if (ok) {
    const subject = ok.lanes.length > 1 ? t('compare.diff.others') : names(ok.lanes);
    const key = odd.every((g) => g.status === 'duplicated') ? 'okNotDuplicated' : odd.every((g) => g.status === 'lost') ? 'okNotLost' : 'ok';
    clauses.push(t(`compare.diff.${key}`, { lanes: subject, m: d.messageId }));
  }
  const text = clauses.join(t('compare.diff.sep'));
  if (faults.length === 0) return t('compare.diff.noFault', { text });
  if (faults.length === 1) return t('compare.diff.sameFault', { fault: faultName(t, faults[0]!), text });
  return t('compare.diff.sameFaults', { count: faults.length, text });
}
