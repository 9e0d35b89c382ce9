/**
 * What can be wrong with a requested run, as data: components turn it into words in the current
 * language (so a language switch translates the message too). Values from the URL are quoted
 * as plain text, clipped; they are never interpreted.
 */
import type { Issue } from '../engine';

export type LoadError =
  | { code: 'unknown-preset'; value: string }
  | { code: 'unknown-scenario'; value: string }
  /** A bundled scenario's file could not be fetched (offline). */
  | { code: 'scenario-unavailable'; value: string }
  | { code: 'bad-seed'; value: string }
  | { code: 'bad-language'; value: string }
  | { code: 'two-sources' }
  | { code: 'invalid-run'; issues: readonly Issue[] };
