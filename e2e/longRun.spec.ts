/**
 * Long runs in Chromium: a link with 20,000 messages runs as a long run between frames, the page
 * shows the whole run's counts and trace hash exactly as Node computes them, the stage keeps the last
 * 500 steps, the heap it leaves behind is bounded, and a long run can be cancelled.
 */
import { parseScenario } from '../src/engine/scenario';
import { runLong } from '../src/engine/longRun';
import { encodePart } from '../src/store/shareCodec';
import { expect, test } from './fixtures';

const MB = 1024 * 1024;
const SCENARIO = {
  preset: 'idempotent-consumer',
  seed: 42,
  produce: { count: 20_000, intervalMs: 10, keys: ['a', 'b', 'c'] },
  settings: { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000, 'batch.size': 16 }, consumer: { 'request.timeout.ms': 1000 } },
  horizonMs: 86_400_000,
};

test('a 20,000-message long run: whole-run counts and hash as in Node, the last 500 steps on the stage, bounded heap, cancel', async ({ lab, page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await lab.goto('preset=at-least-once&lang=en');
  await expect(page.getByTestId('long-run-panel')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const before = await heap();

  // The same run in Node, as the engine's long-run mode computes it.
  const parsed = parseScenario(SCENARIO);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const node = runLong(parsed.run, 500);
  const summary = node.ledger.summary();

  // Frame intervals while the page computes it (the link applied as the page applies the one it opens with).
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stopFrames: boolean };
    w.frames_ = [];
    w.stopFrames = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.frames_.push(t - last);
      last = t;
      if (!w.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  const applied = page.evaluate((search) => window.deliveryLab.applyLink(search), `?custom=${encodePart(SCENARIO)}&lang=en`);
  await expect(page.getByTestId('long-run-progress')).toBeVisible();
  expect(await applied).toEqual([]);
  await expect(page.getByTestId('long-run-kept')).toBeVisible({ timeout: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stopFrames: boolean };
    w.stopFrames = true;
    return w.frames_.slice(1).sort((a, b) => a - b);
  });
  const p = (q: number) => frames[Math.min(frames.length - 1, Math.floor((q / 100) * frames.length))]!;

  // The whole run, as Node has it.
  await expect(lab.traceHash).toHaveText(node.traceHash);
  const kept = page.getByTestId('long-run-kept');
  await expect(kept).toHaveAttribute('data-steps', String(node.lastIndex));
  await expect(kept).toHaveAttribute('data-hash', node.traceHash);
  await expect(page.getByTestId('long-run-count-effects')).toHaveText(summary.effects.toLocaleString('en-US'));
  await expect(page.getByTestId('long-run-count-lost')).toHaveText(String(summary.lost));
  await expect(page.getByTestId('long-run-count-duplicated')).toHaveText(String(summary.duplicated));
  await expect(page.getByTestId('long-run-count-outOfOrder')).toHaveText(String(summary.outOfOrder));
  await expect(kept).toContainText('The stage keeps the last 500 steps');
  await expect(kept).toContainText('cover all 20,000 messages');
  // The outcome panel counts the whole run too, at any step of the window.
  await lab.seek(250);
  expect(await page.evaluate(() => window.deliveryLab.final())).toEqual(summary);
  const counters = await lab.summary();
  expect(counters).toMatchObject({ messages: 20_000, effects: summary.effects, lost: summary.lost, duplicated: summary.duplicated, logDuplicates: summary.logDuplicates, outOfOrder: summary.outOfOrder });
  expect(await lab.step()).toEqual({ at: 250, last: 499 });
  // It plays.
  await page.evaluate(() => window.deliveryLab.play());
  await page.waitForTimeout(300);
  await page.evaluate(() => window.deliveryLab.pause());

  const after = await heap();
  const figures = `${node.lastIndex} steps in ${seconds.toFixed(1)} s; heap ${(before / MB).toFixed(1)} -> ${(after / MB).toFixed(1)} MB; frames while computing p50 ${p(50).toFixed(1)} ms, p95 ${p(95).toFixed(1)} ms (${frames.length})`;
  test.info().annotations.push({ type: 'long run', description: figures });
  console.log(`long run: ${figures}`);
  if (process.env.LONG_RUN_SHOTS) {
    await page.getByTestId('long-run-panel').screenshot({ path: `${process.env.LONG_RUN_SHOTS}/panel.png` });
    await page.getByTestId('stage').screenshot({ path: `${process.env.LONG_RUN_SHOTS}/stage.png` });
  }
  // A whole run of 20,000 messages would hold some 140 MB; the long run keeps the state, counters and 500 steps.
  expect((after - before) / MB).toBeLessThan(50);
  // The page kept drawing frames while it computed (slices of 8 ms): one computation would have
  // blocked them for seconds. (Loose bounds: the machine's cores are shared; figures in the README.)
  expect(frames.length).toBeGreaterThan(seconds * 5);
  expect(p(50)).toBeLessThan(50);

  // Cancel: a long run of 100,000 messages from the panel, stopped; the run shown stays.
  await page.getByTestId('long-run-messages').fill('100000');
  await page.getByTestId('long-run-start').click();
  await expect(page.getByTestId('long-run-progress')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.deliveryLab.longRunJob()?.sent ?? 0)).toBeGreaterThan(0);
  await page.getByTestId('long-run-cancel').click();
  await expect(page.getByTestId('long-run-progress')).toBeHidden();
  expect(await page.evaluate(() => window.deliveryLab.longRunJob())).toBeNull();
  await expect(lab.traceHash).toHaveText(node.traceHash);
  expect(await page.evaluate(() => window.deliveryLab.longRunInfo()?.messages)).toBe(20_000);
  // In Korean too.
  await page.getByTestId('lang-ko').click();
  await expect(page.getByTestId('long-run-panel').getByRole('heading')).toHaveText('긴 실행');
  await expect(kept).toContainText('마지막 500단계');
  expect(errors).toEqual([]);
});

test('a page opened by a link with more than 10,000 messages shows it as a long run, in Korean', async ({ lab, page }) => {
  const scenario = { preset: 'at-least-once', seed: 9, produce: { count: 12_000, intervalMs: 10 } };
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const node = runLong(parsed.run, 500);
  await lab.goto(`custom=${encodePart(scenario)}&lang=ko`);
  const kept = page.getByTestId('long-run-kept');
  await expect(kept).toBeVisible({ timeout: 60_000 });
  await expect(kept).toContainText('메시지 12,000개 전부');
  await expect(lab.traceHash).toHaveText(node.traceHash);
  await expect(page.getByTestId('long-run-count-effects')).toHaveText(node.ledger.summary().effects.toLocaleString('en-US'));
  expect(await lab.step()).toEqual({ at: 0, last: 499 });
  // The address bar holds the run: reloading it runs the same long run again.
  await expect(page).toHaveURL(/custom=/);
});
