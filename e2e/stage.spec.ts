/** The stage and its controls, driven as a user would: play, step, seek, keys, and breaking the run. */
import { expect, test } from './fixtures';

test.describe('the player', () => {
  test('plays to the end and stops there', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&motion=off');
    expect((await lab.step()).at).toBe(0);
    await lab.playToEnd(8);
    const { at, last } = await lab.step();
    expect(at).toBe(last);
    await expect(page.getByTestId('seek-end')).toBeDisabled();
    expect(await lab.summary()).toMatchObject({ duplicated: 1, logDuplicates: 1, lost: 0 });
  });

  test('packets move while it plays, and stand still while paused', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack');
    await page.getByTestId('play').click();
    const packet = page.locator('[data-testid^="packet-"]').first();
    await expect(packet).toBeAttached();
    const at = () => packet.evaluate((el) => (el as SVGGElement).getBoundingClientRect().x);
    const a = await at();
    await expect.poll(at, { timeout: 5000 }).not.toBe(a);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false');
    const b = await at();
    await page.waitForTimeout(300);
    expect(await at()).toBe(b);
  });

  test('step forward and back, seek, back to the start; the event log marks the step', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&motion=off');
    for (let i = 0; i < 3; i++) await page.getByTestId('step-forward').click();
    expect((await lab.step()).at).toBe(3);
    await expect(page.locator('[data-testid="log-step"][aria-current="step"]')).toHaveAttribute('data-step', '3');
    await page.getByTestId('step-back').click();
    expect((await lab.step()).at).toBe(2);
    await lab.seek(20);
    await expect(page.locator('[data-testid="log-step"][aria-current="step"]')).toHaveAttribute('data-step', '20');
    await page.getByTestId('restart').click();
    expect((await lab.step()).at).toBe(0);
    // A step number in the log takes the stage there.
    await page.locator('[data-testid="log-step"][data-step="5"] .step-link').click();
    expect((await lab.step()).at).toBe(5);
  });

  test('the keyboard: space, arrows, shift+arrows, Home, End, speed keys, ? and Escape', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&motion=off');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect((await lab.step()).at).toBe(2);
    await page.keyboard.press('Shift+ArrowRight');
    expect((await lab.step()).at).toBe(12);
    await page.keyboard.press('ArrowLeft');
    expect((await lab.step()).at).toBe(11);
    await page.keyboard.press('End');
    const { at, last } = await lab.step();
    expect(at).toBe(last);
    await page.keyboard.press('Home');
    expect((await lab.step()).at).toBe(0);
    await page.keyboard.press('+');
    await expect(page.getByTestId('speed')).toHaveValue('2');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect(page.getByTestId('speed')).toHaveValue('0.5');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'true');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false');
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-dialog')).toBeVisible();
    await expect(page.getByTestId('help-dialog')).toContainText('play / pause');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('help-dialog')).toBeHidden();
  });
});

test.describe('breaking it', () => {
  test('lose the ack under at least once: a DUPLICATE badge at the step of the second effect, duplicated = 1', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    await lab.dropNext('response', 'ProduceResponse');
    await expect(page.getByTestId('user-faults')).toContainText('ProduceResponse #1 is lost');
    await lab.toEnd();
    expect(await lab.summary()).toMatchObject({ duplicated: 1, logDuplicates: 1, lost: 0 });
    const badge = lab.ledgerRow('m1').getByRole('button', { name: 'DUPLICATE' });
    const step = Number(await badge.getAttribute('data-step'));
    // The badge takes the stage to the step that made it true; one step earlier it was not.
    await badge.click();
    expect((await lab.step()).at).toBe(step);
    await expect(lab.ledgerRow('m1')).toHaveAttribute('data-status', 'duplicated');
    await page.getByTestId('step-back').click();
    await expect(lab.ledgerRow('m1')).not.toHaveAttribute('data-status', 'duplicated');
    expect((await lab.summary()).duplicated).toBe(0);
  });

  test('the same under exactly once: duplicated = 0, and the broker visibly recognises the retry', async ({ lab, page }) => {
    await lab.goto('preset=exactly-once&motion=off&lang=en');
    await lab.dropNext('response', 'ProduceResponse');
    await lab.toEnd();
    expect(await lab.summary()).toMatchObject({ duplicated: 0, logDuplicates: 0, lost: 0 });
    await lab.showAllSteps();
    const check = page.locator('[data-testid="log-event"][data-type="broker.duplicate"]').first();
    await expect(check).toContainText('as a duplicate');
    const step = Number(await check.locator('xpath=ancestor::tbody').getAttribute('data-step'));
    await lab.seek(step);
    await expect(page.getByTestId('broker-check')).toHaveAttribute('data-type', 'broker.duplicate');
    await expect(page.getByTestId('broker-check')).toContainText('as a duplicate');
    await expect(page.locator('[data-testid^="pstate-"]').first()).toBeVisible();
  });

  test('crash the consumer after processing, before committing, from its menu: reprocessing duplicates', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    await lab.nodeFault('consumer', 'point-after-processing-before-commit');
    await expect(page.getByTestId('user-faults')).toContainText('after processing, before committing');
    await lab.showAllSteps();
    const crash = page.locator('[data-testid="log-event"][data-type="node.crashed"]').first();
    const step = Number(await crash.locator('xpath=ancestor::tbody').getAttribute('data-step'));
    await lab.seek(step);
    await expect(page.getByTestId('node-consumer')).toHaveAttribute('data-health', 'crashed');
    await expect(page.getByTestId('node-consumer-health')).toContainText('crashed');
    await lab.toEnd();
    await expect(page.getByTestId('node-consumer')).toHaveAttribute('data-health', 'up');
    await expect(page.getByTestId('node-consumer')).toContainText('restarted');
    expect((await lab.summary()).duplicated).toBeGreaterThan(0);
  });

  test('click a packet in flight to lose it; the producer retries, nothing is lost', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    const request = page.getByTestId('packet-ProduceRequest-1');
    await lab.stepUntil(request);
    await request.click();
    await expect(page.getByTestId('user-faults')).toContainText('ProduceRequest #1 is lost');
    await lab.stepUntil(page.locator('[data-testid="packet-ProduceRequest-1"][data-lost="true"]'));
    await lab.toEnd();
    expect(await lab.summary()).toMatchObject({ lost: 0, duplicated: 0 });
    await lab.showAllSteps();
    await expect(lab.eventLog).toContainText('ProduceRequest from producer to broker is lost on the network (fault)');
  });

  test('crash the broker now and have it restarted; cut a link', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    await lab.seek(5);
    await lab.nodeFault('broker', 'crash-restart');
    await lab.stepUntil(page.locator('[data-testid="node-broker"][data-health="crashed"]'), 30);
    await lab.toEnd();
    await expect(page.getByTestId('node-broker')).toHaveAttribute('data-health', 'up');
    expect((await lab.summary()).lost).toBe(0);

    await page.getByTestId('restart').click();
    await lab.nodeFault('producer', 'cut-broker');
    await lab.stepUntil(page.locator('[data-testid="link-producer~broker"][data-cut="true"]'), 30);
    await expect(page.getByTestId('user-faults')).toContainText('producer');
  });

  test('a node menu works from the keyboard', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    await page.getByTestId('node-menu-consumer').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(page.getByTestId('node-menu-consumer')).toBeFocused();
  });
});

test('with reduced motion, packets appear at once', async ({ lab, page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await lab.goto('preset=at-least-once');
  const packet = page.locator('[data-testid^="packet-"]').first();
  await expect(packet).toBeAttached();
  await page.getByTestId('step-forward').click();
  const fresh = page.locator('[data-testid^="packet-"]').last();
  expect(await fresh.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
});

test.describe('the settings panel', () => {
  test('a changed setting plays the run again: the idempotent consumer removes the duplicate', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&motion=off&lang=en');
    await page.getByTestId('setting-consumerApp-idempotence').locator('select').selectOption('processed-ids');
    await lab.toEnd();
    expect(await lab.summary()).toMatchObject({ duplicated: 0, logDuplicates: 1 });
    await expect(page.getByTestId('setting-consumerApp-idempotence')).toContainText('changed');
    await page.getByTestId('settings-reset').click();
    await lab.toEnd();
    expect((await lab.summary()).duplicated).toBe(1);
  });

  test('a setting Kafka refuses is reported beside it, and the run stays', async ({ lab, page }) => {
    await lab.goto('preset=idempotent-consumer&motion=off&lang=en');
    const hash = await lab.traceHash.textContent();
    await page.getByTestId('setting-producer-acks').locator('select').selectOption('1');
    await expect(page.getByTestId('setting-issue-producer-acks')).toContainText('ConfigException');
    await expect(page.getByTestId('settings-issues')).toBeVisible();
    await expect(lab.traceHash).toHaveText(hash ?? '');
    const partitions = page.getByTestId('setting-topic-partitions').locator('input');
    await partitions.fill('3');
    await partitions.press('Enter');
    // Still refused (acks), so nothing ran; fixing acks runs both changes.
    await page.getByTestId('setting-producer-acks').locator('select').selectOption('all');
    await expect(page.getByTestId('settings-issues')).toHaveCount(0);
    await expect(page.getByTestId('log-p2')).toBeVisible();
  });
});
