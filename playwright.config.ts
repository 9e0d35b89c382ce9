import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Browser: CHROMIUM_PATH (if set) wins; otherwise Debian's /usr/bin/chromium
// when present. If CHROMIUM_PATH is unset and /usr/bin/chromium is absent
// (e.g. a machine where `npx playwright install chromium` was run),
// executablePath stays undefined and Playwright uses its own browser.
const executablePath =
  process.env.CHROMIUM_PATH || (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// E2E_PORT: a second checkout (a git worktree) testing at the same time needs its own port.
const PORT = Number(process.env.E2E_PORT) || 4399;

const launchOptions = {
  ...(executablePath ? { executablePath } : {}),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
  webServer: {
    // Its own port, so a `npm run preview` you left running (maybe an older build) is never tested.
    // The single file (dist-single/, for offline.spec.ts, opened from file://) is built with it.
    command: `npm run build && npm run build:single && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
