/**
 * The keyboard alone: a whole lesson from the header's Lessons to its end with page.keyboard only
 * (no click, no pointer event at all), a focus ring that shows on every control it reaches, and
 * dialogs that keep the focus inside and give it back.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The data-testid (or, without one, the tag) of the element that has the focus. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');

/** Presses Tab (Shift+Tab with `back`) until the element `testId` has the focus; fails after `max` presses. */
async function tabTo(page: Page, testId: string, { back = false, max = 120 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === testId) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  expect(await focused(page), `Tab never reached ${testId}`).toBe(testId);
}

/** Counts every pointer and mouse event the page receives, to prove a test used none. */
async function countPointer(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __pointer: number };
    w.__pointer = 0;
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) window.addEventListener(type, () => w.__pointer++, true);
  });
  return () => page.evaluate(() => (window as unknown as { __pointer: number }).__pointer);
}

test('a whole lesson from the keyboard alone: open the index, pick a lesson, answer its questions, step to its end', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once&lang=en&motion=off');
  const pointer = await countPointer(page);
  // The first Tab reaches the skip link, shown.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
  await expect(page.locator('.skip-link')).toBeInViewport();
  // Faster, from the keyboard (the player's + key), so the steps between narrations play quickly.
  for (let i = 0; i < 5; i++) await page.keyboard.press('+');
  await expect(page.getByTestId('speed')).toHaveValue('8');

  await tabTo(page, 'open-lessons');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-index')).toBeVisible();
  await tabTo(page, 'lesson-alo-lost-ack');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-index')).toBeHidden();
  await expect(lab.lessonPanel).toHaveAttribute('data-index', '0');
  // The focus is on Next: the lesson goes on with Enter.
  await expect(page.getByTestId('lesson-next')).toBeFocused();

  const count = (await page.evaluate(() => window.deliveryLab.lesson()!.count)) as number;
  expect(count).toBeGreaterThan(3);
  let questions = 0;
  for (let i = 0; i < count; i++) {
    await expect(lab.lessonPanel).toHaveAttribute('data-index', String(i));
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
    await lab.atNarrationStep();
    const question = page.getByTestId('lesson-question');
    if ((await question.count()) > 0) {
      await expect(question).toHaveAttribute('data-answered', 'false');
      // The choices come after Next: Tab there, then Enter picks one.
      await tabTo(page, 'lesson-choice-1');
      await page.keyboard.press('Enter');
      await expect(question).toHaveAttribute('data-answered', 'true');
      await expect(page.getByTestId('lesson-reveal')).toBeVisible();
      // The choices are disabled now; the focus went on to Next, not to the page's start.
      await expect(page.getByTestId('lesson-next')).toBeFocused();
      questions++;
    }
    if (i === count - 1) break;
    await page.keyboard.press('Enter');
  }
  expect(questions).toBeGreaterThanOrEqual(2);
  // The lesson says it has ended; Next stays focused and does nothing more.
  await expect(page.getByTestId('lesson-end')).toBeVisible();
  await expect(page.getByTestId('lesson-end')).toContainText('the lesson is done');
  await expect(page.getByTestId('lesson-next')).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('lesson-next')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(lab.lessonPanel).toHaveAttribute('data-index', String(count - 1));
  // End takes the stage to the run's last step.
  await page.keyboard.press('End');
  const { at, last } = await lab.step();
  expect(at).toBe(last);
  expect(await pointer()).toBe(0);
});

/** The focus ring of the focused element: its outline (or, for a packet, its SVG ring) and whether it stands out at 3:1. */
function ringOf(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | SVGElement | null;
    if (!el) return null;
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    // What the ring is drawn on: the first ancestor with a background colour of its own.
    let bg = 'rgb(255, 255, 255)';
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor;
      if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') {
        bg = c;
        break;
      }
    }
    const id = el.getAttribute('data-testid') ?? el.tagName;
    const ring = el instanceof SVGElement ? el.querySelector('.focus-ring') : el;
    if (!ring) return { id, width: 0, contrast: 0 };
    const s = getComputedStyle(ring);
    if (el instanceof SVGElement) return { id, width: s.stroke === 'none' ? 0 : parseFloat(s.strokeWidth), contrast: contrast(s.stroke, bg) };
    const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
    // Two rings: the outline and the gap's shadow inside it; one of them must stand out.
    const gap = /rgb\([^)]*\)/.exec(s.boxShadow)?.[0];
    return { id, width, contrast: Math.max(contrast(s.outlineColor, bg), gap ? contrast(gap, bg) : 0) };
  });
}

test('the focus is visible on every control Tab reaches, at 3:1 on its background, the header and the packets too', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once&lang=en&motion=off');
  await expect(page.getByTestId('settings-preset')).toBeAttached();
  // Mid-run, with packets on the wire (they can be focused and lost from the keyboard).
  await lab.seek(6);
  await expect(page.locator('.packet[role="button"]').first()).toBeAttached();
  const seen = new Set<string>();
  let packet = false;
  for (let i = 0; i < 160; i++) {
    await page.keyboard.press('Tab');
    const ring = await ringOf(page);
    expect(ring, `focus ${i}`).not.toBeNull();
    if (ring!.id === 'BODY' || ring!.id === 'MAIN') continue;
    expect(ring!.width, `${ring!.id} has a focus ring`).toBeGreaterThanOrEqual(2);
    expect(ring!.contrast, `${ring!.id}'s ring stands out`).toBeGreaterThanOrEqual(3);
    seen.add(ring!.id);
    if (ring!.id.startsWith('packet-')) packet = true;
  }
  for (const id of ['open-lessons', 'lang-ko', 'restart', 'play', 'scrubber', 'speed', 'help', 'source-select']) expect([...seen], id).toContain(id);
  expect(packet, 'a packet was reached').toBe(true);
});

test('a packet is lost from the keyboard (Enter on it), and a node menu works with arrows, Escape and Tab', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once&lang=en&motion=off');
  await lab.seek(6);
  const pointer = await countPointer(page);
  const hash = await lab.traceHash.textContent();
  await page.getByTestId('restart').focus();
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 60 && !(await focused(page)).startsWith('packet-'); i++) await page.keyboard.press('Shift+Tab');
  const id = await focused(page);
  expect(id).toMatch(/^packet-/);
  await page.keyboard.press('Enter');
  await expect(lab.traceHash).not.toHaveText(hash!);
  await expect(page.getByTestId('user-faults').locator('li')).toHaveCount(1);

  await page.getByTestId('node-menu-broker').focus();
  await page.keyboard.press('Enter');
  const first = page.locator('[role="menu"] [role="menuitem"]').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[role="menu"] [role="menuitem"]').nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('[role="menu"] [role="menuitem"]').last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page.getByTestId('node-menu-broker')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(first).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('menu')).toHaveCount(0);
  expect(await focused(page)).not.toBe('BODY');
  expect(await pointer()).toBe(0);
});

test('dialogs keep the focus inside while open and give it back when closed', async ({ lab, page }) => {
  await lab.goto('preset=at-least-once&lang=en&motion=off');
  await page.getByTestId('step-forward').focus();
  await page.keyboard.press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.getByTestId('step-forward')).toBeFocused();

  await page.getByTestId('open-lessons').focus();
  await page.keyboard.press('Enter');
  const index = page.getByTestId('lesson-index');
  await expect(index).toBeVisible();
  const stops = await index.evaluate((d) => d.querySelectorAll('button').length);
  for (let i = 0; i < stops + 3; i++) {
    await page.keyboard.press('Tab');
    expect(await index.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(index).toBeHidden();
  await expect(page.getByTestId('open-lessons')).toBeFocused();
});

test('the why-chain takes the focus when opened and gives it back to its Why when closed', async ({ lab, page }) => {
  await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
  await lab.toEnd();
  await page.getByTestId('why-m2').focus();
  await page.keyboard.press('Enter');
  await expect(lab.whyChain).toBeVisible();
  await expect(page.locator('#why-heading')).toBeFocused();
  await tabTo(page, 'why-link-0');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('why-link-0')).toHaveAttribute('aria-current', 'step');
  // Back to the run's end (the key End, anywhere), where m2's Why is in the ledger again.
  await page.keyboard.press('End');
  await expect(page.getByTestId('why-m2')).toBeAttached();
  await tabTo(page, 'why-close', { back: true });
  await page.keyboard.press('Enter');
  await expect(lab.whyChain).toHaveCount(0);
  await expect(page.getByTestId('why-m2')).toBeFocused();
});
