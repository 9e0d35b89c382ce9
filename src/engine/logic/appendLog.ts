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
