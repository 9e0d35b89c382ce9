/**
 * `npm run soak`: an hour of classroom use, accelerated, in headless Chromium on the built page,
 * and the heap it leaves behind. Prints figures; asserts nothing (the e2e soak test asserts a
 * shorter loop's bound).
 *
 * The hour: a teacher goes through every bundled lesson, pressing Next every 15 s (it shows the
 * next narration, or first a question's answer), with the stage playing in between; when the last
 * lesson ends, the next starts. 60 minutes / 15 s = 240 presses. Accelerated: after each press the
 * stage plays `PLAY_MS` of real time at the page's top speed instead of 15 s at 1x. The heap is read after a forced garbage
 * collection (DevTools protocol) after every lesson; the growth is the last reading minus the first.
 * Then the longest run the page keeps whole (10,000 messages), and a 100,000-message long run: the
 * time to compute it, the heap before and after, frame intervals while it computes and while its
 * kept window plays. `SOAK_ONLY=100k` runs only the last.
 */
import { execSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { ARGS, executablePath, percentile, playFor, waitForServer } from './page';

const PORT = 4414;
/** SOAK_PRESSES: a shorter hour, to try the script. */
const PRESSES = Number(process.env.SOAK_PRESSES) || 240;
const PLAY_MS = 400;
const MB = 1024 * 1024;

/** The JavaScript heap in use after a full garbage collection, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** The bundled scenarios that have a lesson, by file name (their ids). */
function lessonIds(): string[] {
  const dir = 'src/scenarios';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && (JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as { lesson?: unknown }).lesson)
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The longest run the page takes: 10,000 messages 10 ms apart, batched, 1% random loss (the engine bench's run). */
const LONGEST = {
  preset: 'idempotent-consumer',
  seed: 42,
  produce: { count: 10_000, intervalMs: 10 },
  settings: { network: { dropProbability: 0.01 }, producer: { 'request.timeout.ms': 1000, 'batch.size': 16 }, consumer: { 'request.timeout.ms': 1000 } },
  horizonMs: 86_400_000,
};

/** The 100,000-message run (a long run: the page keeps its last 500 steps and counts every message). */
const HUNDRED_K = { ...LONGEST, produce: { count: 100_000, intervalMs: 10 } };

/** Frame intervals (ms) from now until `until` resolves, measured in the page. */
async function framesWhile<T>(page: Page, until: () => Promise<T>): Promise<{ value: T; frames: number[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { soakFrames: number[]; soakStop: boolean };
    w.soakFrames = [];
    w.soakStop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.soakFrames.push(t - last);
      last = t;
      if (!w.soakStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const value = await until();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { soakFrames: number[]; soakStop: boolean };
    w.soakStop = true;
    return w.soakFrames.slice(1);
  });
  return { value, frames };
}

/** The 100,000-message run in the page: computed in slices between frames, then its window played. */
async function hundredThousand(page: Page, cdp: CDPSession): Promise<void> {
  const before = await heapAfterGc(cdp);
  const t0 = performance.now();
  const { value: status, frames } = await framesWhile(page, () => page.evaluate((run) => window.deliveryLab.longRun(run), HUNDRED_K));
  const wall = (performance.now() - t0) / 1000;
  const info = await page.evaluate(() => window.deliveryLab.longRunInfo());
  const summary = await page.evaluate(() => window.deliveryLab.final());
  const hash = await page.evaluate(() => window.deliveryLab.traceHash());
  const after = await heapAfterGc(cdp);
  const played: number[] = [];
  for (const at of [0, 0.5, 0.9]) {
    await page.evaluate((step) => window.deliveryLab.seek(step), Math.floor(at * (info?.kept ?? 1)));
    played.push(...(await playFor(page, 1000)));
  }
  const afterPlay = await heapAfterGc(cdp);
  const late = (xs: number[]) => xs.filter((x) => x > 25).length;
  console.log(`100,000-message run (a long run, ${status}): ${((info?.lastStep ?? 0) + 1).toLocaleString('en-US')} steps, computed in ${((info?.computeMs ?? 0) / 1000).toFixed(1)} s (${wall.toFixed(1)} s until shown); trace hash ${hash}`);
  console.log(`  whole-run counts:          ${summary.messages.toLocaleString('en-US')} messages, ${summary.effects.toLocaleString('en-US')} effects, lost ${summary.lost}, duplicated ${summary.duplicated}, log duplicates ${summary.logDuplicates}, out of order ${summary.outOfOrder}, highest lag ${summary.maxLag.toLocaleString('en-US')}`);
  console.log(`  heap after GC:             ${(before / MB).toFixed(1)} MB before, ${(after / MB).toFixed(1)} MB with the run, ${(afterPlay / MB).toFixed(1)} MB after 3 s of play; growth ${((after - before) / MB).toFixed(1)} MB   (target < 50 MB)`);
  console.log(`  frames while computing:    p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms; ${late(frames)} of ${frames.length} missed a vsync`);
  console.log(`  frames playing the window: p50 ${percentile(played, 50).toFixed(1)} ms, p95 ${percentile(played, 95).toFixed(1)} ms, max ${Math.max(...played).toFixed(1)} ms; ${late(played)} of ${played.length} missed a vsync`);
}

/** One press of Next (it shows the next narration, or first the answer of a question left unanswered), then play for `ms`. */
async function narrate(page: Page, ms: number): Promise<number[]> {
  await page.evaluate(() => window.deliveryLab.lessonNext());
  return playFor(page, ms);
}

export async function soak(): Promise<void> {
  execSync('npx vite build', { stdio: 'ignore' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const base = `http://localhost:${PORT}`;
  try {
    await waitForServer(base);
    const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ARGS });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript('window.__name = (f) => f;');
    const cdp = await page.context().newCDPSession(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/?preset=at-least-once&lang=en`);
    await page.getByTestId('stage').waitFor();
    await page.waitForLoadState('networkidle');
    // SOAK_ONLY=100k: only the 100,000-message run.
    if (process.env.SOAK_ONLY === '100k') {
      await hundredThousand(page, cdp);
      await browser.close();
      return;
    }
    const ids = lessonIds();
    await page.evaluate(() => window.deliveryLab.setSpeed(8));
    const start = await heapAfterGc(cdp);
    const readings: number[] = [start];
    const frames: number[] = [];
    const t0 = performance.now();
    let done = 0;
    let lessons = 0;
    while (done < PRESSES) {
      const id = ids[lessons % ids.length]!;
      await page.evaluate((lesson) => window.deliveryLab.openLesson(lesson), id);
      const last = async () => page.evaluate(() => { const l = window.deliveryLab.lesson(); return !l || l.index >= l.count - 1; });
      while (!(await last()) && done < PRESSES) {
        frames.push(...(await narrate(page, PLAY_MS)));
        done++;
      }
      lessons++;
      readings.push(await heapAfterGc(cdp));
    }
    const wall = (performance.now() - t0) / 1000;
    const end = readings[readings.length - 1]!;
    const late = frames.filter((x) => x > 25).length;
    console.log(`Soak: an hour of lessons (${PRESSES} presses of Next, ${lessons} lessons of ${ids.length}, each followed by ${PLAY_MS} ms of play at 8x), ${wall.toFixed(0)} s of real time, 1920x1080`);
    console.log(`  heap after GC:             start ${(start / MB).toFixed(1)} MB, end ${(end / MB).toFixed(1)} MB, highest ${(Math.max(...readings) / MB).toFixed(1)} MB; growth ${((end - start) / MB).toFixed(1)} MB   (target < 50 MB)`);
    console.log(`  frame interval, playing:   p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms; ${late} of ${frames.length} frames missed a vsync`);
    console.log(`  page errors:               ${errors.length}${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);

    // The longest run the page takes (MAX_RUN_MESSAGES), played for a while and sought across.
    await page.evaluate(() => window.deliveryLab.closeLesson());
    const before = await heapAfterGc(cdp);
    const loadStart = performance.now();
    await page.evaluate((run) => window.deliveryLab.load(run), LONGEST);
    const loadMs = performance.now() - loadStart;
    const { last } = await page.evaluate(() => window.deliveryLab.step());
    const loaded = await heapAfterGc(cdp);
    const longFrames: number[] = [];
    for (const at of [0, 0.25, 0.5, 0.75, 0.95]) {
      await page.evaluate((step) => window.deliveryLab.seek(step), Math.floor(at * last));
      longFrames.push(...(await playFor(page, 1000)));
    }
    const played = await heapAfterGc(cdp);
    const summary = await page.evaluate(() => window.deliveryLab.final());
    console.log(`Long run: ${summary.messages.toLocaleString('en-US')} messages (the most the page keeps whole), ${last.toLocaleString('en-US')} steps, run in ${(loadMs / 1000).toFixed(1)} s`);
    console.log(`  heap after GC:             ${(before / MB).toFixed(1)} MB before, ${(loaded / MB).toFixed(1)} MB with the run, ${(played / MB).toFixed(1)} MB after 5 s of play at 5 places; the run holds ${((loaded - before) / MB).toFixed(1)} MB`);
    console.log(`  frame interval, playing:   p50 ${percentile(longFrames, 50).toFixed(1)} ms, p95 ${percentile(longFrames, 95).toFixed(1)} ms, max ${Math.max(...longFrames).toFixed(1)} ms`);

    // Past what the page keeps whole: 100,000 messages as a long run.
    // A small run, played a little: until the page renders again, React's previous tree (and the
    // crash screen's last good state) still hold the 10,000-message run.
    await page.evaluate(() => window.deliveryLab.load({ preset: 'at-least-once' }));
    await playFor(page, 500);
    await hundredThousand(page, cdp);
    await browser.close();
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await soak();
