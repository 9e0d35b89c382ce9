/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const TITLE_ID = '\0scenario-title:';
const TITLE_END = '.title.js';

/**
 * `scenario.json?title`: only the scenario's title, as a module. The page lists every bundled
 * scenario by title on its first render and fetches a whole file (its own chunk) when it is
 * selected (src/store/bundled.ts).
 */
function scenarioTitles(): Plugin {
  return {
    name: 'delivery-lab:scenario-titles',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.json?title')) return null;
      const file = await this.resolve(source.slice(0, -'?title'.length), importer);
      // Not ending in .json, so Vite's JSON plugin leaves the module to this one.
      return file ? `${TITLE_ID}${file.id}${TITLE_END}` : null;
    },
    load(id) {
      if (!id.startsWith(TITLE_ID)) return null;
      const file = id.slice(TITLE_ID.length, -TITLE_END.length);
      this.addWatchFile(file);
      let title: unknown = null;
      try {
        title = (JSON.parse(readFileSync(file, 'utf8')) as { title?: unknown }).title ?? null;
      } catch {
        // A broken file is listed by its name; opening it says what is wrong.
      }
      return `export default ${JSON.stringify(title)};`;
    },
  };
}

export default defineConfig({
  // Relative asset paths so the built site works from any sub-path.
  base: './',
  plugins: [react(), scenarioTitles()],
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
