/**
 * A persistent append-only sequence. Every version is immutable, yet appending to the newest
 * version is O(1): versions share one buffer and each sees only its own prefix. Appending to an
 * older version (after time travel or a fork) copies that prefix once. This is what lets the
 * simulation keep a state per step without copying a 10,000-record partition log every step.
 */
export class AppendLog<T> {
  private constructor(
    private readonly buf: T[],
    readonly length: number,
  ) {}

  static empty<T>(): AppendLog<T> {
    return new AppendLog<T>([], 0);
  }

  static from<T>(items: readonly T[]): AppendLog<T> {
    return new AppendLog<T>(items.slice(), items.length);
  }

  /** The item at `index`, or undefined outside this version. */
  get(index: number): T | undefined {
    return index >= 0 && index < this.length ? this.buf[index] : undefined;
  }

  /** The last item of this version. */
  last(): T | undefined {
    return this.get(this.length - 1);
  }

  /** A new version with `items` appended. */
  push(...items: T[]): AppendLog<T> {
    if (items.length === 0) return this;
    const buf = this.buf.length === this.length ? this.buf : this.buf.slice(0, this.length);
    for (const item of items) buf.push(item);
    return new AppendLog(buf, this.length + items.length);
  }

  /** Items in [start, end) of this version. */
  slice(start = 0, end = this.length): T[] {
    return this.buf.slice(Math.max(0, start), Math.min(end, this.length));
  }

  toArray(): T[] {
    return this.slice();
  }

  toJSON(): T[] {
    return this.toArray();
  }
}

/**
 * A persistent set that only grows (a processed-ids table): like AppendLog, versions share one
 * buffer and one index; the index maps each member to its position, and a version contains a
 * member iff that position lies inside its prefix. Adding to an older version copies.
 */
export class AppendSet<T> {
  private constructor(
    private readonly buf: T[],
    private readonly index: Map<T, number>,
    readonly size: number,
  ) {}

  static empty<T>(): AppendSet<T> {
    return new AppendSet<T>([], new Map(), 0);
  }

  has(item: T): boolean {
    const at = this.index.get(item);
    return at !== undefined && at < this.size;
  }

  /** A version that contains `item`. */
  add(item: T): AppendSet<T> {
    if (this.has(item)) return this;
    if (this.buf.length === this.size) {
      this.buf.push(item);
      this.index.set(item, this.size);
      return new AppendSet(this.buf, this.index, this.size + 1);
    }
    const buf = this.buf.slice(0, this.size);
    const index = new Map(buf.map((x, i) => [x, i] as const));
    buf.push(item);
    index.set(item, this.size);
    return new AppendSet(buf, index, this.size + 1);
  }

  toArray(): T[] {
    return this.buf.slice(0, this.size);
  }

  toJSON(): T[] {
    return this.toArray();
  }
}

/**
 * A persistent map whose entries are only ever written, never deleted (a table keyed by id, a
 * cache with expiry times): like AppendLog, versions share one buffer of writes, and an index
 * from each key to the positions of its writes; a version sees the last write inside its prefix.
 * Writing to an older version copies.
 */
export class AppendMap<K, V> {
  private constructor(
    private readonly buf: (readonly [K, V])[],
    private readonly index: Map<K, number[]>,
    readonly writes: number,
  ) {}

  static empty<K, V>(): AppendMap<K, V> {
    return new AppendMap<K, V>([], new Map(), 0);
  }

  get(key: K): V | undefined {
    const at = this.index.get(key);
    if (!at) return undefined;
    for (let i = at.length - 1; i >= 0; i--) if (at[i]! < this.writes) return this.buf[at[i]!]![1];
    return undefined;
  }

  /** A version in which `key` maps to `value`. */
  set(key: K, value: V): AppendMap<K, V> {
    if (this.buf.length === this.writes) {
      this.buf.push([key, value]);
      const at = this.index.get(key);
      if (at) at.push(this.writes);
      else this.index.set(key, [this.writes]);
      return new AppendMap(this.buf, this.index, this.writes + 1);
    }
    const buf = this.buf.slice(0, this.writes);
    const index = new Map<K, number[]>();
    buf.forEach(([k], i) => {
      const at = index.get(k);
      if (at) at.push(i);
      else index.set(k, [i]);
    });
    return new AppendMap(buf, index, this.writes).set(key, value);
  }

  /** The entries of this version, each key with its last value, in order of first write. */
  entries(): [K, V][] {
    const out = new Map<K, V>();
    for (const [k, v] of this.buf.slice(0, this.writes)) out.set(k, v);
    return [...out];
  }

  toJSON(): [K, V][] {
    return this.entries();
  }
}

/**
 * A persistent FIFO queue (the producer application's backlog): like AppendLog, versions share one
 * buffer and each sees its own window [head, end) of it, so appending to the newest version and
 * taking the first item are O(1) and never change what an older version (a step's snapshot) sees.
 * Appending to an older version, or putting items in front, copies that version's window once.
 */
export class AppendQueue<T> {
  private constructor(
    private readonly buf: T[],
    private readonly head: number,
    private readonly end: number,
  ) {}

  static empty<T>(): AppendQueue<T> {
    return new AppendQueue<T>([], 0, 0);
  }

  static from<T>(items: readonly T[]): AppendQueue<T> {
    return new AppendQueue<T>(items.slice(), 0, items.length);
  }

  /** How many items this version holds. */
  get length(): number {
    return this.end - this.head;
  }

  /** The first item of this version (the next to take), or undefined if it is empty. */
  first(): T | undefined {
    return this.head < this.end ? this.buf[this.head] : undefined;
  }

  /** A new version without the first item (the buffer is shared, nothing is copied). */
  rest(): AppendQueue<T> {
    return this.head < this.end ? new AppendQueue(this.buf, this.head + 1, this.end) : this;
  }

  /** A new version with `items` appended at the back. */
  push(...items: T[]): AppendQueue<T> {
    if (items.length === 0) return this;
    // Only the version that ends where the buffer ends may write into it; any other would
    // overwrite what a newer version sees, so it copies its own window first.
    const shared = this.buf.length === this.end;
    const buf = shared ? this.buf : this.buf.slice(this.head, this.end);
    const head = shared ? this.head : 0;
    for (const item of items) buf.push(item);
    return new AppendQueue(buf, head, head + this.length + items.length);
  }

  /** A new version with `items` in front, in their order (rare: an aborted transaction, a restart), so it copies. */
  prepend(items: readonly T[]): AppendQueue<T> {
    if (items.length === 0) return this;
    return AppendQueue.from([...items, ...this.toArray()]);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  toArray(): T[] {
    return this.buf.slice(this.head, this.end);
  }

  toJSON(): T[] {
    return this.toArray();
  }
}
