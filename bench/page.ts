/** What the Chromium figures share (bench/browser.ts, bench/soak.ts): the browser, the built page's server, frame times. */
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export async function waitForServer(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no server at ${url}`);
}

/** Plays for `ms` milliseconds and returns the intervals between animation frames. */
export async function playFor(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(async (playMs) => {
    window.deliveryLab.play();
    const times: number[] = [];
    await new Promise<void>((done) => {
      const end = performance.now() + playMs;
      const loop = (t: number) => {
        times.push(t);
        if (t < end) requestAnimationFrame(loop);
        else done();
      };
      requestAnimationFrame(loop);
    });
    window.deliveryLab.pause();
    return times.slice(1).map((t, i) => t - times[i]!);
  }, ms);
}
