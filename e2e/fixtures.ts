import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export interface Counters {
  lost: number;
  duplicated: number;
  logDuplicates: number;
  outOfOrder: number;
  /** Shown only when above 0 (the version strategy's skipped stale updates). */
  superseded: number;
  /** Shown only when above 0 (messages waiting in the dead-letter topic). */
  deadLettered: number;
  effects: number;
  messages: number;
  maxLag: number;
  finalLag: number;
}

const COUNTER_IDS: Record<Exclude<keyof Counters, 'superseded' | 'deadLettered'>, string> = {
  lost: 'summary-lost',
  duplicated: 'summary-duplicated',
  logDuplicates: 'summary-log-duplicates',
  outOfOrder: 'summary-out-of-order',
  effects: 'summary-effects',
  messages: 'summary-messages',
  maxLag: 'summary-max-lag',
  finalLag: 'summary-final-lag',
};

/** The scenario files the app bundles, read from disk as the tests' own source of truth. */
export interface ScenarioFile {
  file: string;
  text: string;
  json: { id?: string; seed?: number; faults?: unknown[]; expect?: Partial<Record<'lost' | 'duplicated' | 'logDuplicates' | 'outOfOrder', number>> };
}

const SCENARIO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'scenarios');

export function scenarioFiles(): ScenarioFile[] {
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(SCENARIO_DIR, file), 'utf8');
      return { file, text, json: JSON.parse(text) as ScenarioFile['json'] };
    });
}

/** The page object: what a test needs from the lab, by data-testid. */
export class LabPage {
  constructor(readonly page: Page) {}

  /** Opens the lab with a query string (without `?`) and waits for a run on screen. */
  async goto(query = ''): Promise<void> {
    await this.page.goto(`/?${query}`);
    await expect(this.traceHash).toHaveText(/^[0-9a-f]{14}$/);
  }

  get traceHash(): Locator {
    return this.page.getByTestId('trace-hash');
  }

  get seed(): Locator {
    return this.page.getByTestId('seed');
  }

  get loadError(): Locator {
    return this.page.getByTestId('load-error');
  }

  get eventLog(): Locator {
    return this.page.getByTestId('event-log');
  }

  get runEnd(): Locator {
    return this.page.getByTestId('run-end');
  }

  get expectation(): Locator {
    return this.page.getByTestId('expectation');
  }

  ledgerRow(messageId: string): Locator {
    return this.page.getByTestId(`ledger-row-${messageId}`);
  }

  /** With several services: a message's line for one service in the ledger (data-status per service). */
  ledgerService(messageId: string, service: string): Locator {
    return this.page.getByTestId(`ledger-service-${messageId}-${service}`);
  }

  get cursor(): Locator {
    return this.page.getByTestId('stage-step');
  }

  /** The open why-chain (its links are `why-link-<i>` with `data-step` and `data-kind`). */
  get whyChain(): Locator {
    return this.page.getByTestId('why-chain');
  }

  /** Clicks a message's "Why?" in the ledger (`effect`: the Why of that effect's row) and waits for the chain. */
  async openWhy(messageId: string, effect?: number): Promise<void> {
    await this.page.getByTestId(effect === undefined ? `why-${messageId}` : `why-${messageId}-${effect}`).click();
    await expect(this.whyChain).toBeVisible();
  }

  /** The open chain's links: kind, step and text, in order (the links after the target included). */
  async whyLinks(): Promise<{ kind: string; step: number; text: string }[]> {
    return this.whyChain.locator('[data-testid^="why-link-"]').evaluateAll((els) =>
      els.map((el) => ({ kind: el.getAttribute('data-kind') ?? '', step: Number(el.getAttribute('data-step')), text: el.textContent ?? '' })),
    );
  }

  /** Takes the stage to the run's last step (the ⏭ button), where the counters are the run's outcome. */
  async toEnd(): Promise<void> {
    const end = this.page.getByTestId('seek-end');
    if (await end.isEnabled()) await end.click();
    await expect(end).toBeDisabled();
  }

  /** The step the stage shows, and the run's last step, from "Step N of M". */
  async step(): Promise<{ at: number; last: number }> {
    const text = (await this.cursor.textContent()) ?? '';
    const [at, last] = (text.match(/\d+/g) ?? ['0', '0']).map(Number);
    return { at: at!, last: last! };
  }

  /** Jumps to a step with the scrubber, as a user dragging it would. */
  async seek(step: number): Promise<void> {
    await this.page.getByTestId('scrubber').evaluate((el, v) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, step);
    await expect(this.cursor).toHaveText(new RegExp(`^\\D*${step}\\D`));
  }

  /** Steps forward until `locator` is on the stage (at most `max` steps); returns the step. */
  async stepUntil(locator: Locator, max = 200): Promise<number> {
    for (let i = 0; i < max && (await locator.count()) === 0; i++) await this.page.getByTestId('step-forward').click();
    await expect(locator.first()).toBeAttached();
    return (await this.step()).at;
  }

  /** The event log shows every step (a long run shows only the steps around the stage's). */
  async showAllSteps(): Promise<void> {
    const all = this.page.getByTestId('show-all-steps');
    if ((await all.count()) > 0) await all.click();
  }

  /** Plays at `speed` until the run's end (the play button says it stopped). */
  async playToEnd(speed = 8): Promise<void> {
    await this.page.getByTestId('speed').selectOption(String(speed));
    await this.page.getByTestId('play').click();
    await expect(this.page.getByTestId('play')).toHaveAttribute('data-playing', 'false', { timeout: 60_000 });
  }

  /** Opens a node's ⚡ menu and picks a fault (`crash-restart`, `point-<crash point>`, `cut-<node>`, ...). */
  async nodeFault(node: string, item: string): Promise<void> {
    await this.page.getByTestId(`node-menu-${node}`).click();
    await this.page.getByTestId(`fault-${node}-${item}`).click();
  }

  /** "Lose the next request/response" with the kind chosen. */
  async dropNext(which: 'request' | 'response', kind: string): Promise<void> {
    await this.page.getByTestId(`drop-next-${which}-kind`).selectOption(kind);
    await this.page.getByTestId(`drop-next-${which}`).click();
  }

  /** The outcome counters as numbers, at the step the stage shows (once the panels have caught up with it). */
  async summary(): Promise<Counters> {
    const { at } = await this.step();
    await expect(this.page.getByTestId('summary')).toHaveAttribute('data-step', String(at));
    await expect(this.page.getByTestId('ledger-table')).toHaveAttribute('data-step', String(at));
    const out = {} as Counters;
    for (const [key, id] of Object.entries(COUNTER_IDS) as [keyof Counters, string][]) {
      const text = (await this.page.getByTestId(id).textContent()) ?? '';
      expect(text, `${id} holds just a number`).toMatch(/^\d+$/);
      out[key] = Number(text);
    }
    // Rendered with the others (read above), and only when above 0.
    for (const [key, id] of [
      ['superseded', 'summary-superseded'],
      ['deadLettered', 'summary-dead-lettered'],
    ] as const) {
      const counter = this.page.getByTestId(id);
      out[key] = (await counter.count()) === 0 ? 0 : Number(await counter.textContent());
    }
    return out;
  }

  /** Prove it: picks k (and the what-if copies), starts the search, and returns its result panel. */
  async prove(maxFaults: number, copies = false): Promise<Locator> {
    const panel = this.page.getByTestId('prove-panel');
    await panel.getByTestId('prove-k').selectOption(String(maxFaults));
    await panel.getByTestId('prove-copies').setChecked(copies);
    await panel.getByTestId('prove-start').click();
    return panel.getByTestId('prove-result');
  }

  /** Waits for the search to finish (status done) and returns how many schedules it ran. */
  async proveDone(timeout = 60_000): Promise<number> {
    const result = this.page.getByTestId('prove-result');
    await expect(result).toHaveAttribute('data-status', 'done', { timeout });
    return Number(await result.getAttribute('data-explored'));
  }

  async selectPreset(name: string): Promise<void> {
    await this.page.getByTestId('source-select').selectOption(`preset:${name}`);
  }

  async selectScenario(id: string): Promise<void> {
    await this.page.getByTestId('source-select').selectOption(`scenario:${id}`);
  }

  async setSeed(seed: number | string): Promise<void> {
    await this.page.getByTestId('seed-input').fill(String(seed));
  }

  get lessonPanel(): Locator {
    return this.page.getByTestId('lesson-panel');
  }

  /** Opens the lesson index and starts a lesson from it. */
  async startLesson(id: string): Promise<void> {
    await this.page.getByTestId('open-lessons').click();
    await this.page.getByTestId(`lesson-${id}`).click();
    await expect(this.lessonPanel).toHaveAttribute('data-index', '0');
  }

  /** Which narration the lesson shows (0-based) and the step it is about. */
  async narration(): Promise<{ index: number; step: number }> {
    const panel = this.lessonPanel;
    return { index: Number(await panel.getAttribute('data-index')), step: Number(await panel.getAttribute('data-step')) };
  }

  /** Waits until the stage shows the step the narration is about. */
  async atNarrationStep(): Promise<void> {
    const { step } = await this.narration();
    await expect(this.cursor).toHaveText(new RegExp(`^\\D*${step}\\D`), { timeout: 30_000 });
  }

  async setLanguage(language: 'ko' | 'en'): Promise<void> {
    await this.page.getByTestId(`lang-${language}`).click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', language);
  }

  /** "Copy link": the link, from the clipboard or (the clipboard refused) from the field that shows it. */
  async copyLink(): Promise<string> {
    await this.page.getByTestId('copy-link').click();
    const field = this.page.getByTestId('share-link-field');
    await expect(this.page.getByTestId('share-copied').filter({ hasText: /\S/ }).or(field)).toBeVisible();
    if (await field.isVisible()) return field.inputValue();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** "Export file": the downloaded file's name and text. */
  async exportFile(): Promise<{ name: string; text: string }> {
    const file = await this.exportRun('export-file');
    return { name: file.name, text: file.text };
  }

  /**
   * One of "Export this run"'s buttons (`export-file`, `export-trace`, `export-sequence-svg`,
   * `export-sequence-png`, `export-playwright`): the downloaded file, once the status line says so.
   */
  async exportRun(testId: string): Promise<{ name: string; bytes: Buffer; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testId).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    await expect(this.page.getByTestId('export-status')).toContainText(download.suggestedFilename());
    return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
  }

  /** "Import a file…" with a file of this name and text. */
  async importFile(name: string, text: string): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
  }

  /** Drops a file of this name and text onto the page, as a user dragging it from the desktop. */
  async dropFile(name: string, text: string): Promise<void> {
    // The share panel, which takes the drop, comes after the first render.
    await expect(this.page.getByTestId('share-panel')).toBeAttached();
    await this.page.evaluate(
      ([fileName, content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content], fileName, { type: 'application/json' }));
        for (const type of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      },
      [name, text] as const,
    );
  }

  /** "Save as my scenario" under `name`. */
  async saveScenario(name: string): Promise<void> {
    await this.page.getByTestId('save-name').fill(name);
    await this.page.getByTestId('save-scenario').click();
    await expect(this.page.getByTestId('save-name-hint')).toContainText(name);
  }

  /** The user's saved scenarios, as the picker lists them. */
  async savedInPicker(): Promise<string[]> {
    await expect(this.traceHash).toHaveText(/^[0-9a-f]{14}$/);
    return this.page.getByTestId('picker-mine').locator('option').allTextContents();
  }

  /** Opens a saved scenario from the picker, by its name. */
  async openSaved(name: string): Promise<void> {
    await this.page.getByTestId('source-select').selectOption({ label: name });
  }
}

/** A lane's ledger counters in side by side. */
export type LaneCounters = Pick<Counters, 'lost' | 'duplicated' | 'logDuplicates' | 'outOfOrder'>;

/** Side by side: the lanes, their counters and rows, the one scrubber. */
export class ComparePage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('compare');
  }

  get diff(): Locator {
    return this.page.getByTestId('compare-diff');
  }

  get scrubber(): Locator {
    return this.page.getByTestId('compare-scrubber');
  }

  /** Opens side by side with the header's button and waits for its lanes. */
  async open(): Promise<void> {
    await this.page.getByTestId('side-by-side').click();
    await expect(this.lane(0)).toBeVisible();
  }

  lane(i: number): Locator {
    return this.page.getByTestId(`compare-lane-${i}`);
  }

  /** Which settings fill the lanes, in order (`data-lane`). */
  async lanes(): Promise<string[]> {
    return this.page.locator('[data-testid^="compare-lane-"][data-lane]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane') ?? ''));
  }

  row(lane: number, messageId: string): Locator {
    return this.page.getByTestId(`compare-row-${lane}-${messageId}`);
  }

  async counters(lane: number): Promise<LaneCounters> {
    const read = async (key: keyof LaneCounters) => Number(await this.page.getByTestId(`compare-lane-${lane}-${key}`).getAttribute('data-value'));
    return { lost: await read('lost'), duplicated: await read('duplicated'), logDuplicates: await read('logDuplicates'), outOfOrder: await read('outOfOrder') };
  }

  /** The time each lane says it shows. */
  async times(): Promise<string[]> {
    return this.page.locator('[data-testid$="-time"][data-testid^="compare-lane-"]').allTextContents();
  }

  /** Moves the one scrubber to a moment (0-based), as a user dragging it would. */
  async scrub(notch: number): Promise<void> {
    await this.scrubber.evaluate((el, v) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, notch);
  }

  /** The last moment of the scrubber. */
  async lastNotch(): Promise<number> {
    return Number(await this.scrubber.getAttribute('max'));
  }
}

export const test = base.extend<{ lab: LabPage; compare: ComparePage }>({
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
  compare: async ({ page }, use) => {
    await use(new ComparePage(page));
  },
});

export { expect };
