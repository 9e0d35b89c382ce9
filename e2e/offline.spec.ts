/**
 * The two ways to ship the lab without this repository: the static site hosted under a sub-path
 * with the headers of public/_headers, and the single file (npm run build:single) opened from
 * disk with no network. Each runs one whole session — a run played, seeked, side by side, Prove
 * it, every export, Korean, a lesson presented, a file imported, the share link — and checks that
 * nothing broke the Content-Security-Policy and no request left the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { ComparePage, LabPage, expect, test } from './fixtures';
import { serveStatic, type StaticSite } from './staticServer';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUB_PATH = '/some/deep/path/';
/** Where `npm run build:single` writes the one file (vite.config.ts, mode single); the e2e run builds it first. */
const SINGLE_FILE = 'dist-single/delivery-lab.html';

/** What each page of the context saw: CSP violations (the DOM event) and the console's CSP complaints. */
interface Watch {
  requests: string[];
  /** The address of every worker a page started (Prove it's). */
  workers: string[];
  /** Every securitypolicyviolation event of every page, as it fired (a page closed since included). */
  violations: string[];
  consoleCsp: string[];
}

/** Records every request of the context (its popups and workers too) and every CSP violation. */
async function watch(context: BrowserContext): Promise<Watch> {
  const requests: string[] = [];
  const consoleCsp: string[] = [];
  const workers: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const onPage = (p: Page) => {
    p.on('worker', (w) => workers.push(w.url()));
    p.on('console', (m) => {
      if (/content security policy|refused to/i.test(m.text())) consoleCsp.push(m.text());
    });
  };
  // The test's own page is already open; the popups (the notes, the link opened) come later.
  for (const p of context.pages()) onPage(p);
  context.on('page', onPage);
  const violations: string[] = [];
  await context.exposeBinding('__reportCsp', ({ page }, v: string) => violations.push(`${page.url()}: ${v}`));
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; __reportCsp: (v: string) => Promise<void> };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const v = `${e.effectiveDirective} ${e.blockedURI} ${e.sample}`;
      w.__csp.push(v);
      void w.__reportCsp(v);
    });
  });
  return { requests, workers, consoleCsp, violations };
}

/** Opens the lab at `base` with a query and waits for a run on screen. */
async function open(lab: LabPage, base: string, query: string): Promise<void> {
  await lab.page.goto(`${base}?${query}`);
  await expect(lab.traceHash).toHaveText(/^[0-9a-f]{14}$/);
}

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

/**
 * A whole session at `base` (the page's address without its query): every part of the page that
 * loads something of its own or draws, each checked for what it shows.
 */
async function session(lab: LabPage, compare: ComparePage, base: string): Promise<void> {
  const { page } = lab;
  // A bundled scenario, by its link: its file is fetched (a chunk, or inlined) before the first render.
  await open(lab, base, 'scenario=alo-lost-ack&lang=en');

  // A run plays: the clock moves and packets fly (framer-motion, loaded after the first render).
  await page.getByTestId('speed').selectOption('8');
  await page.getByTestId('play').click();
  await expect(page.locator('[data-testid^="packet-"]').first()).toBeAttached();
  await expect.poll(async () => (await lab.step()).at).toBeGreaterThan(5);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('data-playing', 'false');

  // Seek, then the end: the scenario's own outcome (one duplicate from the lost ack).
  await lab.seek(30);
  await lab.toEnd();
  expect(await lab.summary()).toMatchObject({ lost: 0, duplicated: 1, logDuplicates: 1 });
  const hash = (await lab.traceHash.textContent())!;

  // Korean: its texts are their own chunk; the event log follows.
  await lab.setLanguage('ko');
  await expect(lab.eventLog).toContainText(/[가-힣]{2}/);
  await lab.setLanguage('en');

  // Side by side (a chunk of its own): at least once duplicates, exactly once does not.
  await compare.open();
  await page.keyboard.press('End');
  expect(await compare.counters(1)).toMatchObject({ duplicated: 1 });
  expect(await compare.counters(2)).toMatchObject({ duplicated: 0, lost: 0 });
  await page.keyboard.press('Escape');
  await expect(compare.view).toHaveCount(0);

  // Prove it, in its worker(s): at k = 1 a lost database ack duplicates.
  await lab.prove(1);
  expect(await lab.proveDone()).toBeGreaterThan(20);
  await expect(page.getByTestId('prove-count-duplicated')).toHaveText(/^\d+ schedules?$/);
  await expect(page.getByTestId('prove-example-duplicated')).toHaveAttribute('data-faults', '1');

  // Every export, downloaded: the PNG drawn through a canvas from a blob: image, the SVG, the files.
  const svg = await lab.exportRun('export-sequence-svg');
  expect(svg.name).toBe('alo-lost-ack-sequence.svg');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror') !== null, root: doc.documentElement.nodeName, lanes: doc.querySelectorAll('line.lane').length };
  }, svg.text);
  expect(parsed).toMatchObject({ error: false, root: 'svg' });
  expect(parsed.lanes).toBeGreaterThanOrEqual(4);
  const png = await lab.exportRun('export-sequence-png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg.text)![1]);
  expect(pngSize(png.bytes).width).toBe(width * 2);
  expect(png.bytes.length).toBeGreaterThan(50_000);
  const trace = JSON.parse((await lab.exportRun('export-trace')).text) as { traceHash: string };
  expect(trace.traceHash).toBe(hash);
  expect(JSON.parse((await lab.exportRun('export-file')).text)).toMatchObject({ id: 'alo-lost-ack' });
  expect((await lab.exportRun('export-playwright')).text).toContain(hash);

  // A lesson (lesson mode and another scenario's file), then presented with a clicker's keys.
  await lab.startLesson('amo-lost-request');
  await expect(page).toHaveURL(/scenario=amo-lost-request/);
  await page.getByTestId('present').click();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await lab.atNarrationStep();
  await page.keyboard.press('PageDown');
  await expect(lab.lessonPanel).toHaveAttribute('data-index', '1');
  await lab.atNarrationStep();
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await page.keyboard.press('.');
  await expect(page.getByTestId('blank-screen')).toHaveCount(0);
  // The speaker-notes window: the same page (?view=notes), kept in step over a BroadcastChannel.
  const [notes] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('open-notes').click()]);
  await expect(notes.getByTestId('notes-progress')).toContainText(/^\D*2\D/);
  await notes.close();
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveClass(/presenting/);

  // A scenario file imported from disk runs as a custom source, and its link goes with it.
  await lab.importFile('two-messages.json', JSON.stringify({ preset: 'at-most-once', produce: { count: 2 }, faults: [{ type: 'drop', message: 'ProduceRequest', nth: 1 }] }));
  await expect(page).toHaveURL(/custom=/);
  await lab.toEnd();
  expect(await lab.summary()).toMatchObject({ messages: 2, lost: 1 });
  const importedHash = (await lab.traceHash.textContent())!;
  expect(importedHash).not.toBe(hash);

  // The share link (a query on the page's own address, file:// or not) opens the same run.
  const link = await lab.copyLink();
  expect(link.startsWith(`${base}?`)).toBe(true);
  const other = new LabPage(await page.context().newPage());
  await other.page.goto(link);
  await expect(other.traceHash).toHaveText(importedHash);
  expect((await other.summary()).lost).toBe(1);
  await other.page.close();
}

/** The policy is enforced, and `watch` sees it: an inline script, a remote image and a style attribute are refused. */
async function probePolicy(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__ran = true';
    document.body.append(script);
    const img = new Image();
    img.src = 'https://example.com/pixel.png';
    document.body.append(img);
    // A style attribute in markup (React and framer-motion set styles through the CSSOM, which CSP allows).
    const div = document.createElement('div');
    div.setAttribute('style', 'color: red');
    document.body.append(div);
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.map((v) => v.split(' ')[0]!));
}

// The whole session takes a while on a shared 2-core machine.
test.describe.configure({ timeout: 120_000 });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.describe('hosted under a sub-path', () => {
  let site: StaticSite;
  test.beforeAll(async () => {
    site = await serveStatic(path.join(ROOT, 'dist'), SUB_PATH);
  });
  test.afterAll(async () => {
    await site?.close();
  });

  test('dist/ under /some/deep/path/ with the shipped headers: a whole session loads its chunks, texts, scenarios and worker from there, only from there, with no CSP violation', async ({ lab, compare, page, context }) => {
    const seen = await watch(context);
    const first = await page.goto(`${site.url}?lang=en`);
    // The host's headers (public/_headers), and the policy in the page for hosts that send none.
    const headers = first!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /script-src 'self'/);

    await session(lab, compare, site.url);

    const origin = new URL(site.url).origin;
    const foreign = seen.requests.filter((u) => !u.startsWith(site.url) && !u.startsWith(`blob:${origin}/`) && !u.startsWith('data:'));
    expect(foreign, 'requests that left the site').toEqual([]);
    // What the session fetched, relative to the page under its sub-path.
    const assets = seen.requests.filter((u) => u.startsWith(`${site.url}assets/`)).map((u) => new URL(u).pathname.slice(`${SUB_PATH}assets/`.length));
    for (const chunk of [/^explore\.worker-[\w-]+\.js$/, /^ko-[\w-]+\.js$/, /^alo-lost-ack-[\w-]+\.js$/, /^amo-lost-request-[\w-]+\.js$/, /^LessonIndex-[\w-]+\.js$/, /^CompareView-[\w-]+\.js$/, /^Packets-[\w-]+\.js$/, /\.css$/]) {
      expect(assets.some((a) => chunk.test(a)), `fetched ${chunk}`).toBe(true);
    }
    // Prove it's workers, a module worker each from its own file.
    expect(seen.workers.length).toBeGreaterThan(0);
    for (const w of seen.workers) {
      expect(w.startsWith(`${site.url}assets/`), w).toBe(true);
      expect(w).toMatch(/\/explore\.worker-[\w-]+\.js$/);
    }
    expect(seen.violations).toEqual([]);
    expect(seen.consoleCsp).toEqual([]);

    expect(await probePolicy(page)).toEqual(expect.arrayContaining(['script-src-elem', 'img-src', 'style-src-attr']));
    // The probe's violations reached the test as the session's would have.
    await expect.poll(() => seen.violations.length).toBeGreaterThanOrEqual(3);
  });
});

test.describe('the single file', () => {
  const file = path.join(ROOT, SINGLE_FILE);

  test('from file:// with the network cut: a whole session, nothing fetched but the file itself, no CSP violation', async ({ lab, compare, page, context }) => {
    expect(fs.existsSync(file), `${SINGLE_FILE} (npm run build:single)`).toBe(true);
    const html = fs.readFileSync(file, 'utf8');
    // One file: no script, stylesheet or worker of its own to fetch, and no 'unsafe-inline' for scripts.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*rel="(stylesheet|modulepreload)"/);
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toMatch(/script-src 'sha256-[\w+/=]+'(;|$)/);
    expect(policy).not.toContain('unsafe-inline');

    const seen = await watch(context);
    await context.setOffline(true);
    const aborted: string[] = [];
    await context.route(
      (url) => url.protocol !== 'file:',
      (route) => {
        aborted.push(route.request().url());
        return route.abort('internetdisconnected');
      },
    );

    const base = pathToFileURL(file).href;
    await session(lab, compare, base);

    const foreign = seen.requests.filter((u) => !/^(file|blob|data):/.test(u));
    expect(foreign, 'requests that were not the file itself').toEqual([]);
    expect(aborted).toEqual([]);
    // Prove it's workers came from a blob: URL the page made.
    expect(seen.workers.length).toBeGreaterThan(0);
    for (const w of seen.workers) expect(w).toMatch(/^blob:/);
    expect(seen.requests.filter((u) => u.startsWith('file:')).every((u) => u.startsWith(base))).toBe(true);
    expect(seen.violations).toEqual([]);
    expect(seen.consoleCsp).toEqual([]);

    expect(await probePolicy(page)).toEqual(expect.arrayContaining(['script-src-elem', 'img-src', 'style-src-attr']));
    // The probe's violations reached the test as the session's would have.
    await expect.poll(() => seen.violations.length).toBeGreaterThanOrEqual(3);
  });
});
