import { describe, expect, it } from 'vitest';
import { AppendLog, AppendMap, AppendQueue, AppendSet } from './appendLog';

describe('AppendLog', () => {
  it('every version keeps its own prefix', () => {
    const a = AppendLog.empty<number>().push(1, 2);
    const b = a.push(3);
    const c = a.push(9);
    expect([a.toArray(), b.toArray(), c.toArray()]).toEqual([[1, 2], [1, 2, 3], [1, 2, 9]]);
    expect(b.get(2)).toBe(3);
    expect(a.get(2)).toBeUndefined();
  });
});

describe('AppendSet', () => {
  it('versions see only their own members, also after forking', () => {
    const a = AppendSet.empty<string>().add('m1');
    const b = a.add('m2');
    const c = a.add('m3').add('m2');
    expect([a.has('m2'), b.has('m2'), c.has('m2'), b.has('m3'), c.has('m3')]).toEqual([false, true, true, false, true]);
    expect(b.add('m3').toArray()).toEqual(['m1', 'm2', 'm3']);
    expect(c.toArray()).toEqual(['m1', 'm3', 'm2']);
  });
});

describe('AppendMap', () => {
  it('versions see their own last write of each key, also after forking', () => {
    const a = AppendMap.empty<string, number>().set('k', 1);
    const b = a.set('k', 2).set('j', 5);
    const c = a.set('k', 3);
    expect([a.get('k'), b.get('k'), c.get('k'), a.get('j'), b.get('j'), c.get('j')]).toEqual([1, 2, 3, undefined, 5, undefined]);
    expect(b.entries()).toEqual([['k', 2], ['j', 5]]);
    expect(c.set('j', 7).entries()).toEqual([['k', 3], ['j', 7]]);
    expect(b.get('k')).toBe(2);
  });
});

describe('AppendQueue', () => {
  it('an older version reads the same after later pushes and shifts, also after forking', () => {
    const a = AppendQueue.empty<number>().push(1, 2, 3);
    const b = a.rest();
    const c = b.push(4).rest().push(5);
    const d = b.push(9);
    const e = a.push(7).prepend([0]);
    expect([a.toArray(), b.toArray(), c.toArray(), d.toArray(), e.toArray()]).toEqual([[1, 2, 3], [2, 3], [3, 4, 5], [2, 3, 9], [0, 1, 2, 3, 7]]);
    expect([a.length, b.length, c.length, d.length, e.length]).toEqual([3, 2, 3, 3, 5]);
    expect([a.first(), b.first(), c.first(), d.first(), e.first()]).toEqual([1, 2, 3, 2, 0]);
    expect(JSON.stringify({ q: c })).toBe('{"q":[3,4,5]}');
    expect([...d]).toEqual([2, 3, 9]);
  });

  it('taking every item leaves an empty queue that still accepts pushes', () => {
    const a = AppendQueue.from(['x']);
    const empty = a.rest();
    expect([empty.length, empty.first(), empty.rest().length]).toEqual([0, undefined, 0]);
    expect(empty.push('y').toArray()).toEqual(['y']);
    expect(a.toArray()).toEqual(['x']);
  });
});
