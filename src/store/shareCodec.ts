/**
 * How a JSON part of a link is written: base64url (RFC 4648 §5, no padding) of its UTF-8 JSON, so
 * it needs no percent-encoding and survives chat apps and e-mail. Reading also takes the plain
 * JSON a person may type into a link by hand (`&settings={"producer":{"acks":1}}`). Nothing is
 * evaluated: the result is plain JSON data for the zod schemas to judge.
 */

/** Why a part could not be read. */
export type PartProblem = 'too-long' | 'encoding' | 'json';

export type Decoded = { ok: true; value: unknown } | { ok: false; problem: PartProblem };

/** A link part longer than this (characters) is refused before it is decoded. */
export const MAX_PART_CHARS = 256 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The base64url text of `value`'s JSON. */
export function encodePart(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  // In slices: String.fromCharCode(...all) overflows the stack on a large scenario.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The JSON value a link part holds: base64url of UTF-8 JSON, or plain JSON (`{...}` or `[...]`). */
export function decodePart(text: string): Decoded {
  if (text.length > MAX_PART_CHARS) return { ok: false, problem: 'too-long' };
  const trimmed = text.trim();
  let json: string;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) json = trimmed;
  else {
    // A length of 1 mod 4 is never base64.
    if (!BASE64URL.test(text) || text.length % 4 === 1) return { ok: false, problem: 'encoding' };
    try {
      const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
      const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, problem: 'encoding' };
    }
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return { ok: false, problem: 'json' };
  }
}
