/**
 * The page's URL state: what a link must say to reproduce a run at a step, for anyone.
 *
 *   ?preset=at-least-once | ?scenario=alo-lost-ack | ?custom=<scenario>   the source (one of them)
 *   &seed=N &lang=ko|en                                                   the seed, the language
 *   &settings=<settings> &faults=<faults>                                  the user's changes on top
 *   &step=N                                                               the step shown (0: omitted)
 *   &compare=at-most-once,at-least-once,exactly-once                       side by side, its lanes
 *
 * The JSON parts (`custom`, `settings`, `faults`) are base64url of UTF-8 JSON (shareCodec.ts); the
 * rest is plain text. Reading gives raw strings (the store decides what they mean and validates
 * them); writing gives the query string for the current state.
 */
import type { Fault, SettingsInput } from '../engine';
import type { Language } from '../i18n';
import type { LaneChoice } from './compareSlice';
import type { Source } from './run';
import { encodePart } from './shareCodec';

/**
 * Parameters beyond the first four, in the order they are written. Absent from a request when the
 * link does not have them (the first four are null then, as they always were). Another parameter
 * is one more name here, one more field of LinkExtras and one more line in toSearch.
 */
export const EXTRA_PARAMS = ['custom', 'settings', 'faults', 'step', 'lesson', 'compare'] as const;
export type ExtraParam = (typeof EXTRA_PARAMS)[number];

export interface UrlRequest extends Partial<Record<ExtraParam, string>> {
  preset: string | null;
  scenario: string | null;
  seed: string | null;
  lang: string | null;
}

/** The lab's parameters from a query string; anything else in it is ignored. */
export function readSearch(search: string): UrlRequest {
  const q = new URLSearchParams(search);
  const req: UrlRequest = { preset: q.get('preset'), scenario: q.get('scenario'), seed: q.get('seed'), lang: q.get('lang') };
  for (const name of EXTRA_PARAMS) {
    const value = q.get(name);
    if (value !== null) req[name] = value;
  }
  return req;
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

/** A step as linked: a plain whole number (checked against the run's length by the reader). */
export function parseStep(text: string): number | null {
  const s = text.trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/** What a link carries besides its source, seed and language. */
export interface LinkExtras {
  /** The user's settings on top of the source's (settingsSlice `overrides`). */
  settings?: SettingsInput;
  /** Faults added on the stage (playbackSlice `userFaults`). */
  faults?: readonly Fault[];
  /** The step shown (the cursor). */
  step?: number;
  /** The open lesson's narration, 0-based (written 1-based: `lesson=3`); the lesson is the scenario's. */
  lesson?: number;
  /** Side by side is open with these lanes. */
  compare?: readonly LaneChoice[];
}

/** A custom source's scenario is written again at every step written: encoded once per scenario. */
const encoded = new WeakMap<object, string>();
function encodedInput(input: Record<string, unknown>): string {
  let text = encoded.get(input);
  if (text === undefined) encoded.set(input, (text = encodePart(input)));
  return text;
}

/** The query string that reopens this run: the source, its seed, the language, then what is in `extras`. */
export function toSearch(source: Source, seed: number, language: Language, extras: LinkExtras = {}): string {
  const q = new URLSearchParams();
  if (source.kind === 'preset') q.set('preset', source.name);
  else if (source.kind === 'scenario') q.set('scenario', source.id);
  else q.set('custom', encodedInput(source.input));
  q.set('seed', String(seed));
  q.set('lang', language);
  if (extras.settings && Object.keys(extras.settings).length > 0) q.set('settings', encodePart(extras.settings));
  if (extras.faults && extras.faults.length > 0) q.set('faults', encodePart(extras.faults));
  if (extras.step) q.set('step', String(extras.step));
  if (extras.lesson !== undefined) q.set('lesson', String(extras.lesson + 1));
  // Lane names are [a-z-] only: written with plain commas, as a person would type them.
  const compare = extras.compare ? `&compare=${extras.compare.join(',')}` : '';
  return `?${q.toString()}${compare}`;
}

/** Characters that change the direction of the text after them (embeddings, overrides, isolates). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * A value from the URL (or a file's name), cut short enough to quote in a message. One that holds
 * direction controls (a right-to-left override, say) is wrapped in an isolate (FSI … PDI), so it
 * cannot turn the rest of the message around; it is still shown as it is.
 */
export function clip(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return BIDI_CONTROLS.test(cut) ? `\u2068${cut}\u2069` : cut;
}
