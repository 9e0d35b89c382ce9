/** The settings panel's store side: a changed setting runs the scenario again; a refused one keeps the run and says why. */
import { describe, expect, it } from 'vitest';
import { createTestStore } from './testing';
import { settingPath } from './settingsSlice';

describe('changing settings', () => {
  it('runs again with the setting, at the same step, keeping the faults added on the stage', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().seek(10);
    store.getState().addFault({ type: 'drop', message: 'ProduceResponse', nth: 2 });
    expect(store.getState().ledger.summary.duplicated).toBe(1);
    store.getState().setSetting('consumerApp', 'idempotence', 'processed-ids');
    const s = store.getState();
    expect(s.run.settings.consumerApp.idempotence).toBe('processed-ids');
    expect(s.run.faults).toContainEqual({ type: 'drop', message: 'ProduceResponse', nth: 2 });
    expect(s.ledger.summary).toMatchObject({ duplicated: 0, logDuplicates: 1 });
    expect(s).toMatchObject({ cursor: 10, settingsIssues: [], overrides: { consumerApp: { idempotence: 'processed-ids' } } });
  });

  it('a setting Kafka refuses keeps the run and names the field', () => {
    const store = createTestStore({ search: '?preset=idempotent-consumer' });
    const before = store.getState().traceHash;
    store.getState().setSetting('producer', 'acks', 1);
    const s = store.getState();
    expect(s.traceHash).toBe(before);
    expect(s.settingsIssues).toEqual([{ path: settingPath('producer', 'acks'), message: expect.stringContaining('ConfigException') }]);
    expect(s.overrides).toEqual({ producer: { acks: 1 } });
    store.getState().resetSettings();
    expect(store.getState()).toMatchObject({ settingsIssues: [], overrides: {} });
  });

  it('a value of the wrong kind is refused by the schema, with the field named', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().setSetting('topic', 'partitions', 99);
    expect(store.getState().settingsIssues.map((i) => i.path)).toEqual(['settings.topic.partitions']);
  });

  it('setting a value back to undefined returns to the source value; another source drops the changes', () => {
    const store = createTestStore({ search: '?preset=at-least-once' });
    store.getState().setSetting('consumer', 'max.poll.records', 1);
    expect(store.getState().run.settings.consumer['max.poll.records']).toBe(1);
    store.getState().setSetting('consumer', 'max.poll.records', undefined);
    expect(store.getState().overrides).toEqual({});
    expect(store.getState().run.settings.consumer['max.poll.records']).toBe(500);
    store.getState().setSetting('consumer', 'max.poll.records', 2);
    store.getState().setSeed(7);
    expect(store.getState().run.settings.consumer['max.poll.records']).toBe(2);
    store.getState().selectScenario('alo-lost-ack');
    expect(store.getState().overrides).toEqual({});
  });
});
