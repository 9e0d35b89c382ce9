/** Scenario files: bad input gets a message naming the field, never a crash. */
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, produceScript } from './scenario';

const issuesOf = (input: unknown) => {
  const p = parseScenario(input);
  return p.ok ? [] : p.issues;
};

describe('parsing', () => {
  it('fills defaults: a preset alone is a valid scenario', () => {
    const p = parseScenario({ preset: 'at-least-once' });
    expect(p.ok).toBe(true);
    if (p.ok) expect(p.run.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it.each([
    [{ preset: 'at-least-twice' }, 'preset'],
    [{ surprise: 1 }, 'surprise'],
    [{ settings: { producer: { 'enable.idempotency': true } } }, "settings.producer['enable.idempotency']"],
    [{ settings: { producer: { 'delivery.timeout.ms': 10, 'request.timeout.ms': 100 } } }, "settings.producer['delivery.timeout.ms']"],
    [{ settings: { producer: { acks: 2 } } }, "settings.producer.acks"],
    [{ settings: { producer: { acks: 0, 'enable.idempotence': true } } }, 'settings.producer.acks'],
    [{ faults: [{ type: 'drop', message: 'Ack', nth: 1 }] }, 'faults[0].message'],
    [{ faults: [{ type: 'crash', node: 'consumer', point: 'after-append-before-response' }] }, 'faults[0].point'],
    [{ faults: [{ type: 'crash', node: 'consumer' }] }, 'faults[0]'],
    [{ faults: [{ type: 'cut', between: ['broker', 'broker'], fromMs: 0, toMs: 10 }] }, 'faults[0].between'],
    [{ seed: -1 }, 'seed'],
    [{ produce: { count: 1e9 } }, 'produce.count'],
  ])('%j is refused, naming %s', (input, path) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.path)).toContain(path);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(3);
  });

  it('names an unknown field by its name', () => {
    const issues = issuesOf({ settings: { producer: { 'enable.idempotency': true } } });
    expect(issues[0]!.message).toContain('enable.idempotency');
  });

  it('says a missing field is missing, not "received undefined" (the fuzzer found the word undefined in messages)', () => {
    const r = parseScenario({ faults: [{ type: 'drop', message: 'ProduceResponse' }, { type: 'restart', atMs: 5 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual([
        { path: 'faults[0].nth', message: 'missing: expected number' },
        { path: 'faults[1].node', message: 'missing: expected string' },
      ]);
      expect(JSON.stringify(r.issues)).not.toContain('undefined');
    }
  });

  it('reports malformed JSON like any other issue', () => {
    const p = parseScenarioText('{"preset": ');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('accepts acks=-1 as Kafka does, meaning all', () => {
    const p = parseScenario({ settings: { producer: { acks: -1 } } });
    expect(p.ok && p.run.settings.producer.acks).toBe('all');
  });
});

describe('the produce script', () => {
  it('numbers messages m1..mN, spaces them and cycles the keys', () => {
    expect(produceScript({ count: 3, intervalMs: 5, startMs: 100, keys: ['a', 'b'] })).toEqual([
      { id: 'm1', at: 100, key: 'a', version: 1 },
      { id: 'm2', at: 105, key: 'b', version: 2 },
      { id: 'm3', at: 110, key: 'a', version: 3 },
    ]);
  });

  it('gives each message a version: its own, else its 1-based position in time order', () => {
    const script = produceScript({ messages: [{ id: 'b', at: 20, key: 'k', version: 9 }, { id: 'a', at: 10, key: 'k' }, { id: 'c', at: 30, key: 'k' }] });
    expect(script.map((m) => [m.id, m.version])).toEqual([['a', 1], ['b', 9], ['c', 3]]);
    const twice = produceScript({ messages: [{ id: 'm1', at: 0, key: null }, { id: 'm2', at: 10, key: null }, { id: 'm1', at: 50, key: null }] });
    expect(twice.map((m) => m.version)).toEqual([1, 2, 1]);
  });

  it('accepts the fail fault on sink writes, and only on them', () => {
    expect(parseScenario({ faults: [{ type: 'fail', what: 'sink-write', nth: 1 }] }).ok).toBe(true);
    expect(parseScenario({ faults: [{ type: 'fail', what: 'produce', nth: 1 }] }).ok).toBe(false);
    expect(parseScenario({ faults: [{ type: 'fail', what: 'sink-write', nth: 0 }] }).ok).toBe(false);
  });

  it('accepts every sink strategy and the cache TTLs', () => {
    for (const idempotence of ['none', 'processed-ids', 'unique-key', 'version', 'last-processed-id', 'cache-then-unique'] as const) {
      const p = parseScenario({ settings: { consumerApp: { idempotence, cacheTtlMs: 500, cacheKeepMs: 5000 } } });
      expect(p.ok && p.run.settings.consumerApp).toMatchObject({ idempotence, cacheTtlMs: 500, cacheKeepMs: 5000 });
    }
    expect(parseScenario({ settings: { consumerApp: { idempotence: 'bloom-filter' } } }).ok).toBe(false);
  });

  it('takes explicit messages, in time order, and allows sending one twice (a manual double send)', () => {
    expect(produceScript({ messages: [{ id: 'm1', at: 50, key: null }, { id: 'm1', at: 0, key: null }] }).map((m) => m.at)).toEqual([0, 50]);
  });
});
