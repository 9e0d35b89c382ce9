/**
 * What can be wrong with a requested run, as data: components turn it into words in the current
 * language (so a language switch translates the message too). Values from the URL, a file or the
 * browser's storage are quoted as plain text, clipped; they are never interpreted.
 */
import type { Issue } from '../engine';
import type { PartProblem } from './shareCodec';

/** The JSON parts of a link (url.ts): a scenario given as data, the user's settings, the user's faults. */
/** Why a link's `compare` part was refused. */
export type CompareProblem = 'count' | 'name' | 'repeat';

export type LinkPart = 'custom' | 'settings' | 'faults';

export type LoadError =
  | { code: 'unknown-preset'; value: string }
  | { code: 'unknown-scenario'; value: string }
  /** A bundled scenario's file could not be fetched (offline). */
  | { code: 'scenario-unavailable'; value: string }
  | { code: 'bad-seed'; value: string }
  | { code: 'bad-language'; value: string }
  | { code: 'two-sources' }
  | { code: 'invalid-run'; issues: readonly Issue[] }
  /** The link names a scenario given as data and another source too: the data is used. */
  | { code: 'several-sources' }
  /** A JSON part of the link could not be decoded (not base64url, not UTF-8, not JSON, too long). */
  | { code: 'bad-link-part'; part: LinkPart; problem: PartProblem }
  /** A JSON part of the link is not what the scenario format allows, or the run refuses it. */
  | { code: 'link-part-invalid'; part: LinkPart; issues: readonly Issue[] }
  | { code: 'bad-step'; value: string }
  /** The link's side-by-side lanes: not 2 or 3, a name that is not a preset or `run`, or one named twice. */
  | { code: 'bad-compare'; value: string; why: CompareProblem }
  /** The link's lesson narration could not be opened (not a number, not a bundled scenario, no lesson). */
  | { code: 'bad-lesson'; value: string; why: 'number' | 'source' | 'none' }
  /** The link's step is past the run's end: the run is shown at its last step. */
  | { code: 'step-past-end'; step: number; last: number }
  /** A scenario from a link or a file with more messages than the page runs. */
  | { code: 'run-too-large'; messages: number; max: number }
  /** A run that had not ended after the steps the page runs (run.ts, MAX_RUN_STEPS). */
  | { code: 'run-too-long'; max: number }
  /** A fault added on the stage of a long run (its stage keeps only the last steps). */
  | { code: 'long-run-no-faults' }
  /** Importing a file: too large, unreadable, not JSON, or not a scenario that runs. */
  | { code: 'file-too-large'; name: string; size: number; max: number }
  | { code: 'file-unreadable'; name: string }
  | { code: 'file-not-json'; name: string; message: string }
  | { code: 'file-invalid'; name: string; issues: readonly Issue[] };

/**
 * What went wrong with the scenarios kept in the browser. Nothing is thrown away silently: what
 * cannot be read is moved aside under `setAsideKey` (null: it could not be moved, so it was left
 * where it was and saving is off until it is dealt with).
 */
export type LibraryProblem =
  /** localStorage is missing or refused (a private window, a blocked site). */
  | { code: 'storage-unavailable' }
  /** QuotaExceededError: nothing was written. */
  | { code: 'storage-full' }
  | { code: 'storage-corrupt'; setAsideKey: string | null }
  /**
   * Stored by another version of the lab. An older or unknown format is moved aside; a newer one
   * (`newer`: a later version of the lab in another tab, or before a downgrade) is left where it is
   * and saving is off, until the user sets it aside.
   */
  | { code: 'storage-version'; version: string; setAsideKey: string | null; newer?: boolean }
  /** Saved entries that are not valid scenarios any more (by name where one could be read). */
  | { code: 'storage-dropped'; names: readonly string[]; count: number; setAsideKey: string | null }
  /** The saved scenario was changed or deleted in another tab meanwhile. */
  | { code: 'storage-missing' };
