import { Timeline, parseScenarioText, traceHash } from '../src/engine';
import { expect, test, type LabPage } from './fixtures';

/** alo-lost-ack with one more fault added on the stage: the next ProduceResponse after step 40 lost (the retry's ack). */
async function brokenRun(lab: LabPage, lang = 'en'): Promise<void> {
  await lab.goto(`scenario=alo-lost-ack&motion=off&lang=${lang}`);
  await lab.seek(40);
  await lab.dropNext('response', 'ProduceResponse');
  await expect(lab.page.getByTestId('user-faults')).toContainText('ProduceResponse');
}

/** What the page says the run is: its trace hash, its last step and its final summary. */
const shown = (lab: LabPage) => lab.page.evaluate(() => ({ hash: window.deliveryLab.traceHash(), last: window.deliveryLab.step().last, final: window.deliveryLab.final() }));

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test.describe('export this run', () => {
  test('the sequence diagram as SVG: the whole run, parseable, its lanes and every message line', async ({ lab, page }) => {
    await brokenRun(lab);
    const run = await shown(lab);
    const file = await lab.exportRun('export-sequence-svg');
    expect(file.name).toBe('alo-lost-ack-sequence.svg');
    await expect(page.getByTestId('export-status')).toContainText(`steps 0 to ${run.last}, the whole run`);
    const panel = page.getByTestId('sequence-diagram');
    // The panel comes after the first render: counted once it has drawn (a busy machine is slower).
    await expect(panel.locator('line.lane').first()).toBeAttached();
    const panelLanes = await panel.locator('line.lane').count();
    const panelMessages = await panel.locator('[data-testid^="seq-"].seq-msg').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-testid')!.slice('seq-'.length)));
    const svg = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.nodeName,
        from: root.getAttribute('data-from'),
        to: root.getAttribute('data-to'),
        title: doc.querySelector('title')?.textContent,
        lanes: doc.querySelectorAll('line.lane').length,
        messages: [...doc.querySelectorAll('g.seq-msg')].map((g) => `${g.getAttribute('data-kind')}-${g.getAttribute('data-nth')}`),
        lost: doc.querySelectorAll('g.seq-msg[data-lost="true"]').length,
        colours: [...new Set([...doc.querySelectorAll('g.fam-produce > line')].map((l) => l.getAttribute('stroke')))],
        scripts: doc.querySelectorAll('script, foreignObject').length,
      };
    }, file.text);
    expect(svg.error).toBeNull();
    expect(svg).toMatchObject({ root: 'svg', from: '0', to: String(run.last), title: 'At least once: a lost ack makes a duplicate', lanes: panelLanes, scripts: 0 });
    // The panel draws a window of the run; the file has every message of it, and more.
    expect(panelMessages.length).toBeGreaterThan(5);
    for (const m of panelMessages) expect(svg.messages).toContain(m);
    expect(svg.messages.length).toBeGreaterThanOrEqual(panelMessages.length);
    // Every message the trace says was lost (the scenario's ack, the one lost on the stage and what followed) is drawn lost.
    const trace = JSON.parse((await lab.exportRun('export-trace')).text) as { steps: { events: { type: string }[] }[] };
    const dropped = trace.steps.flatMap((st) => st.events).filter((e) => e.type === 'net.dropped').length;
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect(svg.lost).toBe(dropped);
    expect(svg.colours).toEqual(['#0072b2']);
  });

  test('the sequence diagram as PNG: a real PNG at twice the SVG size', async ({ lab }) => {
    await brokenRun(lab);
    const svg = await lab.exportRun('export-sequence-svg');
    const png = await lab.exportRun('export-sequence-png');
    expect(png.name).toBe('alo-lost-ack-sequence.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg.text)![1]);
    const height = Number(/<svg [^>]*height="(\d+)"/.exec(svg.text)![1]);
    expect(pngSize(png.bytes)).toEqual({ width: width * 2, height: height * 2 });
    // A drawing, not a blank page: far more than a white rectangle compresses to.
    expect(png.bytes.length).toBeGreaterThan(50_000);
    expect(png.bytes.length).toBeLessThan(5_000_000);
  });

  test('a long run is drawn as the 1,000 steps around the step shown, and the file says which', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&motion=off&lang=en');
    await page.evaluate(() => window.deliveryLab.load({ id: 'long-run', preset: 'at-least-once', produce: { count: 200, intervalMs: 20 } }));
    const { last } = await shown(lab);
    expect(last).toBeGreaterThan(1000);
    await lab.seek(700);
    const file = await lab.exportRun('export-sequence-svg');
    const from = Math.min(200, last + 1 - 1000);
    expect(file.name).toBe(`long-run-sequence-steps-${from}-${from + 999}.svg`);
    expect(file.text).toContain(`data-from="${from}" data-to="${from + 999}"`);
    await expect(page.getByTestId('export-status')).toContainText(`steps ${from} to ${from + 999} of ${last}`);
  });

  test('the trace: the CLI document of the run shown, its hash and summary the page’s', async ({ lab }) => {
    await brokenRun(lab);
    const run = await shown(lab);
    const file = await lab.exportRun('export-trace');
    expect(file.name).toBe('alo-lost-ack.trace.json');
    const doc = JSON.parse(file.text) as { scenario: { id: string; faults: unknown[] }; summary: unknown; steps: unknown[]; traceHash: string; expectation: unknown; settings: unknown; messages: unknown[] };
    expect(Object.keys(doc)).toEqual(['scenario', 'settings', 'summary', 'messages', 'steps', 'traceHash', 'expectation']);
    expect(doc.traceHash).toBe(run.hash);
    expect(doc.summary).toEqual(run.final);
    expect(doc.steps).toHaveLength(run.last + 1);
    // The scenario's own fault and the one added on the stage; a changed run claims no expectation.
    expect(doc.scenario).toMatchObject({ id: 'alo-lost-ack' });
    expect(doc.scenario.faults).toHaveLength(2);
    expect(doc.expectation).toBeNull();
  });

  test('the scenario file, with the others: replays in the engine and when imported', async ({ lab, page }) => {
    await brokenRun(lab);
    const run = await shown(lab);
    const file = await lab.exportRun('export-file');
    expect(file.name).toBe('alo-lost-ack.json');
    const parsed = parseScenarioText(file.text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(traceHash(Timeline.start(parsed.run).runToEnd().steps)).toBe(run.hash);
    await lab.goto('preset=at-most-once&lang=en');
    await lab.importFile(file.name, file.text);
    await expect(lab.traceHash).toHaveText(run.hash);
    expect(await page.evaluate(() => window.deliveryLab.final())).toEqual(run.final);
  });

  test('the Playwright test: its link opens the same run, whose counters and hash are the ones it asserts', async ({ lab, page }) => {
    await brokenRun(lab);
    await lab.toEnd();
    const counters = await lab.summary();
    const hash = await lab.traceHash.textContent();
    const file = await lab.exportRun('export-playwright');
    expect(file.name).toBe('alo-lost-ack.spec.ts');
    expect(file.text).toMatch(/^import \{ expect, test \} from '@playwright\/test';$/m);
    const constant = (name: string) => JSON.parse(new RegExp(`^const ${name} = (.*);$`, 'm').exec(file.text)![1]!) as unknown;
    const link = constant('LINK') as string;
    const expected = constant('EXPECTED') as Record<string, number>;
    expect(link).toMatch(/^\.\/\?scenario=alo-lost-ack&seed=1&lang=en&faults=[\w-]+$/);
    expect(constant('TRACE_HASH')).toBe(hash);
    expect(file.text).toContain(`test("alo-lost-ack (seed 1) ends with lost ${counters.lost}, duplicated ${counters.duplicated}, log duplicates ${counters.logDuplicates}, out of order ${counters.outOfOrder}"`);
    for (const [key, value] of Object.entries(counters)) expect(expected[key], key).toBe(value);

    // What the exported test does, here: open the link (relative to baseURL), wait for the hook, go to the end.
    await page.goto('about:blank');
    await page.goto(link);
    await page.waitForFunction(() => 'deliveryLab' in window);
    await page.evaluate(() => window.deliveryLab.seekEnd());
    await expect(lab.traceHash).toHaveText(hash!);
    expect(await lab.summary()).toEqual(counters);
    expect(await page.evaluate(() => window.deliveryLab.ledger().summary)).toMatchObject(expected);
  });

  test('in Korean: the buttons, the status line and the diagram’s words', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&motion=off&lang=ko');
    await expect(page.getByTestId('export-sequence-svg')).toHaveText('다이어그램 (SVG)');
    const file = await lab.exportRun('export-sequence-svg');
    await expect(page.getByTestId('export-status')).toContainText('파일을 내려받았습니다');
    expect(file.text).toContain('>프로듀서</text>');
    expect(file.text).toContain('시드 1');
    // Switched to English, the panel follows.
    await lab.setLanguage('en');
    await expect(page.getByTestId('export-sequence-svg')).toHaveText('Diagram (SVG)');
  });
});
