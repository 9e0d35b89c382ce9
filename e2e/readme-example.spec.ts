// The README's ten-line example, run as written (so the documentation cannot go stale).
import { expect, test } from './fixtures';

test('a lost ack under at least once is stored twice', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once');
  await lab.dropNext('response', 'ProduceResponse');
  await page.evaluate(() => window.deliveryLab.seekEnd());
  const counters = await lab.summary();
  expect(counters.lost).toBe(0);
  expect(counters.logDuplicates).toBe(1);
});
