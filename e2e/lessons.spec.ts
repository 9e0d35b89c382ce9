/** Lesson mode, the lesson index, presenter mode and the speaker-notes window, in Chromium. */
import { expect, scenarioFiles, test } from './fixtures';

test.describe('a lesson', () => {
  test('starts from the index; Next plays to the next narration, Back goes back at once', async ({ lab, page }) => {
    await lab.goto();
    await page.getByTestId('speed').selectOption('8');
    await lab.startLesson('alo-lost-ack');
    await expect(page).toHaveURL(/scenario=alo-lost-ack/);
    await expect(page.getByTestId('lesson-progress')).toContainText('1 of 7');
    await lab.atNarrationStep();
    const first = await lab.narration();

    await page.getByTestId('lesson-next').click();
    // The steps between are played, not skipped.
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'true');
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
    const second = await lab.narration();
    expect(second.index).toBe(1);
    expect(second.step).toBeGreaterThan(first.step);
    await lab.atNarrationStep();
    await expect(page.getByTestId('node-broker')).toHaveAttribute('data-highlighted', 'true');

    await page.getByTestId('lesson-back').click();
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '0');
    await lab.atNarrationStep();
  });

  test('Next pressed while the steps play goes straight to the narration', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack');
    await page.getByTestId('speed').selectOption('1');
    await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack'));
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'true');
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
    await lab.atNarrationStep();
  });

  test('predict, then reveal: an answer is marked, and Next reveals an unanswered question', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack');
    await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 2));
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '2');
    const question = page.getByTestId('lesson-question');
    await expect(question).toHaveAttribute('data-answered', 'false');
    await expect(page.getByTestId('lesson-next')).toHaveText(/Show the answer/);
    await page.getByTestId('lesson-choice-0').click();
    await expect(question).toHaveAttribute('data-answered', 'true');
    await expect(page.getByTestId('lesson-reveal')).toContainText('Not this time');
    await expect(page.getByTestId('lesson-choice-1')).toHaveClass(/right/);
    // The choices cannot be changed once answered.
    await expect(page.getByTestId('lesson-choice-1')).toBeDisabled();

    await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 4));
    await expect(page.getByTestId('lesson-question')).toHaveAttribute('data-answered', 'false');
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-reveal')).toContainText('The answer');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '4');
  });

  test('switching the language keeps the lesson where it is', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en');
    await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 1));
    await expect(page.getByTestId('lesson-text')).toContainText('The broker has stored m2');
    await lab.setLanguage('ko');
    await expect(page.getByTestId('lesson-text')).toContainText('브로커가 m2를');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
  });

  test('breaking the run keeps the lesson and says the narration may not match; another run ends it', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack');
    await page.evaluate(() => window.deliveryLab.openLesson('alo-lost-ack', 1));
    await lab.nodeFault('broker', 'crash-restart');
    await expect(page.getByTestId('lesson-changed')).toBeVisible();
    await page.getByRole('button', { name: "Back to the lesson's run" }).click();
    await expect(page.getByTestId('lesson-changed')).toHaveCount(0);
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
    await lab.selectPreset('exactly-once');
    await expect(lab.lessonPanel).toHaveCount(0);
  });
});

test.describe('every lesson can be followed to its end on screen', () => {
  for (const { file, json } of scenarioFiles().filter((f) => (f.json as { lesson?: unknown }).lesson)) {
    const id = file.replace(/\.json$/, '');
    test(id, async ({ lab, page }) => {
      await lab.goto(`scenario=${id}`);
      await page.evaluate((x) => window.deliveryLab.openLesson(x), id);
      await expect(lab.lessonPanel).toBeVisible();
      const count = (await page.evaluate(() => window.deliveryLab.lesson()!.count)) as number;
      for (let i = 0; i < count; i++) {
        await expect(lab.lessonPanel).toHaveAttribute('data-index', String(i));
        await lab.atNarrationStep();
        await expect(page.getByTestId('lesson-text')).not.toBeEmpty();
        if (i === count - 1) break;
        if ((await page.getByTestId('lesson-question').count()) > 0) {
          await page.getByTestId('lesson-next').click();
          await expect(page.getByTestId('lesson-reveal')).toBeVisible();
        }
        // Next, and Next again at once (straight to the narration's step: the playing is tested above).
        await page.evaluate(() => {
          window.deliveryLab.lessonNext();
          if (window.deliveryLab.step().at !== window.deliveryLab.lesson()!.step) window.deliveryLab.lessonNext();
        });
      }
      await expect(page.getByTestId('lesson-next')).toBeDisabled();
      if (json.expect && (await lab.step()).at === (await lab.step()).last) {
        const counters = await lab.summary();
        for (const [field, expected] of Object.entries(json.expect)) expect(counters[field as keyof typeof counters], field).toBe(expected);
      }
    });
  }
});

test.describe('presenter mode', () => {
  test('clicker keys move the lesson, b and . blank the screen, a reload comes back to the same place, Escape leaves', async ({ lab, page }) => {
    await lab.goto();
    // Each Next plays the steps between narrations: at 8x the test does not wait long for them.
    await page.getByTestId('speed').selectOption('8');
    await lab.startLesson('alo-lost-ack');
    await page.getByTestId('present').click();
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await expect(page.getByTestId('presenter-bar')).toBeVisible();
    // Panels the room does not need are hidden.
    await expect(page.getByTestId('ledger-table')).toBeHidden();

    await page.keyboard.press('PageDown');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
    // Once the stage is at the narration's step, the next press goes on.
    await lab.atNarrationStep();
    await page.keyboard.press('PageDown');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '2');
    await lab.atNarrationStep();
    await page.keyboard.press('PageUp');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
    await page.keyboard.press('ArrowRight');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '2');

    await page.keyboard.press('b');
    await expect(page.getByTestId('blank-screen')).toBeVisible();
    await page.keyboard.press('.');
    await expect(page.getByTestId('blank-screen')).toHaveCount(0);

    await page.reload();
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '2');
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await lab.atNarrationStep();

    await page.keyboard.press('Escape');
    await expect(page.locator('html')).not.toHaveClass(/presenting/);
    await expect(page.getByTestId('ledger-table')).toBeVisible();
  });

  test('the speaker-notes window follows the presenter and drives it', async ({ lab, page, context }) => {
    await lab.goto();
    await page.getByTestId('speed').selectOption('8');
    await lab.startLesson('alo-lost-ack');
    const notes = await context.newPage();
    await notes.goto('/?view=notes');
    await expect(notes.getByTestId('notes-progress')).toContainText('1 of 7');
    await expect(notes.getByTestId('notes-notes')).toContainText('Point out the three nodes');

    await page.getByTestId('lesson-next').click();
    await expect(notes.getByTestId('notes-progress')).toContainText('2 of 7');
    await expect(notes.getByTestId('notes-text')).toContainText('The broker has stored m2');
    await lab.atNarrationStep();

    await notes.getByTestId('notes-next').click();
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '2');
    await notes.keyboard.press('PageUp');
    await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
    await notes.close();
  });
});

test('the decision flow recommends a guarantee and runs its lesson', async ({ lab, page }) => {
  await lab.goto();
  await page.getByTestId('open-lessons').click();
  await page.getByTestId('decision-loss-no').click();
  await page.getByTestId('decision-dup-no').click();
  await expect(page.getByTestId('decision-result')).toHaveAttribute('data-guarantee', 'exactly-once');
  await expect(page.getByTestId('decision-result')).toContainText('transactional.id');
  await page.getByTestId('decision-loss-yes').click();
  await expect(page.getByTestId('decision-result')).toHaveAttribute('data-guarantee', 'at-most-once');
  await page.getByTestId('decision-run').click();
  await expect(lab.lessonPanel).toBeVisible();
  await expect(page).toHaveURL(/scenario=choose-logs-at-most-once/);
});
