/**
 * The browser's storage full, corrupt, from a newer lab or refused: a message every time, never a
 * crash, and never the user's scenario lost without a way to keep it (a download).
 */
import { Timeline, parseScenarioText, traceHash } from '../src/engine';
import { expect, test, type LabPage } from './fixtures';

const KEY = 'delivery-lab.scenarios.v1';

/** The run shown, changed on the page (a setting), so that what is saved is the user's own work. */
async function changedRun(lab: LabPage): Promise<string> {
  await lab.goto('scenario=alo-lost-ack&motion=off&lang=en');
  await lab.page.getByTestId('setting-network-latencyMs').locator('input').fill('12');
  await lab.page.getByTestId('setting-network-latencyMs').locator('input').press('Enter');
  await expect(lab.page.getByTestId('setting-network-latencyMs')).toContainText('changed');
  return (await lab.traceHash.textContent()) ?? '';
}

/** A download the page starts with a click: its name and text. */
async function downloaded(lab: LabPage, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([lab.page.waitForEvent('download'), lab.page.getByTestId(testId).click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** The trace hash of a scenario file, computed in Node. */
function hashInNode(text: string): string {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return traceHash(Timeline.start(parsed.run).runToEnd().steps);
}

/** Uncaught errors and console errors: there must be none. */
function watchErrors(lab: LabPage): string[] {
  const errors: string[] = [];
  lab.page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  lab.page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

async function shoot(lab: LabPage, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await lab.page.setViewportSize({ width, height });
    await lab.page.getByTestId('library-problem').scrollIntoViewIfNeeded();
    await lab.page.screenshot({ path: `/tmp/input-${name}-${width}.png` });
  }
}

test.describe('the browser storage', () => {
  test('full (QuotaExceededError on every write): the save says it was not saved, offers the scenario as a file, and the run stays', async ({ lab, page }) => {
    await page.addInitScript(() => {
      Storage.prototype.setItem = function setItem(): void {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    const errors = watchErrors(lab);
    const hash = await changedRun(lab);
    await page.getByTestId('save-name').fill('My lost ack');
    await page.getByTestId('save-scenario').click();
    await expect(page.getByTestId('library-unsaved')).toHaveText(/“My lost ack” was not saved: the browser’s storage for this site is full\. Download it as a file/);
    await expect(page.getByTestId('picker-mine')).toHaveCount(0);
    await expect(lab.traceHash).toHaveText(hash);
    await shoot(lab, 'storage-full');

    const file = await downloaded(lab, 'download-unsaved');
    expect(file.name).toBe('alo-lost-ack.json');
    expect(JSON.parse(file.text)).toMatchObject({ id: 'alo-lost-ack', settings: { network: { latencyMs: 12 } } });
    // The file is the run: imported (or replayed in Node) it gives the same trace.
    expect(hashInNode(file.text)).toBe(hash);

    await lab.setLanguage('ko');
    await expect(page.getByTestId('library-unsaved')).toContainText('“My lost ack”을(를) 저장하지 못했습니다');
    await expect(page.getByTestId('download-unsaved')).toHaveText('“My lost ack” 내려받기');
    expect(errors).toEqual([]);
  });

  test('corrupt: a message naming where the data was set aside, the data as a download, and saving works again', async ({ lab, page }) => {
    const corrupt = '{"version":1,"scenarios":[{"id":"mine-1","name":"half written';
    await page.addInitScript(
      ([key, raw]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key, raw);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [KEY, corrupt] as const,
    );
    const errors = watchErrors(lab);
    await lab.goto('preset=at-least-once&lang=en');
    await expect(page.getByTestId('library-problem')).toContainText(`moved, untouched, to “${KEY}.set-aside”`);
    await shoot(lab, 'storage-corrupt');
    const file = await downloaded(lab, 'download-set-aside');
    expect(file.name).toBe('delivery-lab-scenarios-set-aside.json');
    expect(JSON.parse(file.text)).toEqual([expect.objectContaining({ reason: 'not JSON', raw: corrupt })]);
    await lab.saveScenario('fresh');
    expect(await lab.savedInPicker()).toEqual(['fresh']);
    expect(errors).toEqual([]);
  });

  test("a newer lab's list is left as it is: saving is off with the scenario offered as a file, until the user sets the list aside", async ({ lab, page }) => {
    const newer = JSON.stringify({ version: 2, scenarios: [{ id: 'mine-1', name: 'from a newer lab', format: 'unknown here' }] });
    await page.addInitScript(
      ([key, raw]) => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem(key, raw);
          sessionStorage.setItem('seeded', '1');
        }
      },
      [KEY, newer] as const,
    );
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await expect(page.getByTestId('library-problem')).toContainText('stored by a newer version of the lab (format 2)');
    await page.getByTestId('save-name').fill('mine');
    await page.getByTestId('save-scenario').click();
    await expect(page.getByTestId('library-unsaved')).toContainText('“mine” was not saved, for the reason above');
    expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBe(newer);
    expect((await downloaded(lab, 'download-stored')).text).toBe(newer);

    await page.getByTestId('set-aside-stored').click();
    await expect(page.getByTestId('library-problem')).toHaveCount(0);
    await lab.saveScenario('mine');
    expect(await lab.savedInPicker()).toEqual(['mine']);
    const setAside = await page.evaluate((key) => JSON.parse(localStorage.getItem(`${key}.set-aside`) ?? '[]') as { raw: string }[], KEY);
    expect(setAside.map((x) => x.raw)).toEqual([newer]);
  });

  test('refused (a private window, storage blocked): saving says so and offers the scenario as a file', async ({ lab, page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const errors = watchErrors(lab);
    await changedRun(lab);
    await page.getByTestId('save-name').fill('blocked');
    await page.getByTestId('save-scenario').click();
    await expect(page.getByTestId('library-unsaved')).toContainText('“blocked” was not saved: this browser does not let the page keep data');
    const file = await downloaded(lab, 'download-unsaved');
    expect(JSON.parse(file.text)).toMatchObject({ id: 'alo-lost-ack' });
    expect(errors).toEqual([]);
  });
});
