/**
 * An engine error never leaves a blank page: window.deliveryLab.failNext makes the engine throw
 * once (on purpose: pageApi.ts), in an event handler, in async code or while drawing; the crash
 * screen says so in the page's language, copies a bug report that replays the run, and goes back.
 */
import { expect, test, type LabPage } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** The deliberate error's message, as failNext words it. */
const deliberate = (where: string) => `deliberate engine error for tests (deliveryLab.failNext('${where}'))`;

async function crashOnStep(lab: LabPage): Promise<{ hash: string; errors: string[] }> {
  const errors: string[] = [];
  lab.page.on('pageerror', (e) => errors.push(e.message));
  await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
  await lab.seek(6);
  const hash = (await lab.traceHash.textContent()) ?? '';
  await lab.page.evaluate(() => window.deliveryLab.failNext('step'));
  // The real button: the exception is thrown in React's click handler, where no error boundary sees it.
  await lab.page.getByTestId('step-forward').click();
  await expect(lab.page.getByTestId('crash-screen')).toBeVisible();
  return { hash, errors };
}

test.describe('the crash screen', () => {
  test('an engine error while stepping: the message, a bug report with the scenario and the step, and back to the last good run', async ({ lab, page }) => {
    const { hash, errors } = await crashOnStep(lab);
    await expect(page.getByTestId('crash-screen')).toHaveAttribute('data-where', 'event');
    await expect(page.getByTestId('crash-message')).toContainText(deliberate('step'));
    await expect(page.getByTestId('crash-message')).toContainText('while doing what you asked');
    expect(errors).toEqual([deliberate('step')]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/input-crash-screen-1280.png' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: '/tmp/input-crash-screen-1920.png' });

    await page.getByTestId('crash-copy').click();
    await expect(page.getByTestId('crash-copied')).toHaveText('Bug report copied: paste it into an issue or an e-mail.');
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('# Delivery Lab bug report');
    expect(report).toContain(deliberate('step'));
    expect(report).toMatch(/- Step shown: 6 of \d+/);
    expect(report).toMatch(/\?scenario=alo-lost-ack&seed=1&lang=en&step=6/);
    expect(report).toContain('"id": "alo-lost-ack"');
    expect(report).toMatch(/- App: Delivery Lab \d+\.\d+\.\d+/);
    expect(report).toContain(await page.evaluate(() => navigator.userAgent));
    expect(report).toMatch(/at .*stateAt/);

    // The link in the report opens the run it was made from.
    const link = /^(http\S+\?scenario=\S+)$/m.exec(report)![1]!;
    const other = await page.context().newPage();
    await other.goto(link);
    await expect(other.getByTestId('trace-hash')).toHaveText(hash);

    await page.getByTestId('crash-last-good').click();
    await expect(page.getByTestId('crash-screen')).toHaveCount(0);
    await expect(page.getByTestId('crash-recovered')).toBeVisible();
    await expect(lab.traceHash).toHaveText(hash);
    expect(await lab.step()).toMatchObject({ at: 6 });
    // The page works again: the step that failed once now goes.
    await page.getByTestId('step-forward').click();
    expect(await lab.step()).toMatchObject({ at: 7 });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/input-crash-recovered-1280.png' });
  });

  test('in Korean, and if the clipboard is refused the report is shown to copy; start over', async ({ lab, page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await lab.goto('preset=exactly-once&lang=ko&motion=off');
    await page.evaluate(() => window.deliveryLab.failNext('load'));
    // Picking a preset runs it: Timeline.start throws inside the select's change handler.
    await lab.selectPreset('at-most-once');
    await expect(page.getByTestId('crash-screen')).toBeVisible();
    await expect(page.getByRole('heading', { name: '랩이 오류로 멈췄습니다' })).toBeVisible();
    await expect(page.getByTestId('crash-message')).toContainText('요청한 동작을 처리하는 중에');
    await page.getByTestId('crash-copy').click();
    await expect(page.getByTestId('crash-report-field')).toBeVisible();
    const report = await page.getByTestId('crash-report-field').inputValue();
    expect(report).toContain('preset=exactly-once');
    expect(report).toContain(deliberate('load'));
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: '/tmp/input-crash-screen-ko-1920.png' });

    await page.getByTestId('crash-start-over').click();
    await expect(page.getByTestId('crash-screen')).toHaveCount(0);
    await expect(page.getByTestId('source-select')).toHaveValue('preset:at-least-once');
    await expect(lab.traceHash).toHaveText(/^[0-9a-f]{14}$/);
  });

  test('an engine error while drawing (a render) and in async code (a scenario fetched) reach the same screen', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&lang=en&motion=off');
    await lab.seek(4);
    // The run's ledger now throws when read: the page draws it again at once, and the render fails.
    await page.evaluate(() => window.deliveryLab.failNext('render'));
    await expect(page.getByTestId('crash-screen')).toHaveAttribute('data-where', 'render');
    await expect(page.getByTestId('crash-message')).toContainText('while drawing the page');
    await expect(page.getByTestId('crash-report')).toContainText('## Component stack');
    await page.getByTestId('crash-last-good').click();
    await expect(page.getByTestId('summary')).toBeVisible();
    expect(await lab.step()).toMatchObject({ at: 4 });
    expect((await lab.summary()).messages).toBe(3);

    // A bundled scenario is fetched first; the run starts once it is in, in a promise nobody awaits.
    await page.evaluate(() => window.deliveryLab.failNext('load'));
    await lab.selectScenario('dlq-and-redrive');
    await expect(page.getByTestId('crash-screen')).toHaveAttribute('data-where', 'async');
    expect(await page.evaluate(() => window.deliveryLab.crash()?.message)).toBe(deliberate('load'));
    await page.getByTestId('crash-last-good').click();
    await expect(lab.traceHash).toHaveText(/^[0-9a-f]{14}$/);
    await expect(page.getByTestId('source-select')).toHaveValue('preset:at-least-once');
  });

  test('a page that cannot start (its texts cannot be fetched) says so in both languages, not a blank page', async ({ page }) => {
    await page.route('**/assets/en-*.js', (route) => route.abort());
    await page.goto('/?preset=at-least-once&lang=en');
    const failure = page.getByTestId('start-failure');
    await expect(failure).toContainText('The lab stopped with an error. Reload the page.');
    await expect(failure).toContainText('랩이 오류로 멈췄습니다');
    await expect(failure.getByRole('button')).toHaveText('Reload · 새로고침');
  });
});
