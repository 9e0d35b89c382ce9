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

/** Each screen: how to open it; the page to check, if not the lab's own (the speaker-notes window). */
const SCREENS: { name: string; open: (lab: LabPage, lang: string) => Promise<void | Page> }[] = [
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
    name: 'presenter mode, the screen blanked',
    open: async (lab, lang) => {
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 1));
      await lab.page.getByTestId('enter-presenter').click();
      await lab.page.keyboard.press('b');
      await expect(lab.page.getByTestId('blank-screen')).toBeVisible();
    },
  },
  {
    name: 'the speaker-notes window',
    open: async (lab, lang) => {
      // A second window of the same browser, following the presenter's lesson and language.
      await openLab(lab, `scenario=alo-lost-ack&lang=${lang}`);
      await lab.page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 2));
      const notes = await lab.page.context().newPage();
      await notes.goto('/?view=notes');
      await expect(notes.getByTestId('notes-progress')).toContainText(lang === 'ko' ? '3' : '3 of 7');
      return notes;
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
        const checked = (await screen.open(lab, lang)) ?? page;
        await expect(checked.locator('html')).toHaveAttribute('lang', lang);
        expect(await violations(checked)).toEqual([]);
      });
    }
  });
}

test.describe('the live region', () => {
  test('says what happened at each step, in English, then in Korean', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
    const live = page.getByTestId('live-narration');
    await expect(live).toHaveAttribute('aria-live', 'polite');
    // Nothing is said for the step the page opens at; the region is hidden from sight, not from a screen reader.
    await expect(live).toHaveText('');
    expect(await live.evaluate((el) => [el.getBoundingClientRect().width, getComputedStyle(el).display])).toEqual([1, 'block']);
    // Step with the keyboard until the broker appends.
    for (let i = 0; i < 30 && !/the broker appends/.test((await live.textContent()) ?? ''); i++) {
      await page.keyboard.press('ArrowRight');
      const { at } = await lab.step();
      await expect(live).toHaveAttribute('data-step', String(at));
    }
    const { at, last } = await lab.step();
    await expect(live).toHaveText(new RegExp(`^Step ${at} of ${last}: .*the broker appends m\\d at offset \\d`));
    // The event log's words for the same step.
    const row = page.locator(`[data-testid="log-step"][data-step="${at}"][aria-current="step"] [data-testid="log-event"][data-type="broker.appended"] .log-text`);
    await expect(live).toContainText((await row.textContent())!);

    await lab.setLanguage('ko');
    await page.getByTestId('step-forward').click();
    await expect(live).toHaveAttribute('data-step', String(at + 1));
    await expect(live).toHaveText(new RegExp(`^${last}단계 중 ${at + 1}단계: `));
    expect(await live.textContent()).toMatch(/[\uAC00-\uD7A3]{2,}/);
    expect(await live.textContent()).not.toMatch(/\bthe (broker|producer|consumer)\b/);
  });

  test('playing fast, it says only the latest step every few seconds', async ({ lab, page }) => {
    // A long run (hundreds of steps), so it plays all the time measured.
    await lab.goto('scenario=lag-grows-then-scale-out&lang=en&motion=off');
    expect((await lab.step()).last).toBeGreaterThan(200);
    const live = page.getByTestId('live-narration');
    await expect(live).toBeAttached();
    await page.evaluate(() => {
      const w = window as unknown as { __said: string[] };
      w.__said = [];
      const el = document.querySelector('[data-testid="live-narration"]')!;
      new MutationObserver(() => w.__said.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.getByTestId('speed').selectOption('8');
    const from = (await lab.step()).at;
    await page.getByTestId('play').click();
    await page.waitForTimeout(5_500);
    await page.evaluate(() => window.deliveryLab.pause());
    const to = (await lab.step()).at;
    await expect(live).toHaveAttribute('data-step', String(to));
    const said = await page.evaluate(() => (window as unknown as { __said: string[] }).__said.filter((s) => s !== ''));
    expect(to - from, 'steps played').toBeGreaterThan(15);
    // At most one every 2.5 s while playing (3 in 5.5 s), and the one where it paused.
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect(said.length).toBeLessThanOrEqual(4);
    expect(said.at(-1)).toMatch(new RegExp(`^Step ${to} of `));
  });
});

test.describe('colour is never alone', () => {
  test('outcome badges carry a sign and a border of their own besides their colour', async ({ lab, page }) => {
    const marks = new Map<string, string>();
    for (const scenario of ['alo-lost-ack', 'amo-lost-request', 'keys-retry-reorders-one-key']) {
      await lab.goto(`scenario=${scenario}&lang=en&motion=off`);
      await lab.toEnd();
      await expect(page.getByTestId('ledger-table')).toHaveAttribute('data-step', String((await lab.step()).at));
      for (const badge of await page.getByTestId('ledger-table').locator('.badge').all()) {
        const tone = (await badge.getAttribute('class'))!.match(/badge-(\w[\w-]*)/)![1]!;
        const mark = (await badge.getAttribute('data-mark')) ?? '';
        expect(mark, tone).not.toBe('');
        await expect(badge.locator('.badge-mark')).toHaveText(mark);
        // The word too, beside the sign.
        expect(((await badge.textContent()) ?? '').replace(mark, '').trim().length, tone).toBeGreaterThan(1);
        marks.set(tone, `${mark} ${await badge.evaluate((el) => getComputedStyle(el).borderTopStyle)}`);
      }
    }
    // OK, LOST, DUPLICATE and OUT OF ORDER seen, each with its own sign and border.
    for (const tone of ['ok', 'lost', 'duplicated', 'order']) expect([...marks.keys()]).toContain(tone);
    expect(new Set([...marks.values()].map((m) => m.split(' ')[0])).size).toBe(marks.size);
    expect(new Set([...marks.values()].map((m) => m.split(' ')[1])).size).toBe(marks.size);
  });

  test('packets: requests square, answers round, each labelled (a small one by its letter)', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
    const shapes = new Set<string>();
    for (let step = 1; step < 14; step++) {
      await lab.seek(step);
      // Read at once (packets come and go as the stage moves).
      const packets = await page.locator('.packet').evaluateAll((gs) =>
        gs.map((g) => ({ kind: g.getAttribute('data-kind')!, shape: g.getAttribute('data-shape')!, rx: Number(g.querySelector('rect')!.getAttribute('rx')), text: g.querySelector('text')?.textContent ?? '' })),
      );
      for (const { kind, shape, rx, text } of packets) {
        expect(shape, kind).toBe(kind.endsWith('Response') || kind === 'SinkWriteAck' ? 'response' : 'request');
        if (shape === 'response') expect(rx, kind).toBeGreaterThanOrEqual(8);
        else expect(rx, kind).toBeLessThanOrEqual(3);
        expect(text.trim(), `${kind} has a label`).not.toBe('');
        shapes.add(shape);
      }
    }
    expect([...shapes].sort()).toEqual(['request', 'response']);
  });
});

/** Every animation frame for `ms` while playing: the step shown, each packet's place, and the running animations. */
function sampleFrames(page: Page, ms: number) {
  return page.evaluate(
    (ms) =>
      new Promise<{ step: string; places: [string, string][]; animations: number }[]>((resolve) => {
        const out: { step: string; places: [string, string][]; animations: number }[] = [];
        const t0 = performance.now();
        const frame = () => {
          out.push({
            step: document.querySelector('[data-testid="stage-step"]')?.textContent ?? '',
            places: [...document.querySelectorAll('.packet')].map((g) => [g.getAttribute('data-testid') ?? '', `${g.getAttribute('style') ?? ''} ${g.getAttribute('transform') ?? ''}`]),
            animations: document.getAnimations().length,
          });
          if (performance.now() - t0 < ms) requestAnimationFrame(frame);
          else resolve(out);
        };
        frame();
      }),
    ms,
  );
}

/** How often a packet moved between two frames of the same step, and between steps. */
function moves(frames: Awaited<ReturnType<typeof sampleFrames>>): { withinStep: number; acrossSteps: number; steps: number } {
  let withinStep = 0;
  let acrossSteps = 0;
  for (let i = 1; i < frames.length; i++) {
    const before = new Map(frames[i - 1]!.places);
    for (const [id, place] of frames[i]!.places) {
      if (!before.has(id) || before.get(id) === place) continue;
      if (frames[i]!.step === frames[i - 1]!.step) withinStep++;
      else acrossSteps++;
    }
  }
  return { withinStep, acrossSteps, steps: new Set(frames.map((f) => f.step)).size };
}

test.describe('reduced motion', () => {
  test('with the system asking for reduced motion, packets jump from step to step and nothing animates', async ({ lab, page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await lab.goto('preset=at-least-once&lang=en');
    await expect(page.locator('.stage')).toHaveAttribute('data-motion', 'off');
    await page.getByTestId('play').click();
    const frames = await sampleFrames(page, 3_000);
    await page.evaluate(() => window.deliveryLab.pause());
    const m = moves(frames);
    expect(m.steps, 'steps played').toBeGreaterThan(3);
    expect(m.acrossSteps, 'packets moved when the step changed').toBeGreaterThan(0);
    expect(m.withinStep, 'packets glided between steps').toBe(0);
    expect(Math.max(...frames.map((f) => f.animations)), 'animations running').toBe(0);
    // CSS: no transition or animation would last.
    const durations = await page.getByTestId('play').evaluate((el) => [getComputedStyle(el).transitionDuration, getComputedStyle(el).animationDuration]);
    expect(durations).toEqual(['0s', '0s']);
  });

  test('without it, packets glide along their link between steps (what the test above rules out)', async ({ lab, page }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await lab.goto('preset=at-least-once&lang=en');
    await expect(page.locator('.stage')).toHaveAttribute('data-motion', 'on');
    await page.getByTestId('play').click();
    const frames = await sampleFrames(page, 3_000);
    await page.evaluate(() => window.deliveryLab.pause());
    expect(moves(frames).withinStep).toBeGreaterThan(10);
  });
});
