/**
 * The bug report the crash screen copies: what a maintainer needs to replay the failure (the run
 * as a link and as a scenario file, the step, the error and its stacks, the app's version and the
 * browser). Plain text, in English (it is read by whoever fixes the bug); values are quoted as
 * they were, since it is never rendered as markup.
 */
import type { Crash } from './crashSlice';

export interface ReportEnv {
  /** The app's version and commit (vite.config.ts puts them in the build). */
  version: string;
  userAgent: string;
  /** Where the page is served, without its query: the link is this plus the run's query. */
  page: string;
  language: string;
}

const WHERE: Record<Crash['where'], string> = {
  render: 'while drawing the page (a React render)',
  event: 'in an event handler (a click, a key, a frame)',
  async: 'in async code (a promise nobody caught)',
  start: 'while the page started',
};

/** The report as text. */
export function bugReport(crash: Crash, env: ReportEnv): string {
  const lines = [
    '# Delivery Lab bug report',
    '',
    `- App: Delivery Lab ${env.version}`,
    `- Browser: ${env.userAgent}`,
    `- Language: ${env.language}`,
    `- When: ${crash.at}`,
    `- Failed: ${WHERE[crash.where]}`,
    `- Step shown: ${crash.step} of ${crash.last}`,
    '',
    '## Error',
    '',
    // V8's stack starts with the name and message; other engines' does not.
    ...(crash.stack.startsWith(`${crash.name}: ${crash.message}`) ? [crash.stack] : [`${crash.name}: ${crash.message}`, ...(crash.stack ? ['', crash.stack] : [])]),
    ...(crash.componentStack ? ['', '## Component stack', '', crash.componentStack.trim()] : []),
    '',
    '## Link (opens the run at the step shown)',
    '',
    crash.search === null ? '(could not be made)' : `${env.page}${crash.search}`,
    '',
    `## Scenario file${crash.file ? ` (${crash.file.name}; npm run sim -- ${crash.file.name})` : ''}`,
    '',
    crash.file ? crash.file.text.trimEnd() : '(could not be made)',
    '',
  ];
  return lines.join('\n');
}
