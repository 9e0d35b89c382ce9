/**
 * axe-core on every screen, in English and in Korean: the stage under each preset (its settings
 * panel open below it), the lesson index, a lesson at a question, presenter mode, side by side,
 * Prove it idle and with a result, the help dialog, the why-chain and the crash screen. WCAG 2.x
 * A and AA: 0 violations. No rule is turned off.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type LabPage } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The violations axe finds on the page as it is now, each with the nodes it names (for a readable failure). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1, 3).join(' ') ?? ''}`).join('\n')}`);
}

/** The page with its panels after the first render (the ledger, the log, the settings) on screen. */
async function openLab(lab: LabPage, query: string): Promise<void> {
  await lab.goto(`${query}&motion=off`);
  for (const id of ['ledger-table', 'event-log', 'sequence-diagram', 'settings-preset', 'share-panel', 'prove-panel']) await expect(lab.page.getByTestId(id)).toBeAttached();
}

const SCREENS: { name: string; open: (lab: LabPage, lang: string) => Promise<void> }[] = [
  ...['at-most-once', 'at-least-once', 'exactly-once', 'idempotent-consumer'].map((preset) => ({
    name: `the stage and its settings: ${preset}`,
    open: async (lab: LabPage, lang: string) => {
      await openLab(lab, `preset=${preset}&lang=${lang}`);
      // Mid-run, with packets on the wire and records in the log.
      await lab.seek(8);
      await expect(lab.page.locator('[data-testid^="packet-"]').first()).toBeAttached();
    },
  })),
  // Scenarios whose stage has more to show: a transaction's markers, followers and the high watermark, two services.
  ...['txn-across-partitions-read-committed', 'leader-failover-acks-all', 'slot-spin-two-services'].map((scenario) => ({
    name: `the stage: ${scenario}, mid-run`,
    open: async (lab: LabPage, lang: string) => {
      await openLab(lab, `scenario=${scenario}&lang=${lang}`);
      await lab.seek(Math.floor((await lab.step()).last / 2));
    },
  })),
  {
    name: 'the lesson index',
    open: async (lab, lang) => {
      await openLab(lab, `preset=at-least-once&lang=${lang}`);
      await lab.page.getByTestId('open-lessons').click();
      await expect(lab.page.getByTestId('lesson-alo-lost-ack')).toBeVisible();
    },
  },
  {
    name: 'a lesson at its question',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 2));
      await expect(lab.page.getByTestId('lesson-question')).toHaveAttribute('data-answered', 'false');
    },
  },
  {
    name: 'a lesson with its question answered',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 2));
      await lab.page.getByTestId('lesson-choice-0').click();
      await expect(lab.page.getByTestId('lesson-reveal')).toBeVisible();
    },
  },
  {
    name: 'presenter mode',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 1));
      await lab.page.getByTestId('enter-presenter').click();
      await expect(lab.page.getByTestId('presenter-bar')).toBeVisible();
    },
  },
  {
    name: 'side by side',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.getByTestId('side-by-side').click();
      await expect(lab.page.getByTestId('compare-lane-2')).toBeVisible();
      await lab.page.getByTestId('compare-scrubber').press('End');
      await expect(lab.page.getByTestId('compare-diff')).not.toBeEmpty();
    },
  },
  {
    name: 'Prove it, idle',
    open: async (lab, lang) => {
      await openLab(lab, `preset=at-most-once&lang=${lang}`);
      await expect(lab.page.getByTestId('prove-start')).toBeEnabled();
    },
  },
  {
    name: 'Prove it, with a result',
    open: async (lab, lang) => {
      await openLab(lab, `preset=at-most-once&lang=${lang}`);
      await lab.prove(1);
      await lab.proveDone();
      await expect(lab.page.getByTestId('prove-example-lost')).toBeVisible();
    },
  },
  {
    name: 'a replayed counterexample',
    open: async (lab, lang) => {
      await openLab(lab, `preset=at-most-once&lang=${lang}`);
      await lab.prove(1);
      await lab.proveDone();
      await lab.page.getByTestId('prove-replay-lost').click();
      await expect(lab.page.getByTestId('prove-replay-band')).toBeVisible();
    },
  },
  {
    name: 'the help dialog',
    open: async (lab, lang) => {
      await openLab(lab, `preset=at-least-once&lang=${lang}`);
      await lab.page.getByTestId('help').click();
      await expect(lab.page.getByTestId('help-dialog')).toBeVisible();
    },
  },
  {
    name: 'the why-chain',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.toEnd();
      await lab.openWhy('m2');
    },
  },
  {
    name: 'the crash screen',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.failNext('step'));
      await lab.page.getByTestId('step-forward').click();
      await expect(lab.page.getByTestId('crash-screen')).toBeVisible();
    },
  },
];

for (const lang of ['en', 'ko']) {
  test.describe(`axe, ${lang}`, () => {
    for (const screen of SCREENS) {
      test(screen.name, async ({ lab, page }) => {
        await screen.open(lab, lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}
