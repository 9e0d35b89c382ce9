/**
 * `explain`: one trace event in words, in the instance's language. The trace's words (traceEn.ts,
 * traceKo.ts) come with this module, so the page loads them with the first chunk that tells events
 * in words (the event log, the broker's check, the live narration), not with its first render.
 */
import type { i18n } from 'i18next';
import type { TraceEvent } from '../engine/types';
import { addTexts } from './addTexts';
import { describe } from './describe';
import { nodeName, type ServiceNames } from './index';
import { traceEn } from './traceEn';
import { traceKo } from './traceKo';

/** One trace event in plain language (`partitions`: how many the run's topic has; `services`: the run's, if several). */
export function explain(i: i18n, e: TraceEvent, partitions = 1, services: ServiceNames = []): string {
  addTexts(i, 'trace', traceEn, traceKo);
  const d = describe(e, partitions);
  const params: Record<string, string | number> = { ...d.params };
  for (const k of ['node', 'from', 'to', 'a', 'b'] as const) {
    if (typeof params[k] === 'string') params[k] = nodeName(i, params[k], services);
  }
  if (d.lost) params.lost = d.lost.length === 0 ? i.t('lost.nothing') : d.lost.map((l) => i.t(`lost.${l.what}`, { count: l.count })).join(', ');
  let text = i.t(d.key, params);
  // With several groups, the group coordinator's events say which group.
  if ('group' in e && typeof e.group === 'string') text = i.t('trace.inGroup', { group: e.group, text });
  // Events name no node; one from a second instance of a role says which (`producer 2: ...`).
  return e.instance ? `${nodeName(i, e.instance, services)}: ${text}` : text;
}
