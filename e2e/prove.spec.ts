import { expect, test } from './fixtures';

test.describe('Prove it', () => {
  test('at most once: one lost request loses a message; the counterexample replays on the stage at its fault', async ({ lab, page }) => {
    await lab.goto('preset=at-most-once');
    await lab.prove(1);
    const explored = await lab.proveDone();
    expect(explored).toBeGreaterThan(20);
    await expect(page.getByTestId('prove-verdict')).toHaveText(/^Broken: \d+ of \d+ schedules/);
    await expect(page.getByTestId('prove-count-duplicated')).toHaveText('none');
    await expect(page.getByTestId('prove-count-lost')).toHaveText(/^\d+ schedules$/);
    const example = page.getByTestId('prove-example-lost');
    await expect(example).toHaveAttribute('data-faults', '1');
    await expect(example.locator('li')).toHaveCount(1);

    await page.getByTestId('prove-replay-lost').click();
    const band = page.getByTestId('prove-replay-band');
    await expect(band).toBeVisible();
    await expect(band).toHaveAttribute('data-violation', 'lost');
    await expect(page).toHaveURL(/custom=/);
    // The stage stands at the step where the fault fired, and the band says which.
    const first = band.getByRole('button', { name: /^#\d+$/ }).first();
    const step = Number((await first.textContent())!.slice(1));
    await expect(lab.cursor).toHaveText(new RegExp(`^\\D*${step}\\D`));
    await expect(first).toHaveAttribute('aria-current', 'step');
    await lab.toEnd();
    expect((await lab.summary()).lost).toBeGreaterThan(0);
    await band.getByTestId('prove-replay-close').click();
    await expect(band).toHaveCount(0);
  });

  test('the idempotent producer and consumer hold at k = 1: the verdict says no schedule breaks them', async ({ lab, page }) => {
    await lab.goto('scenario=choose-orders-at-least-once-idempotent');
    await lab.prove(1);
    await lab.proveDone();
    await expect(page.getByTestId('prove-verdict')).toHaveText(/^No schedule of 1 fault breaks it: \d+ schedules/);
    for (const v of ['lost', 'duplicated', 'outOfOrder']) await expect(page.getByTestId(`prove-count-${v}`)).toHaveText('none');
    await expect(page.getByTestId('prove-example-duplicated')).toHaveCount(0);
  });

  test('cancel stops the search and keeps what it found; the page answers while it runs', async ({ lab, page }) => {
    await lab.goto('preset=exactly-once');
    const result = await lab.prove(3);
    await expect(result).toHaveAttribute('data-status', 'running');
    await expect.poll(async () => Number(await result.getAttribute('data-explored')), { timeout: 20_000 }).toBeGreaterThan(0);
    // The stage still answers: the search is in workers, not on the page's thread.
    const before = (await lab.step()).at;
    await page.getByTestId('step-forward').click();
    await expect(lab.cursor).toHaveText(new RegExp(`^\\D*${before + 1}\\D`), { timeout: 2_000 });
    await page.getByTestId('prove-cancel').click();
    await expect(result).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('prove-verdict')).toHaveText(/^Cancelled after \d+ schedules \(\d+%\)/);
    const explored = await result.getAttribute('data-explored');
    await page.waitForTimeout(500);
    await expect(result).toHaveAttribute('data-explored', explored!);
    expect(Number(await page.getByTestId('prove-progress').getAttribute('data-fraction'))).toBeLessThan(1);
    await expect(page.getByTestId('prove-start')).toHaveText('Run again');
  });

  test('in Korean, with the what-if copies: at most once has no defence against a copied request', async ({ lab, page }) => {
    await lab.goto('preset=at-most-once&lang=ko');
    await lab.prove(1, true);
    await lab.proveDone();
    await expect(page.getByTestId('prove-verdict')).toHaveText(/^깨집니다/);
    await expect(page.getByTestId('prove-count-duplicated')).toHaveText(/^조합 \d+개$/);
  });
});

test('window.deliveryLab.prove: a test of your own asks whether anything breaks the run', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once');
  const r = await page.evaluate(() => window.deliveryLab.prove(1));
  expect(r.status).toBe('done');
  expect(r.progress.violations.lost).toBe(0);
  expect(r.progress.shortest.duplicated!.faults).toHaveLength(1);
  await expect(page.getByTestId('prove-result')).toHaveAttribute('data-status', 'done');
});
