import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const UI_LIBS = ['react', 'react-dom', 'zustand', 'framer-motion', '@xstate/react', 'i18next', 'react-i18next'];
const NONDETERMINISM = 'the engine uses the seeded rng and the virtual clock only';

export default defineConfig(
  { ignores: ['dist', 'dist-single', 'node_modules', 'playwright-report', 'test-results', 'scratch'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['src/components/**/*.{ts,tsx}', 'src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/engine/**/*.{ts,tsx}'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: UI_LIBS.map((name) => ({ name, message: 'src/engine is pure: no UI libraries' })),
          patterns: [
            {
              group: UI_LIBS.map((name) => `${name}/*`),
              message: 'src/engine is pure: no UI libraries',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval'].map((name) => ({ name, message: NONDETERMINISM })),
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: NONDETERMINISM }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: NONDETERMINISM },
        { object: 'Date', property: 'now', message: NONDETERMINISM },
        { object: 'performance', property: 'now', message: NONDETERMINISM },
        ...['globalThis', 'window'].flatMap((object) =>
          ['setTimeout', 'setInterval'].map((property) => ({ object, property, message: NONDETERMINISM })),
        ),
      ],
    },
  },
);
