/**
 * The page's URL state: `?preset=at-least-once` or `?scenario=alo-lost-ack`, optional `&seed=N`
 * and `&lang=ko|en`. Reading gives raw strings (the store decides what they mean); writing gives
 * the query string for the current selection.
 */
import type { Language } from '../i18n';
import type { Source } from './run';

export interface UrlRequest {
  preset: string | null;
  scenario: string | null;
  seed: string | null;
  lang: string | null;
}

/** The lab's parameters from a query string; anything else in it is ignored. */
export function readSearch(search: string): UrlRequest {
  const q = new URLSearchParams(search);
  return { preset: q.get('preset'), scenario: q.get('scenario'), seed: q.get('seed'), lang: q.get('lang') };
}

/** Same bound as the scenario schema's `seed` (Java's Integer.MAX_VALUE). */
export const SEED_MAX = 2_147_483_647;

/** A seed as typed or linked: a plain whole number from 0 to SEED_MAX, else null. */
export function parseSeed(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n <= SEED_MAX ? n : null;
}

/** The query string that reopens this selection. */
export function toSearch(source: Source, seed: number, language: Language): string {
  const q = new URLSearchParams();
  if (source.kind === 'preset') q.set('preset', source.name);
  else if (source.kind === 'scenario') q.set('scenario', source.id);
  q.set('seed', String(seed));
  q.set('lang', language);
  return `?${q.toString()}`;
}

/** A value from the URL, cut short enough to quote in a message. */
export function clip(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
