/** Kafka's producer config validation (KAFKA-RULES.md section 4) and the presets. */
import { describe, expect, it } from 'vitest';
import { PRESETS, resolveSettings } from './config';
import { parseScenario } from './scenario';

describe('enable.idempotence', () => {
  it('defaults to true with acks=all, retries > 0 and at most 5 in flight', () => {
    const r = resolveSettings({});
    expect(r.ok && r.settings.producer['enable.idempotence']).toBe(true);
  });

  it.each([
    [{ acks: 0 as const }, ['producer', 'acks']],
    [{ acks: 1 as const }, ['producer', 'acks']],
    [{ retries: 0 }, ['producer', 'retries']],
    [{ 'max.in.flight.requests.per.connection': 6 }, ['producer', 'max.in.flight.requests.per.connection']],
  ])('set explicitly, a conflict with %o is a ConfigException naming %j', (producer, path) => {
    const r = resolveSettings({ producer: { ...producer, 'enable.idempotence': true } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path, message: expect.stringContaining('ConfigException') }]);
  });

  it('left to its default, a conflict silently disables it (and the trace says so)', () => {
    const r = resolveSettings({ producer: { acks: 1 } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.settings.producer['enable.idempotence']).toBe(false);
      expect(r.notes).toEqual([{ type: 'config.idempotenceDisabled', reason: expect.stringContaining('acks') }]);
    }
  });
});

describe('transactional.id', () => {
  it('defaults to null (no transactions)', () => {
    const r = resolveSettings({});
    expect(r.ok && r.settings.producer['transactional.id']).toBeNull();
  });

  it('requires idempotence: explicitly off is a ConfigException', () => {
    const r = resolveSettings({ producer: { 'transactional.id': 't', 'enable.idempotence': false } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: ['producer', 'transactional.id'], message: expect.stringContaining('Cannot set a transactional.id without also enabling idempotence') }]);
  });

  it('requires idempotence: silently disabled by a conflict is a ConfigException too', () => {
    const r = resolveSettings({ producer: { 'transactional.id': 't', acks: 1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual([['producer', 'transactional.id']]);
  });

  it('the copier commits offsets in its transactions, so auto-commit must be off', () => {
    const r = resolveSettings({ consumerApp: { output: 'topic' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toEqual(['consumer', 'enable.auto.commit']);
  });

  it('the copier writes no database, so offsets-in-db is refused with it (the fuzzer found it crashing the run)', () => {
    const p = parseScenario({ preset: 'exactly-once', settings: { consumerApp: { idempotence: 'offsets-in-db' } } });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.issues).toEqual([{ path: 'settings.consumerApp.idempotence', message: expect.stringContaining('output=topic') }]);
  });

  it('transaction.timeout.ms above the broker maximum (900000) is refused', () => {
    const p = parseScenario({ settings: { producer: { 'transactional.id': 't', 'transaction.timeout.ms': 900_001 } } });
    expect(p.ok).toBe(false);
  });
});

describe('delivery.timeout.ms', () => {
  it('must be at least linger.ms + request.timeout.ms when set explicitly', () => {
    const r = resolveSettings({ producer: { 'delivery.timeout.ms': 1000, 'request.timeout.ms': 2000 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toEqual(['producer', 'delivery.timeout.ms']);
  });

  it('is raised to linger.ms + request.timeout.ms when left to its default', () => {
    const r = resolveSettings({ producer: { 'request.timeout.ms': 200_000, 'linger.ms': 5 } });
    expect(r.ok && r.settings.producer['delivery.timeout.ms']).toBe(200_005);
  });
});

describe('presets', () => {
  it('are only named sets of settings, all valid', () => {
    for (const preset of Object.values(PRESETS)) expect(resolveSettings(preset).ok).toBe(true);
  });

  it('at-most-once: acks=0 and retries=0 leave idempotence off, and the consumer commits before processing', () => {
    const p = parseScenario({ preset: 'at-most-once' });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.run.settings.producer).toMatchObject({ acks: 0, retries: 0, 'enable.idempotence': false });
    expect(p.run.settings.consumerApp.commit).toBe('before-processing');
  });

  it('at-least-once: acks=all, unbounded retries, idempotence explicitly off, commit after processing', () => {
    const p = parseScenario({ preset: 'at-least-once' });
    if (!p.ok) throw new Error();
    expect(p.run.settings.producer).toMatchObject({ acks: 'all', retries: 2147483647, 'enable.idempotence': false });
    expect(p.run.settings.consumerApp.commit).toBe('after-processing');
  });

  it('idempotent-consumer: the idempotent producer and an idempotent consumer', () => {
    const p = parseScenario({ preset: 'idempotent-consumer' });
    if (!p.ok) throw new Error();
    expect(p.run.settings.producer['enable.idempotence']).toBe(true);
    expect(p.run.settings.producer['transactional.id']).toBeNull();
    expect(p.run.settings.consumerApp.idempotence).toBe('processed-ids');
  });

  it('exactly-once: a transactional producer, read_committed, and the transactional copier', () => {
    const p = parseScenario({ preset: 'exactly-once' });
    if (!p.ok) throw new Error();
    expect(p.run.settings.producer).toMatchObject({ 'enable.idempotence': true, 'transactional.id': 'lab-producer', 'transaction.timeout.ms': 60000 });
    expect(p.run.settings.consumer).toMatchObject({ 'isolation.level': 'read_committed', 'enable.auto.commit': false });
    expect(p.run.settings.consumerApp.output).toBe('topic');
  });

  it('a scenario setting overrides its preset, and an explicit conflict with the preset is reported', () => {
    const p = parseScenario({ preset: 'exactly-once', settings: { producer: { acks: 1 } } });
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.issues[0]!.path).toBe('settings.producer.acks');
  });
});
