import { Timeline, parseScenarioText, traceHash } from '../src/engine';
import { encodePart } from '../src/store/shareCodec';
import { LabPage, expect, test } from './fixtures';

/** The trace hash of a scenario file, computed in Node by the engine the page bundles. */
function hashInNode(text: string): string {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return traceHash(Timeline.start(parsed.run).runToEnd().steps);
}

/** alo-lost-ack with the idempotent consumer switched on and the next ProduceResponse lost at step 6. */
async function changeRun(lab: LabPage): Promise<void> {
  const page = lab.page;
  await lab.goto('scenario=alo-lost-ack&motion=off&lang=en');
  await page.getByTestId('setting-consumerApp-idempotence').locator('select').selectOption('processed-ids');
  await lab.seek(6);
  await lab.dropNext('response', 'ProduceResponse');
  await expect(page.getByTestId('user-faults')).toContainText('ProduceResponse');
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.describe('share, save, load', () => {
  test('a copied link opens the same run at the same step, with the fault and the setting', async ({ lab, page, context }) => {
    await changeRun(lab);
    await lab.seek(14);
    const hash = await lab.traceHash.textContent();
    const counters = await lab.summary();
    const link = await lab.copyLink();
    await expect(page.getByTestId('share-copied')).toHaveText('Link copied');
    expect(link).toMatch(/[?&]faults=[\w-]+/);
    expect(link).toMatch(/[?&]settings=[\w-]+/);
    expect(link).toMatch(/[?&]step=14(&|$)/);

    const other = new LabPage(await context.newPage());
    await other.page.goto(link);
    await expect(other.traceHash).toHaveText(hash ?? '');
    expect(await other.step()).toMatchObject({ at: 14 });
    expect(await other.summary()).toEqual(counters);
    await expect(other.page.getByTestId('user-faults')).toContainText('ProduceResponse');
    await expect(other.page.getByTestId('setting-consumerApp-idempotence')).toContainText('changed');
    await expect(other.loadError).toHaveCount(0);
    await other.toEnd();
    expect((await other.summary()).duplicated).toBe(0);
  });

  test('the address bar gets the step when playing stops, not on every frame', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&lang=en');
    await page.getByTestId('step-forward').click();
    await page.getByTestId('step-forward').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('2');
    await lab.playToEnd();
    const { at } = await lab.step();
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(String(at));
  });

  test('if the clipboard is refused, the link is shown in a field to copy', async ({ lab, page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await lab.goto('preset=exactly-once&seed=3&lang=en');
    const link = await lab.copyLink();
    await expect(page.getByTestId('share-link-field')).toBeVisible();
    expect(new URL(link).search).toBe('?preset=exactly-once&seed=3&lang=en');
  });

  test('export, then import, gives the same trace hash (and Node agrees)', async ({ lab, page }) => {
    await changeRun(lab);
    const hash = (await lab.traceHash.textContent()) ?? '';
    const file = await lab.exportFile();
    expect(file.name).toBe('alo-lost-ack.json');
    expect(hashInNode(file.text)).toBe(hash);
    await expect(page.getByTestId('export-status')).toContainText('alo-lost-ack.json');

    await lab.goto('preset=at-most-once&lang=en');
    await expect(lab.traceHash).not.toHaveText(hash);
    await lab.importFile(file.name, file.text);
    await expect(lab.traceHash).toHaveText(hash);
    await expect(page.getByTestId('source-select')).toHaveValue('custom:');

    // Dropped onto the page, the same.
    await lab.goto('preset=at-most-once&lang=en');
    await lab.dropFile(file.name, file.text);
    await expect(lab.traceHash).toHaveText(hash);
  });

  test('a saved scenario is still in the picker after a reload, and opens', async ({ lab, page }) => {
    await changeRun(lab);
    const hash = (await lab.traceHash.textContent()) ?? '';
    await lab.saveScenario('My <b>lost</b> ack');
    expect(await lab.savedInPicker()).toEqual(['My <b>lost</b> ack']);

    await page.goto('/?preset=at-most-once&lang=en');
    await expect(lab.traceHash).not.toHaveText(hash);
    expect(await lab.savedInPicker()).toEqual(['My <b>lost</b> ack']);
    await expect(page.getByTestId('my-scenarios').locator('b')).toHaveCount(0);
    await lab.openSaved('My <b>lost</b> ack');
    await expect(lab.traceHash).toHaveText(hash);
    await expect(page.getByTestId('source-select')).toHaveValue('mine:mine-1');
    await expect(page.getByTestId('saved-mine-1')).toContainText('shown');

    await page.getByTestId('saved-rename-mine-1').click();
    await page.getByTestId('rename-input-mine-1').fill('Renamed');
    await page.getByTestId('rename-save-mine-1').click();
    expect(await lab.savedInPicker()).toEqual(['Renamed']);
    await page.getByTestId('saved-delete-mine-1').click();
    await expect(page.getByTestId('picker-mine')).toHaveCount(0);
    await page.getByTestId('undo-delete').click();
    await page.reload();
    expect(await lab.savedInPicker()).toEqual(['Renamed']);
  });

  test('storage that is corrupt gives a message, not a crash, and saving works again', async ({ lab, page }) => {
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('delivery-lab.scenarios.v1', '{"version":1,"scenarios":[{');
        sessionStorage.setItem('seeded', '1');
      }
    });
    await lab.goto('preset=at-least-once&lang=en');
    await expect(page.getByTestId('library-problem')).toContainText('delivery-lab.scenarios.v1.set-aside');
    await lab.saveScenario('fresh');
    expect(await lab.savedInPicker()).toEqual(['fresh']);
  });

  test('a malformed link shows a message and keeps a valid run; nothing in it becomes markup', async ({ lab, page }) => {
    await lab.goto(`preset=exactly-once&seed=2&custom=${encodeURIComponent('%%<script>')}&lang=en`);
    await expect(lab.loadError).toContainText('Could not read the scenario in the link');
    await expect(page.getByTestId('scenario-title')).toHaveText('Preset: at least once');

    await lab.goto('scenario=alo-lost-ack&step=abc&lang=en');
    await expect(lab.loadError).toContainText('The step “abc” is not valid');
    expect(await lab.step()).toMatchObject({ at: 0 });
    await expect(page.getByTestId('scenario-title')).not.toHaveText('Preset: at least once');

    const title = '<img src=x onerror="window.__hacked=1">';
    await lab.goto(`custom=${encodePart({ title, preset: 'at-most-once' })}&faults=${encodePart([{ type: 'crash', node: '<svg onload=alert(1)>', atMs: 1 }])}&lang=en`);
    await expect(page.getByTestId('scenario-title')).toHaveText(title);
    await expect(lab.loadError).toContainText('The faults in the link (faults=) could not be used');
    expect(await page.locator('main img, main svg[onload]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __hacked?: number }).__hacked)).toBeUndefined();
  });

  test('a malformed file shows a message naming it and keeps the run', async ({ lab }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await lab.seek(5);
    const hash = (await lab.traceHash.textContent()) ?? '';
    await lab.importFile('<b>broken</b>.json', '{"preset": "at-least-once",');
    await expect(lab.loadError).toContainText('The file “<b>broken</b>.json” is not valid JSON');
    await expect(lab.traceHash).toHaveText(hash);
    expect(await lab.step()).toMatchObject({ at: 5 });

    await lab.dropFile('wrong.json', '{"preset": "at-least-once", "faults": [{ "type": "explode" }]}');
    await expect(lab.loadError).toContainText('The file “wrong.json” is not a scenario the lab can run');
    await expect(lab.loadError).toContainText('faults[0]');
    await expect(lab.traceHash).toHaveText(hash);

    await lab.setLanguage('ko');
    await expect(lab.loadError).toContainText('랩이 실행할 수 있는 시나리오가 아닙니다');
  });
});
