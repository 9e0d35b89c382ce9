/**
 * Text from a link or a file is only ever text: script, HTML and URL payloads in every text field
 * a link or a file can carry (the title and description in both languages, the scenario's id, the
 * message ids and keys, the transactional.id, the file's name, a saved scenario's name) render as
 * the literal text, run nothing (each payload would set a window flag) and make no element; the
 * exports (the SVG diagram, the Playwright test, the scenario file, the trace) hold them as text.
 */
import ts from 'typescript';
import { encodePart } from '../src/store/shareCodec';
import { PWNED } from '../src/store/fuzzInputs';
import { expect, test, type LabPage } from './fixtures';

// Each at most 64 characters (a message id's bound), each setting window.__pwned if it ever ran.
const SCRIPT = `<script>window.${PWNED}=1</script>`;
const IMG = `<img src=x onerror="window.${PWNED}=1">`;
const URL_ = `javascript:window.${PWNED}=1`;
const SVG = `"><svg onload=window.${PWNED}=1>`;
const TEMPLATE = `{{constructor.constructor('window.${PWNED}=1')()}}`;
const NESTING = '$t(ui.errors.heading)';
const RTL = 'm\u202Eevil\u202C-\u200Bzw\u200D';
const IDS = [SCRIPT, IMG, URL_, SVG, TEMPLATE, NESTING, RTL];

const hostile = {
  id: `${SVG} ${SCRIPT}`,
  title: { en: `${IMG} ${TEMPLATE}`, ko: `${SCRIPT} 한국어 ${RTL}` },
  description: { en: `${URL_} ${SVG} ${NESTING}`, ko: `${IMG} 설명` },
  preset: 'exactly-once',
  settings: { producer: { 'transactional.id': IMG } },
  produce: { messages: IDS.map((id, i) => ({ id, at: i * 20, key: IDS[(i + 1) % IDS.length]! })) },
  faults: [{ type: 'drop', message: 'ProduceResponse', nth: 2 }],
};

/** Nothing ran, and no element came from the text. */
async function inert(lab: LabPage): Promise<void> {
  expect(await lab.page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], PWNED)).toBeUndefined();
  expect(await lab.page.locator('#root img[src="x"], #root [onerror], #root [onload], #root iframe, #root script, #root a[href^="javascript:"]').count()).toBe(0);
}

test.describe('hostile text is inert', () => {
  test('in a link: the title, description, id, message ids, keys and transactional.id show as the literal text, in both languages, while the run plays', async ({ lab, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await lab.goto(`custom=${encodePart(hostile)}&lang=en&motion=off`);
    await expect(lab.loadError).toHaveCount(0);
    await expect(page.getByTestId('scenario-title')).toHaveText(hostile.title.en);
    await expect(page.getByTestId('scenario-description')).toHaveText(hostile.description.en);
    // Every message id is a row of the ledger, its id and key as text.
    for (const [i, id] of IDS.entries()) {
      const row = lab.ledgerRow(id);
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(id);
      await expect(row).toContainText(IDS[(i + 1) % IDS.length]!);
    }
    // Playing: packets on the wire carry the ids in their labels; then the end, where the log, the
    // event log and the diagram name every message.
    await lab.seek(10);
    await page.getByTestId('play').click();
    await expect(page.locator('[data-testid^="packet-ProduceRequest-"]').first()).toBeAttached();
    await inert(lab);
    await page.getByTestId('play').click();
    await lab.toEnd();
    await expect(lab.eventLog).toContainText(TEMPLATE);
    await expect(lab.eventLog).toContainText(NESTING);
    await expect(page.getByTestId('sequence-diagram')).toContainText(SCRIPT);
    // The stage: the broker's log holds the records by id; the coordinator names the transactional.id.
    await expect(page.getByTestId('stage')).toContainText(SCRIPT);
    await expect(page.getByTestId('node-coordinator')).toContainText(IMG);
    // The page's words did not take the nesting: the alert's heading is not in the log.
    await expect(lab.eventLog).not.toContainText('Not everything you asked for could be loaded');
    await inert(lab);
    await lab.setLanguage('ko');
    await expect(page.getByTestId('scenario-title')).toHaveText(hostile.title.ko);
    expect(await page.getByTestId('scenario-title').evaluate((el) => el.textContent)).toContain('\u202E');
    await inert(lab);
    expect(errors).toEqual([]);
  });

  test('in a file: its name in the message, and a saved scenario named with a payload, are text', async ({ lab, page }) => {
    await lab.goto('preset=at-least-once&lang=en&motion=off');
    await lab.importFile(`${IMG}.json`, '{"preset": "at-least-once", "title": 1}');
    await expect(lab.loadError).toContainText(`The file “${IMG}.json” is not a scenario the lab can run`);
    await lab.importFile(`${SCRIPT}.json`, JSON.stringify(hostile));
    await expect(page.getByTestId('scenario-title')).toHaveText(hostile.title.en);
    await lab.saveScenario(`${SVG}${TEMPLATE}`);
    expect(await lab.savedInPicker()).toEqual([`${SVG}${TEMPLATE}`]);
    await expect(page.getByTestId('saved-name-mine-1')).toHaveText(`${SVG}${TEMPLATE}`);
    await inert(lab);
  });

  test('the exports hold the text as text: the SVG parses with no element from it, the Playwright test only as string literals', async ({ lab, page }) => {
    await lab.goto(`custom=${encodePart(hostile)}&lang=en&motion=off`);
    await lab.toEnd();

    const svg = await lab.exportRun('export-sequence-svg');
    expect(svg.name).toMatch(/^[A-Za-z0-9._-]+$/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        injected: doc.querySelectorAll('script, img, foreignObject, iframe, [onload], [onerror]').length,
        title: doc.querySelector('title')?.textContent ?? '',
        text: doc.documentElement.textContent ?? '',
      };
    }, svg.text);
    expect(parsed.error).toBeNull();
    expect(parsed.injected).toBe(0);
    expect(parsed.title).toBe(hostile.title.en);
    for (const id of [SCRIPT, IMG, SVG, TEMPLATE]) expect(parsed.text).toContain(id);
    expect(svg.text).not.toContain('<script');
    expect(svg.text).not.toContain('<img');

    const spec = await lab.exportRun('export-playwright');
    expect(spec.name).toMatch(/^[A-Za-z0-9._-]+\.spec\.ts$/);
    const source = ts.createSourceFile('hostile.spec.ts', spec.text, ts.ScriptTarget.ES2022);
    // The file's own statements only: an import, a type, four constants, one test.
    expect(source.statements.map((s) => ts.SyntaxKind[s.kind])).toEqual(['ImportDeclaration', 'TypeAliasDeclaration', ...Array(4).fill('FirstStatement'), 'ExpressionStatement']);
    const scenario = (source.statements[2] as ts.VariableStatement).declarationList.declarations[0]!;
    expect(scenario.initializer && ts.isStringLiteral(scenario.initializer) && scenario.initializer.text).toBe(hostile.title.en);

    const file = await lab.exportRun('export-file');
    expect(JSON.parse(file.text)).toMatchObject({ title: hostile.title, produce: hostile.produce });
    const trace = await lab.exportRun('export-trace');
    expect(JSON.parse(trace.text).scenario.title).toEqual(hostile.title);
    await inert(lab);
  });
});
