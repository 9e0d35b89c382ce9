/**
 * One step of the run in a sentence, for the screen-reader live region: "Step 12 of 40: the broker
 * appends m3 at offset 2–2; the producer ...". The words are the event log's own (`explain`).
 */
import type { i18n } from 'i18next';
import type { Step } from '../../engine';
import type { ServiceNames } from '../../i18n';
import { addTexts } from '../../i18n/addTexts';
import { explain } from '../../i18n/explain';
import { liveEn, liveKo } from '../../i18n/live';
import { toneOf } from '../text/events';

/** Events read out per step; the rest are counted ("and 3 more events"). */
export const SAID_PER_STEP = 3;

/**
 * The step's events that matter to a listener: what nodes did, faults and effects first; packets
 * only sent (the wire's own events) when the step holds nothing else; arrivals never (the log hides them too).
 */
export function eventsToSay(step: Step): Step['events'] {
  const told = step.events.filter((e) => e.type !== 'net.delivered');
  const loud = told.filter((e) => toneOf(e) !== 'quiet');
  return loud.length > 0 ? loud : told;
}

export function narrateStep(i: i18n, step: Step, last: number, partitions: number, services: ServiceNames): string {
  addTexts(i, 'live', liveEn, liveKo);
  const events = eventsToSay(step);
  const said = events.slice(0, SAID_PER_STEP).map((e) => explain(i, e, partitions, services));
  if (events.length > SAID_PER_STEP) said.push(i.t('live.more', { count: events.length - SAID_PER_STEP }));
  if (said.length === 0) said.push(i.t('live.nothing'));
  if (step.index === last) said.push(i.t('live.end'));
  return i.t('live.step', { step: step.index, last, text: said.join('; ') });
}
