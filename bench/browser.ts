/**
 * The visualizer's figures, measured in headless Chromium on the built page (`vite build`, then
 * `vite preview`): frame times while playing with 100+ packets on the wire and 1,000 ledger rows on
 * the page; the time from a seek to the DOM showing that step in a 10,000-step run; animation
 * frames asked for while paused and while the tab is hidden; the initial JavaScript (gzip); Prove it
 * in the page (its Web Workers) on the 3-message exactly-once run at k = 2.
 */
import { execSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { ARGS, executablePath, percentile, playFor, waitForServer } from './page';

const PORT = 4411;

/** Many messages at once over a slow network: 150 packets on the wire at the busiest step, 1,000 messages. */
const BUSY = {
  preset: 'at-least-once',
  produce: { count: 1000, intervalMs: 2 },
  settings: { producer: { 'max.in.flight.requests.per.connection': 200, 'batch.size': 1, 'linger.ms': 0 }, consumer: { 'max.poll.records': 50 }, network: { latencyMs: 150 } },
};
/** A long run: about 10,000 steps (the figure prints how many). */
const LONG = { preset: 'idempotent-consumer', seed: 42, produce: { count: 830, intervalMs: 10 }, settings: { network: { dropProbability: 0.01 } }, horizonMs: 86_400_000 };

const ms = (x: number) => `${x.toFixed(1)} ms`;

/** The time from seek(i) until the stage's step label shows i, for `n` random steps. */
async function seekTimes(page: Page, n: number): Promise<{ times: number[]; last: number }> {
  return page.evaluate(async (count) => {
    const { last } = window.deliveryLab.step();
    const label = document.querySelector('[data-testid="stage-step"]')!;
    const times: number[] = [];
    let seed = 7;
    for (let k = 0; k < count; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const target = seed % (last + 1);
      if (target === window.deliveryLab.step().at) continue;
      const shown = new Promise<void>((done) => {
        const mo = new MutationObserver(() => {
          if (new RegExp(`\\b${target}\\b`).test(label.textContent ?? '')) {
            mo.disconnect();
            done();
          }
        });
        mo.observe(label, { characterData: true, childList: true, subtree: true });
      });
      const t0 = performance.now();
      window.deliveryLab.seek(target);
      await shown;
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { times, last };
  }, n);
}

/** Animation frames requested over `ms` milliseconds (counted by a wrapper installed before the page loads). */
async function framesRequested(page: Page, wait: number): Promise<number> {
  const before = await page.evaluate(() => (window as unknown as { __rafCalls: number }).__rafCalls);
  await page.waitForTimeout(wait);
  return (await page.evaluate(() => (window as unknown as { __rafCalls: number }).__rafCalls)) - before;
}

export async function benchBrowser(): Promise<void> {
  execSync('npx vite build', { stdio: 'ignore' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const base = `http://localhost:${PORT}`;
  try {
    await waitForServer(base);
    const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild) names functions with a `__name` helper; the functions evaluated in the page need it too.
    await page.addInitScript('window.__name = (f) => f;');
    await page.addInitScript(() => {
      // When the stage first appears: the first render is done.
      const seen = new MutationObserver(() => {
        if (document.querySelector('[data-testid="stage"]')) {
          (window as unknown as { __stageAt: number }).__stageAt = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __rafCalls: number };
      w.__rafCalls = 0;
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => {
        w.__rafCalls++;
        return raf(cb);
      };
    });
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/?preset=at-least-once&lang=en`);
    await page.getByTestId('stage').waitFor();
    await page.waitForLoadState('networkidle');
    // What the first render waited for: every script whose request started before the stage was in
    // the DOM (the entry, and the language it starts in); the rest came once the page was up.
    const firstRender = await page.evaluate(() => {
      const stageAt = (window as unknown as { __stageAt: number }).__stageAt;
      return performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js') && r.startTime < stageAt)
        .map((r) => new URL(r.name).pathname);
    });
    const initial = scripts.filter((f) => firstRender.includes(f));
    const later = scripts.filter((f) => !initial.includes(f));

    // Initial JavaScript: what the page fetched before the stage was on screen.
    const assets = 'dist/assets';
    // Bytes gzipped; shown as kB (1,000 bytes, as Vite reports it) and KiB (1,024).
    const gz = (file: string) => gzipSync(readFileSync(`${assets}/${file.split('/').pop()}`)).length;
    const bytes = (files: string[]) => files.reduce((sum, f) => sum + gz(f), 0);
    const kb = (files: string[]) => `${(bytes(files) / 1000).toFixed(1)} kB (${(bytes(files) / 1024).toFixed(1)} KiB)`;
    const names = (files: string[]) => files.map((f) => f.split('/').pop()).join(', ') || 'none';
    const allKb = readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(f), 0) / 1000;
    console.log('Visualizer (headless Chromium, built page, 1280x800)');
    console.log(`  initial JavaScript:        ${kb(initial)} gzip, what the first render waits for (${names(initial)})   (target <= 200 kB)`);
    console.log(`  fetched after it starts:   ${kb(later)} gzip (${names(later)}); all JavaScript ${allKb.toFixed(1)} kB`);

    // Paused, and hidden: no animation frames.
    console.log(`  frames asked while paused: ${await framesRequested(page, 2000)} in 2 s   (target 0)`);
    await page.evaluate(() => window.deliveryLab.play());
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(200);
    console.log(`  frames asked while hidden: ${await framesRequested(page, 2000)} in 2 s, playing   (target 0)`);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
      window.deliveryLab.pause();
    });

    // A busy stage: find its busiest step, then play from there.
    await page.evaluate((s) => window.deliveryLab.load(s), BUSY);
    const busiest = await page.evaluate(() => {
      let best = { step: 0, n: 0 };
      const { last } = window.deliveryLab.step();
      for (let i = 0; i < Math.min(last, 1500); i += 10) {
        window.deliveryLab.seek(i);
        const n = window.deliveryLab.inFlight();
        if (n > best.n) best = { step: i, n };
      }
      window.deliveryLab.seek(best.step);
      return best;
    });
    await page.waitForTimeout(300);
    const rows = await page.locator('[data-testid^="ledger-row-"]').count();
    const frames = await playFor(page, 4000);
    // At 60 Hz a frame comes every 16.7 ms, never sooner; one that took longer than 1.5 of that missed its vsync.
    const late = frames.filter((x) => x > 25).length;
    console.log(`  frame time, playing:       p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(Math.max(...frames))}; ${late} of ${frames.length} frames missed a vsync; from step ${busiest.step} with ${busiest.n} packets on the wire and ${rows} ledger rows   (target p95 <= 16.7 ms)`);

    // Time travel in a long run.
    await page.evaluate((s) => window.deliveryLab.load(s), LONG);
    await page.waitForTimeout(300);
    const seeks = await seekTimes(page, 200);
    console.log(`  seek to any step:          median ${ms(percentile(seeks.times, 50))}, p95 ${ms(percentile(seeks.times, 95))}, max ${ms(Math.max(...seeks.times))} over ${seeks.times.length} seeks in a ${seeks.last.toLocaleString('en-US')}-step run (seek until the DOM shows it)   (target <= 16 ms)`);
    // Prove it in the page, as a user runs it: the 3-message exactly-once run, k = 2, in the page's workers.
    await page.goto(`${base}/?preset=exactly-once&lang=en`);
    await page.getByTestId('stage').waitFor();
    await page.waitForLoadState('networkidle');
    const proofs: { ms: number; explored: number; workers: number }[] = [];
    for (let i = 0; i < 3; i++) {
      proofs.push(
        await page.evaluate(async () => {
          const t0 = performance.now();
          const r = await window.deliveryLab.prove(2);
          return { ms: performance.now() - t0, explored: r.progress.explored, workers: Math.min(4, navigator.hardwareConcurrency || 1) };
        }),
      );
    }
    const proofMs = proofs.map((p) => p.ms);
    console.log(
      `  Prove it in the page:      ${proofMs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')} (first: the workers start) for ${proofs[0]!.explored.toLocaleString('en-US')} schedules, exactly-once, 3 messages, k = 2, ${proofs[0]!.workers} workers   (target < 5 s)`,
    );
    await browser.close();
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}
