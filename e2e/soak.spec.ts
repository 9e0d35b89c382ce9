/**
 * A short soak (the hour-long one is `npm run soak`): the same lessons gone through again and
 * again must not leave more and more behind. The heap is read after a forced garbage collection.
 */
import { expect, test } from './fixtures';

const LESSONS = ['alo-lost-ack', 'eo-random-loss', 'txn-zombie-fencing'];
const MB = 1024 * 1024;

test('going through the same three lessons five times keeps the heap flat', async ({ lab, page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await lab.goto('preset=at-least-once&lang=en');
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const lap = async () => {
    for (const id of LESSONS) {
      await page.evaluate(async (lesson) => {
        const dl = window.deliveryLab;
        await dl.openLesson(lesson);
        dl.setSpeed(8);
        const count = dl.lesson()!.count;
        // Next shows the next narration, or first the answer of a question left unanswered.
        for (let presses = 0; dl.lesson()!.index < count - 1 && presses < 3 * count; presses++) {
          dl.lessonNext();
          dl.play();
          await new Promise((r) => setTimeout(r, 60));
          dl.pause();
        }
      }, id);
    }
  };
  // The first lap loads the lessons' chunks and warms the caches; the later ones must add nothing lasting.
  await lap();
  const after1 = await heap();
  for (let i = 0; i < 4; i++) await lap();
  const after5 = await heap();
  test.info().annotations.push({ type: 'heap', description: `after lap 1 ${(after1 / MB).toFixed(1)} MB, after lap 5 ${(after5 / MB).toFixed(1)} MB` });
  const lastLesson = await page.evaluate(() => window.deliveryLab.lesson());
  expect(lastLesson?.id).toBe(LESSONS[LESSONS.length - 1]);
  expect(lastLesson!.index).toBe(lastLesson!.count - 1);
  expect(errors).toEqual([]);
  // Four more laps: well under 1 MB each (a leak of one run per lesson would be several MB a lap).
  expect((after5 - after1) / MB, `heap after lap 1 ${(after1 / MB).toFixed(1)} MB, after lap 5 ${(after5 / MB).toFixed(1)} MB`).toBeLessThan(4);
});
