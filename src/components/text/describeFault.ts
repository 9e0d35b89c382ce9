/** A fault of a scenario in plain words: the i18n key under `ui.faults` and its parameters. */
import type { TFunction } from 'i18next';
import type { Fault } from '../../engine';

interface Told {
  key: string;
  params: Record<string, string | number>;
}

function describeFault(f: Fault): Told {
  switch (f.type) {
    case 'drop':
      return f.atMs === undefined
        ? { key: 'drop', params: { message: f.message, nth: f.nth } }
        : { key: 'drop_at', params: { message: f.message, nth: f.nth, atMs: f.atMs } };
    case 'delay':
      return { key: 'delay', params: { message: f.message, nth: f.nth, byMs: f.byMs } };
    case 'duplicate':
      return f.afterMs === undefined
        ? { key: 'duplicate', params: { message: f.message, nth: f.nth } }
        : { key: 'duplicate_after', params: { message: f.message, nth: f.nth, afterMs: f.afterMs } };
    case 'crash': {
      const restart = f.restartAfterMs === undefined ? '' : '_restart';
      const restartAfterMs = f.restartAfterMs ?? 0;
      if ('atMs' in f) return { key: `crashAt${restart}`, params: { node: f.node, atMs: f.atMs, restartAfterMs } };
      return { key: `crashPoint${restart}`, params: { node: f.node, point: f.point, nth: f.nth ?? 1, restartAfterMs } };
    }
    case 'reject':
      return { key: 'reject', params: { nth: f.nth, error: f.error ?? 'NOT_ENOUGH_REPLICAS' } };
    case 'restart':
      return { key: 'restart', params: { node: f.node, atMs: f.atMs } };
    case 'cut':
      return { key: 'cut', params: { a: f.between[0], b: f.between[1], fromMs: f.fromMs, toMs: f.toMs } };
    case 'leave':
    case 'start':
      return { key: f.type, params: { node: f.node, atMs: f.atMs } };
    case 'fail': {
      if (f.what === 'sink-write') return { key: 'fail', params: { nth: f.nth } };
      const key = `failProcessing${f.stage === 'after-write' ? 'AfterWrite' : ''}${f.times === undefined ? '' : '_times'}`;
      return { key, params: { messageId: f.messageId, times: f.times ?? 0 } };
    }
    case 'redrive':
      return { key: 'redrive', params: { atMs: f.atMs } };
    default:
      // A fault type this page does not know yet: show it as data rather than hide it.
      return { key: 'other', params: { json: JSON.stringify(f) } };
  }
}

/** A node's name: its role's, and its instance number after the first (`consumer-2` -> "consumer 2"). */
function nodeName(t: TFunction, id: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? t(`node.${id}`) : `${t(`node.${id.slice(0, dash)}`)} ${id.slice(dash + 1)}`;
}

/** One fault as a sentence in the current language. */
export function tellFault(t: TFunction, f: Fault): string {
  const { key, params } = describeFault(f);
  const p: Record<string, string | number> = { ...params };
  for (const k of ['node', 'a', 'b'] as const) if (typeof p[k] === 'string') p[k] = nodeName(t, p[k]);
  if (typeof p.point === 'string') p.point = t(`ui.faults.points.${p.point}`);
  return t(`ui.faults.${key}`, p);
}
