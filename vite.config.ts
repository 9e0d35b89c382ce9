/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { siteCsp, singleFileCsp } from './build/csp.ts';

const TITLE_ID = '\0scenario-title:';
const TITLE_END = '.title.js';

/**
 * `scenario.json?title`: only what the page lists before a file is opened, as a module: the
 * scenario's title and where its lesson goes in the lesson index (group, order). The page lists
 * every bundled scenario and lesson on its first render and fetches a whole file (its own chunk)
 * when it is selected (src/store/bundled.ts).
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
      let card: unknown = null;
      try {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { title?: unknown; lesson?: { group?: unknown; order?: unknown; teaches?: unknown } };
        // What each lesson teaches is in the lesson index's own chunk (lessonTeaches below).
        const lesson = json.lesson ? { group: json.lesson.group, order: json.lesson.order } : null;
        card = { title: json.title ?? null, lesson };
      } catch {
        // A broken file is listed by its name; opening it says what is wrong.
      }
      return `export default ${JSON.stringify(card)};`;
    },
  };
}

const TEACHES_ID = 'virtual:lesson-teaches';

/**
 * `virtual:lesson-teaches`: what every bundled lesson teaches, in one line per language, by
 * scenario id. Only the lesson index imports it, so it comes with the index's chunk.
 */
function lessonTeaches(): Plugin {
  const dir = fileURLToPath(new URL('./src/scenarios/', import.meta.url));
  return {
    name: 'delivery-lab:lesson-teaches',
    resolveId: (id) => (id === TEACHES_ID ? `\0${TEACHES_ID}` : null),
    load(id) {
      if (id !== `\0${TEACHES_ID}`) return null;
      const out: Record<string, unknown> = {};
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        this.addWatchFile(`${dir}${file}`);
        try {
          const teaches = (JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as { lesson?: { teaches?: unknown } }).lesson?.teaches;
          if (teaches) out[file.replace(/\.json$/, '')] = teaches;
        } catch {
          // A broken file has no lesson to list; opening it says what is wrong.
        }
      }
      return `export default ${JSON.stringify(out)};`;
    },
  };
}

/** `0.0.0 (commit abc1234)`: what a bug report says the page was (the commit, where git can tell). */
function appVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return `${version} (commit ${commit})`;
  } catch {
    return version;
  }
}

const WORKER_FACTORY = '/src/workers/createExploreWorker.ts';

/**
 * The single-file build's Prove it worker: createExploreWorker.ts (a worker from its own file) is
 * replaced by createExploreWorker.inline.ts (the worker's code inlined, started from a blob: URL).
 */
function inlineProveWorker(): Plugin {
  let swapped = false;
  return {
    name: 'delivery-lab:inline-prove-worker',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('/createExploreWorker')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.endsWith(WORKER_FACTORY)) return resolved;
      swapped = true;
      return this.resolve(`${source}.inline`, importer, { ...options, skipSelf: true });
    },
    buildEnd(err) {
      // A file with a worker it cannot start from file:// must not be built.
      if (!err && !swapped) this.error(`the single file would start Prove it's worker from a file: nothing imported ${WORKER_FACTORY}`);
    },
  };
}

export default defineConfig(({ mode }) => ({
  // Relative asset paths so the built site works from any sub-path.
  base: './',
  define: { __APP_VERSION__: JSON.stringify(appVersion()) },
  plugins: [
    react(),
    scenarioTitles(),
    lessonTeaches(),
    ...(mode === 'single'
      ? // One HTML file, every chunk, text, scenario and the worker inlined (codeSplitting off), for file://.
        [inlineProveWorker(), viteSingleFile({ outputFileName: 'delivery-lab.html' }), singleFileCsp()]
      : [siteCsp(fileURLToPath(new URL('./public/_headers', import.meta.url)))]),
  ],
  ...(mode === 'single' ? { publicDir: false as const, build: { outDir: 'dist-single', emptyOutDir: true } } : {}),
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'build/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
}));
