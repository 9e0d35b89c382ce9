/**
 * Screenshots of what accessibility changed, at 1280x800 and 1920x1080, to look at: the focus ring
 * on the dark header, on a packet and on a badge; the badges with their signs; the later steps of
 * the event log; a lesson at its end. Written to /tmp/a11y-<name>-<width>.png.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

async function shoot(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // The focused element in view (a resize can move it out).
    await page.evaluate(() => document.activeElement?.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: `/tmp/a11y-${name}-${size.width}.png` });
  }
}

async function tabUntil(page: Page, test: (id: string) => boolean, max = 200): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (test(id)) return id;
  }
  throw new Error('not reached');
}

test('the focus ring, the badges, the log and a lesson\'s end, at two sizes', async ({ lab, page }) => {
  test.setTimeout(90_000);
  await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
  await lab.seek(8);
  await expect(page.getByTestId('settings-preset')).toBeAttached();
  await page.locator('body').press('Tab');
  expect(await tabUntil(page, (id) => id === 'open-lessons')).toBe('open-lessons');
  await shoot(page, 'header-focus');
  expect(await tabUntil(page, (id) => id.startsWith('packet-'))).toMatch(/^packet-/);
  await shoot(page, 'packet-focus');

  await lab.toEnd();
  await page.getByTestId('ledger-table').locator('.badge-link').first().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await shoot(page, 'ledger-badges');

  await lab.seek(10);
  await page.getByTestId('event-log').locator('[aria-current="step"] .step-link').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await shoot(page, 'event-log');

  await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 6));
  await expect(page.getByTestId('lesson-end')).toBeVisible();
  await page.getByTestId('lesson-next').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await shoot(page, 'lesson-end');

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await page.keyboard.press('Tab');
  await shoot(page, 'help');
});

test('in Korean: the badges, a lesson\'s question and the focus', async ({ lab, page }) => {
  await lab.goto('scenario=alo-lost-ack&lang=ko&motion=off');
  await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 2));
  await page.getByTestId('lesson-choice-0').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-reveal')).toBeVisible();
  await expect(page.getByTestId('lesson-next')).toBeFocused();
  await shoot(page, 'ko-lesson');
  await page.keyboard.press('End');
  await page.getByTestId('ledger-table').locator('.badge-link').last().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await shoot(page, 'ko-ledger');
});
