/** Every event of the replication scenarios reads as a sentence in both languages: no missing key, no unfilled parameter. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, Timeline } from '../engine';
import { explain } from './explain';
import { createI18n } from './bundled';

const SCENARIOS = ['leader-failover-acks-1', 'leader-failover-acks-all', 'follower-down-not-enough-replicas'];

describe('replication events in words', () => {
  it.each(SCENARIOS)('%s', (id) => {
    const parsed = parseScenarioText(readFileSync(fileURLToPath(new URL(`../scenarios/${id}.json`, import.meta.url)), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const steps = Timeline.start(parsed.run).runToEnd().steps;
    const types = new Set<string>();
    for (const lang of ['en', 'ko'] as const) {
      const i18n = createI18n(lang);
      for (const s of steps) {
        for (const e of s.events) {
          types.add(e.type);
          const text = explain(i18n, e, parsed.run.settings.topic.partitions);
          expect(text, `${lang} ${e.type}`).not.toMatch(/^trace\.|\{\{|node\./);
        }
      }
    }
    expect([...types].some((t) => t.startsWith('replica.'))).toBe(true);
  });
});
