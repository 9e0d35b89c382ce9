import { parseScenario, parseScenarioText, Timeline, traceHash } from '../src/engine';
import { expect, scenarioFiles, test } from './fixtures';

/** The trace hash of a scenario, computed in Node by the same engine the page bundles. */
function hashInNode(input: unknown): string {
  const parsed = typeof input === 'string' ? parseScenarioText(input) : parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return traceHash(Timeline.start(parsed.run).runToEnd().steps);
}

const files = scenarioFiles();
const byId = (id: string) => {
  const f = files.find((s) => s.json.id === id);
  if (!f) throw new Error(`no scenario ${id}`);
  return f;
};

test.describe('the page shows the trace hash Node computes', () => {
  for (const id of ['alo-lost-ack', 'amo-crash-after-commit', 'idempotent-producer-keeps-order']) {
    test(`scenario ${id}`, async ({ lab }) => {
      await lab.goto(`scenario=${id}`);
      await expect(lab.traceHash).toHaveText(hashInNode(byId(id).text));
    });
  }

  test('a scenario with faults at another seed', async ({ lab }) => {
    const f = byId('alo-crash-after-processing');
    expect(f.json.faults?.length).toBeGreaterThan(0);
    await lab.goto(`scenario=${f.json.id}&seed=987654`);
    await expect(lab.seed).toHaveText('987654');
    await expect(lab.traceHash).toHaveText(hashInNode({ ...JSON.parse(f.text), seed: 987654 }));
  });

  test('random loss and jitter: the seeded RNG draws the same numbers in Chromium as in Node', async ({ lab }) => {
    const f = byId('alo-random-loss');
    const hashes = new Set<string>();
    for (const seed of [3, 4, 11]) {
      await lab.goto(`scenario=${f.json.id}&seed=${seed}`);
      const expected = hashInNode({ ...JSON.parse(f.text), seed });
      await expect(lab.traceHash).toHaveText(expected);
      hashes.add(expected);
    }
    // The seed reaches the run: three seeds, three different traces.
    expect(hashes.size).toBe(3);
  });

  test('presets, and the same hash after reloading', async ({ lab, page }) => {
    for (const preset of ['at-most-once', 'exactly-once']) {
      await lab.goto(`preset=${preset}&seed=5`);
      const expected = hashInNode({ preset, seed: 5 });
      await expect(lab.traceHash).toHaveText(expected);
      await page.reload();
      await expect(lab.traceHash).toHaveText(expected);
    }
  });
});
