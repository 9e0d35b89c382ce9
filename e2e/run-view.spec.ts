import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test('the three presets load and run cleanly', async ({ lab, page }) => {
  await lab.goto('preset=at-most-once');
  await expect(page.getByTestId('scenario-title')).toContainText('at most once');
  for (const preset of ['at-least-once', 'exactly-once', 'at-most-once']) {
    await lab.selectPreset(preset);
    await expect(page).toHaveURL(new RegExp(`[?&]preset=${preset}(&|$)`));
    await lab.toEnd();
    const c = await lab.summary();
    // Without faults every preset delivers each message exactly once.
    expect(c).toMatchObject({ lost: 0, duplicated: 0, logDuplicates: 0, outOfOrder: 0, superseded: 0, deadLettered: 0, effects: c.messages, finalLag: 0 });
    await expect(lab.ledgerRow('m1')).toHaveAttribute('data-status', 'ok');
  }
  await expect(lab.loadError).toHaveCount(0);
});

test('the ledger marks the duplicate with a text badge', async ({ lab }) => {
  await lab.goto('scenario=alo-lost-ack');
  await lab.toEnd();
  const m2 = lab.ledgerRow('m2');
  await expect(m2).toHaveAttribute('data-status', 'duplicated');
  await expect(m2).toContainText('DUPLICATE');
  await expect(lab.ledgerRow('m1')).toHaveAttribute('data-status', 'ok');
});

test('with several services the ledger shows each service, and the event log names them', async ({ lab, page }) => {
  await lab.goto('scenario=slot-spin-last-id-vs-cache&lang=en');
  await lab.toEnd();
  await expect(lab.ledgerRow('spin-2')).toHaveAttribute('data-status', 'lost');
  await expect(lab.ledgerService('spin-2', 'missions')).toHaveAttribute('data-status', 'lost');
  await expect(lab.ledgerService('spin-2', 'missions')).toContainText('LOST');
  await expect(lab.ledgerService('spin-2', 'points')).toHaveAttribute('data-status', 'ok');
  await expect(lab.ledgerService('spin-1', 'points')).toHaveAttribute('data-status', 'ok');
  await expect(lab.eventLog).toContainText('group points: the rebalance completes');
  await expect(lab.eventLog).toContainText('points database');
  await expect(page.getByTestId('settings-consumerApp')).toContainText('missions: last processed id per key');
});

test('picking a scenario and a seed updates the run and the URL', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once');
  await lab.selectScenario('amo-lost-request');
  await expect(page).toHaveURL(/[?&]scenario=amo-lost-request(&|$)/);
  await lab.toEnd();
  await expect(page.getByTestId('summary-lost')).toHaveText('1');
  await expect(lab.ledgerRow('m2')).toHaveAttribute('data-status', 'lost');
  await expect(lab.ledgerRow('m2')).toContainText('LOST');

  await lab.setSeed(42);
  await expect(lab.seed).toHaveText('42');
  await expect(page).toHaveURL(/[?&]seed=42(&|$)/);
  await lab.setSeed('x');
  await expect(page.getByTestId('seed-input')).toHaveAttribute('aria-invalid', 'true');
  await expect(lab.seed).toHaveText('42');
});

test('switching language keeps the run and changes the words', async ({ lab, page }) => {
  await lab.goto('scenario=alo-lost-ack&lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const hash = await lab.traceHash.textContent();
  const counters = await lab.summary();
  await expect(lab.eventLog).toContainText('the application calls send(m1)');

  await lab.setLanguage('ko');
  await expect(lab.eventLog).toContainText('애플리케이션이 send(m1) 호출');
  await expect(lab.eventLog).not.toContainText('the application calls send(m1)');
  await expect(page.getByRole('heading', { name: '결과' })).toBeVisible();
  await expect(lab.traceHash).toHaveText(hash ?? '');
  expect(await lab.summary()).toEqual(counters);
  await expect(page).toHaveURL(/[?&]lang=ko(&|$)/);

  await lab.setLanguage('en');
  await expect(lab.eventLog).toContainText('the application calls send(m1)');
  await expect(lab.traceHash).toHaveText(hash ?? '');
});

/** The language chunks the page asked for (assets/en-*.js, assets/ko-*.js), in order. */
function textChunks(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    const m = /\/assets\/(en|ko)-[\w-]+\.js$/.exec(new URL(r.url()).pathname);
    if (m) asked.push(m[1]!);
  });
  return asked;
}

test('the page loads only the language it shows; the first switch fetches the other and keeps the step', async ({ lab, page }) => {
  const asked = textChunks(page);
  await lab.goto('scenario=alo-lost-ack&seed=3&lang=en');
  await lab.seek(4);
  await page.waitForLoadState('networkidle');
  expect(asked).toEqual(['en']);
  const hash = await lab.traceHash.textContent();
  const step = await lab.step();

  await lab.setLanguage('ko');
  expect(asked).toEqual(['en', 'ko']);
  await expect(lab.eventLog).toContainText('애플리케이션이 send(m1) 호출');
  await expect(page.getByTestId('lang-ko')).toHaveAttribute('aria-pressed', 'true');
  expect(await lab.step()).toEqual(step);
  await expect(lab.traceHash).toHaveText(hash ?? '');
  await expect(page).toHaveURL(/\?scenario=alo-lost-ack&seed=3&lang=ko&step=4$/);

  // Both are in now: back to English without another request.
  await lab.setLanguage('en');
  await expect(lab.eventLog).toContainText('the application calls send(m1)');
  expect(await lab.step()).toEqual(step);
  expect(asked).toEqual(['en', 'ko']);
});

test('offline, a switch keeps the language and nothing breaks; the next click tries again', async ({ lab, page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await lab.goto('scenario=alo-lost-ack&lang=en');
  await page.route(/\/assets\/ko-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
  const failed = page.waitForEvent('requestfailed', (r) => /\/assets\/ko-/.test(r.url()));
  await page.getByTestId('lang-ko').click();
  await failed;
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.eventLog).toContainText('the application calls send(m1)');
  await expect(page).toHaveURL(/[?&]lang=en(&|$)/);

  await page.unroute(/\/assets\/ko-[\w-]+\.js$/);
  await lab.setLanguage('ko');
  await expect(lab.eventLog).toContainText('애플리케이션이 send(m1) 호출');
  expect(errors).toEqual([]);
});

test('a scenario file is fetched when picked; offline, the run stays and the next pick tries again', async ({ lab, page }) => {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await lab.goto('preset=at-most-once&lang=en');
  const chunk = /\/assets\/alo-lost-ack-[\w-]+\.js(\?.*)?$/;
  await page.route(chunk, (route) => route.abort('internetdisconnected'));
  await lab.selectScenario('alo-lost-ack');
  await expect(page.getByRole('alert')).toContainText('The scenario “alo-lost-ack” could not be fetched');
  await expect(page.getByTestId('scenario-title')).toHaveText('Preset: at most once');
  await expect(page).toHaveURL(/[?&]preset=at-most-once(&|$)/);

  await page.unroute(chunk);
  await lab.selectPreset('exactly-once');
  await lab.selectScenario('alo-lost-ack');
  await expect(page.getByTestId('scenario-title')).toHaveText('At least once: a lost ack makes a duplicate');
  await expect(page).toHaveURL(/[?&]scenario=alo-lost-ack(&|$)/);
  expect(errors).toEqual([]);
});

test('the browser language is the default, and ?lang= overrides it', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto('/?preset=at-least-once');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByTestId('lang-ko')).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/?preset=at-least-once&lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});

test.describe('a bad URL is reported and a valid run stays on screen', () => {
  const cases = [
    { query: 'scenario=nope', says: 'nope' },
    { query: 'seed=-1', says: '-1' },
    { query: 'seed=abc&preset=exactly-once', says: 'abc' },
    { query: 'preset=%3Cscript%3Ealert(1)%3C/script%3E', says: '<script>alert(1)</script>' },
    { query: 'scenario=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&lang=%3Cb%3E', says: '<img src=x onerror=alert(1)>' },
  ];
  for (const { query, says } of cases) {
    test(query, async ({ lab, page }) => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await lab.goto(query);
      await expect(lab.loadError).toBeVisible();
      await expect(page.getByRole('alert')).toContainText(says);
      // The value is quoted as text, never parsed as markup.
      await expect(page.locator('main script, main img')).toHaveCount(0);
      const c = await lab.summary();
      expect(c.messages).toBeGreaterThan(0);
      await expect(lab.runEnd).toHaveAttribute('data-end', 'quiescent');
      expect(dialogs).toEqual([]);

      await page.getByRole('button', { name: /dismiss/i }).click();
      await expect(lab.loadError).toHaveCount(0);
    });
  }

  test('a bad scenario keeps the run shown before', async ({ lab, page }) => {
    await lab.goto('scenario=nope');
    await expect(page.getByTestId('source-select')).toHaveValue('preset:at-least-once');
    await expect(page).toHaveURL(/[?&]preset=at-least-once(&|$)/);
  });
});
