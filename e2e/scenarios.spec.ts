/**
 * Every bundled scenario, opened by its link in Chromium and played to its end: the outcome on the
 * screen is the one its file expects (src/scenarios/scenarios.test.ts checks the same expectation
 * in Node, through the engine alone, so the two cannot disagree).
 */
import { expect, scenarioFiles, test } from './fixtures';

test.describe('every bundled scenario, played to its end, shows its expected outcome', () => {
  for (const { file, json } of scenarioFiles()) {
    const id = json.id ?? file.replace(/\.json$/, '');
    test(id, async ({ lab, page }) => {
      await lab.goto(`scenario=${encodeURIComponent(id)}`);
      await expect(lab.seed).toHaveText(String(json.seed ?? 1));
      // It plays: the player moves the stage on by itself.
      await page.getByTestId('speed').selectOption('8');
      await page.getByTestId('play').click();
      await expect.poll(async () => (await lab.step()).at, { timeout: 10_000 }).toBeGreaterThan(2);
      await page.getByTestId('play').click();
      // Then every remaining step, one at a time, through the page's hook (no waiting on animations).
      await page.evaluate(() => {
        const lab = window.deliveryLab;
        while (lab.step().at < lab.step().last) lab.stepForward();
      });
      await expect(page.getByTestId('seek-end')).toBeDisabled();
      const counters = await lab.summary();
      for (const [field, expected] of Object.entries(json.expect ?? {})) {
        expect(counters[field as keyof typeof counters], field).toBe(expected);
      }
      await expect(lab.runEnd).toHaveAttribute('data-end', 'quiescent');
      if (json.expect) await expect(lab.expectation).toHaveAttribute('data-match', 'true');
      await expect(lab.loadError).toHaveCount(0);
    });
  }
});
