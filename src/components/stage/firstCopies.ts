/**
 * Per version of a persistent log or table, where each message first appears: a later entry of the
 * same message is a second copy (a duplicate in the log, a duplicate effect in the database).
 * Cached by the version object (a new version is a new object), so a render does not rescan it.
 */
interface Versioned<T> {
  readonly length: number;
  get(index: number): T | undefined;
}

const cache = new WeakMap<object, Map<string, number>>();

/** Message id -> the position (`at`) of its first entry; entries `id` maps to undefined are left out (markers). */
export function firstCopies<T>(items: Versioned<T>, id: (x: T) => string | undefined, at: (x: T) => number): Map<string, number> {
  let first = cache.get(items);
  if (!first) {
    first = new Map();
    for (let i = 0; i < items.length; i++) {
      const x = items.get(i)!;
      const key = id(x);
      if (key !== undefined && !first.has(key)) first.set(key, at(x));
    }
    cache.set(items, first);
  }
  return first;
}
