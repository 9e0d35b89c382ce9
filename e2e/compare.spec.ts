import { expect, test } from './fixtures';

test.describe('side by side', () => {
  test('one lost ack under the three presets: at least once duplicates, exactly once does not', async ({ lab, compare, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await compare.open();
    expect(await compare.lanes()).toEqual(['at-most-once', 'at-least-once', 'exactly-once']);
    await expect(page).toHaveURL(/compare=at-most-once,at-least-once,exactly-once/);
    // The same fault has nothing to hit under acks=0, and the lane says so.
    await expect(compare.lane(0).getByTestId('compare-lane-0-missed')).toHaveText(/no ProduceResponse #2 in this run/);

    await page.keyboard.press('End');
    expect(await compare.counters(1)).toEqual({ lost: 0, duplicated: 1, logDuplicates: 1, outOfOrder: 0 });
    expect(await compare.counters(2)).toEqual({ lost: 0, duplicated: 0, logDuplicates: 0, outOfOrder: 0 });
    await expect(compare.row(1, 'm2')).toHaveAttribute('data-status', 'duplicated');
    await expect(compare.row(2, 'm2')).toHaveAttribute('data-status', 'ok');
    await expect(compare.row(1, 'm2')).toHaveAttribute('data-differs', 'true');
    await expect(compare.row(1, 'm1')).toHaveAttribute('data-differs', 'false');
    await expect(compare.diff).toContainText('Same dropped ProduceResponse #2: at least once duplicated m2; the others did not');
  });

  test('the one scrubber moves every lane to the same virtual time', async ({ lab, compare }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await compare.open();
    const last = await compare.lastNotch();
    expect(last).toBeGreaterThan(10);
    await compare.scrub(5);
    const early = await compare.times();
    expect(early).toHaveLength(3);
    expect(new Set(early).size).toBe(1);
    const steps = await Promise.all([0, 1, 2].map((i) => compare.lane(i).getAttribute('data-step')));
    await compare.scrub(last - 5);
    const late = await compare.times();
    expect(new Set(late).size).toBe(1);
    expect(late[0]).not.toBe(early[0]);
    const later = await Promise.all([0, 1, 2].map((i) => compare.lane(i).getAttribute('data-step')));
    for (let i = 0; i < 3; i++) expect(Number(later[i])).toBeGreaterThan(Number(steps[i]));
  });

  test('plays, picks its lanes, and Escape goes back to the run', async ({ lab, compare, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await compare.open();
    await page.getByTestId('compare-speed').selectOption('8');
    const before = await compare.times();
    await page.getByTestId('compare-play').click();
    await expect(page.getByTestId('compare-play')).toHaveAttribute('data-playing', 'true');
    await expect.poll(async () => (await compare.times())[0]).not.toBe(before[0]);
    await page.getByTestId('compare-play').click();
    await expect(page.getByTestId('compare-play')).toHaveAttribute('data-playing', 'false');

    // Two lanes at least: the last two cannot be unticked; a fourth cannot be ticked.
    await page.getByTestId('compare-pick-at-most-once').uncheck();
    expect(await compare.lanes()).toEqual(['at-least-once', 'exactly-once']);
    await expect(page.getByTestId('compare-pick-at-least-once')).toBeDisabled();
    await page.getByTestId('compare-pick-run').check();
    expect(await compare.lanes()).toEqual(['at-least-once', 'exactly-once', 'run']);
    await expect(page.getByTestId('compare-pick-idempotent-consumer')).toBeDisabled();
    await expect(page).toHaveURL(/compare=at-least-once,exactly-once,run/);

    await page.keyboard.press('Escape');
    await expect(compare.view).toHaveCount(0);
    await expect(page.getByTestId('stage')).toBeVisible();
    await expect(page.getByTestId('side-by-side')).toBeFocused();
    await expect(page).not.toHaveURL(/compare=/);
  });

  test('a link reopens side by side, with its lanes, in Korean too', async ({ lab, compare, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=ko&compare=at-least-once,idempotent-consumer');
    await expect(compare.lane(1)).toBeVisible();
    expect(await compare.lanes()).toEqual(['at-least-once', 'idempotent-consumer']);
    await page.keyboard.press('End');
    await expect(compare.diff).toContainText('최소 한 번에서는 m2 중복 반영');
    // The page's own share link keeps the mode.
    await page.reload();
    await expect(compare.lane(1)).toBeVisible();
  });

  test('a bad compare= value says so, as text, and the page keeps working', async ({ lab, compare, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en&compare=at-least-once,<img src=x onerror=alert(1)>');
    await expect(lab.loadError).toContainText('The side-by-side part “at-least-once,<img src=x onerror=alert(1)>” names a setting');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(compare.view).toHaveCount(0);
    await lab.toEnd();
    expect((await lab.summary()).duplicated).toBe(1);
    await compare.open();
    expect(await compare.lanes()).toEqual(['at-most-once', 'at-least-once', 'exactly-once']);
  });
});
